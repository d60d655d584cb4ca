import {
  ALL_JOB_NAMES,
  ALL_QUEUES,
  backoffDelayMs,
  concurrencyOf,
  definitionOf,
  isJobName,
  JOB_DEFINITIONS,
  jobNamesOf,
  JobName,
  QUEUE_DEFINITIONS,
  QueueName,
  queueOf,
} from './catalogue';

describe('job catalogue', () => {
  it('gives every job a queue, at least one attempt and a backoff', () => {
    for (const name of ALL_JOB_NAMES) {
      const definition = JOB_DEFINITIONS[name];
      expect(ALL_QUEUES).toContain(definition.queue);
      expect(definition.attempts).toBeGreaterThanOrEqual(1);
      expect(definition.backoff.delayMs).toBeGreaterThan(0);
    }
  });

  it('keeps job names unique and free of the BullMQ key separator', () => {
    expect(new Set(ALL_JOB_NAMES).size).toBe(ALL_JOB_NAMES.length);
    for (const name of ALL_JOB_NAMES) expect(name).not.toContain(':');
    for (const queue of ALL_QUEUES) expect(queue).toMatch(/^[a-z-]+$/);
  });

  it('lists the jobs of a queue in catalogue order', () => {
    expect(jobNamesOf([QueueName.Settlement])).toEqual([
      'settlement.plan',
      'settlement.chunk',
      'settlement.capitation',
      'settlement.finalize',
    ]);
    expect(jobNamesOf([QueueName.Import, QueueName.Maintenance])).toEqual([
      'import.enrolment',
      'import.cases',
      'maintenance.cleanup',
    ]);
    expect(jobNamesOf([])).toEqual([]);
    expect(queueOf(JobName.ImportCases)).toBe(QueueName.Import);
  });

  it('has retention rules with a positive age and count for every queue', () => {
    for (const queue of ALL_QUEUES) {
      const { concurrency, removeOnComplete, removeOnFail } = QUEUE_DEFINITIONS[queue];
      expect(concurrency).toBeGreaterThanOrEqual(1);
      for (const rule of [removeOnComplete, removeOnFail]) {
        expect(rule.ageSeconds).toBeGreaterThan(0);
        expect(rule.count).toBeGreaterThan(0);
      }
    }
    expect(QUEUE_DEFINITIONS[QueueName.Settlement].removeOnComplete).toEqual({ ageSeconds: 604800, count: 20000 });
  });

  it('computes backoff delays the way BullMQ does', () => {
    const exponential = { type: 'exponential' as const, delayMs: 2000 };
    expect([1, 2, 3, 4].map((retry) => backoffDelayMs(exponential, retry))).toEqual([2000, 4000, 8000, 16000]);
    expect(backoffDelayMs({ type: 'fixed', delayMs: 500 }, 3)).toBe(500);
  });

  it('applies per-job and per-queue overrides on top of the catalogue', () => {
    const overridden = definitionOf(JobName.SettlementChunk, { [JobName.SettlementChunk]: { attempts: 2 } });
    expect(overridden).toEqual({ queue: 'settlement', attempts: 2, backoff: { type: 'exponential', delayMs: 2000 } });
    expect(definitionOf(JobName.SettlementPlan, { [JobName.SettlementChunk]: { attempts: 2 } }).attempts).toBe(3);
    expect(concurrencyOf(QueueName.Settlement)).toBe(2);
    expect(concurrencyOf(QueueName.Settlement, { [QueueName.Settlement]: 8 })).toBe(8);
    expect(isJobName('settlement.chunk')).toBe(true);
    expect(isJobName('settlement.chunks')).toBe(false);
  });
});
