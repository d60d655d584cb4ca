import { InlineJobDriver, QueueName } from '../../../src/jobs';
import { createSettlementRuntime, type SettlementRuntime } from '../../../src/modules/settlement/settlement-runtime';
import type { HisobDataSource } from '../../../src/infra/database/data-source';

export interface InlineSettlement {
  driver: InlineJobDriver;
  runtime: SettlementRuntime;
  /** Requests a settlement and runs its jobs to the end; returns the run id. */
  settle(scope: string, month: string, key: string): Promise<string>;
}

export async function inlineSettlement(dataSource: HisobDataSource, chunkSize = 3): Promise<InlineSettlement> {
  const driver = new InlineJobDriver();
  const runtime = createSettlementRuntime({ dataSource, driver, options: { chunkSize } });
  await driver.startWorkers(runtime.handlers, { queues: [QueueName.Settlement] });
  return {
    driver,
    runtime,
    async settle(scope, month, key) {
      const run = await runtime.service.request({ scope, month, idempotencyKey: key, actor: 'officer' });
      await driver.drain();
      return run.id;
    },
  };
}
