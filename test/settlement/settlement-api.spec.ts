// The settlement API: request with an idempotency key, progress and totals from GET /settlements/:id,
// statements as JSON, CSV and XLSX, approve and close; scoped by district and facility.
import type { INestApplication } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { loadAppConfig } from '../../src/infra/config/app-config';
import { configureHttpApp } from '../../src/infra/http/configure-app';
import { ApiExceptionFilter } from '../../src/infra/http/exception.filter';
import { ApiValidationPipe } from '../../src/infra/http/validation';
import { ConfigModule } from '../../src/infra/nest/config.module';
import { DatabaseModule } from '../../src/infra/nest/database.module';
import { InlineJobDriver } from '../../src/jobs';
import { AuthModule } from '../../src/modules/auth/auth.module';
import { UsersService } from '../../src/modules/auth/users.service';
import { SettlementModule } from '../../src/modules/settlement/settlement.module';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { seedWorld } from './support/settlement-world';

describe('settlement API', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let driver: InlineJobDriver;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedWorld(db.dataSource);
    driver = new InlineJobDriver();
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(loadAppConfig({})),
        DatabaseModule.forRoot({ dataSource: db.dataSource }),
        AuthModule,
        SettlementModule.forRoot({ driver, chunkSize: 3 }),
      ],
      providers: [
        { provide: APP_PIPE, useClass: ApiValidationPipe },
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    }).compile();
    app = moduleRef.createNestApplication({ bodyParser: false, logger: ['error'] });
    configureHttpApp(app);
    await app.init();
    const users = app.get(UsersService);
    const people: [string, string[], string[], string[]][] = [
      ['officer', ['finance-officer'], ['D1'], []],
      ['officer2', ['finance-officer'], ['D2'], []],
      ['clerk', ['facility-clerk'], [], ['F-PC']],
    ];
    for (const [username, roles, districtCodes, facilityIds] of people) {
      await users.createUser({ username, roles, districtCodes, facilityIds }, 'test');
      tokens[username] = (await users.createToken({ username }, 'test')).secret;
    }
  });
  afterAll(async () => {
    await app?.close();
    await driver?.close();
    await db?.drop();
  });

  const http = () => request(app.getHttpServer());
  const auth = (who: string) => ['Authorization', `Bearer ${tokens[who]}`] as const;
  let runId: string;

  it('takes a request with an Idempotency-Key and shows progress, then totals', async () => {
    const res = await http()
      .post('/api/v1/settlements')
      .set(...auth('officer'))
      .set('Idempotency-Key', 'march-d1')
      .send({ scope: 'district:D1', month: '2026-03' });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ scope: { kind: 'district', code: 'D1', label: 'district:D1' }, month: '2026-03' });
    runId = res.body.id;
    const again = await http()
      .post('/api/v1/settlements')
      .set(...auth('officer'))
      .send({ scope: 'district:D1', month: '2026-03', idempotencyKey: 'march-d1' });
    expect(again.body.id).toBe(runId);

    await driver.drain();
    const got = await http()
      .get(`/api/v1/settlements/${runId}`)
      .set(...auth('officer'));
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      status: 'computed',
      progress: {
        chunksDone: 3,
        chunksTotal: 3,
        casesPlanned: 7,
        casesPriced: 7,
        capitationPartsDone: 1,
        capitationPartsTotal: 1,
        percent: 100,
      },
      totals: { lines: 7, casesAmount: '15253850.00', netPayable: '14614380.00' },
    });
  });

  it('returns statements as JSON, CSV and XLSX', async () => {
    const json = await http()
      .get(`/api/v1/settlements/${runId}/statements`)
      .set(...auth('officer'));
    expect(
      json.body.statements.map((s: { facilityId: string; netPayable: string }) => [s.facilityId, s.netPayable]),
    ).toEqual([
      ['F-DH', '5141450.00'],
      ['F-PC', '410530.00'],
      ['F-RH', '9062400.00'],
    ]);
    const csv = await http()
      .get(`/api/v1/settlements/${runId}/statements.csv`)
      .set(...auth('officer'));
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.text.split('\r\n')[4]).toMatch(/^Total,3 facilities,.*,14614380\.00$/);
    const xlsx = await http()
      .get(`/api/v1/settlements/${runId}/settlement.xlsx`)
      .set(...auth('officer'))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
  });

  it('keeps runs and statements within the caller’s scope', async () => {
    expect(
      (
        await http()
          .get(`/api/v1/settlements/${runId}`)
          .set(...auth('officer2'))
      ).status,
    ).toBe(404);
    const refused = await http()
      .post('/api/v1/settlements')
      .set(...auth('officer2'))
      .send({ scope: 'district:D1', month: '2026-03', idempotencyKey: 'x' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('UNKNOWN_SCOPE');
    const clerk = await http()
      .get(`/api/v1/settlements/${runId}/statements`)
      .set(...auth('clerk'));
    expect(clerk.body.statements.map((s: { facilityId: string }) => s.facilityId)).toEqual(['F-PC']);
    expect(clerk.body.totals).toMatchObject({ facilities: 1, netPayable: '410530.00' });
    expect(
      (
        await http()
          .post(`/api/v1/settlements/${runId}/approve`)
          .set(...auth('clerk'))
      ).status,
    ).toBe(403);
  });

  it('refuses a request without an idempotency key or with a bad month', async () => {
    const noKey = await http()
      .post('/api/v1/settlements')
      .set(...auth('officer'))
      .send({ scope: 'district:D1', month: '2026-03' });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.details[0]).toMatchObject({ field: 'idempotencyKey', code: 'REQUIRED' });
    const badMonth = await http()
      .post('/api/v1/settlements')
      .set(...auth('officer'))
      .send({ scope: 'district:D1', month: '2026-13', idempotencyKey: 'y' });
    expect(badMonth.status).toBe(400);
    expect(badMonth.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('approves and closes', async () => {
    const approved = await http()
      .post(`/api/v1/settlements/${runId}/approve`)
      .set(...auth('officer'));
    expect(approved.body).toMatchObject({ status: 'approved', approvedBy: 'officer' });
    const closed = await http()
      .post(`/api/v1/settlements/${runId}/close`)
      .set(...auth('officer'));
    expect(closed.body).toMatchObject({ status: 'closed', closedBy: 'officer' });
    const again = await http()
      .post(`/api/v1/settlements/${runId}/close`)
      .set(...auth('officer'));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_STATUS');
  });
});
