// Boots the real API (same modules, pipeline and error filter as main.ts) on a per-file test database:
// PostgreSQL from DATABASE_URL, or an in-memory PGlite without it.
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../../../src/app.module';
import { loadAppConfig, type AppConfig } from '../../../src/infra/config/app-config';
import { configureHttpApp, type HttpOptions } from '../../../src/infra/http/configure-app';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

export interface ApiHarness {
  app: INestApplication;
  db: TestDatabase;
  config: AppConfig;
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

export interface StartOptions extends HttpOptions {
  /** Environment the configuration is read from (default: empty, so nothing of the host leaks in). */
  env?: Record<string, string>;
  /** Share another harness's database (it stays open when this app closes). */
  db?: TestDatabase;
}

export async function startApi(options: StartOptions = {}): Promise<ApiHarness> {
  const owned = options.db === undefined;
  const db = options.db ?? (await createTestDatabase());
  const config = loadAppConfig(options.env ?? {});
  try {
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot({ config, dataSource: db.dataSource })],
    }).compile();
    const app = moduleRef.createNestApplication({ bodyParser: false, logger: ['error'] });
    configureHttpApp(app, options);
    await app.init();
    return {
      app,
      db,
      config,
      http: () => request(app.getHttpServer()),
      close: async () => {
        await app.close();
        if (owned) await db.drop();
      },
    };
  } catch (error) {
    if (owned) await db.drop();
    throw error;
  }
}
