import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { CaseRecord } from '../../domain/cases/case';
import type { GroupingResult } from '../../domain/grouper/result';
import { formatMoney } from '../../domain/money/rounding';
import type { PricingResult } from '../../domain/pricer/result';
import { DATA_SOURCE } from '../../infra/nest/tokens';
import type { Actor } from '../auth/actor';
import { FacilitiesRepository, type ScopedFacility } from '../reference/facilities.repository';
import { ReferenceException, ReferenceExceptionCode } from '../reference/reference.exception';
import { TariffBookStore, type LoadedBook } from '../reference/tariff-book.store';
import { ClaimsException, ClaimsExceptionCode } from './claims.exception';
import type { PricedCaseView } from './dto/priced-case.dto';

export type EngineResult = PricingResult & { grouping: GroupingResult };

export interface PricedCase {
  book: LoadedBook;
  facility: ScopedFacility;
  result: EngineResult;
}

/** Runs the engine for one case: the facility from the registry (scoped), the book in force on discharge. */
@Injectable()
export class CasePricingService {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly facilities: FacilitiesRepository,
    private readonly books: TariffBookStore,
  ) {}

  /** The facility of a case, if the actor may act for it; otherwise the same error as an unknown one. */
  async facilityFor(actor: Actor, facilityId: string, path: string): Promise<ScopedFacility> {
    const found = (await this.facilities.inScope(actor, [facilityId])).get(facilityId);
    if (found) return found;
    throw new ClaimsException(ClaimsExceptionCode.UNKNOWN_FACILITY, `no facility ${facilityId} that you may act for`, [
      {
        path,
        field: 'facilityId',
        code: 'UNKNOWN_FACILITY',
        message: `no facility ${facilityId} that you may act for`,
      },
    ]);
  }

  /** The book to price under: the one named, or the published one in force on the discharge date. */
  async bookFor(record: CaseRecord, named?: { code: string; version: string }): Promise<LoadedBook> {
    if (!named) return this.books.inForce(record.dischargeAt.slice(0, 10));
    const rows: { id: string }[] = await this.db.query(`SELECT id FROM tariff_books WHERE code = $1 AND version = $2`, [
      named.code,
      named.version,
    ]);
    if (!rows[0]) {
      throw new ReferenceException(
        ReferenceExceptionCode.TARIFF_BOOK_NOT_FOUND,
        `no tariff book ${named.code} ${named.version}`,
      );
    }
    return this.books.load(rows[0].id);
  }

  price(record: CaseRecord, facility: ScopedFacility, book: LoadedBook): PricedCase {
    return { book, facility, result: book.engine().process(record, facility.context) };
  }

  view(p: PricedCase): PricedCaseView {
    const { book, result } = p;
    const scale = book.book.manifest.rounding.scale;
    const group = book.book.groups.get(result.group);
    return {
      tariffBook: { id: book.id, code: book.code, version: book.version, status: book.status },
      facility: { id: p.facility.id, level: p.facility.context.level },
      status: result.status,
      group: result.group,
      ...(group ? { groupNames: group.names } : {}),
      returnCode: result.returnCode,
      rowId: result.rowId ?? null,
      edits: result.grouping.edits,
      features: result.grouping.features,
      coverage: result.coverage,
      coverageReason: result.coverageReason ?? null,
      effectiveWeight: result.effectiveWeight.toFixed(),
      amount: formatMoney(result.amount, scale),
      fundAmount: formatMoney(result.fundAmount, scale),
      patientAmount: formatMoney(result.patientAmount, scale),
      currency: book.book.manifest.currency,
      ...(result.message ? { message: result.message } : {}),
      explanation: result.explanation,
    };
  }

  /**
   * Stores the result for a case version under the book. Published books are immutable and the engine
   * deterministic, so pricing the same version again keeps the first row (idempotent).
   */
  async store(caseId: string, p: PricedCase): Promise<string> {
    const r = p.result;
    const money = (d: typeof r.amount) => {
      if (d.decimalPlaces() > 2)
        throw new Error(`amount ${d.toFixed()} has more than 2 decimals; the book's rounding is wrong`);
      return d.toFixed(2);
    };
    const inserted: { id: string }[] = await this.db.query(
      `INSERT INTO pricing_results (case_id, tariff_book_id, status, group_code, return_code, row_id, coverage,
                                    coverage_reason, effective_weight, amount, fund_amount, patient_amount, explanation)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb)
       ON CONFLICT (case_id, tariff_book_id) DO NOTHING
       RETURNING id`,
      [
        caseId,
        p.book.id,
        r.status,
        r.group,
        r.returnCode,
        r.rowId ?? null,
        r.coverage,
        r.coverageReason ?? null,
        r.effectiveWeight.toFixed(),
        money(r.amount),
        money(r.fundAmount),
        money(r.patientAmount),
        JSON.stringify(r.explanation),
      ],
    );
    if (inserted[0]) return inserted[0].id;
    const existing: { id: string }[] = await this.db.query(
      `SELECT id FROM pricing_results WHERE case_id = $1 AND tariff_book_id = $2`,
      [caseId, p.book.id],
    );
    return existing[0].id;
  }
}
