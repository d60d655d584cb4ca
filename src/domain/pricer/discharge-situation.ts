import type { CaseRecord } from '../cases/case';
import { caseMinuteNumber } from '../grouper/case-dates';
import type { GroupDef, PricingOptions } from '../tariff-book/model';

/**
 * Special discharge situations, in order of precedence (the first that holds decides the payment):
 *  1. `death-first-day` — discharge mode death less than 24 hours after admission (any care setting):
 *     full payment × deathFirstDayShare.
 *  2. `transfer` — transferred out, the book pays transfers per diem, and the stay is not beyond the
 *     high trim point: full ÷ mean LOS per day for max(LOS, 1) days, capped at the full payment.
 *     A transfer beyond the high trim point is paid as a normal long stay (the cap would bind anyway).
 *  3. `same-day` — inpatient admitted and discharged on the same calendar date (not a death):
 *     full payment × sameDayShare.
 *  4. `normal` — the trim rules: below the low trim point a per-day deduction or the short-stay share,
 *     above the high trim point a per-day add-on.
 * In situations 1–3 "full payment" is the payment at the group's own cost weight: the trim rules do
 * not apply on top of a share or per diem (that would cut the same short stay twice).
 */
export type DischargeSituation = 'death-first-day' | 'transfer' | 'same-day' | 'normal';

export function dischargeSituation(
  c: CaseRecord,
  group: GroupDef,
  los: number,
  pricing: PricingOptions,
): DischargeSituation {
  // caseMinuteNumber gives minuteNumber's answers, without the regular expression for common shapes.
  if (c.dischargeMode === 'death' && caseMinuteNumber(c.dischargeAt) - caseMinuteNumber(c.admissionAt) < 1440) {
    return 'death-first-day';
  }
  if (
    c.dischargeMode === 'transfer' &&
    pricing.transferPerDiem &&
    (group.highTrim === undefined || los <= group.highTrim)
  ) {
    return 'transfer';
  }
  if (c.careSetting === 'inpatient' && c.dischargeMode !== 'death' && sameCalendarDate(c.admissionAt, c.dischargeAt)) {
    return 'same-day';
  }
  return 'normal';
}

// Compares the date parts without slicing: this runs for every case.
function sameCalendarDate(a: string, b: string): boolean {
  for (let i = 0; i < 10; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}
