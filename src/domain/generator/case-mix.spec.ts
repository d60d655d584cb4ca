import { CaseMixError, parseCaseMix, type CaseMixIssue } from './case-mix';
import { TINY_CASE_MIX_CSV } from './tiny-fixture';

const HEADER = TINY_CASE_MIX_CSV.split('\n')[0];

function issuesOf(text: string): CaseMixIssue[] {
  try {
    parseCaseMix(text, 'mix.csv');
  } catch (err) {
    expect(err).toBeInstanceOf(CaseMixError);
    return (err as CaseMixError).issues;
  }
  throw new Error('expected a CaseMixError');
}

describe('parseCaseMix', () => {
  it('reads every profile with its lists, rates and optional birth weights', () => {
    const profiles = parseCaseMix(TINY_CASE_MIX_CSV);
    expect(profiles.map((p) => p.id)).toEqual([
      'ami',
      'pneumonia',
      'appendectomy',
      'delivery',
      'newborn-lbw',
      'cataract',
    ]);
    expect(profiles[0]).toEqual({
      id: 'ami',
      line: 2,
      weight: 20,
      careSetting: 'inpatient',
      principal: ['I219', 'I214'],
      secondary: ['I10', 'E119'],
      secondaryRate: 0.7,
      procedures: ['PCI01'],
      procedureRate: 0.6,
      losMean: 8,
      losMax: 30,
      sex: '*',
      ageMin: 40,
      ageMax: 89,
      deathRate: 0.08,
      transferRate: 0.05,
      emergencyRate: 0.95,
      department: 'cardiology',
    });
    expect(profiles[4]).toMatchObject({ id: 'newborn-lbw', birthWeightMin: 1500, birthWeightMax: 2499 });
    expect(profiles[5]).toMatchObject({ careSetting: 'day-care', losMean: 0, losMax: 0 });
  });

  it('accepts a BOM, CRLF line ends and blank lines', () => {
    const text = '\uFEFF' + TINY_CASE_MIX_CSV.split('\n').slice(0, 3).join('\r\n') + '\r\n\r\n';
    expect(parseCaseMix(text).map((p) => p.id)).toEqual(['ami', 'pneumonia']);
  });

  it('reports every bad cell with file, line and column', () => {
    const rows = [
      HEADER,
      'ok,1,inpatient,I10,,0,,0,3,10,*,0,90,0,0,0.5,,,therapy',
      'bad-weight,0,inpatient,I10,,0,,0,3,10,*,0,90,0,0,0.5,,,therapy',
      'bad-setting,1,outpatient,I10,,0,,0,3,10,X,0,90,0,0,1.5,,,therapy',
      'bad-los,1,inpatient,,,0,,0,12,10,*,50,40,0.6,0.6,0,1500,,therapy',
      'ok,1,inpatient,I10,,0,,0,3,10,*,0,90,0,0,0.5,,,therapy',
      'short,1,inpatient',
    ];
    expect(issuesOf(rows.join('\n'))).toEqual([
      { file: 'mix.csv', line: 3, column: 'weight', message: 'weight must be a positive whole number' },
      { file: 'mix.csv', line: 4, column: 'care_setting', message: '"outpatient" is not inpatient or day-care' },
      { file: 'mix.csv', line: 4, column: 'sex', message: '"X" is not M, F or *' },
      { file: 'mix.csv', line: 4, column: 'emergency_rate', message: '1.5 is not a probability between 0 and 1' },
      { file: 'mix.csv', line: 5, column: 'principal', message: 'at least one principal diagnosis is needed' },
      { file: 'mix.csv', line: 5, column: 'los_mean', message: 'los_mean 12 is above los_max 10' },
      { file: 'mix.csv', line: 5, column: 'age_min', message: 'age_min 50 is above age_max 40' },
      {
        file: 'mix.csv',
        line: 5,
        column: 'birth_weight_min',
        message: 'give both birth_weight_min and birth_weight_max, or neither',
      },
      { file: 'mix.csv', line: 5, column: 'transfer_rate', message: 'death_rate + transfer_rate is above 1' },
      { file: 'mix.csv', line: 6, column: 'profile', message: 'duplicate profile "ok"' },
      { file: 'mix.csv', line: 7, message: 'expected 19 fields, found 3' },
    ]);
  });

  it('reports header problems before looking at rows', () => {
    const header = HEADER.replace('los_max', 'los_maximum');
    expect(issuesOf(`${header}\nx`)).toEqual([
      { file: 'mix.csv', line: 1, column: 'los_maximum', message: 'unknown column "los_maximum"' },
      { file: 'mix.csv', line: 1, column: 'los_max', message: 'missing column "los_max"' },
    ]);
    expect(issuesOf('')).toEqual([{ file: 'mix.csv', message: 'the file is empty' }]);
    expect(issuesOf(HEADER)).toEqual([{ file: 'mix.csv', message: 'no profiles in the file' }]);
  });

  it('puts the file and line in the error message', () => {
    expect(() => parseCaseMix(`${HEADER}\nx,1,inpatient,I10,,0,,0,3,10,*,0,90,0,0,2,,,t`, 'mix.csv')).toThrow(
      'mix.csv:2 [emergency_rate] 2 is not a probability between 0 and 1',
    );
  });
});
