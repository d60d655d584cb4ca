import { startApi, type ApiHarness } from './support/api-app';
import { caseJson } from './support/builders';
import { bearer, seedWorld, type Who, type World } from './support/world';

type Endpoint = {
  method: 'get' | 'post';
  url: string;
  /** Roles besides admin that may call it. */
  allowed: Who[];
  body?: unknown;
  csv?: string;
};

const ALL: Who[] = ['planner', 'auditor', 'officerA', 'clerkA'];
const CSV_HEADER =
  'facility_id,claim_id,patient_id,birth_date,sex,admission_at,discharge_at,admission_type,discharge_mode,care_setting,principal_dx';

// Bodies are harmless: an empty array (400 for whoever may call), an unknown book (404)…
const ENDPOINTS: Endpoint[] = [
  { method: 'get', url: '/api/v1/regions', allowed: ALL },
  { method: 'get', url: '/api/v1/districts', allowed: ALL },
  { method: 'get', url: '/api/v1/facilities', allowed: ALL },
  { method: 'get', url: '/api/v1/facilities/FA1', allowed: ALL },
  { method: 'get', url: '/api/v1/facilities/FA1/licences', allowed: ALL },
  { method: 'get', url: '/api/v1/enrolment/summary?snapshot=2026-01-01', allowed: ALL },
  { method: 'get', url: '/api/v1/tariff-books', allowed: ALL },
  { method: 'get', url: '/api/v1/tariff-books/TINY/1', allowed: ALL },
  { method: 'get', url: '/api/v1/cases', allowed: ALL },
  { method: 'get', url: '/api/v1/cases/:caseA', allowed: ALL },
  { method: 'get', url: '/api/v1/pricing-results', allowed: ALL },
  { method: 'get', url: '/api/v1/pricing-results/:resultA', allowed: ALL },
  { method: 'post', url: '/api/v1/regions', allowed: [], body: [] },
  { method: 'post', url: '/api/v1/districts', allowed: [], body: [] },
  { method: 'post', url: '/api/v1/facilities', allowed: [], body: [] },
  { method: 'post', url: '/api/v1/licences', allowed: [], body: [] },
  { method: 'post', url: '/api/v1/tariff-books', allowed: [], body: { files: {} } },
  { method: 'post', url: '/api/v1/tariff-books/NOPE/1/publish', allowed: [] },
  { method: 'post', url: '/api/v1/tariff-books/NOPE/1/retire', allowed: [] },
  { method: 'post', url: '/api/v1/cases', allowed: ['officerA', 'clerkA'], body: [] },
  { method: 'post', url: '/api/v1/fhir/Claim', allowed: ['officerA', 'clerkA'], body: {} },
  { method: 'post', url: '/api/v1/cases/import', allowed: ['officerA'], csv: CSV_HEADER },
  { method: 'post', url: '/api/v1/cases/price', allowed: ['auditor', 'officerA', 'clerkA'], body: caseJson() },
  { method: 'get', url: '/api/v1/advances', allowed: ALL },
  { method: 'get', url: '/api/v1/adjustments', allowed: ALL },
  {
    method: 'post',
    url: '/api/v1/services/import',
    allowed: ['officerA'],
    csv: 'facility_id,service_id,patient_id,service_code,mode,service_date,quantity',
  },
  {
    method: 'post',
    url: '/api/v1/advances/import',
    allowed: ['officerA'],
    csv: 'facility_id,month,amount,reference,paid_on',
  },
  {
    method: 'post',
    url: '/api/v1/adjustments/import',
    allowed: ['officerA'],
    csv: 'facility_id,from_month,to_month,amount,reason',
  },
];

describe('who may do what', () => {
  let api: ApiHarness;
  let world: World;

  beforeAll(async () => {
    api = await startApi();
    world = await seedWorld(api);
  });
  afterAll(async () => {
    await api.close();
  });

  function call(e: Endpoint, who: Who) {
    const url = e.url.replace(':caseA', world.caseA).replace(':resultA', world.resultA);
    const http = api.http();
    const req = (e.method === 'get' ? http.get(url) : http.post(url)).set(...bearer(world.tokens[who]));
    if (e.csv !== undefined) return req.set('Content-Type', 'text/csv').send(e.csv);
    return e.body === undefined ? req : req.send(e.body as object);
  }

  it.each(ENDPOINTS.map((e) => [`${e.method.toUpperCase()} ${e.url}`, e] as const))(
    '%s: 403 for the roles it is not for, never for admin and its roles',
    async (_name, e) => {
      for (const who of ['admin', ...ALL] as Who[]) {
        const res = await call(e, who);
        const allowed = who === 'admin' || e.allowed.includes(who);
        if (allowed) {
          expect([who, res.status]).not.toEqual([who, 403]);
          expect(res.status).not.toBe(401);
          expect(res.status).toBeLessThan(500);
        } else {
          expect([who, res.status]).toEqual([who, 403]);
          expect(res.body).toEqual({
            error: { code: 'FORBIDDEN', message: `this needs one of the roles ${['admin', ...rolesOf(e)].join(', ')}` },
            requestId: res.headers['x-request-id'],
          });
        }
      }
    },
  );

  it('covers every operation of the OpenAPI description', async () => {
    const doc = await api.http().get('/docs-json');
    const operations = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`),
    );
    const covered = ENDPOINTS.map(
      (e) =>
        `${e.method} ${e.url
          .split('?')[0]
          .replace('/facilities/FA1', '/facilities/{id}')
          .replace(/\/(:caseA|:resultA)$/, '/{id}')
          .replace(/\/tariff-books\/(TINY|NOPE)\/1/, '/tariff-books/{code}/{version}')}`,
    );
    // Settlement operations have their role and scope specs in test/settlement/settlement-api.spec.ts.
    const own = operations.filter((o) => o !== 'get /health' && !o.includes(' /api/v1/settlements'));
    expect(own.sort()).toEqual([...covered].sort());
  });

  it('checks the token before anything else: 401 beats 403, 415 and 400', async () => {
    const res = await api.http().post('/api/v1/tariff-books').set('Content-Type', 'text/plain').send('x');
    expect(res.status).toBe(401);
    const clerk = await api
      .http()
      .post('/api/v1/tariff-books')
      .set(...bearer(world.tokens.clerkA))
      .set('Content-Type', 'text/plain')
      .send('x');
    expect(clerk.status).toBe(403);
  });
});

/** The role names an endpoint's error message lists, in permission-list order. */
function rolesOf(e: Endpoint): string[] {
  const names: Record<Who, string> = {
    admin: 'admin',
    planner: 'planner',
    auditor: 'auditor',
    officerA: 'finance-officer',
    officerB: 'finance-officer',
    clerkA: 'facility-clerk',
    clerkB: 'facility-clerk',
  };
  const order = ['planner', 'auditor', 'finance-officer', 'facility-clerk'];
  return [...new Set(e.allowed.map((w) => names[w]))].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}
