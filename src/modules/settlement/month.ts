// Settlement months are 'YYYY-MM' strings; dates are 'YYYY-MM-DD' (no JS Date: no time zones).
import { SettlementException, SettlementExceptionCode } from './settlement.exception';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function assertMonth(month: string, field = 'month'): void {
  if (typeof month !== 'string' || !MONTH.test(month)) {
    throw new SettlementException(SettlementExceptionCode.INVALID_REQUEST, `${field} "${month}" is not YYYY-MM`, [
      { path: field, field, code: 'FORMAT', message: 'expected YYYY-MM' },
    ]);
  }
}

export function firstDayOf(month: string): string {
  return `${month}-01`;
}

export { nextMonth } from '../../domain/cases/dates';
