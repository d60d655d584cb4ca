import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../../infra/nest/tokens';
import { createJobDriver, QueueName, readJobConfig, type JobDriver } from '../../jobs';
import { RegistersController } from './registers.controller';
import { RegistersRepository } from './registers.repository';
import { createSettlementRuntime, type SettlementRuntime } from './settlement-runtime';
import { SettlementController } from './settlement.controller';
import { SettlementService } from './settlement.service';
import { JOB_DRIVER } from './settlement.tokens';

export const SETTLEMENT_RUNTIME = Symbol('SETTLEMENT_RUNTIME');
const OWNS_DRIVER = Symbol('OWNS_DRIVER');
const RUN_JOBS = Symbol('RUN_JOBS');

export interface SettlementModuleOptions {
  /** A driver to use (tests); default: from the environment (BullMQ with REDIS_URL, inline otherwise). */
  driver?: JobDriver;
  chunkSize?: number;
  /** Run the settlement jobs in this process when the driver is inline (default true). */
  runInlineJobs?: boolean;
}

/**
 * With the inline driver the API process runs the settlement jobs itself (the embedded default); with
 * BullMQ it only enqueues them and worker processes (src/worker.ts) run them.
 */
@Injectable()
class SettlementJobsHost implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(JOB_DRIVER) private readonly driver: JobDriver,
    @Inject(SETTLEMENT_RUNTIME) private readonly runtime: SettlementRuntime,
    @Inject(OWNS_DRIVER) private readonly owned: boolean,
    @Inject(RUN_JOBS) private readonly runJobs: boolean,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.driver.kind === 'inline' && this.runJobs) {
      await this.driver.startWorkers(this.runtime.handlers, { queues: [QueueName.Settlement] });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.owned) await this.driver.close();
  }
}

/**
 * Monthly settlement: runs, statements, approval and closing, exports; the registers of services,
 * advances and adjustments a settlement reads; the settlement job handlers.
 */
@Module({})
export class SettlementModule {
  static forRoot(options: SettlementModuleOptions = {}): DynamicModule {
    return {
      module: SettlementModule,
      controllers: [SettlementController, RegistersController],
      providers: [
        { provide: JOB_DRIVER, useFactory: () => options.driver ?? createJobDriver(readJobConfig()) },
        { provide: OWNS_DRIVER, useValue: options.driver === undefined },
        { provide: RUN_JOBS, useValue: options.runInlineJobs ?? true },
        {
          provide: SETTLEMENT_RUNTIME,
          inject: [DATA_SOURCE, JOB_DRIVER],
          useFactory: (dataSource: DataSource, driver: JobDriver) =>
            createSettlementRuntime({ dataSource, driver, options: { chunkSize: options.chunkSize } }),
        },
        { provide: SettlementService, inject: [SETTLEMENT_RUNTIME], useFactory: (r: SettlementRuntime) => r.service },
        SettlementJobsHost,
        RegistersRepository,
      ],
      exports: [SettlementService, SETTLEMENT_RUNTIME, JOB_DRIVER],
    };
  }
}
