// Queue worker entrypoint: `npm run build && node dist/src/worker.js`. Boots the same modules as the
// API — configuration, database (migrated), job driver, the settlement handlers — without HTTP, and
// serves the queues until SIGTERM/SIGINT. Start as many as needed, on as many machines as needed: they
// share the queues through Redis (REDIS_URL) and the data through PostgreSQL (DATABASE_URL).
import { ConfigError, loadAppConfig, redactUrl } from './infra/config/app-config';
import { databaseConfigFrom } from './infra/database/database-config';
import { openDataSource, type HisobDataSource } from './infra/database/data-source';
import { createJobDriver, JobConfigError, QueueName, readJobConfig, type JobDriver } from './jobs';
import { createSettlementRuntime } from './modules/settlement/settlement-runtime';

/** Queues whose handlers this build provides; a worker serves them unless HISOB_WORKER_QUEUES says otherwise. */
export const QUEUES_WITH_HANDLERS: readonly QueueName[] = [QueueName.Settlement];

export interface RunningWorker {
  driver: JobDriver;
  dataSource: HisobDataSource;
  queues: readonly QueueName[];
  close(): Promise<void>;
}

type Env = Record<string, string | undefined>;

export async function startWorker(
  env: Env = process.env,
  log: (line: string) => void = () => undefined,
): Promise<RunningWorker> {
  const config = loadAppConfig(env);
  const jobs = readJobConfig(env);
  if (!jobs.redisUrl) {
    throw new JobConfigError('the worker needs REDIS_URL: without Redis, jobs run inside the API or CLI process');
  }
  if (!config.databaseUrl) {
    throw new JobConfigError('the worker needs DATABASE_URL: the embedded database belongs to one process');
  }
  // An explicit HISOB_WORKER_QUEUES is taken as is (the start-up check then insists on every handler).
  const queues = env.HISOB_WORKER_QUEUES?.trim() ? jobs.queues : [...QUEUES_WITH_HANDLERS];
  const dataSource = await openDataSource(databaseConfigFrom(config));
  let driver: JobDriver | undefined;
  try {
    driver = createJobDriver(jobs, { onError: (error) => log(`queue error: ${error.message}`) });
    const runtime = createSettlementRuntime({ dataSource, driver });
    await driver.startWorkers(runtime.handlers, { queues });
  } catch (error) {
    await driver?.close().catch(() => undefined);
    await dataSource.destroy();
    throw error;
  }
  const concurrency = queues.map((q) => `${q}=${jobs.concurrency[q] ?? 'default'}`).join(', ');
  log(
    `worker ${process.pid} serving ${concurrency} (Redis ${redactUrl(jobs.redisUrl)}, PostgreSQL ${redactUrl(config.databaseUrl)})`,
  );
  const running = driver;
  return {
    driver: running,
    dataSource,
    queues,
    async close() {
      await running.close();
      await dataSource.destroy();
    },
  };
}

export function main(): void {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  startWorker(process.env, log).then(
    (worker) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        log(`worker ${process.pid}: ${signal}, finishing running jobs`);
        worker.close().then(
          () => process.exit(0),
          (error: unknown) => {
            process.stderr.write(`hisob worker: ${String(error)}\n`);
            process.exit(1);
          },
        );
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    },
    (error: unknown) => {
      const known = error instanceof ConfigError || error instanceof JobConfigError;
      process.stderr.write(
        `hisob worker: ${known ? (error as Error).message : ((error as Error)?.stack ?? String(error))}\n`,
      );
      process.exit(1);
    },
  );
}

if (require.main === module) main();
