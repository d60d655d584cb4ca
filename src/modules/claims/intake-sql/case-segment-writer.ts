// Writes an import segment by segment (tens of thousands of rows each) while the next segment is
// being read and validated, so parsing and the database work overlap. Per segment:
//   0. while it is read, its COPY text is built as if all its rows were new claims in open months
//      (case-segment.ts), so the database goes from one COPY to the next without waiting;
//   1. the facilities and months it touches are locked (see settlement-month-locks.ts);
//   2. one lookup finds which of its claims already have an active version;
//   3. new claims in open months are COPYed straight into `cases` as version 1 — the bulk of any
//      import, written once, with no staging round trip;
//   4. everything else (claims with a version, rows of closed months) is COPYed into the staging
//      table for the set-based merge at the end (merge-case-stage.ts).
import type { QueryRunner } from 'typeorm';
import { DIRECT_PREFIX_COLUMNS, LINES_PER_CHUNK, type CaseSegment } from '../case-import/case-segment';
import type { CaseIdSequence, StagedCase } from '../case-import/case-version-row';
import { CASE_STAGE_COLUMNS } from './case-stage';
import { copyTextIn } from './copy-text';
import { lockFacilitiesForIntake, lockSettlementMonths, monthKey } from './settlement-month-locks';

/** `cases` columns of a directly written version, in the order CaseSegment writes them. */
const DIRECT_COLUMNS = [
  ...DIRECT_PREFIX_COLUMNS,
  ...CASE_STAGE_COLUMNS.slice(CASE_STAGE_COLUMNS.indexOf('facility_id')),
];

export class CaseSegmentWriter {
  /** Rows written straight into `cases`. */
  directRows = 0;
  /** Rows sent to the staging table. */
  stagedRows = 0;
  /** monthKey()s of the staged rows (the merge locks and checks them again). */
  readonly stagedMonths = new Set<string>();
  /** Row number → month of each directly written row, when outcomes are tracked. */
  readonly direct: Map<number, string> | undefined;
  private readonly lockedFacilities = new Set<string>();
  private readonly lockedMonths = new Set<string>();
  /** Locked facilities that had an active case before this import wrote any row of theirs. */
  private readonly facilitiesWithCases = new Set<string>();
  private readonly closedMonths = new Set<string>();
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly runner: QueryRunner,
    private readonly stage: string,
    private readonly ids: CaseIdSequence,
    trackDirect: boolean,
  ) {
    this.direct = trackDirect ? new Map() : undefined;
  }

  /**
   * Starts writing a segment once the previous one is done, and returns without waiting for it: the
   * caller reads the next segment meanwhile. A failure surfaces at the next push() or at finish().
   */
  async push(segment: CaseSegment): Promise<void> {
    segment.seal();
    await this.pending;
    if (segment.rows === 0) return;
    this.pending = this.write(segment);
    // Observed by the next push() or finish(); this keeps it from counting as unhandled meanwhile.
    this.pending.catch(() => undefined);
  }

  async finish(): Promise<void> {
    await this.pending;
  }

  /**
   * Waits for a running segment to stop, failed or not. Must come before a rollback: statements of a
   * segment still running after the ROLLBACK would run outside the transaction.
   */
  async settle(): Promise<void> {
    await this.pending.catch(() => undefined);
  }

  private async write(segment: CaseSegment): Promise<void> {
    const facilities = [...segment.facilities].filter((f) => !this.lockedFacilities.has(f));
    const months = [...segment.months].filter((m) => !this.lockedMonths.has(m));
    await lockFacilitiesForIntake(this.runner, facilities);
    // Checked right after the lock and before this import writes any of their rows: a facility with no
    // active case cannot have an active version of any of its claims, so its rows skip the lookup.
    for (const f of await withActiveCases(this.runner, new Set(facilities))) this.facilitiesWithCases.add(f);
    for (const f of facilities) this.lockedFacilities.add(f);
    const closed = await lockSettlementMonths(this.runner, months);
    for (const m of months) this.lockedMonths.add(m);
    for (const m of closed) this.closedMonths.add(m);

    const lookup = [...segment.facilities].some((f) => this.facilitiesWithCases.has(f));
    const anyClosed = [...segment.months].some((m) => this.closedMonths.has(m));
    if (!lookup && !anyClosed) {
      // Every row is a new claim in an open month: the segment's text goes in as it is.
      if (this.direct) for (const r of segment.staged()) this.direct.set(r.rowNo, r.month);
      this.directRows += await copyTextIn(this.runner, 'cases', DIRECT_COLUMNS, segment.chunks);
      return;
    }
    const rows = [...segment.staged()];
    const existing = await this.activeClaims(rows);
    const direct: string[] = [];
    const staged: string[] = [];
    let directText = '';
    let stagedText = '';
    let d = 0;
    let s = 0;
    for (const r of rows) {
      const key = monthKey(r.districtCode, r.month);
      if (!existing.has(`${r.facilityId}\u0000${r.claimId}`) && !this.closedMonths.has(key)) {
        directText += r.line + '\n';
        this.direct?.set(r.rowNo, r.month);
        if (++d % LINES_PER_CHUNK === 0) {
          direct.push(directText);
          directText = '';
        }
      } else {
        stagedText += `${r.rowNo}\t${this.ids.idOf(r.rowNo)}\t${r.districtCode}\t${r.month}\t${r.contentHash}\t${r.content}\n`;
        this.stagedMonths.add(key);
        if (++s % LINES_PER_CHUNK === 0) {
          staged.push(stagedText);
          stagedText = '';
        }
      }
    }
    if (directText !== '') direct.push(directText);
    if (stagedText !== '') staged.push(stagedText);
    if (d > 0) this.directRows += await copyTextIn(this.runner, 'cases', DIRECT_COLUMNS, direct);
    if (s > 0) this.stagedRows += await copyTextIn(this.runner, this.stage, CASE_STAGE_COLUMNS, staged);
  }

  /** Keys (`facility\u0000claim`) of the segment's claims that have an active version. */
  private async activeClaims(segment: readonly StagedCase[]): Promise<Set<string>> {
    // Within one import a claim is staged once (repeats are refused), so only claims stored before it
    // can be found: those of facilities that had cases then.
    const rows = segment.filter((r) => this.facilitiesWithCases.has(r.facilityId));
    if (rows.length === 0) return new Set();
    const found: { facility_id: string; claim_id: string }[] = await this.runner.query(
      `SELECT c.facility_id, c.claim_id
       FROM unnest($1::text[], $2::text[]) AS k (facility_id, claim_id)
       JOIN cases c ON c.facility_id = k.facility_id AND c.claim_id = k.claim_id AND c.status = 'active'`,
      [rows.map((r) => r.facilityId), rows.map((r) => r.claimId)],
    );
    return new Set(found.map((f) => `${f.facility_id}\u0000${f.claim_id}`));
  }
}

/** Those of the facilities that have at least one active case (one index probe each). */
async function withActiveCases(runner: QueryRunner, facilityIds: ReadonlySet<string>): Promise<string[]> {
  if (facilityIds.size === 0) return [];
  const rows: { id: string }[] = await runner.query(
    `SELECT f.id FROM unnest($1::text[]) AS f (id)
     WHERE EXISTS (SELECT 1 FROM cases c WHERE c.facility_id = f.id AND c.status = 'active')`,
    [[...facilityIds]],
  );
  return rows.map((r) => r.id);
}
