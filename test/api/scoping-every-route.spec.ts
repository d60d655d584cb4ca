// Issue #3, "Who may do what": a district officer of district A (and a clerk of a facility in A) gets
// nothing of district B through any route — lists, filters, ids guessed, exports, actions. The route
// table below names, for every operation of the OpenAPI description, what keeps B's data out and the
// tests that prove it (here or in the older specs); a route added without a row fails the last test.
// The app is the full API (same modules, pipeline and error filter as main.ts) with an inline job
// driver, so settlement runs complete inside the test whether or not REDIS_URL is set.
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { loadAppConfig } from '../../src/infra/config/app-config';
import { configureHttpApp } from '../../src/infra/http/configure-app';
import { InlineJobDriver } from '../../src/jobs';
import { createTestDatabase } from '../support/test-database';
import type { ApiHarness } from './support/api-app';
import { caseJson, fhirClaim } from './support/builders';
import { bearer, seedWorld, type Who, type World } from './support/world';

const ROOT = join(__dirname, '..', '..');
const SCOPING = 'test/api/scoping.spec.ts';
const ROLES = 'test/api/roles.spec.ts';
const HEALTH = 'test/api/health-docs.spec.ts';
const SETTLEMENT_API = 'test/settlement/settlement-api.spec.ts';
const MONEY_API = 'test/api/money-registers.spec.ts';
const HERE = 'test/api/scoping-every-route.spec.ts';

/** Titles of the tests in this file, so the route table can point at them. */
const T = {
  geography:
    'GET /regions, /districts: a clerk sees only the region and district of their facility, whatever the filter',
  facilities:
    'GET /facilities, /facilities/{id}/licences: filters naming district B give a clerk nothing; licence filters do not open a hidden facility',
  enrolment: 'GET /enrolment/summary: a clerk counts only their own facility, whatever the filter',
  filterArrays: 'list filters given twice or as objects are refused (400), never widened',
  pricingResults:
    'GET /pricing-results, /pricing-results/{id}: a clerk lists and opens only results of their facility; a hidden id reads as a missing one',
  caseWrites:
    "POST /cases, /cases/import: re-filing district B's existing claim is refused as for an unknown facility, and B's case is untouched",
  fhirPrice:
    'POST /fhir/Claim, /cases/price: an officer (FHIR) and a clerk (price) naming district B get the answer of a missing facility',
  settleRequest:
    'POST /settlements: asking for district B, a region or the nation is refused as for an unknown district; nothing is created',
  settleKey: "POST /settlements: district B's idempotency key does not hand its run to district A",
  settleReads:
    "GET /settlements/{id} and every export: district B's run and a nation run read as a missing run for A's officer and clerk",
  settleOwn: "GET /settlements/{id}/statements, groups and exports: a clerk of A sees only their facility's rows",
  settleActions:
    "POST /settlements/{id}/approve, close, retry: B's run is a missing run for A's officer, before any status check, and stays as it was",
  registerWrites:
    "POST /services/import, /advances/import, /adjustments/import: district B's facilities are refused as unknown ones (closed month or not), nothing of B is stored; clerks 403",
  registerReads:
    "GET /advances, /adjustments: district B's rows reach neither A's officer nor A's clerk, whatever the filter",
  table: 'route table: every operation of the OpenAPI description is listed, with tests that exist',
} as const;

type Proof = readonly [file: string, test: string];

interface RouteRow {
  /** What keeps district B's data from district A's officer and clerk on this route. */
  guard: string;
  proofs: readonly Proof[];
}

const ADMIN_WRITE: readonly Proof[] = [
  [ROLES, '%s: 403 for the roles it is not for, never for admin and its roles'],
  [SCOPING, 'registry and tariff-book writes are admin-only (403), so no officer changes another district'],
];
const SETTLEMENT_EXPORT: RouteRow = {
  guard: 'as GET /settlements/{id}; a clerk gets only their facilities (statementsFor)',
  proofs: [
    [HERE, T.settleReads],
    [HERE, T.settleOwn],
  ],
};

/**
 * Every operation (`method path` as in the OpenAPI description). Users and API tokens have no HTTP
 * route: they are made with the CLI (`hisob users`, `hisob tokens`, test/api/users-cli.spec.ts).
 */
