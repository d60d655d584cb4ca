// One segment of an import (tens of thousands of cases) as it goes to the database: the COPY text of
// its rows for `cases`, written as if every row were a new claim in an open month (what nearly every
// row of an import is), sealed into UTF-8 buffers a few thousand lines at a time. Holding a segment
// as buffers rather than an object and several strings per case is what keeps a million-case import
// cheap for the garbage collector: buffers live outside the JavaScript heap, and a case's strings die
// young. The few rows that need another path (a claim already stored, a closed month) are read back
// from the text (parseDirectLine).
import { monthKey } from '../intake-sql/settlement-month-locks';
import type { CaseIdSequence, StagedCase } from './case-version-row';

/** Lines per sealed buffer: a few MB of text, one write to the COPY stream. */
export const LINES_PER_CHUNK = 4000;

export class CaseSegment {
  /** Rows added. */
  rows = 0;
  /** Facilities of the rows. */
  readonly facilities = new Set<string>();
  /** monthKey()s (district + discharge month) of the rows. */
  readonly months = new Set<string>();
  /** The sealed COPY text, LINES_PER_CHUNK lines per buffer (the last one may be shorter). */
  readonly chunks: Buffer[] = [];
  private text = '';
  private inText = 0;
  private lastDistrict = '';
  private lastMonth = '';

  constructor(
    private readonly ids: CaseIdSequence,
    /** Already COPY-escaped (copyText). */
    private readonly submittedBy: string,
  ) {}

  /** Adds a staged case as version 1 of a new claim. */
  add(rowNo: number, facilityId: string, districtCode: string, month: string, contentHash: string, content: string) {
    this.facilities.add(facilityId);
    if (districtCode !== this.lastDistrict || month !== this.lastMonth) {
      this.lastDistrict = districtCode;
      this.lastMonth = month;
      this.months.add(monthKey(districtCode, month));
    }
    this.text += directLine(this.ids.idOf(rowNo), districtCode, month, contentHash, this.submittedBy, content);
    this.rows++;
    if (++this.inText === LINES_PER_CHUNK) this.seal();
  }

  /** Seals what is not yet in a buffer; call before reading `chunks`. */
  seal(): this {
    if (this.inText > 0) {
      this.chunks.push(Buffer.from(this.text, 'utf8'));
      this.text = '';
      this.inText = 0;
    }
    return this;
  }

  /** The rows read back from the sealed text, in order. */
  *staged(): Generator<StagedCase> {
    this.seal();
    for (const chunk of this.chunks) {
      const text = chunk.toString('utf8');
      let at = 0;
      while (at < text.length) {
        const end = text.indexOf('\n', at);
        yield parseDirectLine(text.slice(at, end), this.ids);
        at = end + 1;
      }
    }
  }
}

/** `cases` columns of a directly written version, in the order directLine() writes them. */
export const DIRECT_PREFIX_COLUMNS = [
  'id',
  'district_code',
  'month',
  'service_month',
  'content_hash',
  'version',
  'status',
  'submitted_by',
] as const;

/** The COPY line (with its '\n') of version 1 of a new claim. */
export function directLine(
  id: string,
  districtCode: string,
  month: string,
  contentHash: string,
  submittedBy: string,
  content: string,
): string {
  return `${id}\t${districtCode}\t${month}\t${month}\t${contentHash}\t1\tactive\t${submittedBy}\t${content}\n`;
}

/** A line of directLine() (without its '\n') back as the staged case it was made from. */
export function parseDirectLine(line: string, ids: CaseIdSequence): StagedCase {
  const fields: string[] = [];
  let at = 0;
  let contentAt = 0;
  // The prefix columns, then the content's first two: facility and claim.
  for (let i = 0; i < DIRECT_PREFIX_COLUMNS.length + 2; i++) {
    if (i === DIRECT_PREFIX_COLUMNS.length) contentAt = at;
    const tab = line.indexOf('\t', at);
    fields.push(line.slice(at, tab));
    at = tab + 1;
  }
  const [id, districtCode, month, , contentHash, , , , facilityId, claimId] = fields;
  return {
    rowNo: ids.rowNoOf(id),
    facilityId,
    claimId,
    districtCode,
    month,
    contentHash,
    content: line.slice(contentAt),
    line,
  };
}
