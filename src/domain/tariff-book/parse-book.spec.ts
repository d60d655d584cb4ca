import { parseTariffBook } from './parse-book';
import { formatBookIssue, TariffBookError, type BookIssue } from './book-issues';

// A small but complete book. The first group's English name spans two lines (a quoted cell), so
// every later row of groups.csv starts one line further down than its record index suggests.
const MANIFEST = JSON.stringify(
  {
    code: 'SPEC-BOOK',
    version: '2026.1',
    name: 'Spec book',
    effectiveFrom: '2026-01-01',
    currency: 'UZS',
    illustrative: true,
    rounding: { mode: 'half-even' },
    pricing: { shortStayMethod: 'share', shortStayShare: '0.45', coefficientShare: '0.8' },
    capitation: { annualBase: '420000.00', withholdShare: '0.1' },
  },
  null,
  2,
);

const DIAGNOSES = [
  'code,title,chapter,category,principal,sex,age_min,age_max,properties,principal_properties,complications,valid_from,valid_to',
  'I219,"Acute myocardial infarction, unspecified",IX,05M01,Y,,,,05X01,,05C01,2020-01-01,',
  'E119,Type 2 diabetes mellitus,IV,10M02,,,,,,,10C03;10G04,,',
  'O800,Spontaneous vertex delivery,XV,14M01,Y,F,12,55,14X01,14P01,,,',
  'Y912,Alcohol involvement,XX,99M00,,,,,,,,,',
].join('\n');

const COMPLICATIONS = [
  'property,level,active,include_with_property,family',
  '05C01,1,Y,,05C',
  '10C03,1,,,',
  '10G04,2,N,10X99,',
].join('\n');

const PAIRS = ['code,paired_code,kind,value', 'E119,I219,property,10X99'].join('\n');

const EXCLUSIONS = [
  'property,principal_code,principal_paired_code,principal_category',
  '10C03,E119,,',
  '05C01,,,05M01',
].join('\n');

const PROCEDURES = [
  'code,title,or,properties,cc,diagnosis_properties,sex,mdc',
  'A16.12.004,Coronary stenting,1,05S01;05S02,,,,05',
  'B01.001,Consultation,0,,1,05X01,,',
].join('\n');

const GROUPS = [
  'code,name_uz,name_ru,name_en,care_setting,kind,mdc,weight,mean_los,low_trim,high_trim,low_day_deduction,high_day_addon,short_stay_share,guaranteed,return_code',
  '05K01,Koronar stentlash,Коронарное стентирование,"Coronary stenting',
  '(percutaneous)",inpatient,surgical,05,2.324,6.5,3,20,0.316,0.05,,Y,',
  '05T01,Yurak,Сердце,Heart,inpatient,therapeutic,05,1.10,5,,,,,0.3,N,',
  '999E,Xato,Ошибка,Ungroupable,,error,,0,0,,,,,,,1',
].join('\n');

const LOGIC = [
  'id,group,return_code,care_setting,principal_valid,mdc,principal_category,or,dx_property1,dx_property2,cc,age_years,sex,discharge,los,birth_weight,admission_type,alt_group',
  'R001,05K01,0,inpatient,+,05,,S,05X01,-10X99,>=1,18..120,,-death,,,emergency,05T01',
  'R002,05T01,,,+,-14,05M01,N,,,,,F,home;transfer,<30,,,',
  'R999,999E,1,,,,,,,,,,,,,,,',
].join('\n');

const BASE_RATES = [
  'care_setting,region,valid_from,valid_to,amount',
  'inpatient,,2026-01-01,2026-06-30,4200.00',
  'inpatient,,2026-07-01,,4400.00',
  'inpatient,TAS,2026-01-01,,4600.00',
  'day-care,,2026-01-01,,2100.00',
].join('\n');

const COEFFICIENTS = [
  'code,kind,applies_to,value,condition,description,valid_from,valid_to',
  'LVL-D,level,district,1.0,,District hospital,,',
  'LVL-R,level,regional,1.2,,Regional hospital,,',
  'MGMT,management,,1.05,,,,',
  'SP-75,special,,0.2,age_years>=75,Patient aged 75 or more,,',
  'SP-COMP,special,,0.25,age_years<4&flag=companion,Parent stays with a child,2026-01-01,2026-12-31',
].join('\n');

const BANDS = ['code,sex,age_from,age_to,coefficient', 'M0-4,M,0,4,2.1', 'F0-4,F,0,4,2.0', 'ALL5+,*,5,120,0.9'].join(
  '\n',
);
const ADJUSTMENTS = ['code,description,value', 'RURAL,Rural area,1.15'].join('\n');
const FEES = [
  'service_code,title,mode,unit,amount,valid_from,valid_to',
  'TM01,Video consultation,video,,35000.00,2026-01-01,',
  'RPM01,Remote monitoring,remote-monitoring,patient-month,120000,,',
  'B01.001,Consultation,,service,50000.00,,',
].join('\n');

