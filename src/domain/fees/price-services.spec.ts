// Golden: fee-for-service and telemedicine lines, licences, monthly remote-monitoring fees.
import { Dec } from '../money/decimal';
import type { FeeScheduleEntry } from '../tariff-book/model';
import { testBook } from '../testing/book-builder';
import type { Licence } from './licence';
import { priceServices, type ServiceRecord } from './price-services';
import { FeeReturnCodes } from './return-codes';

const fee = (serviceCode: string, amount: string, over: Partial<FeeScheduleEntry> = {}): FeeScheduleEntry => ({
  serviceCode,
  title: serviceCode,
  unit: 'service',
  amount: new Dec(amount),
  validFrom: '2026-01-01',
  ...over,
});
const book = testBook({
  fees: [
    fee('CONS-GP', '45000.00'),
    fee('TM-VIDEO', '60000.00', { mode: 'video', validTo: '2026-03-31' }),
    fee('TM-VIDEO', '65000.00', { mode: 'video', validFrom: '2026-04-01' }),
    fee('TM-SF', '35000.00', { mode: 'store-forward' }),
    fee('TM-RPM', '120000.00', { mode: 'remote-monitoring', unit: 'patient-month' }),
    fee('LAB-OLD', '9000.00', { validFrom: '2025-01-01', validTo: '2025-12-31' }),
  ],
});
const licences: Licence[] = [
  { facilityId: 'F001', mode: 'video', validFrom: '2026-01-01', validTo: '2026-06-30' },
  { facilityId: 'F001', mode: 'remote-monitoring', validFrom: '2026-02-01' },
  { facilityId: 'F002', mode: 'store-forward', validFrom: '2026-01-01', validTo: '2026-01-31' },
];
let n = 0;
const svc = (
  facilityId: string,
  serviceCode: string,
  date: string,
  over: Partial<ServiceRecord> = {},
): ServiceRecord => ({
  facilityId,
  serviceId: `S${++n}`,
  serviceCode,
  date,
  patientId: 'P1',
  ...over,
});
const one = (s: ServiceRecord) => priceServices(book, [s], licences).lines[0];
const summary = (l: ReturnType<typeof one>) => [l.status, l.returnCode, l.reason, l.amount.toFixed(2)];

describe('golden: fee-for-service', () => {
  it('an ordinary service needs no licence: 2 × 45,000 = 90,000.00', () => {
    const l = one(svc('F003', 'CONS-GP', '2026-03-05', { quantity: 2 }));
    expect(summary(l)).toEqual(['paid', '0', 'PAID', '90000.00']);
    expect(l.src).toBe('fee-schedule.csv:CONS-GP:2026-01-01');
    expect(l.licence).toBeUndefined();
  });

  it('the fee valid on the service date: video 60,000.00 in March, 65,000.00 from April', () => {
    expect(one(svc('F001', 'TM-VIDEO', '2026-03-31')).amount.toFixed(2)).toBe('60000.00');
    const april = one(svc('F001', 'TM-VIDEO', '2026-04-01'));
    expect(april.amount.toFixed(2)).toBe('65000.00');
    expect(april.src).toBe('fee-schedule.csv:TM-VIDEO:2026-04-01');
    expect(april.licence).toBe('licence:F001:video:2026-01-01');
  });
});

describe('golden: telemedicine licences', () => {
  it('T01: never paid without a licence for the mode', () => {
    const l = one(svc('F001', 'TM-SF', '2026-03-05'));
    expect(summary(l)).toEqual(['rejected', 'T01', 'NO_LICENCE', '0.00']);
    expect(l.message).toBe('F001 holds no store-forward licence valid on 2026-03-05');
  });

  it('T01: the licence must be valid on the service date (both ends inclusive)', () => {
    expect(one(svc('F001', 'TM-VIDEO', '2026-06-30')).status).toBe('paid');
    expect(one(svc('F001', 'TM-VIDEO', '2026-07-01')).returnCode).toBe('T01');
    expect(one(svc('F002', 'TM-SF', '2026-01-31')).amount.toFixed(2)).toBe('35000.00');
    expect(one(svc('F002', 'TM-SF', '2026-02-01')).returnCode).toBe('T01');
    expect(one(svc('F001', 'TM-RPM', '2026-01-31')).returnCode).toBe('T01');
  });

  it('another facility’s licence does not count', () => {
    expect(one(svc('F002', 'TM-VIDEO', '2026-03-05')).returnCode).toBe(FeeReturnCodes.NO_LICENCE);
  });
});

