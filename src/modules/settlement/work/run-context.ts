// What every job of a run needs, loaded once per process and run: the scope's districts, the parsed
// tariff book with its engine (TariffBookStore caches published books by id) and the facilities.
import type { DataSource } from 'typeorm';
import type { FacilityContext } from '../../../domain/cases/case';
import { dec } from '../../../domain/money';
import type { LoadedBook, TariffBookStore } from '../../reference/tariff-book.store';
import { scopeDistricts } from '../scope';
import { selectRun, type RunRow } from '../runs/run-row';
import { SettlementException, SettlementExceptionCode } from '../settlement.exception';

export interface RunContext {
  runId: string;
  month: string;
  snapshotDate: string;
  districts: string[];
  book: LoadedBook;
  /** Facility facts pricing needs, loaded on demand (a case's facility may have moved district since). */
  facilities: Map<string, FacilityContext>;
}

const MAX_CACHED_RUNS = 16;

export class RunContextCache {
  private readonly cache = new Map<string, Promise<RunContext>>();

  constructor(
    private readonly db: DataSource,
    private readonly books: TariffBookStore,
  ) {}

  get(runId: string): Promise<RunContext> {
    let loading = this.cache.get(runId);
    if (!loading) {
      loading = this.load(runId);
      this.cache.set(runId, loading);
      loading.catch(() => this.cache.delete(runId));
      while (this.cache.size > MAX_CACHED_RUNS) this.cache.delete(this.cache.keys().next().value as string);
    }
    return loading;
  }

  /** The facility contexts of `ids`, loading those not seen yet; an unknown id is simply absent. */
  async facilities(ctx: RunContext, ids: Iterable<string>): Promise<Map<string, FacilityContext>> {
    const missing = [...new Set(ids)].filter((id) => !ctx.facilities.has(id));
    if (missing.length > 0) {
      const rows: {
        id: string;
        level: FacilityContext['level'];
        region_code: string;
        management_coefficient: string | null;
      }[] = await this.db.query(
        `SELECT f.id, f.level, d.region_code, f.management_coefficient
             FROM facilities f JOIN districts d ON d.code = f.district_code
            WHERE f.id = ANY($1::text[])`,
        [missing],
      );
      for (const r of rows) {
        ctx.facilities.set(r.id, {
          id: r.id,
          level: r.level,
          region: r.region_code,
          ...(r.management_coefficient !== null
            ? { managementCoefficient: dec(r.management_coefficient).toFixed() }
            : {}),
        });
      }
    }
    return ctx.facilities;
  }

  private async load(runId: string): Promise<RunContext> {
    const run = await selectRun(this.db, runId);
    if (!run) throw new SettlementException(SettlementExceptionCode.RUN_NOT_FOUND, `no settlement run ${runId}`);
    return {
      runId,
      month: run.month,
      snapshotDate: run.snapshot_date,
      districts: await scopeDistricts(this.db, { kind: run.scope_kind, code: run.scope_code }),
      book: await this.books.load(run.book_id),
      facilities: new Map(),
    };
  }
}

export type { RunRow };