const ROUTE_TABLE: Record<string, RouteRow> = {
  'get /health': {
    guard: 'public liveness: database kind and Redis state only, no registry or claims data',
    proofs: [[HEALTH, 'reports the database without a token, and no redis entry when Redis is not configured']],
  },
  'get /api/v1/regions': {
    guard: "scopeFilter: regions holding one of the actor's districts (GeographyRepository.listRegions)",
    proofs: [
      [SCOPING, 'shows an officer only their region and district, even when asked for another'],
      [HERE, T.geography],
    ],
  },
  'get /api/v1/districts': {
    guard: 'scopeFilter on d.code, ANDed with ?region (GeographyRepository.listDistricts)',
    proofs: [
      [SCOPING, 'shows an officer only their region and district, even when asked for another'],
      [HERE, T.geography],
    ],
  },
  'post /api/v1/regions': { guard: 'admin only (403)', proofs: ADMIN_WRITE },
  'post /api/v1/districts': { guard: 'admin only (403)', proofs: ADMIN_WRITE },
  'get /api/v1/facilities': {
    guard: 'scopeFilter on f.district_code / f.id, ANDed with every filter (FacilitiesRepository.list)',
    proofs: [
      [SCOPING, 'lists only facilities in scope, whatever the filter'],
      [HERE, T.facilities],
      [HERE, T.filterArrays],
    ],
  },
  'get /api/v1/facilities/{id}': {
    guard: 'scopeFilter in the by-id query: 404 FACILITY_NOT_FOUND, as for a missing id',
    proofs: [[SCOPING, 'answers an id of another district exactly as an id that does not exist (404)']],
  },
  'get /api/v1/facilities/{id}/licences': {
    guard: 'the facility is looked up through the scope first (404), and the licence query is scoped too',
    proofs: [
      [SCOPING, 'answers an id of another district exactly as an id that does not exist (404)'],
      [HERE, T.facilities],
    ],
  },
  'post /api/v1/facilities': { guard: 'admin only (403)', proofs: ADMIN_WRITE },
  'post /api/v1/licences': { guard: 'admin only (403)', proofs: ADMIN_WRITE },
  'get /api/v1/tariff-books': {
    guard:
      'national, not district-scoped: a tariff book is the one set of rules every district is priced by, and has no district',
    proofs: [[SCOPING, 'tariff books are the same rules everywhere: every role reads them']],
  },
  'get /api/v1/tariff-books/{code}/{version}': {
    guard: 'national, as GET /tariff-books',
    proofs: [[SCOPING, 'tariff books are the same rules everywhere: every role reads them']],
  },
  'post /api/v1/tariff-books': { guard: 'admin only (403)', proofs: ADMIN_WRITE },
  'post /api/v1/tariff-books/{code}/{version}/publish': { guard: 'admin only (403)', proofs: ADMIN_WRITE },
  'post /api/v1/tariff-books/{code}/{version}/retire': { guard: 'admin only (403)', proofs: ADMIN_WRITE },
  'get /api/v1/enrolment/summary': {
    guard: 'scopeFilter on the enrolled facility, ANDed with ?facility and ?district (EnrolmentRepository.summary)',
    proofs: [
      [SCOPING, "counts only the officer's own register, also when the query names another facility or district"],
      [HERE, T.enrolment],
      [HERE, T.filterArrays],
    ],
  },
  'get /api/v1/cases': {
    guard: 'scopeFilter on c.district_code / c.facility_id, ANDed with every filter (CasesRepository.list)',
    proofs: [
      [SCOPING, 'lists only cases in scope, whatever the filter'],
      [HERE, T.filterArrays],
    ],
  },
  'get /api/v1/cases/{id}': {
    guard: 'scopeFilter in the by-id query: 404 CASE_NOT_FOUND, as for a missing id',
    proofs: [[SCOPING, 'answers the id of a case of another district (or facility) with the 404 of a missing one']],
  },
  'post /api/v1/cases': {
    guard: 'intake refuses a facility outside the scope before staging; the report reads as for an unknown facility',
    proofs: [
      [SCOPING, 'POST /cases refuses the record exactly as for a facility that does not exist, and stores nothing'],
      [HERE, T.caseWrites],
    ],
  },
  'post /api/v1/cases/import': {
    guard: 'as POST /cases, row by row; finance officers only (a clerk gets 403)',
    proofs: [
      [SCOPING, 'POST /cases/import refuses rows of another district the same way'],
      [HERE, T.caseWrites],
      [ROLES, '%s: 403 for the roles it is not for, never for admin and its roles'],
    ],
  },
  'post /api/v1/cases/price': {
    guard: 'the facility is looked up through the scope (400 UNKNOWN_FACILITY, as for a missing one); nothing stored',
    proofs: [
      [SCOPING, 'POST /cases/price and POST /fhir/Claim answer 400 UNKNOWN_FACILITY, as for a missing facility'],
      [HERE, T.fhirPrice],
    ],
  },
  'post /api/v1/fhir/Claim': {
    guard: 'as POST /cases/price, before anything is stored',
    proofs: [
      [SCOPING, 'POST /cases/price and POST /fhir/Claim answer 400 UNKNOWN_FACILITY, as for a missing facility'],
      [HERE, T.fhirPrice],
    ],
  },
  'get /api/v1/pricing-results': {
    guard: "scopeFilter on the result's case, ANDed with every filter (PricingResultsRepository.list)",
    proofs: [
      [SCOPING, 'lists only results of cases in scope, whatever the filter'],
      [HERE, T.pricingResults],
      [HERE, T.filterArrays],
    ],
  },
  'get /api/v1/pricing-results/{id}': {
    guard: 'scopeFilter in the by-id query: 404 PRICING_RESULT_NOT_FOUND, as for a missing id',
    proofs: [
      [SCOPING, '404 for the id of a result of another district'],
      [HERE, T.pricingResults],
    ],
  },
  'post /api/v1/settlements': {
    guard: 'assertMaySettle before anything is read or written: an officer settles only district:<own district>',
    proofs: [
      [SETTLEMENT_API, 'keeps runs and statements within the caller’s scope'],
      [HERE, T.settleRequest],
      [HERE, T.settleKey],
    ],
  },
  'get /api/v1/settlements/{id}': {
    guard: 'mayRead on the run scope: 404 RUN_NOT_FOUND, as for a missing id (SettlementController.readable)',
    proofs: [
      [SETTLEMENT_API, 'keeps runs and statements within the caller’s scope'],
      [HERE, T.settleReads],
    ],
  },
  'get /api/v1/settlements/{id}/statements': SETTLEMENT_EXPORT,
  'get /api/v1/settlements/{id}/groups': SETTLEMENT_EXPORT,
  'get /api/v1/settlements/{id}/statements.csv': SETTLEMENT_EXPORT,
  'get /api/v1/settlements/{id}/groups.csv': SETTLEMENT_EXPORT,
  'get /api/v1/settlements/{id}/settlement.xlsx': SETTLEMENT_EXPORT,
  'post /api/v1/settlements/{id}/approve': {
    guard: 'readable (404) before the status check, then assertMaySettle; clerks 403',
    proofs: [[HERE, T.settleActions]],
  },
  'post /api/v1/settlements/{id}/close': {
    guard: 'readable (404) before the status check, then assertMaySettle; clerks 403',
    proofs: [[HERE, T.settleActions]],
  },
  'post /api/v1/settlements/{id}/retry': {
    guard: 'readable (404) before the status check, then assertMaySettle; clerks 403',
    proofs: [[HERE, T.settleActions]],
  },
  'post /api/v1/services/import': {
    guard:
      'the importer keeps only rows whose facility passes scopeFilter, in SQL and before any month check: FACILITY_UNKNOWN "no facility X that you may record services for", as for a missing id; finance officers only (403)',
    proofs: [
      [HERE, T.registerWrites],
      [MONEY_API, 'records services for the officer’s facilities only'],
      [MONEY_API, 'lets only finance officers and admin record: 403 for the others, and nothing is stored'],
    ],
  },
  'post /api/v1/advances/import': {
    guard: 'as POST /services/import (RECORD_PAYMENTS, scopeFilter in runRegisterImport)',
    proofs: [
      [HERE, T.registerWrites],
      [MONEY_API, 'records advances for the officer’s own facilities and refuses district B like an unknown facility'],
      [MONEY_API, 'lets only finance officers and admin record: 403 for the others, and nothing is stored'],
    ],
  },
  'post /api/v1/adjustments/import': {
    guard: 'as POST /services/import (RECORD_PAYMENTS, scopeFilter in runRegisterImport)',
    proofs: [
      [HERE, T.registerWrites],
      [MONEY_API, 'records and lists adjustments the same way'],
      [MONEY_API, 'lets only finance officers and admin record: 403 for the others, and nothing is stored'],
    ],
  },
  'get /api/v1/advances': {
    guard: "scopeFilter on the facility's district / id, ANDed with every filter (RegistersRepository.advances)",
    proofs: [
      [HERE, T.registerReads],
      [MONEY_API, 'lists advances within the caller’s scope, whatever the filter, with pagination'],
    ],
  },
  'get /api/v1/adjustments': {
    guard: "scopeFilter on the facility's district / id, ANDed with every filter (RegistersRepository.adjustments)",
    proofs: [
      [HERE, T.registerReads],
      [MONEY_API, 'records and lists adjustments the same way'],
    ],
  },
};

