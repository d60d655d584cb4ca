// The run fingerprint: SHA-256 over a canonical text of everything the run pays, so recomputing a
// month with the same inputs gives the same hex string, and any changed amount changes it.
//
//   hisob-settlement v1|<scope kind>|<scope code>|<month>|<book code>@<book version>
//   L|case_id|facility|claim|version|kind|adjusts|status|group|return code|row|coverage|reason|weight|amount|fund|patient|prior|payable
//   … one L line per case, ordered by case id
//   P|facility|enrolled|unassigned|monthly|withheld|payable|fees|paid|included|rejected
//   … one P line per capitation/fee part, ordered by facility id (byte order)
//   S|facility|cases priced|error|patient|cmi|cases amount|patient amount|enrolled|capitation monthly|withheld|payable|fees|paid|rejected|advances|case adj|other adj|adjustments|net
//   … one S line per statement, ordered by facility id (byte order)
// Every line ends with '\n'. Money has exactly 2 decimals; weights are written without trailing zeros
// (trim_scale), NULL as an empty field.
//
// The L lines are most of the work (one per case). They are hashed in one of two ways, giving the
// same bytes: streamed with COPY … TO STDOUT on a PostgreSQL connection of their own
// (hashLinesAside), so the caller's transaction can write the statements meanwhile; or through a
// server-side cursor in the caller's transaction (hashLinesInTransaction: PGlite, whose single
// session allows no second connection). Either way memory stays flat.
import { createHash, type Hash } from 'node:crypto';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { DataSource, QueryRunner } from 'typeorm';
import { HisobDataSource } from '../../../infra/database/data-source';

const BATCH = 20000;

export interface FingerprintHeader {
  scopeKind: string;
  scopeCode: string;
  month: string;
  bookCode: string;
  bookVersion: string;
}

/** The hash over the header and the L lines, and how many L lines went into it. */
export interface LinesDigest {
  hash: Hash;
  lines: number;
}

/** The whole fingerprint in the caller's transaction, one step after the other. */
export async function runFingerprint(
  runner: Pick<QueryRunner, 'query'>,
  runId: string,
  header: FingerprintHeader,
): Promise<string> {
  return finishFingerprint(runner, runId, await hashLinesInTransaction(runner, runId, header));
}

/** Adds the P and S lines (read in the caller's transaction, so its statements count) to the digest. */
export async function finishFingerprint(
  runner: Pick<QueryRunner, 'query'>,
  runId: string,
  digest: LinesDigest,
): Promise<string> {
  await hashTexts(runner, digest.hash, PART_TEXT, runId);
  await hashTexts(runner, digest.hash, STATEMENT_TEXT, runId);
  return digest.hash.digest('hex');
}

function startHash(header: FingerprintHeader): Hash {
  const hash = createHash('sha256');
  hash.update(
    `hisob-settlement v1|${header.scopeKind}|${header.scopeCode}|${header.month}|${header.bookCode}@${header.bookVersion}\n`,
  );
  return hash;
}

// Text built in SQL, one string per line: far less for the client to parse than twenty columns.
const LINE_TEXT = `concat_ws('|', 'L', case_id, facility_id, claim_id, case_version, kind, coalesce(adjusts_case_id::text, ''),
  status, group_code, return_code, coalesce(row_id, ''), coverage, coalesce(coverage_reason, ''),
  trim_scale(effective_weight), amount, fund_amount, patient_amount, coalesce(prior_fund_amount::text, ''), payable)`;

/** Header and L lines through one server-side cursor in the caller's transaction: a single ordered scan. */
export async function hashLinesInTransaction(
  runner: Pick<QueryRunner, 'query'>,
  runId: string,
  header: FingerprintHeader,
): Promise<LinesDigest> {
  const hash = startHash(header);
  let lines = 0;
  await runner.query(
    `DECLARE fingerprint_lines NO SCROLL CURSOR FOR
       SELECT ${LINE_TEXT} AS t FROM settlement_lines WHERE run_id = $1 ORDER BY case_id`,
    [runId],
  );
  for (;;) {
    const rows: { t: string }[] = await runner.query(`FETCH ${BATCH} FROM fingerprint_lines`);
    if (rows.length === 0) break;
    let text = '';
    for (const r of rows) text += r.t + '\n';
    hash.update(text);
    lines += rows.length;
  }
  // On an error the caller's rollback drops the cursor.
  await runner.query(`CLOSE fingerprint_lines`);
  return { hash, lines };
}

/**
 * Starts hashing the header and L lines on a PostgreSQL connection of its own (outside the pool, so
 * it can never wait for a pooled connection the caller holds), for a caller that holds a transaction
 * and has other work for it meanwhile. Undefined where no such connection can be opened (PGlite, or a
 * data source without a URL): the caller then uses hashLinesInTransaction.
 *
 * The lines must no longer change (every chunk of the run is done): this connection reads what is
 * committed, not the caller's transaction. The caller compares `lines` with its own count.
 */
