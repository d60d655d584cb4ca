// Picks the driver once, at boot: BullMQ when REDIS_URL is set, the in-process inline driver otherwise.
import { JobOverrides } from './catalogue';
import { BullMqJobDriver } from './bullmq-driver';
import { JobDriver } from './driver';
import { InlineJobDriver } from './inline-driver';
import { JobConfig } from './job-config';

export interface CreateDriverExtras {
  jobs?: JobOverrides;
  onError?: (error: Error) => void;
}

export function createJobDriver(config: JobConfig, extras: CreateDriverExtras = {}): JobDriver {
  if (config.redisUrl) {
    return new BullMqJobDriver({
      connection: config.redisUrl,
      prefix: config.prefix,
      concurrency: config.concurrency,
      lockDurationMs: config.lockDurationMs,
      stalledIntervalMs: config.stalledIntervalMs,
      maxStalledCount: config.maxStalledCount,
      jobs: extras.jobs,
      onError: extras.onError,
    });
  }
  return new InlineJobDriver({ concurrency: config.concurrency, jobs: extras.jobs });
}