function validFiles(): Map<string, string> {
  return new Map([
    ['manifest.json', MANIFEST],
    ['diagnoses.csv', DIAGNOSES],
    ['complications.csv', COMPLICATIONS],
    ['diagnosis-pairs.csv', PAIRS],
    ['complication-exclusions.csv', EXCLUSIONS],
    ['procedures.csv', PROCEDURES],
    ['groups.csv', GROUPS],
    ['grouping-logic.csv', LOGIC],
    ['base-rates.csv', BASE_RATES],
    ['coefficients.csv', COEFFICIENTS],
    ['capitation-bands.csv', BANDS],
    ['capitation-adjustments.csv', ADJUSTMENTS],
    ['fee-schedule.csv', FEES],
  ]);
}

/** The valid book with some files replaced (a text) or removed (undefined). */
function filesWith(changes: Record<string, string | undefined>): Map<string, string> {
  const files = validFiles();
  for (const [name, text] of Object.entries(changes)) {
    if (text === undefined) files.delete(name);
    else files.set(name, text);
  }
  return files;
}

/** Replaces one line (1-based) of a file's text. */
function editLine(text: string, line: number, replacement: string): string {
  const lines = text.split('\n');
  lines[line - 1] = replacement;
  return lines.join('\n');
}

function issuesOf(files: Map<string, string>): BookIssue[] {
  try {
    parseTariffBook(files);
  } catch (err) {
    if (err instanceof TariffBookError) return err.issues;
    throw err;
  }
  throw new Error('the book loaded without problems');
}

/** Issues without their messages, for exact comparison of where and what. */
function where(issues: BookIssue[]) {
  return issues.map(({ message: _message, ...rest }) => rest);
}

