// Deterministic job ids of a run. Generation 1 uses settle.<runId>.chunk.<n>; a retry of a failed run
// bumps the generation (settle.<runId>.g2.chunk.<n>), so its jobs are new while chunks that already
// committed find their work done and return at once.
import { jobId } from '../../../jobs';

export interface RunJobIds {
  plan: string;
  finalize: string;
  chunk(chunkNo: number): string;
  capitation(partNo: number): string;
}

export function runJobIds(runId: string, generation: number): RunJobIds {
  const base = generation > 1 ? ['settle', runId, `g${generation}`] : ['settle', runId];
  return {
    plan: jobId(...base, 'plan'),
    finalize: jobId(...base, 'finalize'),
    chunk: (n) => jobId(...base, 'chunk', n),
    capitation: (n) => jobId(...base, 'capitation', n),
  };
}
