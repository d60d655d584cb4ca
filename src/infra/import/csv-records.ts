// Splits a CSV byte stream into records, fast and defensively. Bytes are checked as UTF-8 (natively,
// a whole chunk at a time; line by line only when a chunk is bad), so a line saved in Windows-1251
// is one ENCODING error and the other lines still count. A quoted cell may span lines; a record
// longer than the limit is skipped without being buffered, and a file cut inside a quoted cell ends
// with a SYNTAX error for its last record. Cells are split by the shared RFC 4180 splitter.
import { isUtf8 } from 'node:buffer';
import { splitCsvRecord } from '../../io/csv-line';
import { ImportFileError } from './import-errors';

export type CsvRecordErrorCode = 'ENCODING' | 'SYNTAX' | 'TOO_LONG';

/** One record: its cells, or why it could not be read. */
export interface CsvRecord {
  /** 1-based line where the record starts. */
  line: number;
  cells?: string[];
  error?: { code: CsvRecordErrorCode; message: string };
}

export interface CsvReadOptions {
  /** Name used in file-level errors. */
  fileName: string;
  /** Longest record accepted, in characters (default 64 KiB). */
  maxRecordChars?: number;
  /** Bytes read so far, for a progress display. */
  progress?: { bytes: number };
}

export const DEFAULT_MAX_RECORD_CHARS = 64 * 1024;

/** Records in batches (one batch per chunk read), in file order; blank lines are skipped. */
export async function* readCsvRecords(
  chunks: AsyncIterable<Uint8Array | string>,
  options: CsvReadOptions,
): AsyncGenerator<CsvRecord[]> {
  const splitter = new CsvRecordSplitter(options);
  for await (const chunk of chunks) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : toBuffer(chunk);
    if (options.progress) options.progress.bytes += buf.length;
    const records = splitter.push(buf);
    if (records.length > 0) yield records;
  }
  const last = splitter.end();
  if (last.length > 0) yield last;
}

function toBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

interface Pending {
  text: string;
  start: number;
  bad: boolean;
}

/** The push-based core of readCsvRecords (exported for specs). */
export class CsvRecordSplitter {
  private readonly maxChars: number;
  private readonly maxBytes: number;
  /** Bytes of the line not yet ended by a line feed. */
  private carry: Buffer | null = null;
  /** An overlong line is being skipped until its line feed. */
  private skipping = false;
  private lineNo = 0;
  private pending: Pending | null = null;
  private atStart = true;

  constructor(private readonly options: CsvReadOptions) {
    this.maxChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
    // A character takes at most 4 bytes in UTF-8.
    this.maxBytes = this.maxChars * 4;
  }

  push(buf: Buffer): CsvRecord[] {
    const out: CsvRecord[] = [];
    const lastLf = buf.lastIndexOf(10);
    if (lastLf < 0) {
      this.keep(buf);
      return out;
    }
    let region: Buffer | null;
    if (this.skipping) {
      const firstLf = buf.indexOf(10);
      this.lineNo++;
      this.skipped(out);
      region = firstLf < lastLf ? buf.subarray(firstLf + 1, lastLf) : null;
    } else {
      region = this.carry ? Buffer.concat([this.carry, buf.subarray(0, lastLf)]) : buf.subarray(0, lastLf);
    }
    this.carry = null;
    if (region) this.lines(region, out);
    this.keep(buf.subarray(lastLf + 1));
    return out;
  }

  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.skipping) {
      this.lineNo++;
      this.skipped(out);
    } else if (this.carry) {
      this.lines(this.carry, out);
    }
    this.carry = null;
    if (this.atStart) this.atStart = false;
    if (this.pending) {
      const message = 'a quoted cell is not closed before the end of the file (is the file cut short?)';
      out.push({ line: this.pending.start, error: { code: 'SYNTAX', message } });
      this.pending = null;
    }
    return out;
  }

  /** Holds the start of an unfinished line, or starts skipping it once it is too long. */
  private keep(bytes: Buffer): void {
    if (this.skipping || bytes.length === 0) return;
    this.carry = this.carry ? Buffer.concat([this.carry, bytes]) : bytes;
    if (this.carry.length > this.maxBytes) {
      // The first bytes still have to be checked for a byte order mark.
      if (this.atStart) this.checkStart(this.carry);
      this.carry = null;
      this.skipping = true;
    }
  }

  /** The overlong line just ended: its record is rejected. */
  private skipped(out: CsvRecord[]): void {
    this.skipping = false;
    const start = this.pending?.start ?? this.lineNo;
    this.pending = null;
    out.push({ line: start, error: tooLong(this.maxChars) });
  }

  /** Complete lines separated by LF (the region ends just before a LF). */
  private lines(region: Buffer, out: CsvRecord[]): void {
    if (this.atStart) region = this.checkStart(region);
    if (region.indexOf(0) < 0 && isUtf8(region)) {
      const lines = region.toString('utf8').split('\n');
      for (let i = 0; i < lines.length; i++) this.line(lines[i], false, out);
      return;
    }
    let from = 0;
    for (;;) {
      const lf = region.indexOf(10, from);
      const bytes = region.subarray(from, lf < 0 ? region.length : lf);
      const bad = bytes.indexOf(0) >= 0 || !isUtf8(bytes);
      // Latin-1 keeps every ASCII byte, so quotes and commas still delimit the bad record.
      this.line(bytes.toString(bad ? 'latin1' : 'utf8'), bad, out);
      if (lf < 0) return;
      from = lf + 1;
    }
  }

  /** Drops a UTF-8 byte order mark; a UTF-16 one means the whole file is in the wrong encoding. */
  private checkStart(region: Buffer): Buffer {
    this.atStart = false;
    if ((region[0] === 0xff && region[1] === 0xfe) || (region[0] === 0xfe && region[1] === 0xff)) {
      throw new ImportFileError(this.options.fileName, 'ENCODING', 'the file is UTF-16; save it as UTF-8', 1);
    }
    return region[0] === 0xef && region[1] === 0xbb && region[2] === 0xbf ? region.subarray(3) : region;
  }

  private line(raw: string, bad: boolean, out: CsvRecord[]): void {
    this.lineNo++;
    const text = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    const p = this.pending;
    if (p) {
      p.text += '\n' + text;
      p.bad ||= bad;
      if (p.text.length > this.maxChars) {
        this.pending = null;
        out.push({ line: p.start, error: tooLong(this.maxChars) });
        return;
      }
      this.finish(p, out);
      return;
    }
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === '')) return;
    if (text.length > this.maxChars) {
      out.push({ line: this.lineNo, error: tooLong(this.maxChars) });
      return;
    }
    this.finish({ text, start: this.lineNo, bad }, out);
  }

  private finish(p: Pending, out: CsvRecord[]): void {
    const cells = splitCsvRecord(p.text);
    if (cells === undefined) {
      this.pending = p; // a quoted cell goes on in the next line
      return;
    }
    this.pending = null;
    if (!p.bad) {
      out.push({ line: p.start, cells });
      return;
    }
    const message = p.text.includes('\u0000')
      ? 'the record contains NUL bytes (is the file UTF-16 or binary?); save it as UTF-8'
      : 'the record is not valid UTF-8; save the file as UTF-8 (not Windows-1251 or Latin-1)';
    out.push({ line: p.start, error: { code: 'ENCODING', message } });
  }
}

function tooLong(max: number): { code: 'TOO_LONG'; message: string } {
  return { code: 'TOO_LONG', message: `the record is longer than ${max} characters; nothing of it was read` };
}