export function hashLinesAside(
  db: DataSource,
  runId: string,
  header: FingerprintHeader,
): Promise<LinesDigest> | undefined {
  if (!(db instanceof HisobDataSource) || db.kind !== 'postgres') return undefined;
  const url = (db.options as { url?: string }).url;
  if (!url) return undefined;
  return copyLines(url, runId, header);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function copyLines(url: string, runId: string, header: FingerprintHeader): Promise<LinesDigest> {
  // COPY takes no parameters: the id goes in as a literal, so it must be a uuid and nothing else.
  if (!UUID.test(runId)) throw new Error(`fingerprint: run id ${JSON.stringify(runId)} is not a uuid`);
  const client = new pg.Client({ connectionString: url, application_name: 'hisob-fingerprint' });
  await client.connect();
  try {
    // This session runs one query. The lines are written chunk by chunk in case-id order, so the
    // primary key (run_id, case_id) reads them in order almost sequentially; the settlement tables
    // are left to autovacuum, and on stale statistics the planner would sort a million rows on disk
    // instead. JIT, were the estimate high enough for it, would cost more than it saves.
    await client.query('SET enable_sort = off; SET enable_bitmapscan = off; SET jit = off');
    const hash = startHash(header);
    const unescape = new CopyTextUnescaper((bytes) => hash.update(bytes));
    const stream = client.query(
      copyTo(
        `COPY (SELECT ${LINE_TEXT} FROM settlement_lines WHERE run_id = '${runId}'::uuid ORDER BY case_id) TO STDOUT`,
      ),
    );
    for await (const chunk of stream) unescape.write(chunk as Buffer);
    unescape.end();
    return { hash, lines: stream.rowCount };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Turns COPY's text format of one non-null text column back into the values, one per line, each
 * ending in '\n' as the fingerprint has them. COPY writes a backslash as `\\` and the control
 * characters backspace, form feed, newline, carriage return, tab and vertical tab as `\b \f \n \r \t
 * \v`; every other byte is the value's own. UTF-8 continuation bytes are never 0x5C, so working on
 * bytes is safe; an escape cut between two chunks is carried over.
 */
export class CopyTextUnescaper {
  private pendingBackslash = false;

  constructor(private readonly out: (bytes: Buffer) => void) {}

  write(chunk: Buffer): void {
    let start = 0;
    if (this.pendingBackslash && chunk.length > 0) {
      this.out(ESCAPED[chunk[0]] ?? this.invalid(chunk[0]));
      this.pendingBackslash = false;
      start = 1;
    }
    for (;;) {
      const at = chunk.indexOf(BACKSLASH, start);
      if (at < 0) {
        if (start < chunk.length) this.out(chunk.subarray(start));
        return;
      }
      if (at > start) this.out(chunk.subarray(start, at));
      if (at + 1 === chunk.length) {
        this.pendingBackslash = true;
        return;
      }
      this.out(ESCAPED[chunk[at + 1]] ?? this.invalid(chunk[at + 1]));
      start = at + 2;
    }
  }

  end(): void {
    if (this.pendingBackslash) throw new Error('fingerprint: COPY output ends inside an escape');
  }

  private invalid(byte: number): never {
    throw new Error(`fingerprint: unexpected escape \\${String.fromCharCode(byte)} in COPY output`);
  }
}

const BACKSLASH = 0x5c;
const ESCAPED: Record<number, Buffer> = {
  [BACKSLASH]: Buffer.from('\\'),
  [0x62]: Buffer.from('\b'),
  [0x66]: Buffer.from('\f'),
  [0x6e]: Buffer.from('\n'),
  [0x72]: Buffer.from('\r'),
  [0x74]: Buffer.from('\t'),
  [0x76]: Buffer.from('\v'),
};

const PART_TEXT = `SELECT concat_ws('|', 'P', facility_id, enrolled, unassigned, capitation_monthly, capitation_withheld,
  capitation_payable, fees_amount, fees_paid, fees_included, fees_rejected) AS t
  FROM settlement_facility_parts WHERE run_id = $1 ORDER BY facility_id COLLATE "C"`;

const STATEMENT_TEXT = `SELECT concat_ws('|', 'S', facility_id, cases_priced, cases_error, cases_patient,
  coalesce(case_mix_index::text, ''), cases_amount, patient_amount, enrolled, capitation_monthly, capitation_withheld,
  capitation_payable, fees_amount, fees_paid, fees_rejected, advances, case_adjustments, other_adjustments, adjustments,
  net_payable) AS t
  FROM settlement_statements WHERE run_id = $1 ORDER BY facility_id COLLATE "C"`;

async function hashTexts(runner: Pick<QueryRunner, 'query'>, hash: Hash, sql: string, runId: string): Promise<void> {
  const rows: { t: string }[] = await runner.query(sql, [runId]);
  for (const r of rows) hash.update(r.t + '\n');
}
