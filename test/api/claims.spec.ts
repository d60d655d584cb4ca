import { startApi, type ApiHarness } from './support/api-app';
import { caseJson, fhirClaim } from './support/builders';
import { bearer, seedWorld, type World } from './support/world';

const CSV_HEADER =
  'facility_id,claim_id,patient_id,birth_date,sex,admission_at,discharge_at,admission_type,referral_id,discharge_mode,care_setting,principal_dx,secondary_dx,procedures';

describe('cases, pricing and FHIR claims', () => {
  let api: ApiHarness;
  let world: World;

  beforeAll(async () => {
    api = await startApi();
    world = await seedWorld(api);
  });
  afterAll(async () => {
    await api.close();
  });

  const as = (who: keyof World['tokens']) => ({
    get: (url: string) =>
      api
        .http()
        .get(url)
        .set(...bearer(world.tokens[who])),
    post: (url: string) =>
      api
        .http()
        .post(url)
        .set(...bearer(world.tokens[who])),
  });

  describe('POST /cases', () => {
    it('stores a new claim, ignores an identical resubmission and supersedes a changed one', async () => {
      const first = await as('clerkA')
        .post('/api/v1/cases')
        .send(caseJson({ claimId: 'K-1' }));
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        received: 1,
        inserted: 1,
        superseded: 0,
        unchanged: 0,
        rejected: 0,
        errors: [],
      });
      const v1 = first.body.outcomes[0];
      expect(v1).toEqual({ index: 0, status: 'inserted', caseId: expect.any(String), version: 1, month: '2026-01' });

      const again = await as('clerkA')
        .post('/api/v1/cases')
        .send(caseJson({ claimId: 'K-1' }));
      expect(again.body).toMatchObject({ received: 1, inserted: 0, unchanged: 1 });
      expect(again.body.outcomes[0]).toEqual({ ...v1, status: 'unchanged' });

      const changed = await as('clerkA')
        .post('/api/v1/cases')
        .send(caseJson({ claimId: 'K-1', dischargeAt: '2026-01-14T09:00' }));
      expect(changed.body).toMatchObject({ received: 1, superseded: 1 });
      const v2 = changed.body.outcomes[0];
      expect(v2).toMatchObject({ status: 'superseded', version: 2 });

      const old = await as('clerkA').get(`/api/v1/cases/${v1.caseId}`);
      expect(old.body).toMatchObject({ claimId: 'K-1', version: 1, status: 'superseded', supersededBy: v2.caseId });
      const current = await as('clerkA').get(`/api/v1/cases/${v2.caseId}`);
      expect(current.body).toMatchObject({
        claimId: 'K-1',
        version: 2,
        status: 'active',
        dischargeAt: '2026-01-14T09:00:00',
        principalDiagnosis: 'J189',
        latestPricing: null,
        latestPricingResult: null,
      });
    });

    it('reports each bad record of a batch with its JSON path and stores the good ones', async () => {
      const res = await as('officerA')
        .post('/api/v1/cases')
        .send([
          caseJson({ claimId: 'K-10' }),
          caseJson({ claimId: 'K-11', sex: 'X' }),
          caseJson({ claimId: 'K-12' }),
          caseJson({ claimId: 'K-12', patientId: 'P-77' }),
          caseJson({
            claimId: 'K-13',
            facilityId: 'FA2',
            secondaryDiagnoses: ['I10'],
            procedures: [{ code: 'APP01', date: '2026-01-10' }],
          }),
        ]);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ received: 5, inserted: 2, rejected: 3, errorCounts: { ENUM: 1, DUPLICATE: 2 } });
      expect(res.body.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
        ['$[1].sex', 'ENUM'],
        ['$[2].claimId', 'DUPLICATE'],
        ['$[3].claimId', 'DUPLICATE'],
      ]);
      expect(res.body.outcomes.map((o: { status: string }) => o.status)).toEqual([
        'inserted',
        'rejected',
        'rejected',
        'rejected',
        'inserted',
      ]);
      const k13 = await as('officerA').get(`/api/v1/cases/${res.body.outcomes[4].caseId}`);
      expect(k13.body).toMatchObject({
        facilityId: 'FA2',
        districtCode: 'DA',
        principalDiagnosis: 'J189',
        secondaryDiagnoses: ['I10'],
        procedures: [{ code: 'APP01', date: '2026-01-10' }],
      });
    });

    it('refuses planners and auditors (403): they do not file cases', async () => {
      for (const who of ['planner', 'auditor'] as const) {
        const res = await as(who)
          .post('/api/v1/cases')
          .send(caseJson({ claimId: 'NOPE' }));
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
    });
  });

  describe('POST /cases/price', () => {
    it('prices without storing: group, amounts and the explanation of every step', async () => {
      const before = (await as('admin').get('/api/v1/cases')).body.total;
      const res = await as('auditor')
        .post('/api/v1/cases/price')
        .send(caseJson({ claimId: 'PRICE-ONLY' }));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        tariffBook: { code: 'TINY', version: '1', status: 'published' },
        facility: { id: 'FA1', level: 'district' },
        status: 'priced',
        group: 'T01',
        groupNames: { en: 'Medical cases' },
        returnCode: '0',
        rowId: 'R4',
        edits: [],
        coverage: 'fund',
        coverageReason: null,
        effectiveWeight: '1.692',
        amount: '7106.40',
        fundAmount: '7106.40',
        patientAmount: '0.00',
        currency: 'UZS',
      });
      expect(res.body.explanation.steps.map((s: { k: string; v: string }) => `${s.k}=${s.v}`)).toEqual([
        'base=4200',
        'weight=2.324',
        'low-trim=0.632',
        'effective-weight=1.692',
        'level=1',
        'management=1',
        'coefficient-share=1',
        'round=half-up/2',
        'total=7106.40',
        'coverage=fund',
      ]);
      expect((await as('admin').get('/api/v1/cases')).body.total).toBe(before);
    });

    it("applies the facility's level and management coefficients: 7106.40 × 1.2 × 1.05 = 8954.06", async () => {
      const res = await as('auditor')
        .post('/api/v1/cases/price')
        .send(caseJson({ facilityId: 'FB1' }));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        facility: { id: 'FB1', level: 'regional' },
        amount: '8954.06',
        effectiveWeight: '1.692',
      });
    });

    it('sends a case the edits refuse to an error group with its return code, never a price', async () => {
      const res = await as('clerkA')
        .post('/api/v1/cases/price')
        .send(caseJson({ principalDiagnosis: 'Z99.9' }));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'error',
        group: 'ERR',
        returnCode: 'E03',
        edits: [{ code: 'E03', field: 'principalDiagnosis', message: 'unknown diagnosis code "Z999"' }],
        coverage: 'none',
        coverageReason: 'EDIT_ERROR',
        amount: '0.00',
      });
    });

    it('prices under a named book version, and says which parameter is missing or unknown', async () => {
      const named = await as('auditor').post('/api/v1/cases/price?book=TINY&version=1').send(caseJson());
      expect(named.body).toMatchObject({ tariffBook: { code: 'TINY', version: '1' }, amount: '7106.40' });
      const half = await as('auditor').post('/api/v1/cases/price?book=TINY').send(caseJson());
      expect(half.status).toBe(400);
      expect(half.body.error.details).toEqual([
        { path: 'query.version', field: 'version', code: 'REQUIRED', message: 'book and version go together' },
      ]);
      const unknown = await as('auditor').post('/api/v1/cases/price?book=TINY&version=9').send(caseJson());
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toEqual({ code: 'TARIFF_BOOK_NOT_FOUND', message: 'no tariff book TINY 9' });
    });

    it('409 when no published book is in force on the discharge date', async () => {
      const res = await as('auditor')
        .post('/api/v1/cases/price')
        .send(caseJson({ admissionAt: '2025-06-01T08:00', dischargeAt: '2025-06-02T08:00' }));
      expect(res.status).toBe(409);
      expect(res.body.error).toEqual({
        code: 'NO_TARIFF_BOOK_IN_FORCE',
        message: 'no published tariff book is in force on 2025-06-02',
      });
    });
  });

  describe('POST /fhir/Claim', () => {
    it('stores and prices the claim and answers a ClaimResponse; a resubmission is the same case and result', async () => {
      const res = await as('clerkA')
        .post('/api/v1/fhir/Claim')
        .send(fhirClaim({ facility: 'FA1', claimId: 'F-1' }));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
      const caseId = res.headers.location.split('/').pop();
      expect(res.body).toMatchObject({
        resourceType: 'ClaimResponse',
        id: caseId,
        outcome: 'complete',
        disposition: 'Priced in group T01.',
        processNote: [{ text: 'Group T01, return code 0: payment 7106.40 UZS (fund 7106.40, patient 0.00).' }],
      });
      expect(res.body.adjudication).toEqual([
        {
          category: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/adjudication', code: 'eligible' }] },
          amount: { value: 7106.4, currency: 'UZS' },
        },
        {
          category: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/adjudication', code: 'benefit' }] },
          amount: { value: 7106.4, currency: 'UZS' },
        },
        {
          category: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/adjudication', code: 'copay' }] },
          amount: { value: 0, currency: 'UZS' },
        },
      ]);
      const explanationUrl = res.body.extension.find(
        (e: { url: string }) => e.url === 'urn:hisob:fhir:explanation',
      ).valueUrl;

      const stored = await as('clerkA').get(`/api/v1/cases/${caseId}`);
      expect(stored.body).toMatchObject({
        facilityId: 'FA1',
        claimId: 'F-1',
        patientId: 'P-9',
        admissionAt: '2026-01-10T08:00:00',
        latestPricing: { status: 'priced', group: 'T01', amount: '7106.40' },
        latestPricingResult: { group: 'T01', amount: '7106.40', tariffBook: { code: 'TINY', version: '1' } },
      });
      expect(`/api/v1/pricing-results/${stored.body.latestPricing.id}`).toBe(explanationUrl);

      const again = await as('clerkA')
        .post('/api/v1/fhir/Claim')
        .send(fhirClaim({ facility: 'FA1', claimId: 'F-1' }));
      expect(again.headers.location).toBe(res.headers.location);
      expect(again.body.extension).toEqual(res.body.extension);
    });

    it('answers a Claim that fails intake with an OperationOutcome to a FHIR client, the error body otherwise', async () => {
      const claim = { ...fhirClaim({ facility: 'FA1', claimId: 'F-2' }), identifier: [] };
      const fhir = await as('clerkA').post('/api/v1/fhir/Claim').set('Accept', 'application/fhir+json').send(claim);
      expect(fhir.status).toBe(400);
      expect(fhir.body).toEqual({
        resourceType: 'OperationOutcome',
        issue: [
          {
            severity: 'error',
            code: 'required',
            details: {
              coding: [{ system: 'urn:hisob:intake-error', code: 'REQUIRED' }],
              text: "Claim.identifier[0].value is required (the facility's own claim id)",
            },
            expression: ['Claim.identifier[0].value'],
          },
        ],
      });
      const plain = await as('clerkA').post('/api/v1/fhir/Claim').send(claim);
      expect(plain.status).toBe(400);
      expect(plain.body.error).toEqual({
        code: 'VALIDATION_FAILED',
        message: "Claim.identifier[0].value: Claim.identifier[0].value is required (the facility's own claim id)",
        details: [
          {
            path: 'Claim.identifier[0].value',
            field: 'claimId',
            code: 'REQUIRED',
            message: "Claim.identifier[0].value is required (the facility's own claim id)",
          },
        ],
      });
    });
  });

  describe('POST /cases/import', () => {
    it('streams a CSV into intake and reports each bad line', async () => {
      const csv = [
        CSV_HEADER,
        'FA1,CSV-1,P-5,1970-05-05,F,2026-01-03T09:00,2026-01-08T10:00,emergency,,home,inpatient,J18.9,I10,',
        'FA2,CSV-2,P-6,1970-02-30,F,2026-01-03T09:00,2026-01-08T10:00,emergency,,home,inpatient,J18.9,,',
      ].join('\n');
      const res = await as('officerA')
        .post('/api/v1/cases/import?source=january.csv')
        .set('Content-Type', 'text/csv')
        .send(csv);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ received: 2, inserted: 1, rejected: 1 });
      expect(res.body.errors).toEqual([
        {
          file: 'january.csv',
          line: 3,
          path: 'january.csv:3',
          field: 'birth_date',
          code: 'FORMAT',
          message: 'birth_date is not a real calendar date or time',
        },
      ]);
      const listed = await as('officerA').get('/api/v1/cases?facility=FA1');
      expect(listed.body.items.map((c: { claimId: string }) => c.claimId)).toContain('CSV-1');
    });

    it('refuses a file without the required columns as a whole (400) and takes only CSV (415)', async () => {
      const bad = await as('officerA')
        .post('/api/v1/cases/import')
        .set('Content-Type', 'text/csv')
        .send('facility_id,claim_id\nFA1,X\n');
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('INVALID_FILE');
      expect(bad.body.error.details[0]).toMatchObject({ path: 'cases.csv:1', code: 'MISSING_COLUMN', line: 1 });
      const json = await as('officerA').post('/api/v1/cases/import').send({ not: 'csv' });
      expect(json.status).toBe(415);
    });

    it('is for admins and finance officers only', async () => {
      const res = await as('clerkA').post('/api/v1/cases/import').set('Content-Type', 'text/csv').send(CSV_HEADER);
      expect(res.status).toBe(403);
    });
  });

  describe('reading cases and pricing results', () => {
    it('filters cases by district, facility, month, group and status, paginated', async () => {
      const all = await as('admin').get('/api/v1/cases?pageSize=2');
      expect(all.body.page).toBe(1);
      expect(all.body.pageSize).toBe(2);
      expect(all.body.items).toHaveLength(2);
      const total = all.body.total as number;
      const page2 = await as('admin').get(`/api/v1/cases?pageSize=2&page=2`);
      expect(page2.body.total).toBe(total);
      expect(page2.body.items[0].id).not.toBe(all.body.items[0].id);

      const priced = await as('admin').get('/api/v1/cases?group=T01&district=DB');
      expect(priced.body.items.map((c: { claimId: string }) => c.claimId)).toEqual(['B-1']);
      expect((await as('admin').get('/api/v1/cases?month=2026-02')).body.total).toBe(0);
      const superseded = await as('admin').get('/api/v1/cases?status=superseded');
      expect(superseded.body.items.map((c: { claimId: string; version: number }) => [c.claimId, c.version])).toEqual([
        ['K-1', 1],
      ]);
    });

    it('lists pricing results with filters and shows one with its explanation', async () => {
      const list = await as('admin').get('/api/v1/pricing-results?district=DA&status=priced');
      expect(list.status).toBe(200);
      expect(list.body.items.every((r: { districtCode: string }) => r.districtCode === 'DA')).toBe(true);
      const a1 = list.body.items.find((r: { claimId: string }) => r.claimId === 'A-1');
      expect(a1).toMatchObject({
        id: world.resultA,
        caseId: world.caseA,
        facilityId: 'FA1',
        caseVersion: 1,
        month: '2026-01',
        status: 'priced',
        group: 'T01',
        returnCode: '0',
        rowId: 'R4',
        coverage: 'fund',
        effectiveWeight: '1.692',
        amount: '7106.40',
        fundAmount: '7106.40',
        patientAmount: '0.00',
      });
      expect(a1.explanation).toBeUndefined();
      const one = await as('admin').get(`/api/v1/pricing-results/${world.resultB}`);
      expect(one.body).toMatchObject({ claimId: 'B-1', amount: '8954.06' });
      expect(one.body.explanation.steps.at(-2)).toEqual({ k: 'total', v: '8954.06' });
      expect((await as('admin').get('/api/v1/pricing-results?group=NONE')).body.total).toBe(0);
    });

    it('404 for an id that does not exist', async () => {
      const res = await as('admin').get('/api/v1/cases/00000000-0000-4000-8000-000000000000');
      expect(res.status).toBe(404);
      expect(res.body.error).toEqual({
        code: 'CASE_NOT_FOUND',
        message: 'no case 00000000-0000-4000-8000-000000000000',
      });
    });
  });
});
