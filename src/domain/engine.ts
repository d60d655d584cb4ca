import type { CaseRecord, FacilityContext } from './cases/case';
import type { TariffBook } from './tariff-book/model';
import type { GroupingResult } from './grouper/result';
import type { PricingResult } from './pricer/result';
import { createGrouper } from './grouper/group-case';
import { priceGroupedCase } from './pricer/price-case';

/**
 * The payment engine for one tariff book: edits, grouping and pricing of one case at a time.
 * Build once per book (it compiles and indexes the tables), then call process() per case.
 */
export interface Engine {
  readonly book: TariffBook;
  group(c: CaseRecord): GroupingResult;
  process(c: CaseRecord, facility: FacilityContext): PricingResult & { grouping: GroupingResult };
}

export function createEngine(book: TariffBook): Engine {
  const group = createGrouper(book);
  return {
    book,
    group,
    process(c, facility) {
      const grouping = group(c);
      return { ...priceGroupedCase(book, c, facility, grouping), grouping };
    },
  };
}
