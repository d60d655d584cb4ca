import { createServer, type Server, type Socket } from 'node:net';
import { startApi, type ApiHarness } from './support/api-app';

const EXPECTED_KIND = process.env.DATABASE_URL?.trim() ? 'postgres' : 'pglite';

describe('GET /health, OpenAPI at /docs, request ids and unknown routes', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api.close();
  });

  it('reports the database without a token, and no redis entry when Redis is not configured', async () => {
    const res = await api.http().get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', database: { kind: EXPECTED_KIND, ok: true } });
  });

  it('reports Redis when configured: ok when it answers PONG, 503 when it refuses', async () => {
    const pong = await fakeRedis('+PONG');
    const up = await startApi({ db: api.db, env: { REDIS_URL: `redis://127.0.0.1:${portOf(pong)}` } });
    try {
      const res = await up.http().get('/health');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok', database: { kind: EXPECTED_KIND, ok: true }, redis: { ok: true } });
    } finally {
      await up.close();
      await closeServer(pong);
    }
    const locked = await fakeRedis('-ERR max number of clients reached');
    const down = await startApi({ db: api.db, env: { REDIS_URL: `redis://127.0.0.1:${portOf(locked)}` } });
    try {
      const res = await down.http().get('/health');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({
        status: 'error',
        database: { kind: EXPECTED_KIND, ok: true },
        redis: { ok: false, error: 'ERR max number of clients reached' },
      });
    } finally {
      await down.close();
      await closeServer(locked);
    }
  });

  it('serves the OpenAPI JSON at /docs-json with every path and bearer auth', async () => {
    const res = await api.http().get('/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths).sort()).toEqual(
      [
        '/health',
        '/api/v1/regions',
        '/api/v1/settlements',
        '/api/v1/settlements/{id}',
        '/api/v1/settlements/{id}/approve',
        '/api/v1/settlements/{id}/close',
        '/api/v1/settlements/{id}/groups',
        '/api/v1/settlements/{id}/groups.csv',
        '/api/v1/settlements/{id}/retry',
        '/api/v1/settlements/{id}/settlement.xlsx',
        '/api/v1/settlements/{id}/statements',
        '/api/v1/settlements/{id}/statements.csv',
        '/api/v1/districts',
        '/api/v1/facilities',
        '/api/v1/facilities/{id}',
        '/api/v1/facilities/{id}/licences',
        '/api/v1/licences',
        '/api/v1/tariff-books',
        '/api/v1/tariff-books/{code}/{version}',
        '/api/v1/tariff-books/{code}/{version}/publish',
        '/api/v1/tariff-books/{code}/{version}/retire',
        '/api/v1/enrolment/summary',
        '/api/v1/cases',
        '/api/v1/cases/import',
        '/api/v1/cases/price',
        '/api/v1/cases/{id}',
        '/api/v1/fhir/Claim',
        '/api/v1/pricing-results',
        '/api/v1/pricing-results/{id}',
        '/api/v1/services/import',
        '/api/v1/advances',
        '/api/v1/advances/import',
        '/api/v1/adjustments',
        '/api/v1/adjustments/import',
      ].sort(),
    );
    expect(Object.values(res.body.components.securitySchemes)).toContainEqual(
      expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    );
    const listCases = res.body.paths['/api/v1/cases'].get;
    expect(listCases.parameters.map((p: { name: string }) => p.name).sort()).toEqual(
      ['district', 'facility', 'group', 'month', 'page', 'pageSize', 'status'].sort(),
    );
    expect(listCases.security).toEqual([{ bearer: [] }]);
  });

  it('serves the interactive documentation at /docs', async () => {
    const res = await api.http().get('/docs/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('Hisob API');
  });

  it('answers an unknown route with 404 in the error body shape, with the request id', async () => {
    const res = await api.http().get('/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      error: { code: 'NOT_FOUND', message: 'no route GET /api/v1/no-such-thing' },
      requestId: res.headers['x-request-id'],
    });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("keeps a caller's well-formed X-Request-Id and replaces a malformed one", async () => {
    const kept = await api.http().get('/api/v1/nowhere').set('X-Request-Id', 'trace-1234.abc');
    expect(kept.headers['x-request-id']).toBe('trace-1234.abc');
    expect(kept.body.requestId).toBe('trace-1234.abc');
    const replaced = await api.http().get('/api/v1/nowhere').set('X-Request-Id', 'bad id with spaces');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

const sockets = new Set<Socket>();

/** A Redis stand-in: OK to the client's CLIENT SETINFO handshake, `answer` to everything else. */
function fakeRedis(answer: string): Promise<Server> {
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', (data) => {
      // One reply per command, in order (several commands may arrive in one chunk).
      for (const m of data.toString('latin1').matchAll(/\*\d+\r\n\$\d+\r\n([A-Za-z]+)/g)) {
        socket.write(m[1].toLowerCase() === 'client' ? '+OK\r\n' : `${answer}\r\n`);
      }
    });
    socket.on('error', () => undefined);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function closeServer(server: Server): Promise<void> {
  for (const s of sockets) s.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

function portOf(server: Server): number {
  return (server.address() as { port: number }).port;
}