describe('parseTariffBook: a valid book', () => {
  const book = parseTariffBook(validFiles());

  it('reads the manifest with defaults for what it leaves out', () => {
    const m = book.manifest;
    expect([m.code, m.version, m.name, m.effectiveFrom, m.effectiveTo, m.currency, m.illustrative]).toEqual([
      'SPEC-BOOK',
      '2026.1',
      'Spec book',
      '2026-01-01',
      undefined,
      'UZS',
      true,
    ]);
    expect(m.rounding).toEqual({ mode: 'half-even', scale: 2, points: 'end' });
    expect(m.pricing.shortStayMethod).toBe('share');
    expect(m.pricing.shortStayShare.toString()).toBe('0.45');
    expect(m.pricing.coefficientShare.toString()).toBe('0.8');
    expect(m.pricing.specialBase).toBe('base');
    expect(m.pricing.transferPerDiem).toBe(true);
    expect(m.pricing.deathFirstDayShare.toString()).toBe('0.5');
    expect(m.pricing.sameDayShare.toString()).toBe('0.3');
    expect(m.grouping).toEqual({ sameFamilyRemoval: true, recodeSexCategory: true, recodeSexProperties: false });
    expect(m.edits).toEqual({ maxInpatientLosDays: 365, maxDayCareLosDays: 0, maxAgeYears: 125 });
    expect(m.capitation.annualBase.toFixed(2)).toBe('420000.00');
    expect(m.capitation.withholdShare.toString()).toBe('0.1');
  });

  it('reads diagnoses with lists, restrictions and the principal default', () => {
    expect(book.diagnoses.get('I219')).toEqual({
      code: 'I219',
      title: 'Acute myocardial infarction, unspecified',
      chapter: 'IX',
      category: '05M01',
      validPrincipal: true,
      properties: ['05X01'],
      principalProperties: [],
      complications: ['05C01'],
      procedureProperties: [],
      orFlag: 0,
      validFrom: '2020-01-01',
    });
    expect(book.diagnoses.get('E119')?.complications).toEqual(['10C03', '10G04']);
    expect(book.diagnoses.get('O800')).toMatchObject({
      sex: 'F',
      ageMinYears: 12,
      ageMaxYears: 55,
      principalProperties: ['14P01'],
    });
    // principal left empty: category 99M00 means "not acceptable as principal".
    expect(book.diagnoses.get('Y912')?.validPrincipal).toBe(false);
    expect(book.diagnoses.get('E119')?.validPrincipal).toBe(true);
  });

  it('reads complications, pair rules, exclusions and procedures', () => {
    expect([...book.complications.values()]).toEqual([
      { property: '05C01', level: 1, active: true, family: '05C' },
      { property: '10C03', level: 1, active: true },
      { property: '10G04', level: 2, active: false, includeWithProperty: '10X99' },
    ]);
    expect(book.diagnosisPairRules).toEqual([{ code: 'E119', pairedCode: 'I219', kind: 'property', value: '10X99' }]);
    expect(book.complicationExclusions).toEqual([
      { property: '10C03', principalCode: 'E119' },
      { property: '05C01', principalCategory: '05M01' },
    ]);
    expect(book.procedures.get('A16.12.004')).toEqual({
      code: 'A16.12.004',
      title: 'Coronary stenting',
      orFlag: 1,
      properties: ['05S01', '05S02'],
      ccLevel: 0,
      diagnosisProperties: [],
      mdc: '05',
    });
    expect(book.procedures.get('B01.001')).toMatchObject({ orFlag: 0, ccLevel: 1, diagnosisProperties: ['05X01'] });
  });

  it('reads groups with exact decimal weights and a multi-line name', () => {
    const g = book.groups.get('05K01')!;
    expect(g.weight.toString()).toBe('2.324');
    expect(g.meanLos.toString()).toBe('6.5');
    expect(g.lowDayDeduction.toString()).toBe('0.316');
    expect(g.highDayAddon.toString()).toBe('0.05');
    expect([g.lowTrim, g.highTrim, g.kind, g.careSetting, g.mdc, g.guaranteed]).toEqual([
      3,
      20,
      'surgical',
      'inpatient',
      '05',
      true,
    ]);
    expect(g.names).toEqual({
      uz: 'Koronar stentlash',
      ru: 'Коронарное стентирование',
      en: 'Coronary stenting\n(percutaneous)',
    });
    expect(g.shortStayShare).toBeUndefined();
    const t = book.groups.get('05T01')!;
    expect([t.weight.toFixed(2), t.shortStayShare?.toString(), t.guaranteed, t.lowTrim]).toEqual([
      '1.10',
      '0.3',
      false,
      undefined,
    ]);
    expect(book.groups.get('999E')).toMatchObject({ kind: 'error', returnCode: '1' });
  });

  it('reads the grouping logic in file order with parsed conditions', () => {
    expect(book.logic.map((r) => [r.id, r.order])).toEqual([
      ['R001', 0],
      ['R002', 1],
      ['R999', 2],
    ]);
    expect(book.logic[0]).toEqual({
      id: 'R001',
      order: 0,
      group: '05K01',
      returnCode: '0',
      careSetting: 'inpatient',
      principalValid: '+',
      mdc: { negate: false, value: '05' },
      or: 'S',
      diagnosisProperties: [
        { negate: false, value: '05X01' },
        { negate: true, value: '10X99' },
      ],
      cc: { op: '>=', value: 1 },
      ageYears: { op: 'range', min: 18, max: 120 },
      discharge: { negate: true, modes: ['death'] },
      admissionType: 'emergency',
      altGroup: '05T01',
    });
    expect(book.logic[1]).toEqual({
      id: 'R002',
      order: 1,
      group: '05T01',
      returnCode: '0',
      principalValid: '+',
      mdc: { negate: true, value: '14' },
      principalCategory: { negate: false, value: '05M01' },
      or: 'N',
      diagnosisProperties: [],
      sex: 'F',
      discharge: { negate: false, modes: ['home', 'transfer'] },
      los: { op: '<', value: 30 },
    });
    expect(book.logic[2]).toEqual({ id: 'R999', order: 2, group: '999E', returnCode: '1', diagnosisProperties: [] });
  });

  it('reads base rates and coefficients with special clauses', () => {
    expect(book.baseRates.map((r) => [r.careSetting, r.region, r.validFrom, r.validTo, r.amount.toFixed(2)])).toEqual([
      ['inpatient', undefined, '2026-01-01', '2026-06-30', '4200.00'],
      ['inpatient', undefined, '2026-07-01', undefined, '4400.00'],
      ['inpatient', 'TAS', '2026-01-01', undefined, '4600.00'],
      ['day-care', undefined, '2026-01-01', undefined, '2100.00'],
    ]);
    const byCode = new Map(book.coefficients.map((c) => [c.code, c]));
    expect(byCode.get('LVL-R')).toMatchObject({
      kind: 'level',
      appliesTo: 'regional',
      description: 'Regional hospital',
    });
    expect(byCode.get('LVL-R')?.value.toString()).toBe('1.2');
    expect(byCode.get('MGMT')?.appliesTo).toBeUndefined();
    const companion = byCode.get('SP-COMP')!;
    expect(companion.value.toString()).toBe('0.25');
    expect([companion.validFrom, companion.validTo]).toEqual(['2026-01-01', '2026-12-31']);
    expect(companion.condition).toEqual({
      text: 'age_years<4&flag=companion',
      clauses: [
        { field: 'age_years', op: '<', value: '4' },
        { field: 'flag', op: '=', value: 'companion' },
      ],
    });
  });

  it('reads capitation tables and the fee schedule', () => {
    expect(book.capitationBands.map((b) => [b.code, b.sex, b.ageFrom, b.ageTo, b.coefficient.toString()])).toEqual([
      ['M0-4', 'M', 0, 4, '2.1'],
      ['F0-4', 'F', 0, 4, '2'],
      ['ALL5+', '*', 5, 120, '0.9'],
    ]);
    expect(book.capitationAdjustments.get('RURAL')?.value.toString()).toBe('1.15');
    expect(book.fees.map((f) => [f.serviceCode, f.mode, f.unit, f.amount.toFixed(2), f.validFrom])).toEqual([
      ['TM01', 'video', 'service', '35000.00', '2026-01-01'],
      ['RPM01', 'remote-monitoring', 'patient-month', '120000.00', undefined],
      ['B01.001', undefined, 'service', '50000.00', undefined],
    ]);
  });

  it('leaves optional tables empty when their files are absent', () => {
    const minimal = parseTariffBook(
      filesWith({
        'diagnosis-pairs.csv': undefined,
        'complication-exclusions.csv': undefined,
        'coefficients.csv': undefined,
        'capitation-bands.csv': undefined,
        'capitation-adjustments.csv': undefined,
        'fee-schedule.csv': undefined,
      }),
    );
    expect([minimal.diagnosisPairRules, minimal.coefficients, minimal.capitationBands, minimal.fees]).toEqual([
      [],
      [],
      [],
      [],
    ]);
    expect(minimal.capitationAdjustments.size).toBe(0);
  });

  it('accepts a BOM, CRLF line ends, blank lines, spaces around cells and a column order of its own', () => {
    const rates = '\uFEFFamount , care_setting,valid_from\r\n\r\n 4200.00 ,inpatient,2026-01-01\r\n,,\r\n';
    const b = parseTariffBook(filesWith({ 'base-rates.csv': rates, 'manifest.json': '\uFEFF' + MANIFEST }));
    expect(b.baseRates).toHaveLength(1);
    expect(b.baseRates[0].amount.toFixed(2)).toBe('4200.00');
    expect(b.baseRates[0].region).toBeUndefined();
  });
});

