// Enqueues a planned run as one flow: chunk and capitation jobs as children, finalize as the parent.
import { JobName, jobRef, type AnyJobRef, type JobDriver } from '../../../jobs';
import { runJobIds } from './job-ids';

export interface PlannedRun {
  runId: string;
  generation: number;
  chunkCount: number;
  capitationPartCount: number;
}

export async function enqueueRunFlow(driver: JobDriver, plan: PlannedRun): Promise<void> {
  const ids = runJobIds(plan.runId, plan.generation);
  const parent = jobRef(
    JobName.SettlementFinalize,
    { runId: plan.runId, chunkCount: plan.chunkCount, capitationPartCount: plan.capitationPartCount },
    ids.finalize,
  );
  const children: AnyJobRef[] = [];
  for (let n = 1; n <= plan.chunkCount; n++) {
    children.push(
      jobRef(JobName.SettlementChunk, { runId: plan.runId, chunkNo: n, chunkCount: plan.chunkCount }, ids.chunk(n)),
    );
  }
  for (let n = 1; n <= plan.capitationPartCount; n++) {
    children.push(
      jobRef(
        JobName.SettlementCapitation,
        { runId: plan.runId, partNo: n, partCount: plan.capitationPartCount },
        ids.capitation(n),
      ),
    );
  }
  // A month without cases or facilities still gets its (empty) statements and totals.
  if (children.length === 0) await driver.enqueue(parent.name, parent.payload, { jobId: parent.jobId });
  else await driver.enqueueFlow({ parent, children });
}

export async function enqueuePlan(driver: JobDriver, runId: string, generation: number): Promise<void> {
  await driver.enqueue(JobName.SettlementPlan, { runId }, { jobId: runJobIds(runId, generation).plan });
}
