// The grouper: edits first; a case with findings goes to the error group of its return code, any other case
// to the group of the first logic row (file order) whose conditions all hold.
import type { CaseRecord } from '../cases/case';
import type { GroupDef, TariffBook } from '../tariff-book/model';
import { newCaseFacts, readCase, type CaseFacts } from './case-facts';
import { codeTablesFor } from './code-tables';
import { compileLogic } from './compile-logic';
import { deriveCodeFeatures } from './derive-features';
import { checkCase } from './edits';
import { ReturnCodes, type CaseFeatures, type EditFinding, type GroupingResult } from './result';

export interface GrouperOptions {
  /**
   * Skip the edits and group every case by the logic table alone, as a pure NordDRG grouper does (for
   * conformance runs against a national grouper's test cases). Never for cases that may be paid.
   */
  skipEdits?: boolean;
}

/**
 * Compiles the book's grouping tables once; the returned function runs edits, then grouping. It never throws
 * for bad case data. One grouper reuses one scratch record, so call it from one place at a time (it is
 * synchronous, so any single JS thread is fine).
 */
export function createGrouper(book: TariffBook, options: GrouperOptions = {}): (c: CaseRecord) => GroupingResult {
  const tables = codeTablesFor(book);
  const index = compileLogic(book, tables);
  const limits = book.manifest.edits;
  const errorGroup = errorGroupResolver(book);
  const f = newCaseFacts(tables);

  return (c) => {
    readCase(tables, c, f);
    const findings = options.skipEdits ? undefined : checkCase(limits, c, f);
    deriveCodeFeatures(tables, f);
    if (findings !== undefined) return errorResult(errorGroup(findings[0].code), findings[0].code, findings, f);
    const hit = index.firstMatch(f);
    if (hit === undefined) {
      const code = ReturnCodes.NO_MATCHING_ROW;
      const finding: EditFinding = { code, field: '', message: 'no grouping logic row matched' };
      return errorResult(errorGroup(code), code, [finding], f);
    }
    const row = hit.row;
    const result: GroupingResult = {
      group: hit.group,
      returnCode: row.returnCode,
      rowId: row.id,
      isError: row.returnCode !== ReturnCodes.OK,
      edits: [],
      features: features(f),
    };
    if (row.altGroup !== undefined) result.altGroup = row.altGroup;
    return result;
  };
}

function errorResult(group: string, code: string, edits: EditFinding[], f: CaseFacts): GroupingResult {
  return { group, returnCode: code, isError: true, edits, features: features(f) };
}

/**
 * The group an edit code leads to: the group whose returnCode is that code, else the book's first error
 * group. A book with no error group at all cannot place the case anywhere; the return code stands in as
 * the group code then (the pricer rejects unknown groups), rather than throwing.
 */
function errorGroupResolver(book: TariffBook): (code: string) => string {
  const byCode = new Map<string, string>();
  let firstError: GroupDef | undefined;
  for (const g of book.groups.values()) {
    if (g.returnCode !== undefined && !byCode.has(g.returnCode)) byCode.set(g.returnCode, g.code);
    if (g.kind === 'error') firstError ??= g;
  }
  return (code) => byCode.get(code) ?? firstError?.code ?? code;
}

// Numbers whose dates were invalid are reported as 0 (the case is an edit error then and never priced).
function features(f: CaseFacts): CaseFeatures {
  // The usual case (a principal with a category) as one literal, keys in the same order as below:
  // adding mdc and category after the fact gave every result an extra out-of-object property store.
  if (f.mdc !== undefined && f.category !== undefined) {
    return {
      validPrincipal: f.validPrincipal,
      ccLevel: f.cc,
      orProcedure: f.or1,
      los: finite(f.los),
      ageYears: finite(f.ageYears),
      ageDays: finite(f.ageDays),
      mdc: f.mdc,
      category: f.category,
    };
  }
  const out: CaseFeatures = {
    validPrincipal: f.validPrincipal,
    ccLevel: f.cc,
    orProcedure: f.or1,
    los: finite(f.los),
    ageYears: finite(f.ageYears),
    ageDays: finite(f.ageDays),
  };
  if (f.mdc !== undefined) out.mdc = f.mdc;
  if (f.category !== undefined) out.category = f.category;
  return out;
}

function finite(n: number): number {
  return Number.isFinite(n) ? n : 0;
}