describe('parseTariffBook: problems', () => {
  it('keeps line numbers right with CRLF line ends inside and outside quoted cells', () => {
    const crlf = editLine(GROUPS, 5, '999E,Xato,Ошибка,Ungroupable,,error,,0,nil,,,,,,,1').replace(/\n/g, '\r\n');
    expect(where(issuesOf(filesWith({ 'groups.csv': crlf })))).toEqual([
      { file: 'groups.csv', line: 5, column: 'mean_los', code: 'INVALID_DECIMAL' },
    ]);
  });

  it('reports a missing required file', () => {
    expect(issuesOf(filesWith({ 'groups.csv': undefined }))).toEqual([
      { file: 'groups.csv', code: 'MISSING_FILE', message: 'the book needs groups.csv' },
    ]);
  });

  it('reports a missing manifest', () => {
    expect(where(issuesOf(filesWith({ 'manifest.json': undefined })))).toEqual([
      { file: 'manifest.json', code: 'MISSING_FILE' },
    ]);
  });

  it('reports a table file with an unknown name (a typo would silently drop the table)', () => {
    const files = filesWith({ 'coefficients.csv': undefined, 'coeficients.csv': COEFFICIENTS });
    expect(where(issuesOf(files))).toEqual([{ file: 'coeficients.csv', code: 'UNKNOWN_FILE' }]);
  });

  it('reports a file that is not UTF-8 text at the line of the first bad character', () => {
    const latin1 = editLine(DIAGNOSES, 3, 'E119,Diab\uFFFDte,IV,10M02,,,,,,,10C03;10G04,,');
    expect(issuesOf(filesWith({ 'diagnoses.csv': latin1 }))).toEqual([
      {
        file: 'diagnoses.csv',
        line: 3,
        code: 'INVALID_ENCODING',
        message: 'the file is not valid UTF-8 text (save it as "CSV UTF-8")',
      },
    ]);
  });

  it('reports broken CSV quoting and does not check references into that table', () => {
    const broken = editLine(GROUPS, 4, '05T01,"Yurak,Сердце,Heart,inpatient,therapeutic,05,1.10,5,,,,,0.3,N,');
    const issues = issuesOf(filesWith({ 'groups.csv': broken }));
    expect(where(issues)).toEqual([{ file: 'groups.csv', line: 4, code: 'INVALID_CSV' }]);
    expect(issues[0].message).toBe('the row is not valid CSV: a quoted cell is never closed (a " is missing)');
  });

  it('reports an empty file and a required table without rows', () => {
    expect(where(issuesOf(filesWith({ 'procedures.csv': '\n\n' })))).toEqual([
      { file: 'procedures.csv', code: 'EMPTY_FILE' },
    ]);
    expect(where(issuesOf(filesWith({ 'base-rates.csv': 'care_setting,valid_from,amount\n' })))).toEqual([
      { file: 'base-rates.csv', code: 'EMPTY_TABLE' },
    ]);
  });

  it('reports an unknown column in the header', () => {
    const typo = editLine(LOGIC, 1, LOGIC.split('\n')[0].replace('age_years', 'age_yaers'));
    expect(where(issuesOf(filesWith({ 'grouping-logic.csv': typo })))).toEqual([
      { file: 'grouping-logic.csv', line: 1, column: 'age_yaers', code: 'UNKNOWN_COLUMN' },
    ]);
  });

  it('reports a missing required column and a duplicated one', () => {
    const noWeight = GROUPS.replace(',weight,', ',wieght,');
    expect(where(issuesOf(filesWith({ 'groups.csv': noWeight })))).toEqual([
      { file: 'groups.csv', line: 1, column: 'wieght', code: 'UNKNOWN_COLUMN' },
      { file: 'groups.csv', line: 1, column: 'weight', code: 'MISSING_COLUMN' },
    ]);
    const twice = 'property,level,level\n05C01,1,1\n10C03,1,1\n10G04,2,2';
    expect(where(issuesOf(filesWith({ 'complications.csv': twice })))).toEqual([
      { file: 'complications.csv', line: 1, column: 'level', code: 'DUPLICATE_COLUMN' },
    ]);
  });

  it('reports a row with more or fewer cells than the header', () => {
    const short = editLine(BASE_RATES, 3, 'inpatient,,2026-07-01,4400.00');
    expect(where(issuesOf(filesWith({ 'base-rates.csv': short })))).toEqual([
      { file: 'base-rates.csv', line: 3, code: 'FIELD_COUNT' },
    ]);
  });

  it('reports an empty required cell', () => {
    // The name of 05K01 spans lines 2-3, so the row of 05T01 is on line 4.
    const noWeight = editLine(GROUPS, 4, '05T01,Yurak,Сердце,Heart,inpatient,therapeutic,05,,5,,,,,0.3,N,');
    expect(issuesOf(filesWith({ 'groups.csv': noWeight }))).toEqual([
      { file: 'groups.csv', line: 4, column: 'weight', code: 'REQUIRED', message: 'weight is required' },
    ]);
  });

  it('reports a decimal written with a comma, and never reads it as a float', () => {
    const comma = editLine(GROUPS, 4, '05T01,Yurak,Сердце,Heart,inpatient,therapeutic,05,"1,10",5,,,,,0.3,N,');
    expect(issuesOf(filesWith({ 'groups.csv': comma }))).toEqual([
      {
        file: 'groups.csv',
        line: 4,
        column: 'weight',
        code: 'INVALID_DECIMAL',
        message: '"1,10" is not a decimal number (write e.g. 4200.00 or 0.316)',
      },
    ]);
  });

  it('reports a negative weight and a share above 1', () => {
    const negative = editLine(GROUPS, 4, '05T01,Yurak,Сердце,Heart,inpatient,therapeutic,05,-1.10,5,,,,,1.3,N,');
    expect(where(issuesOf(filesWith({ 'groups.csv': negative })))).toEqual([
      { file: 'groups.csv', line: 4, column: 'weight', code: 'OUT_OF_RANGE' },
      { file: 'groups.csv', line: 4, column: 'short_stay_share', code: 'OUT_OF_RANGE' },
    ]);
  });

  it('reports a trim point that is not a whole number and low_trim above high_trim', () => {
    const bad = editLine(GROUPS, 4, '05T01,Yurak,Сердце,Heart,inpatient,therapeutic,05,1.10,5,3.5,,,,0.3,N,');
    expect(where(issuesOf(filesWith({ 'groups.csv': bad })))).toEqual([
      { file: 'groups.csv', line: 4, column: 'low_trim', code: 'INVALID_INTEGER' },
    ]);
    const crossed = editLine(GROUPS, 4, '05T01,Yurak,Сердце,Heart,inpatient,therapeutic,05,1.10,5,9,4,,,0.3,N,');
    expect(issuesOf(filesWith({ 'groups.csv': crossed }))).toEqual([
      {
        file: 'groups.csv',
        line: 4,
        column: 'high_trim',
        code: 'INVALID_RANGE',
        message: 'high_trim 4 is below low_trim 9',
      },
    ]);
  });

  it('reports an impossible date and validity that ends before it starts', () => {
    const feb30 = editLine(BASE_RATES, 5, 'day-care,,2026-02-30,,2100.00');
    expect(where(issuesOf(filesWith({ 'base-rates.csv': feb30 })))).toEqual([
      { file: 'base-rates.csv', line: 5, column: 'valid_from', code: 'INVALID_DATE' },
    ]);
    const backwards = editLine(FEES, 2, 'TM01,Video consultation,video,,35000.00,2026-01-01,2025-12-31');
    expect(where(issuesOf(filesWith({ 'fee-schedule.csv': backwards })))).toEqual([
      { file: 'fee-schedule.csv', line: 2, column: 'valid_to', code: 'INVALID_RANGE' },
    ]);
  });

  it('reports a yes/no cell that is neither', () => {
    const maybe = editLine(COMPLICATIONS, 4, '10G04,2,maybe,10X99,');
    expect(issuesOf(filesWith({ 'complications.csv': maybe }))).toEqual([
      {
        file: 'complications.csv',
        line: 4,
        column: 'active',
        code: 'INVALID_BOOLEAN',
        message: '"maybe" is not a yes/no value (use Y or N)',
      },
    ]);
  });

  it('reports values outside their lists', () => {
    const logic = editLine(LOGIC, 3, 'R002,05T01,,outpatient,+,-14,05M01,X,,,,,F,home;transfer,<30,,,');
    expect(where(issuesOf(filesWith({ 'grouping-logic.csv': logic })))).toEqual([
      { file: 'grouping-logic.csv', line: 3, column: 'care_setting', code: 'INVALID_VALUE' },
      { file: 'grouping-logic.csv', line: 3, column: 'or', code: 'INVALID_VALUE' },
    ]);
    const kind = editLine(COEFFICIENTS, 4, 'MGMT,managment,,1.05,,,,');
    expect(where(issuesOf(filesWith({ 'coefficients.csv': kind })))).toEqual([
      { file: 'coefficients.csv', line: 4, column: 'kind', code: 'INVALID_VALUE' },
    ]);
  });

  it('reports a diagnosis code written with a dot', () => {
    const dotted = editLine(DIAGNOSES, 5, 'Y91.2,Alcohol involvement,XX,99M00,,,,,,,,,');
    expect(issuesOf(filesWith({ 'diagnoses.csv': dotted }))).toEqual([
      {
        file: 'diagnoses.csv',
        line: 5,
        column: 'code',
        code: 'INVALID_VALUE',
        message: '"Y91.2" must not contain "."',
      },
    ]);
  });

  it('reports duplicate codes and rule ids with the line of the first definition', () => {
    const dupDx = editLine(DIAGNOSES, 5, 'E119,Again,IV,10M02,,,,,,,,,');
    expect(issuesOf(filesWith({ 'diagnoses.csv': dupDx }))).toEqual([
      {
        file: 'diagnoses.csv',
        line: 5,
        column: 'code',
        code: 'DUPLICATE_KEY',
        message: 'diagnosis E119 is already defined on line 3',
      },
    ]);
    const dupRule = editLine(LOGIC, 3, 'R001,05T01,,,+,-14,05M01,N,,,,,F,home;transfer,<30,,,');
    expect(where(issuesOf(filesWith({ 'grouping-logic.csv': dupRule })))).toEqual([
      { file: 'grouping-logic.csv', line: 3, column: 'id', code: 'DUPLICATE_KEY' },
    ]);
    const dupGroup = GROUPS + '\n05T01,Yana,Ещё,Again,,therapeutic,,1,1,,,,,,,';
    expect(where(issuesOf(filesWith({ 'groups.csv': dupGroup })))).toEqual([
      { file: 'groups.csv', line: 6, column: 'code', code: 'DUPLICATE_KEY' },
    ]);
  });

  it('reports logic rows that point to groups not in groups.csv', () => {
    const logic = editLine(
      LOGIC,
      2,
      'R001,05K09,0,inpatient,+,05,,S,05X01,-10X99,>=1,18..120,,-death,,,emergency,05T09',
    );
    expect(issuesOf(filesWith({ 'grouping-logic.csv': logic }))).toEqual([
      {
        file: 'grouping-logic.csv',
        line: 2,
        column: 'group',
        code: 'UNKNOWN_REFERENCE',
        message: 'group "05K09" is not defined in groups.csv',
      },
      {
        file: 'grouping-logic.csv',
        line: 2,
        column: 'alt_group',
        code: 'UNKNOWN_REFERENCE',
        message: 'group "05T09" is not defined in groups.csv',
      },
    ]);
  });

  it('reports complication properties not declared in complications.csv', () => {
    const dx = editLine(DIAGNOSES, 3, 'E119,Type 2 diabetes mellitus,IV,10M02,,,,,,,10C03;10G05,,');
    expect(issuesOf(filesWith({ 'diagnoses.csv': dx }))).toEqual([
      {
        file: 'diagnoses.csv',
        line: 3,
        column: 'complications',
        code: 'UNKNOWN_REFERENCE',
        message: 'complication property "10G05" is not defined in complications.csv',
      },
    ]);
  });

  it('asks for complications.csv once when complication properties are used without it', () => {
    const files = filesWith({ 'complications.csv': undefined, 'complication-exclusions.csv': undefined });
    expect(issuesOf(files)).toEqual([
      {
        file: 'complications.csv',
        code: 'MISSING_FILE',
        message: 'complications.csv is needed: diagnoses.csv line 2 uses complication property "05C01"',
      },
    ]);
  });

  it('reports diagnosis pair rules with unknown codes', () => {
    const pairs = PAIRS + '\nE119,A188,category,01M02';
    expect(where(issuesOf(filesWith({ 'diagnosis-pairs.csv': pairs })))).toEqual([
      { file: 'diagnosis-pairs.csv', line: 3, column: 'paired_code', code: 'UNKNOWN_REFERENCE' },
    ]);
  });

  it('reports malformed conditions with their column', () => {
    const logic = editLine(LOGIC, 3, 'R002,05T01,,,+,-14,05M01,N,,,>=x,65..18,F,home;dead,<30,,,');
    expect(issuesOf(filesWith({ 'grouping-logic.csv': logic }))).toEqual([
      {
        file: 'grouping-logic.csv',
        line: 3,
        column: 'cc',
        code: 'INVALID_CONDITION',
        message: '">=x" is not a numeric condition (use <n, <=n, >n, >=n, =n, !=n or a..b)',
      },
      {
        file: 'grouping-logic.csv',
        line: 3,
        column: 'age_years',
        code: 'INVALID_CONDITION',
        message: 'range 65..18 has its lower bound above its upper bound',
      },
      {
        file: 'grouping-logic.csv',
        line: 3,
        column: 'discharge',
        code: 'INVALID_CONDITION',
        message: 'unknown discharge mode "dead" (known: home, transfer, death, against-advice)',
      },
    ]);
  });

  it('reports special-coefficient conditions that do not parse or compare with unknown values', () => {
    const coefficients = editLine(COEFFICIENTS, 5, 'SP-75,special,,0.2,age>=75,Patient aged 75 or more,,');
    expect(issuesOf(filesWith({ 'coefficients.csv': coefficients }))).toEqual([
      {
        file: 'coefficients.csv',
        line: 5,
        column: 'condition',
        code: 'INVALID_CONDITION',
        message:
          'unknown field "age" (known: age_years, age_days, los, sex, care_setting, admission_type, discharge, group, mdc, flag)',
      },
    ]);
    const values = editLine(COEFFICIENTS, 5, 'SP-75,special,,0.2,care_setting=outpatient&group=05X99,,,');
    expect(where(issuesOf(filesWith({ 'coefficients.csv': values })))).toEqual([
      { file: 'coefficients.csv', line: 5, column: 'condition', code: 'INVALID_CONDITION' },
      { file: 'coefficients.csv', line: 5, column: 'condition', code: 'UNKNOWN_REFERENCE' },
    ]);
    const missing = editLine(COEFFICIENTS, 5, 'SP-75,special,,0.2,,,,');
    expect(where(issuesOf(filesWith({ 'coefficients.csv': missing })))).toEqual([
      { file: 'coefficients.csv', line: 5, column: 'condition', code: 'REQUIRED' },
    ]);
  });

  it('reports base rates for the same care setting and region valid on the same day', () => {
    const rates = BASE_RATES + '\ninpatient,,2026-06-01,2026-06-30,4300.00';
    expect(issuesOf(filesWith({ 'base-rates.csv': rates }))).toEqual([
      {
        file: 'base-rates.csv',
        line: 6,
        column: 'valid_from',
        code: 'OVERLAP',
        message:
          'validity 2026-06-01..2026-06-30 overlaps line 2 (2026-01-01..2026-06-30) for care_setting inpatient, no region',
      },
    ]);
    // A regional rate next to the national one, and back-to-back periods, are fine: the valid book has both.
  });

  it('reports overlapping level coefficients and capitation bands', () => {
    const coefficients = COEFFICIENTS + '\nLVL-D2,level,district,1.1,,,2026-03-01,';
    expect(where(issuesOf(filesWith({ 'coefficients.csv': coefficients })))).toEqual([
      { file: 'coefficients.csv', line: 7, column: 'valid_from', code: 'OVERLAP' },
    ]);
    const bands = BANDS + '\nM60+,M,60,120,1.4';
    expect(where(issuesOf(filesWith({ 'capitation-bands.csv': bands })))).toEqual([
      { file: 'capitation-bands.csv', line: 5, column: 'age_from', code: 'OVERLAP' },
    ]);
  });

  it('checks the manifest: required fields, decimal strings, dates, enums and unknown fields', () => {
    const manifest = JSON.stringify({
      version: '1',
      effectiveFrom: '2026-01-01',
      effectiveTo: '2025-12-31',
      currency: 'UZS',
      rounding: { mode: 'bankers' },
      pricing: { shortStayShare: 0.5, deathFirstDayShare: '1.5' },
      edits: { maxAgeYears: -1 },
      capitation: { annualBase: '420 000' },
      notes: 'draft',
    });
    expect(where(issuesOf(filesWith({ 'manifest.json': manifest })))).toEqual([
      { file: 'manifest.json', column: 'notes', code: 'UNKNOWN_FIELD' },
      { file: 'manifest.json', column: 'code', code: 'REQUIRED' },
      { file: 'manifest.json', column: 'effectiveTo', code: 'INVALID_RANGE' },
      { file: 'manifest.json', column: 'rounding.mode', code: 'INVALID_VALUE' },
      { file: 'manifest.json', column: 'pricing.shortStayShare', code: 'INVALID_DECIMAL' },
      { file: 'manifest.json', column: 'pricing.deathFirstDayShare', code: 'OUT_OF_RANGE' },
      { file: 'manifest.json', column: 'edits.maxAgeYears', code: 'OUT_OF_RANGE' },
      { file: 'manifest.json', column: 'capitation.annualBase', code: 'INVALID_DECIMAL' },
    ]);
  });

  it('reports a manifest date that is not a real date and JSON that does not parse, with its line', () => {
    const badDate = MANIFEST.replace('"2026-01-01"', '"2026-13-01"');
    expect(where(issuesOf(filesWith({ 'manifest.json': badDate })))).toEqual([
      { file: 'manifest.json', column: 'effectiveFrom', code: 'INVALID_DATE' },
    ]);
    const trailingComma = '{\n  "code": "X",\n  "version": "1",\n}';
    expect(where(issuesOf(filesWith({ 'manifest.json': trailingComma })))).toEqual([
      { file: 'manifest.json', line: 4, code: 'INVALID_JSON' },
    ]);
  });

  it('reports every problem of a book at once, sorted by file and line', () => {
    const files = filesWith({
      'manifest.json': MANIFEST.replace('"UZS"', '"sum"'),
      'groups.csv': editLine(GROUPS, 5, '999E,Xato,Ошибка,Ungroupable,,error,,zero,0,,,,,,,1'),
      'grouping-logic.csv': editLine(
        LOGIC,
        2,
        'R001,05K01,0,inpatient,+,05,,S,05X01,-10X99,>=one,18..120,,-death,,,emergency,05T01',
      ),
      'diagnoses.csv': editLine(DIAGNOSES, 4, 'O800,Spontaneous vertex delivery,XV,14M01,Y,W,12,55,14X01,14P01,,,'),
      'base-rates.csv': undefined,
    });
    const err = (() => {
      try {
        parseTariffBook(files);
      } catch (e) {
        return e as TariffBookError;
      }
      throw new Error('expected a failure');
    })();
    expect(err).toBeInstanceOf(TariffBookError);
    expect(where(err.issues)).toEqual([
      { file: 'manifest.json', column: 'currency', code: 'INVALID_VALUE' },
      { file: 'diagnoses.csv', line: 4, column: 'sex', code: 'INVALID_VALUE' },
      { file: 'grouping-logic.csv', line: 2, column: 'cc', code: 'INVALID_CONDITION' },
      { file: 'groups.csv', line: 5, column: 'weight', code: 'INVALID_DECIMAL' },
      { file: 'base-rates.csv', code: 'MISSING_FILE' },
    ]);
    expect(err.message).toBe(
      [
        'tariff book has 5 problems:',
        '  manifest.json [currency] INVALID_VALUE: "sum" is not a three-letter currency code such as UZS',
        '  diagnoses.csv:4 [sex] INVALID_VALUE: "W" is not one of M, F',
        '  grouping-logic.csv:2 [cc] INVALID_CONDITION: ">=one" is not a numeric condition (use <n, <=n, >n, >=n, =n, !=n or a..b)',
        '  groups.csv:5 [weight] INVALID_DECIMAL: "zero" is not a decimal number (write e.g. 4200.00 or 0.316)',
        '  base-rates.csv MISSING_FILE: the book needs base-rates.csv',
      ].join('\n'),
    );
  });
});

