import { JobName, QueueName } from './catalogue';
import { JobHandlers } from './driver';
import { InlineJobDriver } from './inline-driver';

const maintenanceOnly = { queues: [QueueName.Maintenance] };

describe('InlineJobDriver', () => {
  it('keeps jobs waiting until workers start, and drain() waits for jobs enqueued by jobs', async () => {
    const driver = new InlineJobDriver();
    const ran: string[] = [];
    const handlers: JobHandlers = {
      [JobName.ImportEnrolment]: async ({ importId }) => {
        ran.push(importId);
        await driver.enqueue(JobName.ImportCases, { importId: `${importId}-cases` }, { jobId: `cases.${importId}` });
      },
      [JobName.ImportCases]: async ({ importId }) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        ran.push(importId);
      },
    };
    await driver.enqueue(JobName.ImportEnrolment, { importId: 'imp-1' }, { jobId: 'enrolment.imp-1' });
    await driver.drain(); // nothing served yet: idle at once
    expect((await driver.getJob(JobName.ImportEnrolment, 'enrolment.imp-1'))?.state).toBe('waiting');

    await driver.startWorkers(handlers, { queues: [QueueName.Import] });
    await driver.drain();
    expect(ran).toEqual(['imp-1', 'imp-1-cases']);
    expect((await driver.getJob(JobName.ImportCases, 'cases.imp-1'))?.returnValue).toBeNull();
    await driver.close();
  });

  it('runs at most the configured number of jobs of a queue at once', async () => {
    const driver = new InlineJobDriver({ concurrency: { [QueueName.Maintenance]: 2 } });
    let running = 0;
    let peak = 0;
    await driver.startWorkers(
      {
        [JobName.MaintenanceCleanup]: async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          running -= 1;
        },
      },
      maintenanceOnly,
    );
    for (let day = 1; day <= 6; day += 1) {
      await driver.enqueue(JobName.MaintenanceCleanup, { before: `2025-01-0${day}` }, { jobId: `cleanup.${day}` });
    }
    await driver.drain();
    expect(peak).toBe(2);
    await driver.close();
  });

  it('lets the event loop turn between jobs', async () => {
    const driver = new InlineJobDriver({ concurrency: { [QueueName.Maintenance]: 1 } });
    let done = 0;
    await driver.startWorkers({ [JobName.MaintenanceCleanup]: async () => void (done += 1) }, maintenanceOnly);
    for (let i = 0; i < 20; i += 1) {
      await driver.enqueue(JobName.MaintenanceCleanup, { before: '2025-01-01' }, { jobId: `cleanup.tick-${i}` });
    }
    const seenByTimer = await new Promise<number>((resolve) => setTimeout(() => resolve(done), 0));
    await driver.drain();
    expect(done).toBe(20);
    expect(seenByTimer).toBeLessThan(20);
    await driver.close();
  });

  it('hands payloads over as JSON, as BullMQ stores them', async () => {
    const driver = new InlineJobDriver();
    const received: unknown[] = [];
    await driver.startWorkers(
      { [JobName.MaintenanceCleanup]: async (payload) => void received.push(payload) },
      maintenanceOnly,
    );
    const payload = { before: '2025-01-01', extra: new Date(Date.UTC(2025, 0, 2)), gone: undefined };
    await driver.enqueue(JobName.MaintenanceCleanup, payload as never, { jobId: 'cleanup.json' });
    payload.before = 'changed after enqueue';
    await driver.drain();
    expect(received).toEqual([{ before: '2025-01-01', extra: '2025-01-02T00:00:00.000Z' }]);
    await driver.close();
  });

  it('forgets finished jobs beyond the queue retention count, after which the id can run again', async () => {
    const driver = new InlineJobDriver({ concurrency: { [QueueName.Maintenance]: 4 } });
    const runs: string[] = [];
    await driver.startWorkers(
      { [JobName.MaintenanceCleanup]: async ({ before }) => void runs.push(before) },
      maintenanceOnly,
    );
    // The maintenance queue keeps 100 completed jobs.
    for (let i = 0; i <= 100; i += 1) {
      await driver.enqueue(JobName.MaintenanceCleanup, { before: `run-${i}` }, { jobId: `cleanup.keep-${i}` });
    }
    await driver.drain();
    expect(await driver.getJob(JobName.MaintenanceCleanup, 'cleanup.keep-0')).toBeUndefined();
    expect((await driver.getJob(JobName.MaintenanceCleanup, 'cleanup.keep-1'))?.state).toBe('completed');
    await driver.enqueue(JobName.MaintenanceCleanup, { before: 'run-0 again' }, { jobId: 'cleanup.keep-0' });
    await driver.enqueue(JobName.MaintenanceCleanup, { before: 'run-1 again' }, { jobId: 'cleanup.keep-1' });
    await driver.drain();
    expect(runs).toHaveLength(102);
    expect(runs[101]).toBe('run-0 again');
    await driver.close();
  });

  it('can start workers only once', async () => {
    const driver = new InlineJobDriver();
    await driver.startWorkers({ [JobName.MaintenanceCleanup]: async () => undefined }, maintenanceOnly);
    await expect(driver.startWorkers({}, { queues: [] })).rejects.toThrow('startWorkers was already called');
    await driver.close();
  });
});
