// Streams cases from a CSV or JSON Lines file, one at a time: a million-case file never sits in
// memory. Bad rows come out as structured errors in file order and the reading goes on.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { CaseRecord } from '../domain/cases';
import { CaseCsvRowParser } from './case-csv';
import { parseCaseJsonLine } from './case-jsonl';
import { splitCsvRecord } from './csv-line';
import { formatOfPath, type RecordFormat } from './file-format';
import { InputFileError, type InputRowError } from './input-error';

export type CaseInput =
  { ok: true; line: number; record: CaseRecord } | { ok: false; line: number; errors: InputRowError[] };

export interface ReadCasesOptions {
  /** Defaults to the format of the file extension. */
  format?: RecordFormat;
  /** Name used in error reports (default: the file's base name). */
  name?: string;
  /** Counts characters read (about the bytes for ASCII files), for a progress display. */
  progress?: { chars: number };
}

/** Reads lines with their 1-based numbers; the first line loses a UTF-8 BOM. */
async function* numberedLines(
  path: string,
  progress: { chars: number } = { chars: 0 },
): AsyncGenerator<{ text: string; line: number }> {
  const input = createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const raw of lines) {
      line++;
      progress.chars += raw.length + 1;
      yield { text: line === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw, line };
    }
  } finally {
    lines.close();
    input.destroy();
  }
}

export async function* readCaseFile(path: string, opts: ReadCasesOptions = {}): AsyncGenerator<CaseInput> {
  const format = opts.format ?? formatOfPath(path);
  const name = opts.name ?? basename(path);
  const info = await stat(path).catch(() => undefined);
  if (!info || !info.isFile()) throw new InputFileError(name, 'NOT_FOUND', `no such file: ${path}`);
  if (format === 'jsonl') {
    for await (const { text, line } of numberedLines(path, opts.progress)) {
      if (text.trim() === '') continue;
      const r = parseCaseJsonLine(text, name, line);
      yield r.record ? { ok: true, line, record: r.record } : { ok: false, line, errors: r.errors };
    }
    return;
  }

  let parser: CaseCsvRowParser | undefined;
  let pending = '';
  let start = 0;
  for await (const { text, line } of numberedLines(path, opts.progress)) {
    const joined = pending === '' ? text : `${pending}\n${text}`;
    if (pending === '') {
      if (text.trim() === '') continue;
      start = line;
    }
    const cells = splitCsvRecord(joined);
    if (cells === undefined) {
      pending = joined; // a quoted cell spans lines
      continue;
    }
    pending = '';
    if (parser === undefined) {
      parser = new CaseCsvRowParser(cells, name);
      continue;
    }
    const r = parser.parse(cells, start);
    yield r.record ? { ok: true, line: start, record: r.record } : { ok: false, line: start, errors: r.errors };
  }
  if (pending !== '') {
    yield {
      ok: false,
      line: start,
      errors: [
        {
          file: name,
          line: start,
          code: 'FIELD_COUNT',
          message: 'a quoted cell is not closed before the end of the file',
        },
      ],
    };
  }
  if (parser === undefined) throw new InputFileError(name, 'EMPTY_FILE', 'the file has no header line');
}
