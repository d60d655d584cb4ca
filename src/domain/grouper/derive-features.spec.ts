import type { CaseRecord } from '../cases/case';
import type { ComplicationProperty, DiagnosisPairRule, TariffBook } from '../tariff-book/model';
import { dx, proc, testBook, testManifest } from '../testing/book-builder';
import { deriveFeatures } from './derive-features';

const complications: ComplicationProperty[] = [
  { property: '05C01', level: 1, active: true, family: '05*01' },
  { property: '05G01', level: 2, active: true, family: '05*01' },
  { property: '06C26', level: 1, active: true, family: '06*26' },
  { property: '06G26', level: 2, active: true, family: '06*26' },
  { property: '04I01', level: 1, active: false, includeWithProperty: '04X99', family: '04*01' },
  { property: '04J02', level: 2, active: false, includeWithProperty: '04X98', family: '04*02' },
];

const pairRules: DiagnosisPairRule[] = [
  { code: 'D638', pairedCode: 'A188', kind: 'category', value: '16M02' },
  { code: 'D638', pairedCode: 'A188', kind: 'property', value: '16X07' },
  { code: 'D638', pairedCode: 'A188', kind: 'complication', value: '05G01' },
  { code: 'H360', pairedCode: 'E119', kind: 'principal-property', value: '02P05' },
];

function book(over: Partial<Omit<TariffBook, 'diagnoses' | 'procedures' | 'groups'>> = {}): TariffBook {
  return testBook({
    diagnoses: [
      dx('K359', { category: '06M01', complications: ['06C26'] }),
      dx('K560', { category: '06M02', complications: ['06G26'] }),
      dx('I219', { category: '05M01', properties: ['05X01'], complications: ['05C01'] }),
      dx('I500', { category: '05M02', complications: ['05G01'] }),
      dx('J189', { category: '04M01', properties: ['04X99'], complications: ['04I01'] }),
      dx('J960', { category: '04M02', properties: ['04X98'], complications: ['04J02'] }),
      dx('J449', { category: '04M03', properties: ['04X99'] }),
      dx('A188', { category: '18M01' }),
      dx('D638', { category: '16M01' }),
      dx('E119', { category: '10M01', properties: ['10X01'] }),
      dx('H360', { category: '02M01' }),
      dx('X59', { validPrincipal: false }),
      dx('N40', { category: '98M01', properties: ['98X99'] }),
      dx('R18', { category: '06M03', orFlag: 1, procedureProperties: ['06S09'] }),
    ],
    procedures: [
      proc('OR-A', { orFlag: 1, properties: ['06S01'] }),
      proc('OR-B', { orFlag: 2, properties: ['06S02'], ccLevel: 1 }),
      proc('VENT', { diagnosisProperties: ['04X99'] }),
    ],
    complications: new Map(complications.map((c) => [c.property, c])),
    diagnosisPairRules: pairRules,
    ...over,
  });
}

function kase(
  principalDiagnosis: string,
  secondaryDiagnoses: string[] = [],
  over: Partial<CaseRecord> = {},
): CaseRecord {
  return {
    facilityId: 'F001',
    claimId: 'C1',
    patientId: 'P1',
    birthDate: '1980-01-01',
    sex: 'M',
    admissionAt: '2026-03-01T10:00',
    dischargeAt: '2026-03-04T09:00',
    admissionType: 'emergency',
    dischargeMode: 'home',
    careSetting: 'inpatient',
    principalDiagnosis,
    secondaryDiagnoses,
    procedures: [],
    ...over,
  };
}

const b = book();

describe('deriveFeatures: stay and category', () => {
  it('counts calendar days of stay and age at admission', () => {
    const f = deriveFeatures(b, kase('K359', [], { birthDate: '2026-02-28', dischargeAt: '2026-03-04T00:01' }));
    expect([f.los, f.ageDays, f.ageYears]).toEqual([3, 1, 0]);
  });

  it('takes the principal category and its first two characters as MDC', () => {
    const f = deriveFeatures(b, kase('I219'));
    expect([f.category, f.mdc, f.validPrincipal]).toEqual(['05M01', '05', true]);
  });

  it('recodes a sex-dependent category 98 to 12 (male) or 13 (female); unknown sex keeps 98', () => {
    expect(deriveFeatures(b, kase('N40', [], { sex: 'M' })).mdc).toBe('12');
    expect(deriveFeatures(b, kase('N40', [], { sex: 'F' })).category).toBe('13M01');
    expect(deriveFeatures(b, kase('N40', [], { sex: 'U' })).category).toBe('98M01');
    const noRecode = book({
      manifest: testManifest({ grouping: { ...testManifest().grouping, recodeSexCategory: false } }),
    });
    expect(deriveFeatures(noRecode, kase('N40', [], { sex: 'M' })).category).toBe('98M01');
  });

  it('recodes sex-dependent diagnosis properties only when the book asks', () => {
    expect([...deriveFeatures(b, kase('N40')).diagnosisProperties.keys()]).toEqual(['98X99']);
    const recode = book({
      manifest: testManifest({ grouping: { ...testManifest().grouping, recodeSexProperties: true } }),
    });
    expect([...deriveFeatures(recode, kase('N40', [], { sex: 'F' })).diagnosisProperties.keys()]).toEqual(['13X99']);
  });
});

