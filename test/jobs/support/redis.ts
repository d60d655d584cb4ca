// Redis for the BullMQ specs: the real server CI starts (REDIS_URL, else the local default), a key prefix
// of our own per spec file, and removal of exactly those keys afterwards.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export function testRedisUrl(): string {
  return process.env.REDIS_URL || 'redis://127.0.0.1:6379';
}

/** A prefix no other spec file or helper uses, e.g. `hisob-test-bullmq-3f9a1c`. */
export function uniquePrefix(tag: string): string {
  return `hisob-test-${tag}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** Fails with a clear message instead of letting every test time out. */
export async function assertRedisReachable(url: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  let socketError: Error | undefined; // says more than the rejected connect() ("Connection is closed")
  client.on('error', (error: Error) => (socketError ??= error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const reason = (socketError ?? (error as Error)).message;
    throw new Error(
      `Redis is unreachable at ${url} (${reason}). The BullMQ specs need a real Redis: ` +
        'start redis-server or set REDIS_URL.',
      { cause: error },
    );
  } finally {
    client.disconnect();
  }
}

/** Deletes every key that starts with `prefix`; returns how many were deleted. */
export async function deleteKeysWithPrefix(url: string, prefix: string): Promise<number> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await client.del(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    client.disconnect();
  }
}

export async function countKeysWithPrefix(url: string, prefix: string): Promise<number> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let count = 0;
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      count += keys.length;
    } while (cursor !== '0');
    return count;
  } finally {
    client.disconnect();
  }
}
