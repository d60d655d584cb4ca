// PLACEHOLDER — the grouper helper replaces this file.
import type { CaseRecord } from '../cases/case';
import type { TariffBook } from '../tariff-book/model';
import type { GroupingResult } from './result';

/** Compiles the book's grouping tables once; the returned function runs edits, then grouping. */
export function createGrouper(_book: TariffBook): (c: CaseRecord) => GroupingResult {
  throw new Error('not implemented');
}
