// Prices a case file through the engine and streams the results out, keeping only totals.
import { rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { FacilityContext } from '../../domain/cases';
import type { Engine } from '../../domain/engine';
import { formatOfPath } from '../../io/file-format';
import type { InputRowError } from '../../io/input-error';
import { readCaseFile } from '../../io/read-cases';
import { openResultWriter, type PricedCaseLine } from '../../io/result-file';
import { openCsvTableWriter, type RecordWriter } from '../../io/write-records';
import type { CliIo } from '../io';
import { startProgress } from '../progress';
import { PriceSummary } from './price-summary';

export interface PriceFileOptions {
  engine: Engine;
  casesPath: string;
  /** Results file (.csv or .jsonl); rejected rows go next to it as `<name>.rejected.csv`. */
  outPath?: string;
  explain?: boolean;
  /** Facility registry (from district.json); without it every facility is a district-level one. */
  facilities?: ReadonlyMap<string, FacilityContext>;
  io: CliIo;
}

export interface PriceFileResult {
  summary: PriceSummary;
  seconds: number;
  rejectedPath?: string;
}

const PROGRESS_EVERY = 4096;

export async function priceCaseFile(o: PriceFileOptions): Promise<PriceFileResult> {
  const started = Date.now();
  const format = formatOfPath(o.casesPath);
  const file = basename(o.casesPath);
  const size = (await stat(o.casesPath).catch(() => undefined))?.size ?? 0;
  const summary = new PriceSummary();
  const defaults = new Map<string, FacilityContext>();
  const facilityField = format === 'csv' ? 'facility_id' : 'facilityId';
  const scale = o.engine.book.manifest.rounding.scale;

  const writer = o.outPath ? await openResultWriter(o.outPath, { explain: o.explain, scale }) : undefined;
  let rejects: RecordWriter<readonly string[]> | undefined;
  const rejectedPath = o.outPath ? o.outPath.replace(/\.(csv|jsonl|ndjson)$/i, '') + '.rejected.csv' : undefined;
  if (rejectedPath) await rm(rejectedPath, { force: true }); // no stale list from an earlier run
  const reject = async (errors: InputRowError[]) => {
    summary.reject(errors);
    if (!rejectedPath) return;
    rejects ??= await openCsvTableWriter(rejectedPath, ['file', 'line', 'field', 'code', 'message']);
    for (const e of errors)
      if (rejects.write([e.file, String(e.line), e.field ?? '', e.code, e.message])) await rejects.drain();
  };

  const counter = { chars: 0 };
  const progress = startProgress(o.io, 'pricing', size);
  try {
    for await (const item of readCaseFile(o.casesPath, { format, progress: counter })) {
      if (!item.ok) {
        await reject(item.errors);
        continue;
      }
      const c = item.record;
      let facility = o.facilities ? o.facilities.get(c.facilityId) : defaults.get(c.facilityId);
      if (facility === undefined) {
        if (o.facilities) {
          await reject([
            {
              file,
              line: item.line,
              field: facilityField,
              code: 'UNKNOWN_FACILITY',
              message: `facility "${c.facilityId}" is not in the district's facility list`,
            },
          ]);
          continue;
        }
        facility = { id: c.facilityId, level: 'district' };
        defaults.set(c.facilityId, facility);
      }
      const result = o.engine.process(c, facility);
      summary.add(result);
      if (writer) {
        const line: PricedCaseLine = { facilityId: c.facilityId, claimId: c.claimId, result };
        if (writer.write(line)) await writer.drain();
      }
      if (summary.read % PROGRESS_EVERY === 0) progress.update(counter.chars, summary.read);
    }
    await writer?.close();
    await rejects?.close();
  } catch (err) {
    await writer?.abort();
    await rejects?.abort();
    throw err;
  } finally {
    progress.stop({ done: counter.chars, items: summary.read });
  }
  return {
    summary,
    seconds: (Date.now() - started) / 1000,
    ...(rejects && rejectedPath ? { rejectedPath } : {}),
  };
}
