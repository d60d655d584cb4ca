import type { CaseRecord, FacilityContext } from './cases/case';
import type { TariffBook } from './tariff-book/model';
import type { GroupingResult } from './grouper/result';
import { createGrouper } from './grouper/group-case';
import { casePricerFor, type GroupedPricingResult } from './pricer/price-case';

/**
 * The payment engine for one tariff book: edits, grouping and pricing of one case at a time.
 * Build once per book (it compiles and indexes the tables), then call process() per case.
 */
export interface Engine {
  readonly book: TariffBook;
  group(c: CaseRecord): GroupingResult;
  process(c: CaseRecord, facility: FacilityContext): GroupedPricingResult;
}

export function createEngine(book: TariffBook): Engine {
  const group = createGrouper(book);
  const pricer = casePricerFor(book);
  return {
    book,
    group,
    process(c, facility) {
      return pricer.priceWithGrouping(c, facility, group(c));
    },
  };
}
