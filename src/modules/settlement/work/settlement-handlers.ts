// The settlement module's job handlers. The same functions run in-process (inline driver) and in
// worker processes (BullMQ): they read and write only the database, so any worker can take any job.
import type { DataSource } from 'typeorm';
import { JobName, PermanentJobError, type JobDriver, type JobHandlers } from '../../../jobs';
import { markRunFailed } from '../runs/run-failure';
import { runCapitationPart } from './capitation-job';
import { runChunk } from './chunk-job';
import { enqueueRunFlow } from './enqueue-run';
import { finalizeRun, TotalsMismatchError } from './finalize-job';
import { planRun } from './plan-run';
import type { RunContextCache } from './run-context';

export interface SettlementHandlerDeps {
  db: DataSource;
  driver: JobDriver;
  contexts: RunContextCache;
}

export function createSettlementHandlers(deps: SettlementHandlerDeps): JobHandlers {
  const { db, driver, contexts } = deps;
  return {
    [JobName.SettlementPlan]: ({ runId }) =>
      failRunOnPermanentError(db, runId, async () => {
        const plan = await planRun(db, runId);
        if (!plan) return { runId, planned: false };
        await enqueueRunFlow(driver, {
          runId,
          generation: plan.run.generation,
          chunkCount: plan.chunkCount,
          capitationPartCount: plan.capitationPartCount,
        });
        return { runId, planned: true, chunks: plan.chunkCount, capitationParts: plan.capitationPartCount };
      }),
    [JobName.SettlementChunk]: (payload, ctx) =>
      failRunOnPermanentError(db, payload.runId, () => runChunk(db, contexts, payload, ctx)),
    [JobName.SettlementCapitation]: (payload) =>
      failRunOnPermanentError(db, payload.runId, () => runCapitationPart(db, contexts, payload)),
    [JobName.SettlementFinalize]: ({ runId }) =>
      failRunOnPermanentError(db, runId, async () => {
        try {
          return await finalizeRun(db, runId);
        } catch (error) {
          if (error instanceof TotalsMismatchError) throw new PermanentJobError(error.message);
          throw error;
        }
      }),
  };
}

/**
 * A failure no retry can fix fails the run at once, with the reason, so the API and CLI show it (the
 * driver then fails the flow's parent without running it). Other errors are retried by the queue.
 */
async function failRunOnPermanentError<T>(db: DataSource, runId: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof PermanentJobError) await markRunFailed(db, runId, error.message).catch(() => undefined);
    throw error;
  }
}
