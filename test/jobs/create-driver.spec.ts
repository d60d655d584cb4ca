import { BullMqJobDriver } from '../../src/jobs/bullmq-driver';
import { createJobDriver } from '../../src/jobs/create-driver';
import { InlineJobDriver } from '../../src/jobs/inline-driver';
import { readJobConfig } from '../../src/jobs/job-config';
import { assertRedisReachable, testRedisUrl } from './support/redis';

describe('createJobDriver', () => {
  it('runs jobs in-process when REDIS_URL is not set', async () => {
    const driver = createJobDriver(readJobConfig({}));
    expect(driver).toBeInstanceOf(InlineJobDriver);
    expect(driver.kind).toBe('inline');
    await driver.close();
  });

  it('uses BullMQ with the configured prefix when REDIS_URL is set', async () => {
    const url = testRedisUrl();
    await assertRedisReachable(url);
    const driver = createJobDriver(readJobConfig({ REDIS_URL: url, HISOB_QUEUE_PREFIX: 'hisob-test-create' }));
    expect(driver).toBeInstanceOf(BullMqJobDriver);
    expect((driver as BullMqJobDriver).prefix).toBe('hisob-test-create');
    await driver.close();
  });
});
