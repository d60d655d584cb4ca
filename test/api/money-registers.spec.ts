// The money registers over HTTP: POST /services/import, /advances/import, /adjustments/import (CSV
// bodies, finance officers and admin) and GET /advances, /adjustments (every role, scoped in SQL).
// District A's officer records and reads only district A's rows; another district's facility is
// refused exactly like one that does not exist.
import { startApi, type ApiHarness } from './support/api-app';
import { bearer, seedWorld, type Who, type World } from './support/world';

const ADVANCES = 'facility_id,month,amount,reference,paid_on';
const ADJUSTMENTS = 'facility_id,from_month,to_month,amount,reason';
const SERVICES = 'facility_id,service_id,patient_id,service_code,mode,service_date,quantity';
const lines = (...rows: string[]) => rows.join('\n') + '\n';

describe('money registers API', () => {
  let api: ApiHarness;
  let world: World;

  beforeAll(async () => {
    api = await startApi();
    world = await seedWorld(api);
    // December 2025 of district A is closed.
    await api.db.dataSource.query(
      `INSERT INTO settlement_months (district_code, month, status, closed_at, closed_by)
       VALUES ('DA', '2025-12', 'closed', now(), 'test')`,
    );
  });
  afterAll(async () => {
    await api.close();
  });

  const get = (who: Who, url: string) =>
    api
      .http()
      .get(url)
      .set(...bearer(world.tokens[who]));
  const postCsv = (who: Who, url: string, body: string) =>
    api
      .http()
      .post(url)
      .set(...bearer(world.tokens[who]))
      .set('Content-Type', 'text/csv')
      .send(body);
  /** An import report without its id and time. */
  const report = (body: Record<string, unknown>) => {
    const { importId, seconds, ...rest } = body;
    expect(importId).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof seconds).toBe('number');
    return rest;
  };

  it('records advances for the officer’s own facilities and refuses district B like an unknown facility', async () => {
    const res = await postCsv(
      'officerA',
      '/api/v1/advances/import',
      lines(
        ADVANCES,
        'FA1,2026-02,1500000.00,ORD-17,2026-02-03',
        'FB1,2026-02,900000.00,ORD-18,',
        'NO-SUCH,2026-02,900000.00,ORD-19,',
        'FA2,2025-12,10.00,ORD-20,',
        'FA2,2026-02,10.001,ORD-21,',
      ),
    );
    expect(res.status).toBe(200);
    const refusal = (line: number, facility: string) => ({
      file: 'advances.csv',
      line,
      path: `advances.csv:${line}`,
      field: 'facility_id',
      code: 'FACILITY_UNKNOWN',
      message: `no facility ${facility} that you may record advances for`,
    });
    expect(report(res.body)).toEqual({
      register: 'advances',
      received: 5,
      stored: 1,
      unchanged: 0,
      rejected: 4,
      storedAmount: '1500000.00',
      errors: [
        refusal(3, 'FB1'),
        refusal(4, 'NO-SUCH'),
        {
          file: 'advances.csv',
          line: 5,
          path: 'advances.csv:5',
          field: 'month',
          code: 'MONTH_CLOSED',
          message: 'month 2025-12 is closed for district DA',
        },
        {
          file: 'advances.csv',
          line: 6,
          path: 'advances.csv:6',
          field: 'amount',
          code: 'TOO_MANY_DECIMALS',
          message: 'amount 10.001 has more than 2 decimals (amounts are in sum and tiyin)',
        },
      ],
      errorsOmitted: 0,
      errorCounts: { FACILITY_UNKNOWN: 2, MONTH_CLOSED: 1, TOO_MANY_DECIMALS: 1 },
    });
    expect(JSON.stringify(res.body)).not.toContain('DB');

    const b = await postCsv(
      'officerB',
      '/api/v1/advances/import?source=feb.csv',
      lines(ADVANCES, 'FB1,2026-02,900000.00,ORD-18,'),
    );
    expect(report(b.body)).toMatchObject({ received: 1, stored: 1, rejected: 0, storedAmount: '900000.00' });
    // The same file again: nothing new.
    const again = await postCsv(
      'officerB',
      '/api/v1/advances/import',
      lines(ADVANCES, 'FB1,2026-02,900000.00,ORD-18,'),
    );
    expect(report(again.body)).toMatchObject({
      received: 1,
      stored: 0,
      unchanged: 1,
      rejected: 0,
      storedAmount: '0.00',
    });
  });

  it('lists advances within the caller’s scope, whatever the filter, with pagination', async () => {
    const all = await get('admin', '/api/v1/advances');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ page: 1, pageSize: 50, total: 2 });
    expect(
      all.body.items.map((i: Record<string, unknown>) => [
        i.facilityId,
        i.districtCode,
        i.month,
        i.amount,
        i.reference,
        i.paidOn,
        i.createdBy,
      ]),
    ).toEqual([
      ['FA1', 'DA', '2026-02', '1500000.00', 'ORD-17', '2026-02-03', 'officer.a'],
      ['FB1', 'DB', '2026-02', '900000.00', 'ORD-18', null, 'officer.b'],
    ]);
    const facilities = (body: { items: { facilityId: string }[] }) => body.items.map((i) => i.facilityId);
    expect(facilities((await get('officerA', '/api/v1/advances')).body)).toEqual(['FA1']);
    expect(facilities((await get('clerkA', '/api/v1/advances?month=2026-02')).body)).toEqual(['FA1']);
    expect(facilities((await get('officerB', '/api/v1/advances')).body)).toEqual(['FB1']);
    expect(facilities((await get('clerkB', '/api/v1/advances')).body)).toEqual(['FB1']);
    for (const filter of ['district=DB', 'facility=FB1', 'month=2026-02&district=DB']) {
      expect([filter, (await get('officerA', `/api/v1/advances?${filter}`)).body]).toEqual([
        filter,
        { items: [], page: 1, pageSize: 50, total: 0 },
      ]);
    }
    expect((await get('clerkA', '/api/v1/advances?facility=FA2')).body.total).toBe(0);
    const second = await get('planner', '/api/v1/advances?pageSize=1&page=2');
    expect([second.body.total, second.body.page, second.body.pageSize, facilities(second.body)]).toEqual([
      2,
      2,
      1,
      ['FB1'],
    ]);
    const bad = await get('officerA', '/api/v1/advances?month=2026-2');
    expect([bad.status, bad.body.error.details]).toEqual([
      400,
      [{ path: 'query.month', field: 'month', code: 'FORMAT', message: 'month must be a month YYYY-MM, got "2026-2"' }],
    ]);
  });

  it('records and lists adjustments the same way', async () => {
    const res = await postCsv(
      'officerA',
      '/api/v1/adjustments/import',
      lines(
        ADJUSTMENTS,
        'FA2,2025-12,2026-02,-125000.50,audit of December: two cases not documented',
        'FB1,2025-12,2026-02,5.00,not yours',
      ),
    );
    expect(report(res.body)).toEqual({
      register: 'adjustments',
      received: 2,
      stored: 1,
      unchanged: 0,
      rejected: 1,
      storedAmount: '-125000.50',
      errors: [
        {
          file: 'adjustments.csv',
          line: 3,
          path: 'adjustments.csv:3',
          field: 'facility_id',
          code: 'FACILITY_UNKNOWN',
          message: 'no facility FB1 that you may record adjustments for',
        },
      ],
      errorsOmitted: 0,
      errorCounts: { FACILITY_UNKNOWN: 1 },
    });
    await postCsv('admin', '/api/v1/adjustments/import', lines(ADJUSTMENTS, 'FB1,2026-01,2026-03,7.77,late claim'));
    const list = await get('officerA', '/api/v1/adjustments?toMonth=2026-02');
    expect(list.body).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    const [item] = list.body.items;
    expect(item).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      facilityId: 'FA2',
      districtCode: 'DA',
      fromMonth: '2025-12',
      toMonth: '2026-02',
      amount: '-125000.50',
      reason: 'audit of December: two cases not documented',
      sourceCaseId: null,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      createdBy: 'officer.a',
    });
    expect((await get('officerA', '/api/v1/adjustments?district=DB')).body.total).toBe(0);
    expect((await get('officerA', '/api/v1/adjustments?facility=FB1')).body.total).toBe(0);
    expect((await get('clerkA', '/api/v1/adjustments')).body.total).toBe(0); // FA2's, not the clerk's FA1
    const admin = (await get('auditor', '/api/v1/adjustments')).body;
    expect(
      admin.items.map((i: { facilityId: string; toMonth: string; amount: string }) => [
        i.facilityId,
        i.toMonth,
        i.amount,
      ]),
    ).toEqual([
      ['FB1', '2026-03', '7.77'],
      ['FA2', '2026-02', '-125000.50'],
    ]);
  });

  it('records services for the officer’s facilities only', async () => {
    const res = await postCsv(
      'officerA',
      '/api/v1/services/import',
      lines(SERVICES, 'FA1,SV-1,P-1,TM-VID-01,video,2026-02-10,1', 'FB1,SV-1,P-2,TM-VID-01,video,2026-02-10,1'),
    );
    expect(report(res.body)).toMatchObject({
      register: 'services',
      received: 2,
      stored: 1,
      rejected: 1,
      storedAmount: null,
      errorCounts: { FACILITY_UNKNOWN: 1 },
    });
    expect(res.body.errors[0]).toMatchObject({
      path: 'services.csv:3',
      message: 'no facility FB1 that you may record services for',
    });
    const stored = await api.db.dataSource.query(`SELECT facility_id, service_id, month FROM services ORDER BY 1, 2`);
    expect(stored).toEqual([{ facility_id: 'FA1', service_id: 'SV-1', month: '2026-02' }]);
  });

  it('lets only finance officers and admin record: 403 for the others, and nothing is stored', async () => {
    for (const url of ['/api/v1/services/import', '/api/v1/advances/import', '/api/v1/adjustments/import']) {
      for (const who of ['clerkA', 'planner', 'auditor'] as const) {
        const res = await postCsv(who, url, lines(ADVANCES, 'FA1,2026-02,1.00,X-1,'));
        expect([url, who, res.status, res.body.error]).toEqual([
          url,
          who,
          403,
          { code: 'FORBIDDEN', message: 'this needs one of the roles admin, finance-officer' },
        ]);
      }
    }
    const [{ n }] = await api.db.dataSource.query(`SELECT count(*)::int AS n FROM advances WHERE reference = 'X-1'`);
    expect(n).toBe(0);
  });

  it('refuses a body that is not CSV (415) and a CSV that cannot be read (400 INVALID_FILE), storing nothing', async () => {
    const json = await api
      .http()
      .post('/api/v1/advances/import')
      .set(...bearer(world.tokens.officerA))
      .send({ facility_id: 'FA1' });
    expect([json.status, json.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const broken = await postCsv(
      'officerA',
      '/api/v1/advances/import',
      lines('facility_id,month,amount', 'FA1,2026-02,1.00'),
    );
    expect([broken.status, broken.body.error]).toEqual([
      400,
      {
        code: 'INVALID_FILE',
        message: 'advances.csv:1 MISSING_COLUMN: missing column reference',
        details: [
          { path: 'advances.csv:1', field: '', code: 'MISSING_COLUMN', message: 'missing column reference', line: 1 },
        ],
      },
    ]);
    const unknown = await get('officerA', '/api/v1/adjustments?month=2026-02');
    expect([unknown.status, unknown.body.error.details[0].code]).toEqual([400, 'UNKNOWN_FIELD']);
  });
});
