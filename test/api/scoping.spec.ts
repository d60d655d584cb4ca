import { startApi, type ApiHarness } from './support/api-app';
import { caseJson, fhirClaim } from './support/builders';
import { bearer, seedWorld, type World } from './support/world';

// A district officer of district A (and a clerk of facility FA1) gets nothing of district B by any
// endpoint: not in lists, not through a filter naming B, not by guessing an id. The scope is applied in
// the repository SQL, so each endpoint is checked from the outside here.
describe('scoping: nothing of another district, by any endpoint', () => {
  let api: ApiHarness;
  let world: World;
  let caseFA2: string;

  beforeAll(async () => {
    api = await startApi();
    world = await seedWorld(api);
    const res = await api
      .http()
      .post('/api/v1/cases')
      .set(...bearer(world.tokens.officerA))
      .send(caseJson({ facilityId: 'FA2', claimId: 'A-2' }));
    caseFA2 = res.body.outcomes[0].caseId;
  });
  afterAll(async () => {
    await api.close();
  });

  const get = (who: keyof World['tokens'], url: string) =>
    api
      .http()
      .get(url)
      .set(...bearer(world.tokens[who]));
  const post = (who: keyof World['tokens'], url: string) =>
    api
      .http()
      .post(url)
      .set(...bearer(world.tokens[who]));
  const keys = (body: { items: Record<string, unknown>[] }, key: string) => body.items.map((i) => i[key]);

  describe('GET /regions and /districts', () => {
    it('shows an officer only their region and district, even when asked for another', async () => {
      expect((await get('officerA', '/api/v1/regions')).body).toMatchObject({ total: 1, items: [{ code: 'R1' }] });
      expect((await get('officerB', '/api/v1/regions')).body).toMatchObject({ total: 1, items: [{ code: 'R2' }] });
      expect((await get('officerA', '/api/v1/districts')).body).toMatchObject({ total: 1, items: [{ code: 'DA' }] });
      expect((await get('officerA', '/api/v1/districts?region=R2')).body).toMatchObject({ total: 0, items: [] });
      expect((await get('clerkA', '/api/v1/districts')).body).toMatchObject({ total: 1, items: [{ code: 'DA' }] });
    });
  });

  describe('GET /facilities, /facilities/:id, /facilities/:id/licences', () => {
    it('lists only facilities in scope, whatever the filter', async () => {
      expect(keys((await get('officerA', '/api/v1/facilities')).body, 'id')).toEqual(['FA1', 'FA2']);
      expect(keys((await get('clerkA', '/api/v1/facilities')).body, 'id')).toEqual(['FA1']);
      for (const filter of ['district=DB', 'region=R2', 'level=regional']) {
        expect((await get('officerA', `/api/v1/facilities?${filter}`)).body).toMatchObject({ total: 0, items: [] });
      }
      expect((await get('clerkA', '/api/v1/facilities?type=primary-care')).body.total).toBe(0);
    });

    it('answers an id of another district exactly as an id that does not exist (404)', async () => {
      for (const [who, id] of [
        ['officerA', 'FB1'],
        ['clerkA', 'FA2'],
        ['officerB', 'FA1'],
      ] as const) {
        const hidden = await get(who, `/api/v1/facilities/${id}`);
        const missing = await get(who, '/api/v1/facilities/NO-SUCH');
        expect(hidden.status).toBe(404);
        expect(hidden.body.error).toEqual({ code: 'FACILITY_NOT_FOUND', message: `no facility ${id}` });
        expect(missing.body.error).toEqual({ code: 'FACILITY_NOT_FOUND', message: 'no facility NO-SUCH' });
        const licences = await get(who, `/api/v1/facilities/${id}/licences`);
        expect(licences.status).toBe(404);
        expect(licences.body.error.code).toBe('FACILITY_NOT_FOUND');
      }
      expect((await get('officerA', '/api/v1/facilities/FA1/licences')).body.total).toBe(1);
    });
  });

  describe('GET /enrolment/summary', () => {
    it("counts only the officer's own register, also when the query names another facility or district", async () => {
      const snapshot = 'snapshot=2026-01-01';
      expect((await get('officerA', `/api/v1/enrolment/summary?${snapshot}`)).body.total).toBe(3);
      expect((await get('officerB', `/api/v1/enrolment/summary?${snapshot}`)).body.total).toBe(1);
      expect((await get('officerA', `/api/v1/enrolment/summary?${snapshot}&facility=FB1`)).body.total).toBe(0);
      expect((await get('officerA', `/api/v1/enrolment/summary?${snapshot}&district=DB`)).body.total).toBe(0);
      expect((await get('clerkA', `/api/v1/enrolment/summary?${snapshot}&facility=FA2`)).body.total).toBe(0);
    });
  });

  describe('GET /cases and /cases/:id', () => {
    it('lists only cases in scope, whatever the filter', async () => {
      const a = await get('officerA', '/api/v1/cases');
      expect(new Set(keys(a.body, 'districtCode'))).toEqual(new Set(['DA']));
      expect(keys(a.body, 'claimId').sort()).toEqual(['A-1', 'A-2']);
      expect(keys((await get('clerkA', '/api/v1/cases')).body, 'claimId')).toEqual(['A-1']);
      expect(keys((await get('officerB', '/api/v1/cases')).body, 'claimId').sort()).toEqual(['B-1', 'B-2']);
      for (const filter of [
        'district=DB',
        'facility=FB1',
        'month=2026-01&district=DB',
        'group=T01&facility=FB1',
        'status=active&district=DB',
      ]) {
        expect((await get('officerA', `/api/v1/cases?${filter}`)).body).toMatchObject({ total: 0, items: [] });
      }
      expect((await get('clerkA', '/api/v1/cases?facility=FA2')).body.total).toBe(0);
    });

    it('answers the id of a case of another district (or facility) with the 404 of a missing one', async () => {
      for (const [who, id] of [
        ['officerA', world.caseB],
        ['officerA', world.unpricedCaseB],
        ['clerkA', caseFA2],
        ['clerkB', world.caseA],
      ] as const) {
        const res = await get(who, `/api/v1/cases/${id}`);
        expect(res.status).toBe(404);
        expect(res.body.error).toEqual({ code: 'CASE_NOT_FOUND', message: `no case ${id}` });
      }
      expect((await get('officerA', `/api/v1/cases/${world.caseA}`)).status).toBe(200);
      expect((await get('clerkA', `/api/v1/cases/${world.caseA}`)).status).toBe(200);
    });
  });

  describe('GET /pricing-results and /pricing-results/:id', () => {
    it('lists only results of cases in scope, whatever the filter', async () => {
      expect(keys((await get('officerA', '/api/v1/pricing-results')).body, 'id')).toEqual([world.resultA]);
      expect(keys((await get('officerB', '/api/v1/pricing-results')).body, 'id')).toEqual([world.resultB]);
      for (const filter of ['district=DB', 'facility=FB1', 'group=T01&district=DB', 'status=priced&facility=FB1']) {
        expect((await get('officerA', `/api/v1/pricing-results?${filter}`)).body).toMatchObject({
          total: 0,
          items: [],
        });
      }
    });

    it('404 for the id of a result of another district', async () => {
      const res = await get('officerA', `/api/v1/pricing-results/${world.resultB}`);
      expect(res.status).toBe(404);
      expect(res.body.error).toEqual({
        code: 'PRICING_RESULT_NOT_FOUND',
        message: `no pricing result ${world.resultB}`,
      });
      expect((await get('clerkB', `/api/v1/pricing-results/${world.resultA}`)).status).toBe(404);
      expect((await get('officerA', `/api/v1/pricing-results/${world.resultA}`)).status).toBe(200);
    });
  });

  describe('writes naming a facility of another district', () => {
    it('POST /cases refuses the record exactly as for a facility that does not exist, and stores nothing', async () => {
      const res = await post('officerA', '/api/v1/cases').send([
        caseJson({ facilityId: 'FB1', claimId: 'X-1' }),
        caseJson({ facilityId: 'NO-SUCH', claimId: 'X-2' }),
      ]);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ received: 2, inserted: 0, rejected: 2, errorCounts: { FACILITY_UNKNOWN: 2 } });
      expect(
        res.body.errors.map((e: { path: string; code: string; message: string }) => [e.path, e.code, e.message]),
      ).toEqual([
        ['$[0].facilityId', 'FACILITY_UNKNOWN', 'no facility FB1 that you may file cases for'],
        ['$[1].facilityId', 'FACILITY_UNKNOWN', 'no facility NO-SUCH that you may file cases for'],
      ]);
      expect(JSON.stringify(res.body)).not.toContain('DB');
      const clerk = await post('clerkA', '/api/v1/cases').send(caseJson({ facilityId: 'FA2', claimId: 'X-3' }));
      expect(clerk.body.errors[0]).toMatchObject({
        code: 'FACILITY_UNKNOWN',
        message: 'no facility FA2 that you may file cases for',
      });
      expect((await get('admin', '/api/v1/cases?facility=FB1')).body.total).toBe(2);
    });

    it('POST /cases/import refuses rows of another district the same way', async () => {
      const csv = [
        'facility_id,claim_id,patient_id,birth_date,sex,admission_at,discharge_at,admission_type,discharge_mode,care_setting,principal_dx',
        'FB1,X-4,P-1,1980-01-01,M,2026-01-10T08:00,2026-01-11T10:00,emergency,home,inpatient,J18.9',
      ].join('\n');
      const res = await post('officerA', '/api/v1/cases/import').set('Content-Type', 'text/csv').send(csv);
      expect(res.body).toMatchObject({ received: 1, inserted: 0, rejected: 1 });
      expect(res.body.errors[0]).toMatchObject({
        path: 'cases.csv:2',
        code: 'FACILITY_UNKNOWN',
        message: 'no facility FB1 that you may file cases for',
      });
    });

    it('POST /cases/price and POST /fhir/Claim answer 400 UNKNOWN_FACILITY, as for a missing facility', async () => {
      for (const facilityId of ['FB1', 'NO-SUCH']) {
        const price = await post('officerA', '/api/v1/cases/price').send(caseJson({ facilityId }));
        expect(price.status).toBe(400);
        expect(price.body.error).toEqual({
          code: 'UNKNOWN_FACILITY',
          message: `no facility ${facilityId} that you may act for`,
          details: [
            {
              path: '$.facilityId',
              field: 'facilityId',
              code: 'UNKNOWN_FACILITY',
              message: `no facility ${facilityId} that you may act for`,
            },
          ],
        });
        const claim = await post('clerkA', '/api/v1/fhir/Claim').send(
          fhirClaim({ facility: facilityId, claimId: 'X-5' }),
        );
        expect(claim.status).toBe(400);
        expect(claim.body.error.code).toBe('UNKNOWN_FACILITY');
        expect(claim.body.error.details[0].path).toBe('Claim.provider');
      }
      expect((await get('admin', '/api/v1/cases?facility=FB1')).body.total).toBe(2);
    });

    it('registry and tariff-book writes are admin-only (403), so no officer changes another district', async () => {
      const writes: [string, unknown][] = [
        ['/api/v1/regions', [{ code: 'R2', nameUz: 'x', nameRu: 'x', nameEn: 'x' }]],
        ['/api/v1/districts', [{ code: 'DB', regionCode: 'R2', nameUz: 'x', nameRu: 'x', nameEn: 'x' }]],
        [
          '/api/v1/facilities',
          [{ id: 'FB1', name: 'taken over', level: 'district', type: 'hospital', districtCode: 'DA' }],
        ],
        ['/api/v1/licences', [{ facilityId: 'FB1', kind: 'licence', number: 'L', validFrom: '2026-01-01' }]],
        ['/api/v1/tariff-books/TINY/1/retire', undefined],
      ];
      for (const [url, body] of writes) {
        const res = await post('officerA', url).send(body as object);
        expect(res.status).toBe(403);
      }
      expect((await get('admin', '/api/v1/facilities/FB1')).body).toMatchObject({
        name: 'B regional hospital',
        districtCode: 'DB',
      });
    });
  });

  describe('national data', () => {
    it('tariff books are the same rules everywhere: every role reads them', async () => {
      for (const who of ['officerA', 'officerB', 'clerkA', 'planner'] as const) {
        expect(keys((await get(who, '/api/v1/tariff-books')).body, 'code')).toEqual(['TINY']);
        expect((await get(who, '/api/v1/tariff-books/TINY/1')).status).toBe(200);
      }
    });

    it('planners, auditors and admins see every district', async () => {
      for (const who of ['planner', 'auditor', 'admin'] as const) {
        expect(keys((await get(who, '/api/v1/facilities')).body, 'id')).toEqual(['FA1', 'FA2', 'FB1']);
        expect((await get(who, '/api/v1/pricing-results')).body.total).toBe(2);
        expect((await get(who, `/api/v1/cases/${world.caseB}`)).status).toBe(200);
      }
    });
  });
});
