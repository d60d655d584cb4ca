import { startApi, type ApiHarness } from './support/api-app';
import { caseJson } from './support/builders';
import { UsersService } from '../../src/modules/auth/users.service';
import { bearer, seedWorld, TINY_FILES, type World } from './support/world';

/** Sends a Buffer as it is (superagent would JSON-encode it for a JSON content type). */
const raw = (body: unknown) => body as string;

// Bad input of every kind gets a 4xx with the one error body shape, and nothing is stored.
describe('error bodies', () => {
  let api: ApiHarness;
  let world: World;

  beforeAll(async () => {
    api = await startApi();
    world = await seedWorld(api);
  });
  afterAll(async () => {
    await api.close();
  });

  const as = (token: string) => ({
    get: (url: string) =>
      api
        .http()
        .get(url)
        .set(...bearer(token)),
    post: (url: string) =>
      api
        .http()
        .post(url)
        .set(...bearer(token)),
  });
  const casesOf = async (facility: string) =>
    (await as(world.tokens.admin).get(`/api/v1/cases?facility=${facility}`)).body.total as number;

  describe('malformed JSON', () => {
    it('says where the text breaks: 400 INVALID_JSON with line and column', async () => {
      const res = await as(world.tokens.admin)
        .post('/api/v1/cases')
        .set('Content-Type', 'application/json')
        .send('{\n  "facilityId": "FA1",\n  "claimId": \n}');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        error: {
          code: 'INVALID_JSON',
          message: expect.stringMatching(/^the body is not valid JSON at line 4, column 1: /),
          details: [
            { path: '$.claimId', field: 'claimId', code: 'SYNTAX', message: expect.any(String), line: 4, column: 1 },
          ],
        },
        requestId: res.headers['x-request-id'],
      });
    });

    it('refuses a repeated key instead of keeping the last one silently', async () => {
      const res = await as(world.tokens.admin)
        .post('/api/v1/facilities')
        .set('Content-Type', 'application/json')
        .send('[{"id": "FX", "id": "FY"}]');
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_JSON');
      expect(res.body.error.details).toEqual([
        expect.objectContaining({ path: '$[0].id', code: 'DUPLICATE', line: 1 }),
      ]);
    });

    it('refuses bytes that are not UTF-8, saying where the first bad byte is', async () => {
      const bytes = Buffer.concat([Buffer.from('{"facilityId": "'), Buffer.from([0xc1, 0xbf]), Buffer.from('"}')]);
      const res = await as(world.tokens.admin)
        .post('/api/v1/cases')
        .set('Content-Type', 'application/json')
        .serialize(raw)
        .send(bytes);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('INVALID_JSON');
      expect(res.body.error.details).toEqual([
        { path: 'body:1', field: '', code: 'ENCODING', message: expect.stringContaining('byte 16'), line: 1 },
      ]);
    });

    it('refuses a charset other than UTF-8 with 415', async () => {
      const res = await as(world.tokens.admin)
        .post('/api/v1/cases')
        .set('Content-Type', 'application/json; charset=windows-1251')
        .send('{}');
      expect(res.status).toBe(415);
      expect(res.body.error).toEqual({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'charset windows-1251 is not accepted; send UTF-8',
      });
    });

    it('refuses a body that is not JSON on a JSON endpoint with 415', async () => {
      const res = await as(world.tokens.admin).post('/api/v1/cases').set('Content-Type', 'text/plain').send('hello');
      expect(res.status).toBe(415);
      expect(res.body.error).toEqual({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: "this endpoint takes application/json; the request's Content-Type is text/plain",
      });
    });

    it('answers a body over 16 MiB with 413 and stores nothing', async () => {
      const before = await casesOf('FA1');
      const huge = Buffer.alloc(16 * 1024 * 1024 + 1, 0x20);
      huge.write('[', 0);
      const res = await as(world.tokens.admin)
        .post('/api/v1/cases')
        .set('Content-Type', 'application/json')
        .serialize(raw)
        .send(huge);
      expect(res.status).toBe(413);
      expect(res.body).toEqual({
        error: { code: 'PAYLOAD_TOO_LARGE', message: 'the request body is larger than the 16 MiB accepted' },
        requestId: res.headers['x-request-id'],
      });
      expect(await casesOf('FA1')).toBe(before);
    });
  });

  describe('validation details', () => {
    it('lists every problem of every item with its path, field and code', async () => {
      const res = await as(world.tokens.admin)
        .post('/api/v1/facilities')
        .send([
          { id: 'FX1', name: 'ok', level: 'district', type: 'hospital', districtCode: 'DA' },
          { id: 'bad id', name: '', level: 'county', type: 'hospital', colour: 'red' },
        ]);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.message).toBe('$[1].id: id may hold only A-Z a-z 0-9 . _ : - (and 4 more problems)');
      expect(res.body.error.details).toEqual([
        { path: '$[1].id', field: 'id', code: 'FORMAT', message: 'id may hold only A-Z a-z 0-9 . _ : -' },
        { path: '$[1].name', field: 'name', code: 'REQUIRED', message: 'name must not be empty' },
        {
          path: '$[1].level',
          field: 'level',
          code: 'ENUM',
          message: 'level must be one of district, regional, republican',
        },
        { path: '$[1].districtCode', field: 'districtCode', code: 'REQUIRED', message: 'districtCode is required' },
        { path: '$[1].colour', field: 'colour', code: 'UNKNOWN_FIELD', message: 'unknown field colour' },
      ]);
      // All or nothing: the good first item was not stored either.
      expect((await as(world.tokens.admin).get('/api/v1/facilities/FX1')).status).toBe(404);
    });

    it('names a reference to an unknown district', async () => {
      const res = await as(world.tokens.admin)
        .post('/api/v1/facilities')
        .send([{ id: 'FX2', name: 'x', level: 'district', type: 'hospital', districtCode: 'NOWHERE' }]);
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual({
        code: 'UNKNOWN_REFERENCE',
        message: 'no district NOWHERE',
        details: [
          {
            path: '$[0].districtCode',
            field: 'districtCode',
            code: 'UNKNOWN_REFERENCE',
            message: 'no district NOWHERE',
          },
        ],
      });
    });

    it('refuses an empty array and a body of the wrong shape', async () => {
      const empty = await as(world.tokens.admin).post('/api/v1/facilities').send([]);
      expect(empty.status).toBe(400);
      expect(empty.body.error.details).toEqual([
        { path: '$', field: '', code: 'REQUIRED', message: 'the array is empty' },
      ]);
      const number = await as(world.tokens.admin)
        .post('/api/v1/cases')
        .set('Content-Type', 'application/json')
        .send('42');
      expect(number.status).toBe(400);
      expect(number.body.error.code).toBe('VALIDATION_FAILED');
      expect(number.body.error.details).toEqual([
        expect.objectContaining({
          path: '$',
          code: 'TYPE',
          message: 'expected a case object or an array of case objects',
        }),
      ]);
    });

    it('refuses unknown query parameters, out-of-range pages and malformed ids', async () => {
      const admin = as(world.tokens.admin);
      const colour = await admin.get('/api/v1/facilities?colour=red');
      expect(colour.status).toBe(400);
      expect(colour.body.error.details).toEqual([
        { path: 'query.colour', field: 'colour', code: 'UNKNOWN_FIELD', message: 'unknown field colour' },
      ]);
      const size = await admin.get('/api/v1/cases?pageSize=501');
      expect(size.body.error.details).toEqual([
        { path: 'query.pageSize', field: 'pageSize', code: 'RANGE', message: 'pageSize must be at most 500' },
      ]);
      const page = await admin.get('/api/v1/cases?page=abc');
      expect(page.body.error.details).toEqual([
        { path: 'query.page', field: 'page', code: 'TYPE', message: 'page must be a whole number' },
      ]);
      const id = await admin.get('/api/v1/cases/not-a-uuid');
      expect(id.status).toBe(400);
      expect(id.body.error.details).toEqual([
        { path: 'params.id', field: 'id', code: 'FORMAT', message: 'id must be a UUID' },
      ]);
      const injection = await admin.get(`/api/v1/facilities?district=${encodeURIComponent("' OR 1=1 --")}`);
      expect(injection.status).toBe(400);
      expect(injection.body.error.details[0]).toMatchObject({ path: 'query.district', code: 'FORMAT' });
    });
  });

  describe('2026-02-30 is not a date', () => {
    it('in a query parameter: 400 with the path', async () => {
      const res = await as(world.tokens.admin).get('/api/v1/enrolment/summary?snapshot=2026-02-30');
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([
        {
          path: 'query.snapshot',
          field: 'snapshot',
          code: 'FORMAT',
          message: 'snapshot must be a real calendar date YYYY-MM-DD, got "2026-02-30"',
        },
      ]);
    });

    it('in a submitted case: the record is refused with its JSON path and nothing is stored', async () => {
      const before = await casesOf('FA1');
      const res = await as(world.tokens.admin)
        .post('/api/v1/cases')
        .send([caseJson({ claimId: 'FEB-30', dischargeAt: '2026-02-30T10:00' })]);
      expect(res.status).toBe(200);
      const error = {
        file: 'request',
        line: 1,
        path: '$[0].dischargeAt',
        field: 'dischargeAt',
        code: 'FORMAT',
        message: 'dischargeAt is not a real calendar date or time',
      };
      expect(res.body).toMatchObject({ received: 1, inserted: 0, superseded: 0, unchanged: 0, rejected: 1 });
      expect(res.body.errors).toEqual([error]);
      expect(res.body.outcomes).toEqual([{ index: 0, status: 'rejected', errors: [error] }]);
      expect(await casesOf('FA1')).toBe(before);
    });

    it('in a case to price: 400 with the path', async () => {
      const res = await as(world.tokens.auditor)
        .post('/api/v1/cases/price')
        .send(caseJson({ birthDate: '1980-02-30' }));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details).toEqual([
        {
          path: '$.birthDate',
          field: 'birthDate',
          code: 'FORMAT',
          message: 'birthDate is not a real calendar date or time',
        },
      ]);
    });

    it('in a registry upload: 400 with the path', async () => {
      const res = await as(world.tokens.admin)
        .post('/api/v1/licences')
        .send([{ facilityId: 'FA1', kind: 'licence', number: 'L-1', validFrom: '2026-02-30' }]);
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([
        {
          path: '$[0].validFrom',
          field: 'validFrom',
          code: 'FORMAT',
          message: 'validFrom must be a real calendar date YYYY-MM-DD, got "2026-02-30"',
        },
      ]);
    });
  });

  describe('authentication', () => {
    it('401 without a token, with a malformed header, and with an unknown token', async () => {
      const none = await api.http().get('/api/v1/facilities');
      expect(none.status).toBe(401);
      expect(none.body.error).toEqual({
        code: 'UNAUTHENTICATED',
        message: 'send an API token: Authorization: Bearer <token>',
      });
      const basic = await api.http().get('/api/v1/facilities').set('Authorization', 'Basic YWRtaW46YWRtaW4=');
      expect(basic.status).toBe(401);
      expect(basic.body.error.code).toBe('UNAUTHENTICATED');
      const unknown = await api
        .http()
        .get('/api/v1/facilities')
        .set(...bearer(`hsb_${'A'.repeat(43)}`));
      expect(unknown.status).toBe(401);
      expect(unknown.body.error).toEqual({ code: 'TOKEN_INVALID', message: 'the token is not valid' });
    });

    it('401 for a revoked token, an expired token and a deactivated user', async () => {
      const users = api.app.get(UsersService);
      await users.createUser({ username: 'temp', roles: ['planner'] }, 'test');
      const revoked = await users.createToken({ username: 'temp', name: 'r' }, 'test');
      const expired = await users.createToken({ username: 'temp', name: 'e', expiresDays: 1 }, 'test');
      const live = await users.createToken({ username: 'temp', name: 'l' }, 'test');
      expect((await as(revoked.secret).get('/api/v1/regions')).status).toBe(200);

      await users.revokeToken(revoked.id, 'test');
      const r = await as(revoked.secret).get('/api/v1/regions');
      expect(r.status).toBe(401);
      expect(r.body.error).toEqual({ code: 'TOKEN_REVOKED', message: 'the token has been revoked' });

      await api.db.dataSource.query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [
        expired.id,
      ]);
      const e = await as(expired.secret).get('/api/v1/regions');
      expect(e.status).toBe(401);
      expect(e.body.error).toEqual({ code: 'TOKEN_EXPIRED', message: 'the token has expired' });

      await api.db.dataSource.query(`UPDATE users SET active = false WHERE username = 'temp'`);
      const d = await as(live.secret).get('/api/v1/regions');
      expect(d.status).toBe(401);
      expect(d.body.error.code).toBe('USER_INACTIVE');
    });

    it('stores only a hash of each token, never the secret', async () => {
      const rows: { token_hash: string; token_prefix: string }[] = await api.db.dataSource.query(
        `SELECT token_hash, token_prefix FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.username = 'admin'`,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[0].token_hash).not.toContain(world.tokens.admin);
      expect(world.tokens.admin.startsWith(rows[0].token_prefix)).toBe(true);
      expect(rows[0].token_prefix).toHaveLength(12);
    });
  });

  it('answers a conflict with 409', async () => {
    const res = await as(world.tokens.admin).post('/api/v1/tariff-books').send({ files: TINY_FILES });
    expect(res.status).toBe(409);
    expect(res.body.error).toEqual({
      code: 'TARIFF_BOOK_EXISTS',
      message: 'tariff book TINY 1 already exists; a new version needs a new version number',
    });
  });
});
