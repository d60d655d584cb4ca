// Helpers for the pricer's golden specs: a case, its grouping result and a facility, built by hand
// (the specs do not run the grouper), and a price() that also checks the cache changes nothing.
import type { CaseRecord, FacilityContext } from '../../cases/case';
import type { GroupingResult } from '../../grouper/result';
import type { TariffBook } from '../../tariff-book/model';
import { priceGroupedCase, priceGroupedCaseUncached } from '../price-case';
import type { PricingResult } from '../result';

export interface Scenario {
  case: CaseRecord;
  grouping: GroupingResult;
  facility: FacilityContext;
}

const DAY_MS = 86_400_000;

/** Admission day plus `los` days, as YYYY-MM-DD. */
export function plusDays(date: string, days: number): string {
  return new Date(Date.parse(date + 'T00:00:00Z') + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A grouped case of `group` with a stay of `los` days: admitted 2026-03-02 08:00, discharged `los`
 * days later at 12:00, emergency, home, 50 years old. Override anything through `over`.
 */
export function scenario(
  group: string,
  los: number,
  over: {
    case?: Partial<CaseRecord>;
    grouping?: Partial<GroupingResult>;
    features?: Partial<GroupingResult['features']>;
    facility?: Partial<FacilityContext>;
  } = {},
): Scenario {
  const admission = '2026-03-02';
  const c: CaseRecord = {
    facilityId: 'F001',
    claimId: 'C1',
    patientId: 'P1',
    birthDate: '1976-01-15',
    sex: 'M',
    admissionAt: `${admission}T08:00`,
    dischargeAt: `${plusDays(admission, los)}T12:00`,
    admissionType: 'emergency',
    referralId: null,
    dischargeMode: 'home',
    careSetting: 'inpatient',
    principalDiagnosis: 'I219',
    secondaryDiagnoses: [],
    procedures: [],
    ...over.case,
  };
  const grouping: GroupingResult = {
    group,
    returnCode: '0',
    rowId: `R-${group}`,
    isError: false,
    edits: [],
    features: {
      mdc: '05',
      category: '05M01',
      validPrincipal: true,
      ccLevel: 0,
      orProcedure: false,
      los,
      ageYears: 50,
      ageDays: 18309,
      ...over.features,
    },
    ...over.grouping,
  };
  const facility: FacilityContext = { id: 'F001', level: 'district', ...over.facility };
  return { case: c, grouping, facility };
}

/** Prices with and without the cache and insists both give the same result. */
export function price(book: TariffBook, s: Scenario): PricingResult {
  const uncached = priceGroupedCaseUncached(book, s.case, s.facility, s.grouping);
  const first = priceGroupedCase(book, s.case, s.facility, s.grouping);
  const again = priceGroupedCase(book, s.case, s.facility, s.grouping);
  expect(JSON.stringify(first)).toBe(JSON.stringify(uncached));
  expect(JSON.stringify(again)).toBe(JSON.stringify(uncached));
  return first;
}

/** amount, fund and patient shares as fixed 2-decimal strings. */
export function money(r: PricingResult): { amount: string; fund: string; patient: string } {
  return { amount: r.amount.toFixed(2), fund: r.fundAmount.toFixed(2), patient: r.patientAmount.toFixed(2) };
}
