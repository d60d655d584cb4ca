// The settlement module without NestJS: what the CLI, the worker process and the tests build.
import type { DataSource } from 'typeorm';
import type { JobDriver, JobHandlers } from '../../jobs';
import { TariffBookStore } from '../reference/tariff-book.store';
import { SettlementService, type SettlementOptions } from './settlement.service';
import { RunContextCache } from './work/run-context';
import { createSettlementHandlers } from './work/settlement-handlers';

export interface SettlementRuntime {
  service: SettlementService;
  /** The settlement queue's job handlers (plan, chunk, capitation, finalize). */
  handlers: JobHandlers;
  contexts: RunContextCache;
}

export function createSettlementRuntime(deps: {
  dataSource: DataSource;
  driver: JobDriver;
  options?: Omit<SettlementOptions, 'contexts'>;
}): SettlementRuntime {
  const contexts = new RunContextCache(deps.dataSource, new TariffBookStore(deps.dataSource));
  const service = new SettlementService(deps.dataSource, deps.driver, { ...deps.options, contexts });
  const handlers = createSettlementHandlers({ db: deps.dataSource, driver: deps.driver, contexts });
  return { service, handlers, contexts };
}
