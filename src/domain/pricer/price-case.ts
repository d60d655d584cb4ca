// PLACEHOLDER — the pricer helper replaces this file.
import type { CaseRecord, FacilityContext } from '../cases/case';
import type { TariffBook } from '../tariff-book/model';
import type { GroupingResult } from '../grouper/result';
import type { PricingResult } from './result';

/** Prices a grouped case; error groups are never priced. Pure; may memoise per book. */
export function priceGroupedCase(
  _book: TariffBook,
  _c: CaseRecord,
  _facility: FacilityContext,
  _grouping: GroupingResult,
): PricingResult {
  throw new Error('not implemented');
}
