import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { AppConfig } from '../../infra/config/app-config';
import type { HisobDataSource } from '../../infra/database/data-source';
import { APP_CONFIG, DATA_SOURCE } from '../../infra/nest/tokens';

export interface HealthReport {
  status: 'ok' | 'error';
  database: { kind: 'postgres' | 'pglite'; ok: boolean; error?: string };
  redis?: { ok: boolean; error?: string };
}

/** Checks run by GET /health must answer quickly even when a dependency hangs. */
const CHECK_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: HisobDataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async check(): Promise<HealthReport> {
    const database = { kind: this.db.kind, ...(await probe(() => this.db.query('SELECT 1'))) };
    const report: HealthReport = { status: 'ok', database };
    if (this.config.redisUrl) report.redis = await probe(() => pingRedis(this.config.redisUrl as string));
    if (!database.ok || (report.redis && !report.redis.ok)) report.status = 'error';
    return report;
  }
}

async function probe(check: () => Promise<unknown>): Promise<{ ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** A short-lived connection per check: /health must not share fate with the job queues' connections. */
async function pingRedis(url: string): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    enableReadyCheck: false,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    // ioredis gives up on its own before the probe's deadline, so the finally below always runs.
    connectTimeout: CHECK_TIMEOUT_MS / 2,
    commandTimeout: CHECK_TIMEOUT_MS / 2,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const answer = await redis.ping();
    if (answer !== 'PONG') throw new Error(`unexpected answer ${answer}`);
  } finally {
    redis.disconnect();
  }
}