const MISSING_ID = '00000000-0000-4000-8000-000000000000';
const CSV_HEADER =
  'facility_id,claim_id,patient_id,birth_date,sex,admission_at,discharge_at,admission_type,discharge_mode,care_setting,principal_dx';
const MONTH = '2026-01';
const SETTLEMENT_READS = ['', '/statements', '/groups', '/statements.csv', '/groups.csv', '/settlement.xlsx'];

/** Titles registered with `prove` in this file (the route table may only point at these). */
const registered = new Set<string>();
function prove(title: string, fn: () => Promise<void>): void {
  registered.add(title);
  it(title, fn);
}

interface Harness extends ApiHarness {
  driver: InlineJobDriver;
}

/** The API as startApi builds it, with an inline job driver the test owns (drained to finish runs). */
async function startApiWithInlineJobs(): Promise<Harness> {
  const db = await createTestDatabase();
  const driver = new InlineJobDriver();
  const config = loadAppConfig({});
  let app: INestApplication | undefined;
  try {
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot({ config, dataSource: db.dataSource, settlement: { driver, chunkSize: 2 } })],
    }).compile();
    app = moduleRef.createNestApplication({ bodyParser: false, logger: ['error'] });
    configureHttpApp(app);
    await app.init();
  } catch (error) {
    await app?.close();
    await driver.close();
    await db.drop();
    throw error;
  }
  const server = app.getHttpServer();
  const started = app;
  return {
    app: started,
    db,
    config,
    driver,
    http: () => request(server),
    close: async () => {
      await started.close();
      await driver.close();
      await db.drop();
    },
  };
}

