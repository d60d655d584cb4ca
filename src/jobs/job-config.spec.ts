import { DEFAULT_JOB_CONFIG, JobConfigError, readJobConfig } from './job-config';

describe('readJobConfig', () => {
  it('uses the inline driver defaults when nothing is set', () => {
    expect(readJobConfig({})).toEqual({ ...DEFAULT_JOB_CONFIG, redisUrl: undefined });
    expect(readJobConfig({ REDIS_URL: '  ' }).redisUrl).toBeUndefined();
  });

  it('reads every setting', () => {
    const config = readJobConfig({
      REDIS_URL: 'redis://cache.internal:6380/2',
      HISOB_QUEUE_PREFIX: 'hisob-staging',
      HISOB_WORKER_QUEUES: 'import, settlement',
      HISOB_WORKER_CONCURRENCY: 'settlement=4, import=1',
      HISOB_JOB_LOCK_MS: '120000',
      HISOB_JOB_STALLED_INTERVAL_MS: '15000',
      HISOB_JOB_MAX_STALLED: '3',
    });
    expect(config).toEqual({
      redisUrl: 'redis://cache.internal:6380/2',
      prefix: 'hisob-staging',
      queues: ['settlement', 'import'],
      concurrency: { settlement: 4, import: 1 },
      lockDurationMs: 120000,
      stalledIntervalMs: 15000,
      maxStalledCount: 3,
    });
  });

  it('applies a single concurrency number to every queue', () => {
    expect(readJobConfig({ HISOB_WORKER_CONCURRENCY: '6' }).concurrency).toEqual({
      settlement: 6,
      import: 6,
      maintenance: 6,
    });
  });

  it('fails at boot on values a job would trip over later', () => {
    expect(() => readJobConfig({ REDIS_URL: 'localhost:6379' })).toThrow(JobConfigError);
    expect(() => readJobConfig({ HISOB_WORKER_CONCURRENCY: 'settlment=4' })).toThrow(
      'HISOB_WORKER_CONCURRENCY names an unknown queue settlment (known: settlement, import, maintenance)',
    );
    expect(() => readJobConfig({ HISOB_WORKER_QUEUES: 'settlement,imports' })).toThrow(
      'HISOB_WORKER_QUEUES names an unknown queue imports',
    );
    expect(() => readJobConfig({ HISOB_WORKER_CONCURRENCY: '0' })).toThrow('concurrency must be ≥ 1, got 0');
    expect(() => readJobConfig({ HISOB_WORKER_CONCURRENCY: 'settlement:4' })).toThrow('must be a number or a list');
    expect(() => readJobConfig({ HISOB_JOB_LOCK_MS: '30s' })).toThrow('HISOB_JOB_LOCK_MS must be an integer ≥ 1000');
    expect(() => readJobConfig({ HISOB_JOB_LOCK_MS: '500' })).toThrow('HISOB_JOB_LOCK_MS must be an integer ≥ 1000');
    expect(() => readJobConfig({ HISOB_QUEUE_PREFIX: 'a:b' })).toThrow('HISOB_QUEUE_PREFIX may hold only');
  });
});