describe('golden: remote monitoring, once per patient and month', () => {
  it('120,000.00 per (facility, patient, month) whatever the number of readings', () => {
    const r = priceServices(
      book,
      [
        svc('F001', 'TM-RPM', '2026-03-03', { serviceId: 'R10', patientId: 'P3' }),
        svc('F001', 'TM-RPM', '2026-03-01', { serviceId: 'R11', patientId: 'P3' }),
        svc('F001', 'TM-RPM', '2026-03-20', { serviceId: 'R12', patientId: 'P3', quantity: 30 }),
        svc('F001', 'TM-RPM', '2026-04-02', { serviceId: 'R13', patientId: 'P3' }),
        svc('F001', 'TM-RPM', '2026-03-05', { serviceId: 'R14', patientId: 'P4' }),
      ],
      licences,
    );
    // The earliest record of the month carries the fee (R11 on 1 March), the others are included.
    expect(r.lines.map((l) => [l.serviceId, l.status, l.reason, l.amount.toFixed(2)])).toEqual([
      ['R10', 'included', 'MONTHLY_FEE_ALREADY_PAID', '0.00'],
      ['R11', 'paid', 'PAID', '120000.00'],
      ['R12', 'included', 'MONTHLY_FEE_ALREADY_PAID', '0.00'],
      ['R13', 'paid', 'PAID', '120000.00'],
      ['R14', 'paid', 'PAID', '120000.00'],
    ]);
    expect(r.total.toFixed(2)).toBe('360000.00');
  });

  it('which line carries the fee does not depend on input order', () => {
    const records = [
      svc('F001', 'TM-RPM', '2026-03-07', { serviceId: 'B', patientId: 'P9' }),
      svc('F001', 'TM-RPM', '2026-03-07', { serviceId: 'A', patientId: 'P9' }),
      svc('F001', 'TM-RPM', '2026-03-09', { serviceId: 'C', patientId: 'P9' }),
    ];
    const paidId = (list: ServiceRecord[]) =>
      priceServices(book, list, licences).lines.find((l) => l.status === 'paid')?.serviceId;
    expect(paidId(records)).toBe('A');
    expect(paidId([...records].reverse())).toBe('A');
  });

  it('an unlicensed reading does not use up the month: the licensed one is paid', () => {
    const r = priceServices(
      book,
      [
        svc('F002', 'TM-RPM', '2026-03-01', { patientId: 'P5' }),
        svc('F001', 'TM-RPM', '2026-03-02', { patientId: 'P5' }),
      ],
      licences,
    );
    expect(r.lines.map((l) => [l.facilityId, l.returnCode, l.amount.toFixed(2)])).toEqual([
      ['F002', 'T01', '0.00'],
      ['F001', '0', '120000.00'],
    ]);
  });
});

describe('golden: rejected records', () => {
  it.each<[string, Partial<ServiceRecord>, string, string]>([
    ['unknown code', { serviceCode: 'XYZ' }, 'T02', 'service XYZ is not in the fee schedule'],
    ['no fee on the date', { serviceCode: 'LAB-OLD' }, 'T02', 'service LAB-OLD has no fee valid on 2026-03-05'],
    ['quantity 0', { quantity: 0 }, 'T03', 'quantity 0 is not a whole number >= 1'],
    ['quantity 1.5', { quantity: 1.5 }, 'T03', 'quantity 1.5 is not a whole number >= 1'],
    ['impossible date', { date: '2026-02-30' }, 'T04', 'service date "2026-02-30" is not a YYYY-MM-DD date'],
    ['other date format', { date: '05.03.2026' }, 'T04', 'service date "05.03.2026" is not a YYYY-MM-DD date'],
    ['empty patient id', { patientId: ' ' }, 'T05', 'missing patientId'],
  ])('%s → %s', (_name, over, code, message) => {
    const l = one(svc('F001', 'CONS-GP', '2026-03-05', over));
    expect([l.status, l.returnCode, l.message, l.amount.toFixed(2)]).toEqual(['rejected', code, message, '0.00']);
  });

  it('T06: the same (facility, service id) twice → the second is rejected', () => {
    const s = svc('F001', 'CONS-GP', '2026-03-05');
    const r = priceServices(book, [s, { ...s }, { ...s, facilityId: 'F003' }], licences);
    expect(r.lines.map((l) => l.returnCode)).toEqual(['0', 'T06', '0']);
  });

  it('refuses a malformed licence instead of ignoring it', () => {
    expect(() =>
      priceServices(book, [], [{ facilityId: 'F1', mode: 'fax' as never, validFrom: '2026-01-01' }]),
    ).toThrow('licence of F1: unknown mode "fax"');
    expect(() => priceServices(book, [], [{ facilityId: 'F1', mode: 'video', validFrom: '2026-1-1' }])).toThrow(
      'is not a date range',
    );
  });
});

describe('golden: totals per facility', () => {
  it('adds the paid lines of each facility and counts every status', () => {
    const r = priceServices(
      book,
      [
        svc('F001', 'CONS-GP', '2026-03-05', { quantity: 2 }), // 90,000
        svc('F002', 'TM-SF', '2026-01-20'), // 35,000
        svc('F001', 'TM-VIDEO', '2026-03-05'), // 60,000
        svc('F001', 'TM-SF', '2026-03-05'), // T01
        svc('F001', 'TM-RPM', '2026-03-05', { patientId: 'P7' }), // 120,000
        svc('F001', 'TM-RPM', '2026-03-06', { patientId: 'P7' }), // included
      ],
      licences,
    );
    expect(r.totals.map((t) => [t.facilityId, t.amount.toFixed(2), t.paid, t.included, t.rejected])).toEqual([
      ['F001', '270000.00', 3, 1, 1],
      ['F002', '35000.00', 1, 0, 0],
    ]);
    expect(r.total.toFixed(2)).toBe('305000.00');
  });
});