describe('deriveFeatures: pair slots', () => {
  it('takes a pair category from the pair rule first', () => {
    expect(deriveFeatures(b, kase('A188&D638')).category).toBe('16M02');
  });

  it('without a pair rule takes the second code category, then the first', () => {
    expect(deriveFeatures(b, kase('A188&K359')).category).toBe('06M01');
    expect(deriveFeatures(b, kase('I219&X59')).category).toBe('05M01');
  });

  it('a pair rule only matches its exact order (first code = paired code)', () => {
    expect(deriveFeatures(b, kase('D638&A188')).category).toBe('18M01');
  });

  it('gives the values of both codes and of the pair rule', () => {
    const f = deriveFeatures(b, kase('I219', ['A188&D638']));
    expect([...f.diagnosisProperties]).toEqual([
      ['05X01', 0],
      ['16X07', 1],
    ]);
    expect([...f.complications]).toEqual([]); // the pair's 05G01 is in the principal I219's own family 05*01
    expect(deriveFeatures(b, kase('K359', ['A188&D638'])).cc).toBe(2);
    expect([...deriveFeatures(b, kase('E119&H360')).principalProperties]).toEqual(['02P05']);
  });
});

describe('deriveFeatures: procedures and OR', () => {
  it('collects procedure properties, OR flags and the procedure CC', () => {
    const f = deriveFeatures(b, kase('K359', [], { procedures: [{ code: 'OR-B' }] }));
    expect([[...f.procedureProperties], f.or1, f.or2, f.procedureCc, f.cc]).toEqual([['06S02'], false, true, 1, 1]);
  });

  it('a diagnosis can imply an OR flag and a procedure property', () => {
    const f = deriveFeatures(b, kase('K359', ['R18']));
    expect([[...f.procedureProperties], f.or1, f.or2]).toEqual([['06S09'], true, false]);
  });

  it('records where a diagnosis property came from first: a procedure before any diagnosis', () => {
    const f = deriveFeatures(b, kase('J189', ['J449'], { procedures: [{ code: 'VENT' }] }));
    expect([...f.diagnosisProperties]).toEqual([['04X99', -1]]);
    expect([...f.secondaryProperties]).toEqual(['04X99']);
  });
});

describe('deriveFeatures: complication level', () => {
  it('is the highest active level among the secondaries', () => {
    expect(deriveFeatures(b, kase('K359', ['I219'])).cc).toBe(1);
    expect(deriveFeatures(b, kase('K359', ['I219', 'I500'])).cc).toBe(2);
    expect(deriveFeatures(b, kase('K359')).cc).toBe(0);
  });

  it('does not count the principal own complication properties', () => {
    expect(deriveFeatures(b, kase('I500')).cc).toBe(0);
  });

  it('removes secondaries of the principal family when the book asks (06C26 removes 06G26)', () => {
    const f = deriveFeatures(b, kase('K359', ['K560']));
    expect([f.cc, [...f.complications]]).toEqual([0, []]);
    const keep = book({
      manifest: testManifest({ grouping: { ...testManifest().grouping, sameFamilyRemoval: false } }),
    });
    expect(deriveFeatures(keep, kase('K359', ['K560'])).cc).toBe(2);
  });

  it('excludes a property for a principal code', () => {
    const excl = book({ complicationExclusions: [{ property: '05G01', principalCode: 'K359' }] });
    expect(deriveFeatures(excl, kase('K359', ['I500'])).cc).toBe(0);
    expect(deriveFeatures(excl, kase('K560', ['I500'])).cc).toBe(2);
    expect(deriveFeatures(excl, kase('K359', ['I500', 'I219'])).cc).toBe(1);
  });

  it('excludes by either code of a principal pair, or by the exact pair', () => {
    const byCode = book({ complicationExclusions: [{ property: '05G01', principalCode: 'X59' }] });
    expect(deriveFeatures(byCode, kase('K359&X59', ['I500'])).cc).toBe(0);
    const byPair = book({
      complicationExclusions: [{ property: '05G01', principalCode: 'X59', principalPairedCode: 'K359' }],
    });
    expect(deriveFeatures(byPair, kase('K359&X59', ['I500'])).cc).toBe(0);
    expect(deriveFeatures(byPair, kase('K560&X59', ['I500'])).cc).toBe(2);
    expect(deriveFeatures(byPair, kase('X59', ['I500'])).cc).toBe(2);
  });

  it('excludes by principal category (after the sex recode)', () => {
    const excl = book({ complicationExclusions: [{ property: '05C01', principalCategory: '12M01' }] });
    expect(deriveFeatures(excl, kase('N40', ['I219'], { sex: 'M' })).cc).toBe(0);
    expect(deriveFeatures(excl, kase('N40', ['I219'], { sex: 'F' })).cc).toBe(1);
  });

  it('includes an inactive property when the case has its diagnosis property from a secondary or procedure', () => {
    expect(deriveFeatures(b, kase('K359', ['J189'])).cc).toBe(1);
    expect(deriveFeatures(b, kase('K359', ['J960'])).cc).toBe(2);
    expect(deriveFeatures(b, kase('K359', ['J189'], { procedures: [{ code: 'VENT' }] })).cc).toBe(1);
  });

  it('does not include when that diagnosis property came from the principal', () => {
    expect(deriveFeatures(b, kase('J449', ['J189'])).cc).toBe(0);
  });

  it('applies only the first inclusion in book order (NordDRG 4.4.2)', () => {
    expect(deriveFeatures(b, kase('K359', ['J189', 'J960'])).cc).toBe(1);
  });

  it('takes the procedure CC when it is higher', () => {
    expect(deriveFeatures(b, kase('K359', [], { procedures: [{ code: 'OR-B' }] })).cc).toBe(1);
    expect(deriveFeatures(b, kase('K359', ['I500'], { procedures: [{ code: 'OR-B' }] })).cc).toBe(2);
  });
});
