// A batch (a JSON array, an uploaded file) is validated record by record; on top of that the same claim
// — the same (facilityId, claimId) idempotency key — twice in one batch is refused.
import type { CaseRecord } from '../../../domain/cases/case';
import type { IntakeError, IntakeResult } from './intake-error';
import { pathOf } from './json-path';
import { validateCaseInput } from './validate-case';

export interface CaseBatchValidation {
  /** One result per input, in input order. */
  results: IntakeResult<CaseRecord>[];
  /** Every error of every rejected record, in input order. */
  errors: IntakeError[];
  acceptedCount: number;
  rejectedCount: number;
}

/**
 * Validates each input (at `pathFor(i)`, `$[i]` by default; a CSV caller passes `file:line`). When one
 * claim appears more than once, every occurrence is rejected with DUPLICATE: the batch does not say which
 * version is meant, and guessing could store the wrong one. Resubmitting the right version alone works.
 */
export function validateCaseBatch(
  inputs: readonly unknown[],
  pathFor: (index: number) => string = (i) => `$[${i}]`,
): CaseBatchValidation {
  const paths = inputs.map((_, i) => pathFor(i));
  const results = inputs.map((input, i) => validateCaseInput(input, paths[i]));

  const byKey = new Map<string, number[]>();
  results.forEach((r, i) => {
    if (!r.ok) return;
    // Ids cannot contain NUL (charset), so the joined key is unambiguous.
    const key = `${r.value.facilityId}\u0000${r.value.claimId}`;
    const seen = byKey.get(key);
    if (seen) seen.push(i);
    else byKey.set(key, [i]);
  });
  for (const indexes of byKey.values()) {
    if (indexes.length < 2) continue;
    // A claim repeated thousands of times must not give thousands of thousand-path messages.
    const where =
      indexes
        .slice(0, 5)
        .map((i) => paths[i])
        .join(', ') + (indexes.length > 5 ? ', …' : '');
    for (const i of indexes) {
      const { facilityId, claimId } = (results[i] as { value: CaseRecord }).value;
      const message = `claim ${claimId} of facility ${facilityId} appears ${indexes.length} times in this batch (${where})`;
      results[i] = {
        ok: false,
        errors: [{ path: pathOf(paths[i], 'claimId'), field: 'claimId', code: 'DUPLICATE', message }],
      };
    }
  }

  const errors = results.flatMap((r) => (r.ok ? [] : r.errors));
  const acceptedCount = results.filter((r) => r.ok).length;
  return { results, errors, acceptedCount, rejectedCount: results.length - acceptedCount };
}
