// Polling helpers: the same assertions work on both drivers without driver-specific events.
import { JobName } from '../../../src/jobs/catalogue';
import { JobDriver, JobSnapshot, JobState } from '../../../src/jobs/driver';

export async function waitUntil<T>(
  probe: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 8000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

export function waitForState(
  driver: JobDriver,
  name: JobName,
  jobId: string,
  state: JobState,
  timeoutMs?: number,
): Promise<JobSnapshot> {
  let last: JobSnapshot | undefined;
  return waitUntil(
    async () => {
      last = await driver.getJob(name, jobId);
      return last?.state === state ? last : undefined;
    },
    `${name} ${jobId} to be ${state}`,
    timeoutMs,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; last seen: ${JSON.stringify(last)}`);
  });
}

/** A promise with its resolve handle, to hold a handler until the test lets it go. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}
