import { Inject, Injectable } from '@nestjs/common';
import { formatMoney } from '../../domain/money/rounding';
import { ValidationFailedException, type ErrorDetail } from '../../infra/http/api-exception';
import { API_PREFIX } from '../../infra/http/api-prefix';
import type { Actor } from '../auth/actor';
import { FacilitiesRepository } from '../reference/facilities.repository';
import type { CaseImportReport, CaseIngestReport } from './case-import/case-import-report';
import { CaseIntakeService } from './case-intake.service';
import { CasePricingService } from './case-pricing.service';
import { ClaimsException, ClaimsExceptionCode } from './claims.exception';
import type { PricedCaseView } from './dto/priced-case.dto';
import { maskForeignFacilities } from './foreign-facility-errors';
import { claimToCase } from './intake/fhir/claim-to-case';
import { toClaimResponse } from './intake/fhir/claim-response';
import type { FhirClaimResponse } from './intake/fhir/fhir-types';
import type { IntakeError } from './intake/intake-error';
import { parseJsonCases } from './intake/parse-json-cases';
import { validateCaseInput } from './intake/validate-case';

/** Most cases in one JSON request; bigger loads go through the CSV import. */
export const MAX_JSON_CASES = 10_000;

export type FhirSubmission =
  | { ok: true; response: FhirClaimResponse; caseId: string; pricingResultId: string }
  | { ok: false; errors: IntakeError[] };

/** The HTTP side of intake: reads what a request carries and hands it to case intake and the engine. */
@Injectable()
export class CaseSubmissionService {
  constructor(
    @Inject(CaseIntakeService) private readonly intake: CaseIntakeService,
    private readonly pricing: CasePricingService,
    private readonly facilities: FacilitiesRepository,
  ) {}

  /**
   * One case object or an array of them, as JSON text. Broken JSON or a wrong top level is a 400; bad
   * records are reported one by one (with JSON paths and lines) while the good ones are stored.
   */
  async submitJson(text: string, actor: Actor): Promise<CaseIngestReport> {
    const parsed = parseJsonCases(text, { maxCases: MAX_JSON_CASES });
    if (!parsed.ok) throw new ValidationFailedException(parsed.errors.map(toDetail));
    const items = parsed.value.items;
    const report = await this.intake.ingestRecords(
      items.map((i) => i.value),
      actor,
      { paths: items.map((i) => i.path), lines: items.map((i) => i.line), outcomes: true },
    );
    return this.mask(report, actor);
  }

  /** A case CSV streamed from the request. */
  async importCsv(body: AsyncIterable<Uint8Array>, fileName: string, actor: Actor): Promise<CaseImportReport> {
    return this.mask(await this.intake.importCasesCsv(body, fileName, actor), actor);
  }

  /** Groups and prices one case without storing anything. */
  async priceOne(body: unknown, actor: Actor, named?: { code: string; version: string }): Promise<PricedCaseView> {
    const checked = validateCaseInput(body, '$');
    if (!checked.ok) throw new ValidationFailedException(checked.errors.map(toDetail));
    const record = checked.value;
    const facility = await this.pricing.facilityFor(actor, record.facilityId, '$.facilityId');
    const book = await this.pricing.bookFor(record, named);
    return this.pricing.view(this.pricing.price(record, facility, book));
  }

  /** A FHIR Claim: mapped, stored (idempotently) and priced under the book in force; answered with a ClaimResponse. */
  async submitFhirClaim(claim: unknown, actor: Actor): Promise<FhirSubmission> {
    const mapped = claimToCase(claim);
    if (!mapped.ok) return { ok: false, errors: mapped.errors };
    const record = mapped.value;
    const facility = await this.pricing.facilityFor(actor, record.facilityId, 'Claim.provider');
    // The book first: a claim that cannot be priced is not stored either.
    const book = await this.pricing.bookFor(record);
    const report = await this.mask(
      await this.intake.ingestRecords([record], actor, { source: 'fhir', paths: ['Claim'], outcomes: true }),
      actor,
    );
    const outcome = report.outcomes?.[0];
    if (!outcome || outcome.status === 'rejected') {
      const errors = outcome?.status === 'rejected' && outcome.errors.length > 0 ? outcome.errors : report.errors;
      const details: ErrorDetail[] = errors.map((e) => ({
        path: e.path,
        field: e.field,
        code: e.code,
        message: e.message,
      }));
      throw new ClaimsException(
        ClaimsExceptionCode.CASE_REJECTED,
        details[0]?.message ?? 'the claim was not stored',
        details,
      );
    }
    const priced = this.pricing.price(record, facility, book);
    const pricingResultId = await this.pricing.store(outcome.caseId, priced);
    const scale = book.book.manifest.rounding.scale;
    const r = priced.result;
    const response = toClaimResponse(
      claim,
      {
        status: r.status,
        group: r.group,
        returnCode: r.returnCode,
        edits: r.grouping.edits,
        amount: formatMoney(r.amount, scale),
        fundAmount: formatMoney(r.fundAmount, scale),
        patientAmount: formatMoney(r.patientAmount, scale),
        currency: book.book.manifest.currency,
        explanationUrl: `/${API_PREFIX}/pricing-results/${pricingResultId}`,
      },
      { id: outcome.caseId },
    );
    return { ok: true, response, caseId: outcome.caseId, pricingResultId };
  }

  private mask<R extends CaseImportReport & Pick<CaseIngestReport, 'outcomes'>>(report: R, actor: Actor): Promise<R> {
    return maskForeignFacilities(
      report,
      actor,
      async (ids) => new Set((await this.facilities.inScope(actor, ids)).keys()),
    );
  }
}

export function toDetail(e: IntakeError): ErrorDetail {
  return {
    path: e.path,
    field: e.field,
    code: e.code,
    message: e.message,
    ...(e.line !== undefined ? { line: e.line } : {}),
    ...(e.column !== undefined ? { column: e.column } : {}),
  };
}