/** A binary body (the XLSX export) as a Buffer. */
function binary(res: request.Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

async function sheetRows(xlsx: Buffer, name: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.getWorksheet(name)?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('scoping, route by route: district A gets nothing of district B', () => {
  let api: Harness;
  let world: World;
  let caseFA2: string;
  /** Settlement runs of January: district A (officer A), district B (officer B), the nation (admin). */
  let runA: string;
  let runB: string;
  let runNation: string;

  beforeAll(async () => {
    api = await startApiWithInlineJobs();
    world = await seedWorld(api);
    // A second case in A (FA2, not clerk A's facility) and one enrolled person at FA1, so a clerk's
    // own figures differ from their district's.
    const filed = await post('officerA', '/api/v1/cases').send(caseJson({ facilityId: 'FA2', claimId: 'A-2' }));
    caseFA2 = filed.body.outcomes[0].caseId;
    await api.db.dataSource.query(
      `INSERT INTO enrolments (facility_id, person_id, birth_date, sex, enrolled_from, enrolled_to)
       VALUES ('FA1', 'E-6', '1985-05-05', 'M', '2020-01-01', NULL)`,
    );
    const settle = async (who: Who, scope: string, key: string) => {
      const res = await post(who, '/api/v1/settlements').send({ scope, month: MONTH, idempotencyKey: key });
      if (res.status !== 202) throw new Error(`settle ${scope}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    };
    runA = await settle('officerA', 'district:DA', 'jan-da');
    runB = await settle('officerB', 'district:DB', 'jan-db');
    runNation = await settle('admin', 'nation', 'jan-nation');
    await api.driver.drain();
  });
  afterAll(async () => {
    await api?.close();
  });

  function get(who: Who, url: string) {
    return api
      .http()
      .get(url)
      .set(...bearer(world.tokens[who]));
  }
  function post(who: Who, url: string) {
    return api
      .http()
      .post(url)
      .set(...bearer(world.tokens[who]));
  }
  const keys = (body: { items: Record<string, unknown>[] }, key: string) => body.items.map((i) => i[key]);
  const empty = { total: 0, items: [] };

  describe('registries', () => {
    prove(T.geography, async () => {
      expect(keys((await get('clerkA', '/api/v1/regions')).body, 'code')).toEqual(['R1']);
      expect(keys((await get('clerkB', '/api/v1/regions')).body, 'code')).toEqual(['R2']);
      expect(keys((await get('officerB', '/api/v1/districts')).body, 'code')).toEqual(['DB']);
      expect(keys((await get('clerkB', '/api/v1/districts')).body, 'code')).toEqual(['DB']);
      expect((await get('clerkA', '/api/v1/districts?region=R2')).body).toMatchObject(empty);
    });

    prove(T.facilities, async () => {
      expect(keys((await get('clerkB', '/api/v1/facilities')).body, 'id')).toEqual(['FB1']);
      for (const filter of ['district=DB', 'region=R2', 'level=regional', 'district=DA&region=R2']) {
        expect([filter, (await get('clerkA', `/api/v1/facilities?${filter}`)).body]).toMatchObject([filter, empty]);
      }
      const hidden = await get('officerA', '/api/v1/facilities/FB1/licences?kind=telemedicine&validOn=2026-01-15');
      const missing = await get('officerA', '/api/v1/facilities/NO-SUCH/licences?kind=telemedicine');
      expect([hidden.status, hidden.body.error]).toEqual([
        404,
        { code: 'FACILITY_NOT_FOUND', message: 'no facility FB1' },
      ]);
      expect([missing.status, missing.body.error]).toEqual([
        404,
        { code: 'FACILITY_NOT_FOUND', message: 'no facility NO-SUCH' },
      ]);
      const own = await get('clerkA', '/api/v1/facilities/FA1/licences?kind=telemedicine&validOn=2026-01-15');
      expect(keys(own.body, 'number')).toEqual(['TA-1']);
      expect((await get('clerkB', '/api/v1/facilities/FA1/licences')).status).toBe(404);
    });

    prove(T.enrolment, async () => {
      const total = async (who: Who, query: string) =>
        (await get(who, `/api/v1/enrolment/summary?snapshot=2026-01-01${query}`)).body.total as number;
      expect(await total('officerA', '')).toBe(4);
      expect(await total('clerkA', '')).toBe(1);
      expect(await total('clerkA', '&district=DA')).toBe(1);
      expect(await total('clerkA', '&facility=FA2')).toBe(0);
      expect(await total('clerkA', '&facility=FB1')).toBe(0);
      expect(await total('clerkA', '&district=DB')).toBe(0);
      expect(await total('clerkB', '')).toBe(1);
      expect(await total('clerkB', '&facility=FA1')).toBe(0);
      expect(await total('officerB', '&district=DA')).toBe(0);
      const clerk = (await get('clerkA', '/api/v1/enrolment/summary?snapshot=2026-01-01')).body;
      expect(clerk.bySex).toEqual({ M: 1, F: 0, U: 0 });
      expect(clerk.bands.filter((b: { count: number }) => b.count > 0)).toEqual([
        { band: 'M 40-49', sex: 'M', ageFrom: 40, ageTo: 49, count: 1 },
      ]);
    });

    prove(T.filterArrays, async () => {
      const refused = async (url: string, field: string, code: string, message: string) => {
        const res = await get('officerA', url);
        expect([url, res.status, res.body.error.details]).toEqual([
          url,
          400,
          [{ path: `query.${field}`, field, code, message }],
        ]);
      };
      await refused('/api/v1/cases?district=DA&district=DB', 'district', 'TYPE', 'district must be a string');
      await refused('/api/v1/cases?facility[]=FB1', 'facility[]', 'UNKNOWN_FIELD', 'unknown field facility[]');
      await refused(
        '/api/v1/pricing-results?facility=FA1&facility=FB1',
        'facility',
        'TYPE',
        'facility must be a string',
      );
      await refused('/api/v1/facilities?district[a]=DB', 'district[a]', 'UNKNOWN_FIELD', 'unknown field district[a]');
      await refused(
        '/api/v1/enrolment/summary?snapshot=2026-01-01&district=DA&district=DB',
        'district',
        'TYPE',
        'district must be a string',
      );
    });
  });

  describe('cases and pricing results', () => {
    prove(T.pricingResults, async () => {
      expect(keys((await get('clerkA', '/api/v1/pricing-results')).body, 'id')).toEqual([world.resultA]);
      expect(keys((await get('clerkB', '/api/v1/pricing-results')).body, 'id')).toEqual([world.resultB]);
      for (const filter of ['district=DB', 'facility=FB1', 'month=2026-01&district=DB', 'group=T01&facility=FB1']) {
        expect([filter, (await get('clerkA', `/api/v1/pricing-results?${filter}`)).body]).toMatchObject([
          filter,
          empty,
        ]);
      }
      for (const [who, id] of [
        ['clerkA', world.resultB],
        ['officerA', world.resultB],
        ['officerB', world.resultA],
      ] as const) {
        const hidden = await get(who, `/api/v1/pricing-results/${id}`);
        const missing = await get(who, `/api/v1/pricing-results/${MISSING_ID}`);
        expect([hidden.status, hidden.body.error]).toEqual([
          404,
          { code: 'PRICING_RESULT_NOT_FOUND', message: `no pricing result ${id}` },
        ]);
        expect([missing.status, missing.body.error]).toEqual([
          404,
          { code: 'PRICING_RESULT_NOT_FOUND', message: `no pricing result ${MISSING_ID}` },
        ]);
      }
      expect((await get('clerkA', `/api/v1/pricing-results/${world.resultA}`)).status).toBe(200);
      expect((await get('clerkA', `/api/v1/cases/${caseFA2}`)).status).toBe(404);
    });

    prove(T.caseWrites, async () => {
      const before = (await get('admin', `/api/v1/cases/${world.caseB}`)).body;
      // B-1 of FB1 exists: a changed record would supersede it if the scope did not stop it.
      const changed = caseJson({ facilityId: 'FB1', claimId: 'B-1', patientId: 'P-9', principalDiagnosis: 'I10' });
      for (const who of ['officerA', 'clerkA'] as const) {
        const res = await post(who, '/api/v1/cases').send([changed]);
        expect([who, res.status, res.body]).toMatchObject([
          who,
          200,
          { received: 1, inserted: 0, superseded: 0, unchanged: 0, rejected: 1, errorCounts: { FACILITY_UNKNOWN: 1 } },
        ]);
        const refusal = {
          file: 'request',
          line: 1,
          path: '$[0].facilityId',
          field: 'facilityId',
          code: 'FACILITY_UNKNOWN',
          message: 'no facility FB1 that you may file cases for',
        };
        expect(res.body.errors).toEqual([refusal]);
        expect(res.body.outcomes).toEqual([{ index: 0, status: 'rejected', errors: [refusal] }]);
        expect(JSON.stringify(res.body)).not.toContain('DB');
      }
      const csv = [
        CSV_HEADER,
        'FB1,B-1,P-9,1980-01-01,M,2026-01-10T08:00,2026-01-12T10:00,emergency,home,inpatient,I10',
        'NO-SUCH,B-1,P-9,1980-01-01,M,2026-01-10T08:00,2026-01-12T10:00,emergency,home,inpatient,I10',
      ].join('\n');
      const imported = await post('officerA', '/api/v1/cases/import').set('Content-Type', 'text/csv').send(csv);
      expect(imported.status).toBe(200);
      expect(imported.body).toMatchObject({
        received: 2,
        inserted: 0,
        superseded: 0,
        unchanged: 0,
        rejected: 2,
        errorCounts: { FACILITY_UNKNOWN: 2 },
      });
      expect(imported.body.errors.map((e: { path: string; message: string }) => [e.path, e.message])).toEqual([
        ['cases.csv:2', 'no facility FB1 that you may file cases for'],
        ['cases.csv:3', 'no facility NO-SUCH that you may file cases for'],
      ]);
      const after = await get('admin', `/api/v1/cases/${world.caseB}`);
      expect(after.body).toEqual(before);
      expect(after.body).toMatchObject({ claimId: 'B-1', version: 1, status: 'active', supersededBy: null });
      expect(keys((await get('admin', '/api/v1/cases?facility=FB1')).body, 'claimId').sort()).toEqual(['B-1', 'B-2']);
    });

    prove(T.fhirPrice, async () => {
      const unknown = (facilityId: string, path: string) => ({
        code: 'UNKNOWN_FACILITY',
        message: `no facility ${facilityId} that you may act for`,
        details: [
          {
            path,
            field: 'facilityId',
            code: 'UNKNOWN_FACILITY',
            message: `no facility ${facilityId} that you may act for`,
          },
        ],
      });
      for (const facility of ['FB1', 'NO-SUCH']) {
        // B-1 is district B's existing claim; the FHIR client's Accept header does not change the answer.
        for (const accept of ['application/json', 'application/fhir+json']) {
          const claim = await post('officerA', '/api/v1/fhir/Claim')
            .set('Accept', accept)
            .send(fhirClaim({ facility, claimId: 'B-1', principal: 'I10' }));
          expect([facility, accept, claim.status, claim.body.error]).toEqual([
            facility,
            accept,
            400,
            unknown(facility, 'Claim.provider'),
          ]);
        }
        for (const id of [facility, 'FA2']) {
          const price = await post('clerkA', '/api/v1/cases/price').send(caseJson({ facilityId: id }));
          expect([id, price.status, price.body.error]).toEqual([id, 400, unknown(id, '$.facilityId')]);
        }
      }
      const b1 = (await get('admin', `/api/v1/cases/${world.caseB}`)).body;
      expect(b1).toMatchObject({ version: 1, status: 'active', principalDiagnosis: 'J189' });
      expect(b1.latestPricing.id).toBe(world.resultB);
    });
  });

  describe('settlements', () => {
    const notFound = (id: string) => ({ code: 'RUN_NOT_FOUND', message: `no settlement run ${id}` });
    const runCount = async () =>
      Number((await api.db.dataSource.query(`SELECT count(*)::int AS n FROM settlement_runs`))[0].n);

    prove(T.settleRequest, async () => {
      const runs = await runCount();
      const cases: [Who, string, number, { code: string; message: string }][] = [
        ['officerA', 'district:DB', 400, { code: 'UNKNOWN_SCOPE', message: 'no district DB that you may settle' }],
        ['officerA', 'district:NOPE', 400, { code: 'UNKNOWN_SCOPE', message: 'no district NOPE that you may settle' }],
        ['officerA', 'region:R2', 400, { code: 'UNKNOWN_SCOPE', message: 'you may settle only your own districts' }],
        ['officerA', 'region:R1', 400, { code: 'UNKNOWN_SCOPE', message: 'you may settle only your own districts' }],
        ['officerA', 'region:NOPE', 400, { code: 'UNKNOWN_SCOPE', message: 'you may settle only your own districts' }],
        ['officerA', 'nation', 400, { code: 'UNKNOWN_SCOPE', message: 'you may settle only your own districts' }],
        ['officerB', 'district:DA', 400, { code: 'UNKNOWN_SCOPE', message: 'no district DA that you may settle' }],
        [
          'clerkA',
          'district:DA',
          403,
          { code: 'FORBIDDEN', message: 'this needs one of the roles admin, finance-officer' },
        ],
        [
          'clerkA',
          'district:DB',
          403,
          { code: 'FORBIDDEN', message: 'this needs one of the roles admin, finance-officer' },
        ],
      ];
      for (const [who, scope, status, error] of cases) {
        const res = await post(who, '/api/v1/settlements').send({
          scope,
          month: '2026-02',
          idempotencyKey: `k-${who}-${scope}`,
        });
        expect([who, scope, res.status, res.body.error]).toEqual([who, scope, status, error]);
      }
      expect(await runCount()).toBe(runs);
    });

    prove(T.settleKey, async () => {
      // B's own request again, sent by A: the scope is refused before the key is looked up, so the
      // answer does not carry B's run.
      const res = await post('officerA', '/api/v1/settlements')
        .set('Idempotency-Key', 'jan-db')
        .send({ scope: 'district:DB', month: MONTH });
      expect([res.status, res.body.error]).toEqual([
        400,
        { code: 'UNKNOWN_SCOPE', message: 'no district DB that you may settle' },
      ]);
      expect(JSON.stringify(res.body)).not.toContain(runB);
      // Keys belong to a scope: the same key in A's own district is simply A's request (a run of DA),
      // telling nothing of B's.
      const own = await post('officerA', '/api/v1/settlements').send({
        scope: 'district:DA',
        month: '2026-02',
        idempotencyKey: 'jan-db',
      });
      expect([own.status, own.body.scope.code, own.body.month]).toEqual([202, 'DA', '2026-02']);
      expect(own.body.id).not.toBe(runB);
      expect(JSON.stringify(own.body)).not.toContain('DB');
    });

    prove(T.settleReads, async () => {
      const pairs: [Who, string][] = [
        ['officerA', runB],
        ['officerA', runNation],
        ['clerkA', runB],
        ['clerkA', runNation],
        ['officerB', runA],
        ['clerkB', runA],
        ['clerkB', runNation],
      ];
      for (const suffix of SETTLEMENT_READS) {
        for (const [who, id] of pairs) {
          const res = await get(who, `/api/v1/settlements/${id}${suffix}`);
          expect([who, suffix, res.status, res.body.error]).toEqual([who, suffix, 404, notFound(id)]);
        }
        const missing = await get('officerA', `/api/v1/settlements/${MISSING_ID}${suffix}`);
        expect([suffix, missing.status, missing.body.error]).toEqual([suffix, 404, notFound(MISSING_ID)]);
        // The same routes do answer the run's own district and the nationwide roles.
        for (const [who, id] of [
          ['officerB', runB],
          ['clerkB', runB],
          ['planner', runNation],
        ] as const) {
          const ok = await get(who, `/api/v1/settlements/${id}${suffix}`).buffer(true).parse(binary);
          expect([who, suffix, ok.status]).toEqual([who, suffix, 200]);
        }
      }
      const nation = (await get('auditor', `/api/v1/settlements/${runNation}/statements`)).body;
      expect(nation.statements.map((s: { facilityId: string }) => s.facilityId)).toEqual(['FA1', 'FA2', 'FB1']);
    });

    prove(T.settleOwn, async () => {
      const officer = (await get('officerA', `/api/v1/settlements/${runA}/statements`)).body;
      expect(
        officer.statements.map((s: { facilityId: string; netPayable: string }) => [s.facilityId, s.netPayable]),
      ).toEqual([
        ['FA1', '7106.40'],
        ['FA2', '7106.40'],
      ]);
      expect(officer.totals).toMatchObject({ facilities: 2, netPayable: '14212.80' });

      const statements = (await get('clerkA', `/api/v1/settlements/${runA}/statements`)).body;
      expect(statements.statements.map((s: { facilityId: string }) => s.facilityId)).toEqual(['FA1']);
      expect(statements.totals).toMatchObject({ facilities: 1, casesPriced: 1, netPayable: '7106.40' });
      expect((await get('clerkA', `/api/v1/settlements/${runA}/groups`)).body).toEqual([
        {
          facilityId: 'FA1',
          groupCode: 'T01',
          groupName: 'Medical cases',
          cases: 1,
          weightSum: '1.692',
          amount: '7106.40',
        },
      ]);
      const csv = await get('clerkA', `/api/v1/settlements/${runA}/statements.csv`);
      expect(csv.text.split('\r\n').slice(1)).toEqual([
        'FA1,A central hospital,DA,district,1,0,0,1.6920,7106.40,0.00,0,0.00,0.00,0.00,0.00,0,0,0.00,0.00,0.00,7106.40',
        'Total,1 facilities,,,1,0,0,1.6920,7106.40,0.00,0,0.00,0.00,0.00,0.00,0,0,0.00,0.00,0.00,7106.40',
        '',
      ]);
      const groupsCsv = await get('clerkA', `/api/v1/settlements/${runA}/groups.csv`);
      expect(groupsCsv.text.split('\r\n').slice(1)).toEqual(['FA1,T01,Medical cases,1,1.692,7106.40', '']);
      const xlsx = await get('clerkA', `/api/v1/settlements/${runA}/settlement.xlsx`).buffer(true).parse(binary);
      expect(xlsx.status).toBe(200);
      const book = xlsx.body as Buffer;
      expect((await sheetRows(book, 'Statements')).map((r) => r[0])).toEqual(['Facility ID', 'FA1', 'Total']);
      expect((await sheetRows(book, 'Groups')).map((r) => r[0])).toEqual(['Facility ID', 'FA1']);
      // The run itself (GET /settlements/{id}, and the workbook's Summary sheet) carries the clerk's
      // own totals, not the district's (14,212.80), from which FA2's share could be worked out.
      const run = (await get('clerkA', `/api/v1/settlements/${runA}`)).body;
      expect(run.totals).toMatchObject({ facilities: 1, lines: 1, casesAmount: '7106.40', netPayable: '7106.40' });
      const summary = new Map((await sheetRows(book, 'Summary')).map((r) => [r[0], r[1]]));
      expect([summary.get('Facilities'), summary.get('Net payable')]).toEqual([1, 7106.4]);
      const officerRun = (await get('officerA', `/api/v1/settlements/${runA}`)).body;
      expect(officerRun.totals).toMatchObject({
        facilities: 2,
        lines: 2,
        casesAmount: '14212.80',
        netPayable: '14212.80',
      });
    });

    prove(T.settleActions, async () => {
      const status = async (id: string) => {
        const run = (await get('admin', `/api/v1/settlements/${id}`)).body;
        return [run.status, run.approvedBy, run.closedBy];
      };
      for (const id of [runB, runNation]) {
        for (const action of ['approve', 'close', 'retry']) {
          const res = await post('officerA', `/api/v1/settlements/${id}/${action}`);
          expect([action, res.status, res.body.error]).toEqual([action, 404, notFound(id)]);
          const clerk = await post('clerkA', `/api/v1/settlements/${id}/${action}`);
          expect([action, clerk.status, clerk.body.error.code]).toEqual([action, 403, 'FORBIDDEN']);
        }
      }
      expect(await status(runB)).toEqual(['computed', null, null]);
      // B's officer gets the status checks A never reached (409), then approves.
      const retry = await post('officerB', `/api/v1/settlements/${runB}/retry`);
      expect([retry.status, retry.body.error]).toEqual([
        409,
        { code: 'INVALID_STATUS', message: `run ${runB} is computed; this needs a run that is failed` },
      ]);
      const close = await post('officerB', `/api/v1/settlements/${runB}/close`);
      expect([close.status, close.body.error.code]).toEqual([409, 'INVALID_STATUS']);
      expect((await post('officerB', `/api/v1/settlements/${runB}/approve`)).status).toBe(200);
      const closeByA = await post('officerA', `/api/v1/settlements/${runB}/close`);
      expect([closeByA.status, closeByA.body.error]).toEqual([404, notFound(runB)]);
      expect(await status(runB)).toEqual(['approved', 'officer.b', null]);
      const open: unknown[] = await api.db.dataSource.query(
        `SELECT 1 FROM settlement_months WHERE district_code = 'DB' AND status = 'closed'`,
      );
      expect(open).toEqual([]);
      // The same actions by A on A's own run do get through.
      expect((await post('officerA', `/api/v1/settlements/${runA}/approve`)).body).toMatchObject({
        status: 'approved',
        approvedBy: 'officer.a',
      });
    });
  });

  describe('money registers', () => {
    const postCsv = (who: Who, url: string, body: string[]) =>
      post(who, url)
        .set('Content-Type', 'text/csv')
        .send(body.join('\n') + '\n');
    const IMPORTS: [string, string, string, string, string][] = [
      // route, register, header, a row of FB1 (district B; its November is closed), a row of a missing facility
      [
        '/api/v1/services/import',
        'services',
        'facility_id,service_id,patient_id,service_code,mode,service_date,quantity',
        'FB1,SV-B,P-1,TM-VID-01,video,2025-11-10,1',
        'NO-SUCH,SV-B,P-1,TM-VID-01,video,2026-02-10,1',
      ],
      [
        '/api/v1/advances/import',
        'advances',
        'facility_id,month,amount,reference,paid_on',
        'FB1,2025-11,100.00,ADV-B,',
        'NO-SUCH,2026-02,100.00,ADV-B,',
      ],
      [
        '/api/v1/adjustments/import',
        'adjustments',
        'facility_id,from_month,to_month,amount,reason',
        'FB1,2025-10,2025-11,-100.00,recovery',
        'NO-SUCH,2025-10,2026-02,-100.00,recovery',
      ],
    ];

    prove(T.registerWrites, async () => {
      await api.db.dataSource.query(
        `INSERT INTO settlement_months (district_code, month, status, closed_at, closed_by)
         VALUES ('DB', '2025-11', 'closed', now(), 'test')`,
      );
      const ofB = async () =>
        (
          await api.db.dataSource.query(
            `SELECT (SELECT count(*) FROM services WHERE facility_id = 'FB1')
                  + (SELECT count(*) FROM advances WHERE facility_id = 'FB1')
                  + (SELECT count(*) FROM adjustments WHERE facility_id = 'FB1') AS n`,
          )
        )[0].n as string | number;
      expect(Number(await ofB())).toBe(0);
      for (const [url, register, header, rowB, missing] of IMPORTS) {
        const res = await postCsv('officerA', url, [header, rowB, missing]);
        const refusal = (line: number, id: string) => ({
          file: `${register}.csv`,
          line,
          path: `${register}.csv:${line}`,
          field: 'facility_id',
          code: 'FACILITY_UNKNOWN',
          message: `no facility ${id} that you may record ${register} for`,
        });
        expect([url, res.status, res.body.errors, res.body.errorCounts]).toEqual([
          url,
          200,
          [refusal(2, 'FB1'), refusal(3, 'NO-SUCH')],
          { FACILITY_UNKNOWN: 2 },
        ]);
        expect(res.body).toMatchObject({ received: 2, stored: 0, unchanged: 0, rejected: 2 });
        expect(JSON.stringify(res.body)).not.toContain('DB');
        const clerk = await postCsv('clerkA', url, [header, rowB]);
        expect([url, clerk.status, clerk.body.error]).toEqual([
          url,
          403,
          { code: 'FORBIDDEN', message: 'this needs one of the roles admin, finance-officer' },
        ]);
      }
      expect(Number(await ofB())).toBe(0);
    });

    prove(T.registerReads, async () => {
      for (const [who, facility] of [
        ['officerA', 'FA1'],
        ['officerB', 'FB1'],
      ] as const) {
        const advance = await postCsv(who, '/api/v1/advances/import', [
          'facility_id,month,amount,reference,paid_on',
          `${facility},2026-02,250.00,FEB-${facility},`,
        ]);
        const adjustment = await postCsv(who, '/api/v1/adjustments/import', [
          'facility_id,from_month,to_month,amount,reason',
          `${facility},2026-01,2026-02,-12.50,correction of January`,
        ]);
        expect([who, advance.body.stored, adjustment.body.stored]).toEqual([who, 1, 1]);
      }
      for (const list of ['/api/v1/advances', '/api/v1/adjustments']) {
        expect([list, keys((await get('officerA', list)).body, 'facilityId')]).toEqual([list, ['FA1']]);
        expect([list, keys((await get('clerkA', list)).body, 'facilityId')]).toEqual([list, ['FA1']]);
        expect([list, keys((await get('officerB', list)).body, 'facilityId')]).toEqual([list, ['FB1']]);
        expect([list, keys((await get('clerkB', list)).body, 'facilityId')]).toEqual([list, ['FB1']]);
        expect([list, keys((await get('admin', list)).body, 'facilityId')]).toEqual([list, ['FA1', 'FB1']]);
        for (const filter of ['district=DB', 'facility=FB1', 'district=DA&facility=FB1']) {
          for (const who of ['officerA', 'clerkA'] as const) {
            expect([list, filter, who, (await get(who, `${list}?${filter}`)).body]).toMatchObject([
              list,
              filter,
              who,
              empty,
            ]);
          }
        }
        expect([list, (await get('clerkA', `${list}?facility=FA2`)).body]).toMatchObject([list, empty]);
      }
      const twice = await get('officerA', '/api/v1/advances?district=DA&district=DB');
      expect([twice.status, twice.body.error.details]).toEqual([
        400,
        [{ path: 'query.district', field: 'district', code: 'TYPE', message: 'district must be a string' }],
      ]);
    });
  });

  prove(T.table, async () => {
    const doc = await api.http().get('/docs-json');
    const operations = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`))
      .sort();
    expect(operations).toEqual(Object.keys(ROUTE_TABLE).sort());
    expect(operations.filter((o) => /user|token/i.test(o))).toEqual([]);
    const sources = new Map<string, string>();
    const missing: string[] = [];
    for (const [route, row] of Object.entries(ROUTE_TABLE)) {
      expect([route, row.proofs.length > 0]).toEqual([route, true]);
      for (const [file, test] of row.proofs) {
        if (file === HERE) {
          if (!registered.has(test)) missing.push(`${route}: ${test}`);
          continue;
        }
        if (!sources.has(file)) sources.set(file, readFileSync(join(ROOT, file), 'utf8'));
        if (!(sources.get(file) as string).includes(test)) missing.push(`${route}: ${file} › ${test}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
