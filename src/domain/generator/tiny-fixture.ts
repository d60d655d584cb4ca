// A tiny tariff book (as the files of a book directory) and a matching case-mix, for the generator
// specs and the CLI end-to-end spec. Figures are made up; this is not the sample book.
import { parseTariffBook } from '../tariff-book/parse-book';
import type { TariffBook } from '../tariff-book/model';

export const TINY_CASE_MIX_CSV = [
  'profile,weight,care_setting,principal,secondary,secondary_rate,procedures,procedure_rate,los_mean,los_max,sex,age_min,age_max,death_rate,transfer_rate,emergency_rate,birth_weight_min,birth_weight_max,department',
  'ami,20,inpatient,I219;I214,I10;E119,0.7,PCI01,0.6,8,30,*,40,89,0.08,0.05,0.95,,,cardiology',
  'pneumonia,40,inpatient,J189,I10;E119;J449,0.4,,0,6,21,*,1,80,0.02,0.01,0.8,,,therapy',
  'appendectomy,15,inpatient,K359,,0,APP01,0.95,4,14,*,5,70,0.001,0.01,0.9,,,surgery',
  'delivery,20,inpatient,O800,Z370,0.5,DEL01,0.3,3,7,F,16,45,0,0.01,0.6,,,obstetrics',
  'newborn-lbw,3,inpatient,P073,,0,,0,12,40,*,0,0,0.03,0.1,1,1500,2499,neonatology',
  'cataract,10,day-care,H251,,0,CAT01,1,0,0,*,45,90,0,0,0,,,ophthalmology',
].join('\n');

export const TINY_BOOK_FILES: ReadonlyMap<string, string> = new Map([
  [
    'manifest.json',
    JSON.stringify({
      code: 'TINY',
      version: '1',
      name: 'Tiny test book',
      effectiveFrom: '2026-01-01',
      currency: 'UZS',
      illustrative: true,
    }),
  ],
  [
    'diagnoses.csv',
    [
      'code,title,chapter,category,principal,sex,age_min,age_max',
      'I219,Acute MI,IX,05M01,Y,,,',
      'I214,Acute subendocardial MI,IX,05M01,Y,,,',
      'I10,Hypertension,IX,05M10,Y,,,',
      'E119,Type 2 diabetes,IV,10M01,Y,,,',
      'J189,Pneumonia,X,04M05,Y,,,',
      'J449,COPD,X,04M02,Y,,,',
      'K359,Acute appendicitis,XI,06M01,Y,,,',
      'O800,Spontaneous delivery,XV,14M01,Y,F,,',
      'Z370,Single live birth,XXI,99M00,N,,,',
      'P073,Preterm newborn,XVI,15M01,Y,,0,0',
      'H251,Senile nuclear cataract,VII,02M01,Y,,,',
      'N40,Prostatic hyperplasia,XIV,12M01,Y,M,,',
    ].join('\n'),
  ],
  [
    'procedures.csv',
    [
      'code,title,or,mdc',
      'PCI01,PCI,1,05',
      'APP01,Appendectomy,1,06',
      'DEL01,Delivery care,0,14',
      'CAT01,Cataract surgery,1,02',
    ].join('\n'),
  ],
  [
    'groups.csv',
    [
      'code,name_en,care_setting,kind,weight,mean_los,low_trim,high_trim,low_day_deduction,high_day_addon,guaranteed,return_code',
      'DC01,Day-care procedures,day-care,surgical,0.5,0,,,,,Y,',
      'S01,Operating-room procedures,inpatient,surgical,1.8,5,2,20,0.2,0.05,Y,',
      'T01,Medical cases,inpatient,therapeutic,2.324,6,3,25,0.316,0.04,Y,',
      'N01,Newborns,inpatient,therapeutic,3.1,12,4,40,0.3,0.05,N,',
      'ERR,Ungroupable,,error,0,0,,,,,N,E99',
    ].join('\n'),
  ],
  [
    'grouping-logic.csv',
    [
      'id,group,return_code,care_setting,principal_valid,or,mdc',
      'R1,DC01,0,day-care,+,,',
      'R2,N01,0,inpatient,+,,15',
      'R3,S01,0,inpatient,+,S,',
      'R4,T01,0,inpatient,+,,',
      'R9,ERR,E99,,,,',
    ].join('\n'),
  ],
  [
    'base-rates.csv',
    ['care_setting,region,valid_from,amount', 'inpatient,,2026-01-01,4200.00', 'day-care,,2026-01-01,1500.00'].join(
      '\n',
    ),
  ],
  [
    'coefficients.csv',
    [
      'code,kind,applies_to,value,condition,description',
      'LVL-D,level,district,1,,district',
      'LVL-R,level,regional,1.2,,regional',
      'LVL-P,level,republican,1.4,,republican',
      'SP-COMP,special,,0.2,age_years<4&flag=companion,parent stays with a small child',
    ].join('\n'),
  ],
  [
    'capitation-adjustments.csv',
    ['code,description,value', 'rural,Rural area,1.1', 'mountainous,Mountains,1.2'].join('\n'),
  ],
  [
    'fee-schedule.csv',
    [
      'service_code,title,mode,unit,amount',
      'TM-VIDEO,Video consultation,video,service,35000.00',
      'TM-RPM,Remote monitoring,remote-monitoring,patient-month,90000.00',
      'FFS-ECG,ECG,,service,25000.00',
    ].join('\n'),
  ],
]);

export function tinyBook(): TariffBook {
  return parseTariffBook(TINY_BOOK_FILES);
}
