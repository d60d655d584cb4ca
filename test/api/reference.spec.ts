import { startApi, type ApiHarness } from './support/api-app';
import { bearer, seedWorld, TINY_FILES, type World } from './support/world';

describe('registries and tariff books', () => {
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
  const ids = (body: { items: { id?: string; code?: string }[] }) => body.items.map((i) => i.id ?? i.code);

  describe('regions, districts, facilities, licences', () => {
    it('lists regions and districts, a district filter by region', async () => {
      expect((await as('planner').get('/api/v1/regions')).body).toEqual({
        items: [
          { code: 'R1', nameUz: 'Birinchi', nameRu: 'Первый', nameEn: 'Region one' },
          { code: 'R2', nameUz: 'Ikkinchi', nameRu: 'Второй', nameEn: 'Region two' },
        ],
        page: 1,
        pageSize: 50,
        total: 2,
      });
      const r2 = await as('planner').get('/api/v1/districts?region=R2');
      expect(r2.body.items).toEqual([
        { code: 'DB', regionCode: 'R2', nameUz: 'B tumani', nameRu: 'Район Б', nameEn: 'District B' },
      ]);
    });

    it('lists facilities with filters and pages', async () => {
      expect(ids((await as('auditor').get('/api/v1/facilities')).body)).toEqual(['FA1', 'FA2', 'FB1']);
      expect(ids((await as('auditor').get('/api/v1/facilities?district=DA')).body)).toEqual(['FA1', 'FA2']);
      expect(ids((await as('auditor').get('/api/v1/facilities?region=R2')).body)).toEqual(['FB1']);
      expect(ids((await as('auditor').get('/api/v1/facilities?level=regional')).body)).toEqual(['FB1']);
      expect(ids((await as('auditor').get('/api/v1/facilities?type=primary-care')).body)).toEqual(['FA2']);
      expect((await as('auditor').get('/api/v1/facilities?pageSize=1&page=2')).body).toMatchObject({
        items: [{ id: 'FA2' }],
        page: 2,
        pageSize: 1,
        total: 3,
      });
    });

    it('shows one facility with its decimal coefficient as a string', async () => {
      const res = await as('planner').get('/api/v1/facilities/FB1');
      expect(res.body).toEqual({
        id: 'FB1',
        name: 'B regional hospital',
        level: 'regional',
        type: 'hospital',
        districtCode: 'DB',
        regionCode: 'R2',
        managementCoefficient: '1.05',
        capitationAdjustments: [],
        pilotStartDate: null,
        active: true,
      });
      const fa2 = await as('planner').get('/api/v1/facilities/FA2');
      expect(fa2.body).toMatchObject({ managementCoefficient: null, capitationAdjustments: ['rural'] });
    });

    it('updates facilities in place (upsert) and keeps an audit trail of who did it', async () => {
      const res = await as('admin')
        .post('/api/v1/facilities')
        .send([
          {
            id: 'FA2',
            name: 'A family clinic no. 2',
            level: 'district',
            type: 'primary-care',
            districtCode: 'DA',
            pilotStartDate: '2026-01-01',
          },
          { id: 'FA3', name: 'A new clinic', level: 'district', type: 'primary-care', districtCode: 'DA' },
        ]);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ created: 1, updated: 1 });
      expect((await as('planner').get('/api/v1/facilities/FA2')).body).toMatchObject({
        name: 'A family clinic no. 2',
        pilotStartDate: '2026-01-01',
        capitationAdjustments: [],
      });
      const audit: { actor: string; action: string }[] = await api.db.dataSource.query(
        `SELECT actor, action FROM audit_log WHERE entity = 'facilities' AND entity_id = 'FA3'`,
      );
      expect(audit).toEqual([{ actor: 'admin', action: 'insert' }]);
    });

    it('lists the licences of a facility, those valid on a date, and checks a telemedicine licence has a mode', async () => {
      const all = await as('planner').get('/api/v1/facilities/FA1/licences');
      expect(all.body.items).toEqual([
        {
          id: expect.any(String),
          facilityId: 'FA1',
          kind: 'telemedicine',
          telemedicineMode: 'video',
          category: null,
          number: 'TA-1',
          issuedBy: null,
          validFrom: '2026-01-01',
          validTo: null,
          revokedAt: null,
        },
      ]);
      expect((await as('planner').get('/api/v1/facilities/FA1/licences?validOn=2025-12-31')).body.total).toBe(0);
      expect((await as('planner').get('/api/v1/facilities/FA1/licences?validOn=2026-06-30')).body.total).toBe(1);

      const noMode = await as('admin')
        .post('/api/v1/licences')
        .send([{ facilityId: 'FA1', kind: 'telemedicine', number: 'T-2', validFrom: '2026-01-01' }]);
      expect(noMode.status).toBe(400);
      expect(noMode.body.error.details).toEqual([
        {
          path: '$[0].telemedicineMode',
          field: 'telemedicineMode',
          code: 'REQUIRED',
          message: 'telemedicineMode is required for a telemedicine licence',
        },
      ]);
      const backwards = await as('admin')
        .post('/api/v1/licences')
        .send([{ facilityId: 'FA1', kind: 'licence', number: 'L-2', validFrom: '2026-05-01', validTo: '2026-04-30' }]);
      expect(backwards.status).toBe(400);
      expect(backwards.body.error.details).toEqual([
        {
          path: '$[0].validTo',
          field: 'validTo',
          code: 'RANGE',
          message: 'validTo 2026-04-30 is before validFrom 2026-05-01',
        },
      ]);
    });
  });

  describe('GET /enrolment/summary', () => {
    it('counts who is enrolled on the snapshot date by sex and age band', async () => {
      const res = await as('planner').get('/api/v1/enrolment/summary?snapshot=2026-01-01');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        snapshot: '2026-01-01',
        facility: null,
        district: null,
        total: 4,
        bySex: { M: 2, F: 2, U: 0 },
      });
      const nonEmpty = res.body.bands
        .filter((b: { count: number }) => b.count > 0)
        .map((b: { band: string; count: number }) => [b.band, b.count]);
      expect(nonEmpty).toEqual([
        ['M 20-29', 1],
        ['M 30-39', 1],
        ['F 0', 1],
        ['F 70+', 1],
      ]);
      expect(res.body.bands).toHaveLength(30);
    });

    it('narrows to a facility or a district; a snapshot before enrolment counts nobody', async () => {
      expect((await as('planner').get('/api/v1/enrolment/summary?snapshot=2026-01-01&facility=FA2')).body.total).toBe(
        3,
      );
      expect((await as('planner').get('/api/v1/enrolment/summary?snapshot=2026-01-01&district=DB')).body.total).toBe(1);
      // E-5 left FB1 on 2025-12-31: counted that day, not the next.
      expect((await as('planner').get('/api/v1/enrolment/summary?snapshot=2025-12-31&facility=FB1')).body.total).toBe(
        2,
      );
      expect((await as('planner').get('/api/v1/enrolment/summary?snapshot=2019-12-31')).body.total).toBe(0);
    });
  });

  describe('tariff books', () => {
    it('lists book versions and describes one: manifest, files and table counts', async () => {
      const list = await as('clerkA').get('/api/v1/tariff-books');
      expect(list.body.items).toEqual([
        expect.objectContaining({
          code: 'TINY',
          version: '1',
          status: 'published',
          effectiveFrom: '2026-01-01',
          createdBy: 'admin',
          publishedBy: 'admin',
        }),
      ]);
      expect(list.body.items[0].contentHash).toMatch(/^[0-9a-f]{64}$/);
      const one = await as('clerkA').get('/api/v1/tariff-books/TINY/1');
      expect(one.body.manifest).toEqual(JSON.parse(TINY_FILES['manifest.json']));
      expect(one.body.files.map((f: { name: string }) => f.name)).toEqual(Object.keys(TINY_FILES).sort());
      expect(one.body.counts).toEqual({
        diagnoses: 12,
        procedures: 4,
        groups: 5,
        errorGroups: 1,
        logicRows: 5,
        baseRates: 2,
        coefficients: 4,
        capitationBands: 0,
        capitationAdjustments: 2,
        fees: 3,
      });
      expect((await as('clerkA').get('/api/v1/tariff-books/TINY/9')).status).toBe(404);
    });

    it('refuses a broken book with every problem listed (file, line, column, code)', async () => {
      const groups = TINY_FILES['groups.csv'].replace(
        'DC01,Day-care procedures,day-care,surgical,0.5',
        'DC01,Day-care procedures,day-care,surgical,abc',
      );
      const res = await as('admin')
        .post('/api/v1/tariff-books')
        .send({
          files: {
            ...TINY_FILES,
            'manifest.json': TINY_FILES['manifest.json'].replace('"1"', '"2"'),
            'groups.csv': groups,
          },
        });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_TARIFF_BOOK');
      expect(res.body.error.details).toContainEqual(
        expect.objectContaining({ path: 'groups.csv:2', field: 'weight', code: 'INVALID_DECIMAL', line: 2 }),
      );
      expect((await as('admin').get('/api/v1/tariff-books?code=TINY')).body.total).toBe(1);
    });

    it('checks the files object itself', async () => {
      const res = await as('admin')
        .post('/api/v1/tariff-books')
        .send({ files: { '../etc/passwd': 'x', 'groups.csv': 42 } });
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([
        {
          path: '$.files["../etc/passwd"]',
          field: 'files',
          code: 'FORMAT',
          message: 'a file name is 1–128 characters of A-Z a-z 0-9 . _ -',
        },
        {
          path: '$.files["groups.csv"]',
          field: 'files',
          code: 'TYPE',
          message: "the content of groups.csv must be the file's text",
        },
      ]);
    });

    it('imports a draft, publishes it once (then it is immutable) and retires it', async () => {
      const files = {
        ...TINY_FILES,
        'manifest.json': TINY_FILES['manifest.json'].replace('"version":"1"', '"version":"2"'),
      };
      const created = await as('admin').post('/api/v1/tariff-books').send({ files });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        code: 'TINY',
        version: '2',
        status: 'draft',
        contentHash: null,
        publishedAt: null,
      });

      const published = await as('admin').post('/api/v1/tariff-books/TINY/2/publish');
      expect(published.status).toBe(200);
      expect(published.body).toMatchObject({ status: 'published', publishedBy: 'admin' });
      expect(published.body.contentHash).toMatch(/^[0-9a-f]{64}$/);

      const again = await as('admin').post('/api/v1/tariff-books/TINY/2/publish');
      expect(again.status).toBe(409);
      expect(again.body.error).toEqual({
        code: 'TARIFF_BOOK_NOT_DRAFT',
        message: 'tariff book TINY 2 is published, not draft',
      });
      const reimport = await as('admin').post('/api/v1/tariff-books').send({ files });
      expect(reimport.status).toBe(409);
      expect(reimport.body.error.code).toBe('TARIFF_BOOK_EXISTS');

      const retired = await as('admin').post('/api/v1/tariff-books/TINY/2/retire');
      expect(retired.body).toMatchObject({
        status: 'retired',
        retiredBy: 'admin',
        contentHash: published.body.contentHash,
      });
      const twice = await as('admin').post('/api/v1/tariff-books/TINY/2/retire');
      expect(twice.status).toBe(409);
      expect(twice.body.error).toEqual({
        code: 'TARIFF_BOOK_NOT_PUBLISHED',
        message: 'tariff book TINY 2 is retired, not published',
      });
      expect(
        (await as('admin').get('/api/v1/tariff-books?status=retired')).body.items.map(
          (b: { version: string }) => b.version,
        ),
      ).toEqual(['2']);
      expect((await as('admin').post('/api/v1/tariff-books/NOPE/1/publish')).status).toBe(404);
    });

    it('lets only admins change books (403 for a clerk, an officer, a planner)', async () => {
      const files = {
        ...TINY_FILES,
        'manifest.json': TINY_FILES['manifest.json'].replace('"version":"1"', '"version":"3"'),
      };
      for (const who of ['clerkA', 'officerA', 'planner', 'auditor'] as const) {
        const res = await as(who).post('/api/v1/tariff-books').send({ files });
        expect(res.status).toBe(403);
        expect(res.body.error).toEqual({ code: 'FORBIDDEN', message: 'this needs one of the roles admin' });
        expect((await as(who).post('/api/v1/tariff-books/TINY/1/retire')).status).toBe(403);
      }
      expect((await as('admin').get('/api/v1/tariff-books/TINY/3')).status).toBe(404);
    });
  });
});
