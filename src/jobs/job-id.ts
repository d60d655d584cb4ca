// Deterministic job ids. A job id names the work, not the attempt to enqueue it: enqueueing the same id
// again while the job is still stored is a no-op, which is what makes re-planning a run safe.
//
// BullMQ rejects ids that are plain integers (they clash with its own counter) and ids with ':' (its key
// separator); both drivers apply the same rule so a bad id fails in tests on the inline driver too.

export class JobIdError extends Error {
  override readonly name = 'JobIdError';
}

const MAX_JOB_ID_LENGTH = 200;

export function assertJobId(id: string): void {
  if (typeof id !== 'string' || id.length === 0) throw new JobIdError('job id must be a non-empty string');
  if (id.length > MAX_JOB_ID_LENGTH) throw new JobIdError(`job id longer than ${MAX_JOB_ID_LENGTH} characters: ${id}`);
  if (id.includes(':')) throw new JobIdError(`job id must not contain ':': ${id}`);
  if (/^\d+$/.test(id)) throw new JobIdError(`job id must not be a plain integer: ${id}`);
  if (/\s/.test(id)) throw new JobIdError(`job id must not contain whitespace: ${JSON.stringify(id)}`);
}

/** Joins parts with '.', e.g. jobId('settlement-chunk', 'run-42', 7) → 'settlement-chunk.run-42.7'. */
export function jobId(...parts: Array<string | number>): string {
  if (parts.length === 0) throw new JobIdError('job id needs at least one part');
  for (const part of parts) {
    if (typeof part === 'number' && !Number.isSafeInteger(part)) {
      throw new JobIdError(`job id parts must be strings or safe integers: ${part}`);
    }
    if (part === '') throw new JobIdError('job id parts must not be empty');
  }
  const id = parts.join('.');
  assertJobId(id);
  return id;
}