describe('parseTariffBook: the worked example of docs/tariff-book.md', () => {
  const mini = (groups: string, logic: string) =>
    new Map([
      ['manifest.json', '{ "code": "MINI", "version": "1", "effectiveFrom": "2026-01-01", "currency": "UZS" }'],
      ['diagnoses.csv', 'code,title,category\nI219,Acute myocardial infarction,05M01'],
      ['procedures.csv', 'code,title,or'],
      ['groups.csv', groups],
      ['grouping-logic.csv', logic],
      ['base-rates.csv', 'care_setting,valid_from,amount\ninpatient,2026-01-01,4200.00'],
    ]);
  const groups =
    'code,kind,weight,mean_los,low_trim,low_day_deduction\n05T01,therapeutic,2.324,6,3,0.316\n999E,error,0,0,,';
  const logic = 'id,group,return_code,principal_valid,mdc\nR1,05T01,0,+,05\nR999,999E,1,,';

  it('loads with defaults and the figures of the example', () => {
    const book = parseTariffBook(mini(groups, logic));
    const g = book.groups.get('05T01')!;
    const oneDayWeight = g.weight.minus(g.lowDayDeduction.times(g.lowTrim! - 1));
    expect(oneDayWeight.toString()).toBe('1.692');
    expect(book.baseRates[0].amount.times(oneDayWeight).toFixed(2)).toBe('7106.40');
    expect([book.manifest.name, book.manifest.illustrative, g.guaranteed]).toEqual(['MINI', false, true]);
  });

  it('prints the two problems the example describes', () => {
    const err = (() => {
      try {
        parseTariffBook(mini(groups.replace('2.324', '"2,324"'), logic.replace('R1,05T01', 'R1,05T1')));
      } catch (e) {
        return e as TariffBookError;
      }
      throw new Error('expected a failure');
    })();
    expect(err.issues.map(formatBookIssue)).toEqual([
      'grouping-logic.csv:2 [group] UNKNOWN_REFERENCE: group "05T1" is not defined in groups.csv',
      'groups.csv:2 [weight] INVALID_DECIMAL: "2,324" is not a decimal number (write e.g. 4200.00 or 0.316)',
    ]);
  });
});
