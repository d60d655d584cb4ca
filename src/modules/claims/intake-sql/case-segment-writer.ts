// Writes an import segment by segment (tens of thousands of rows each) while the next segment is
// being read and validated, so parsing and the database work overlap. Per segment:
//   0. before the previous segment is done, its COPY text is built as if all its rows were new
//      claims in open months, so the database goes from one COPY to the next without waiting;
//   1. the facilities and months it touches are locked (see settlement-month-locks.ts);
//   2. one lookup finds which of its claims already have an active version;
//   3. new claims in open months are COPYed straight into `cases` as version 1 — the bulk of any
//      import, written once, with no staging round trip;
//   4. everything else (claims with a version, rows of closed months) is COPYed into the staging
//      table for the set-based merge at the end (merge-case-stage.ts).
import type { QueryRunner } from 'typeorm';
import type { CaseIdSequence, StagedCase } from '../case-import/case-version-row';
import { copyText } from '../case-import/case-version-row';
import { CASE_STAGE_COLUMNS } from './case-stage';
import { copyTextIn } from './copy-text';
import { lockFacilitiesForIntake, lockSettlementMonths, monthKey } from './settlement-month-locks';

/** `cases` columns of a directly written version, in the order directLine() writes them. */
const DIRECT_COLUMNS = [
  'id',
  'district_code',
  'month',
  'service_month',
  'content_hash',
  'version',
  'status',
  'submitted_by',
  ...CASE_STAGE_COLUMNS.slice(CASE_STAGE_COLUMNS.indexOf('facility_id')),
];

/** A segment with what could be worked out before the database is asked. */
interface PreparedSegment {
  rows: StagedCase[];
  /** Facilities and monthKey()s the segment touches that were not locked when it was prepared. */
  facilities: Set<string>;
  months: Set<string>;
  /** The COPY text if every row goes straight into `cases`. */
  directChunks: string[];
}

/** Lines per COPY chunk: a few MB of text at a time. */
const LINES_PER_CHUNK = 4000;

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
  private readonly submittedBy: string;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly runner: QueryRunner,
    private readonly stage: string,
    private readonly ids: CaseIdSequence,
    submittedBy: string,
    trackDirect: boolean,
  ) {
    this.submittedBy = copyText(submittedBy);
    this.direct = trackDirect ? new Map() : undefined;
  }

  /**
   * Prepares the segment's COPY text right away (while the previous segment is still being written,
   * so the database is not kept waiting for it), then starts writing it once the previous one is
   * done, and returns without waiting: the caller reads the next segment meanwhile. A failure
   * surfaces at the next push() or at finish().
   */
  async push(rows: StagedCase[]): Promise<void> {
    if (rows.length === 0) {
      await this.pending;
      return;
    }
    const prepared = this.prepare(rows);
    await this.pending;
    this.pending = this.write(prepared);
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

  /**
   * What can be done before the database is asked anything: the facilities and months the segment
   * touches, and its COPY text as if every row were a new claim in an open month (the usual case).
   */
  private prepare(rows: StagedCase[]): PreparedSegment {
    const facilities = new Set<string>();
    const months = new Set<string>();
    const chunks: string[] = [];
    let text = '';
    let lastDistrict = '';
    let lastMonth = '';
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (!this.lockedFacilities.has(r.facilityId)) facilities.add(r.facilityId);
      if (r.districtCode !== lastDistrict || r.month !== lastMonth) {
        lastDistrict = r.districtCode;
        lastMonth = r.month;
        months.add(monthKey(r.districtCode, r.month));
      }
      text += this.directLine(r);
      if ((i + 1) % LINES_PER_CHUNK === 0) {
        chunks.push(text);
        text = '';
      }
    }
    if (text !== '') chunks.push(text);
    return { rows, facilities, months, directChunks: chunks };
  }

  private directLine(r: StagedCase): string {
    return `${this.ids.idOf(r.rowNo)}\t${r.districtCode}\t${r.month}\t${r.month}\t${r.contentHash}\t1\tactive\t${this.submittedBy}\t${r.content}\n`;
  }

  private async write(segment: PreparedSegment): Promise<void> {
    const { rows } = segment;
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

    const existing = await this.activeClaims(rows);
    const anyClosed = [...segment.months].some((m) => this.closedMonths.has(m));
    if (existing.size === 0 && !anyClosed) {
      // Every row is a new claim in an open month: the prepared text goes in as it is.
      if (this.direct) for (const r of rows) this.direct.set(r.rowNo, r.month);
      this.directRows += await copyTextIn(this.runner, 'cases', DIRECT_COLUMNS, segment.directChunks);
      return;
    }
    const direct: string[] = [];
    const staged: string[] = [];
    let directText = '';
    let stagedText = '';
    let d = 0;
    let s = 0;
    for (const r of rows) {
      const key = monthKey(r.districtCode, r.month);
      if (!existing.has(`${r.facilityId}\u0000${r.claimId}`) && !this.closedMonths.has(key)) {
        directText += this.directLine(r);
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
