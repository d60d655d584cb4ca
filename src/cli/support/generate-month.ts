// Writes a generated pilot-district month: district.json, enrolment.csv, cases.csv|jsonl and
// services.csv. Everything streams: the cases go from the generator to the file one at a time,
// waiting for the file whenever its buffer is full.
import { join } from 'node:path';
import type { CareSetting } from '../../domain/cases';
import { CaseFactory } from '../../domain/generator/generate-cases';
import type { CaseErrorKind } from '../../domain/generator/case-errors';
import type { CaseMixProfile } from '../../domain/generator/case-mix';
import { adjustmentCodesOf, generateDistrict, type PilotDistrict } from '../../domain/generator/district';
import { enrolment } from '../../domain/generator/enrolment';
import { generateServices } from '../../domain/generator/generate-services';
import type { TariffBook } from '../../domain/tariff-book';
import type { RecordFormat } from '../../io/file-format';
import { writeDistrictFile } from '../../io/district-file';
import { openCaseWriter, openCsvTableWriter, type RecordWriter } from '../../io/write-records';
import type { CliIo } from '../io';
import { startProgress } from '../progress';

export interface GenerateMonthOptions {
  seed: number;
  cases: number;
  month: string;
  book: TariffBook;
  caseMix: readonly CaseMixProfile[];
  caseMixFile?: string;
  outDir: string;
  errorShare: number;
  format: RecordFormat;
  /** Telemedicine and fee-for-service services to generate. */
  services: number;
  io: CliIo;
}

export interface GenerateMonthResult {
  district: PilotDistrict;
  files: { district: string; enrolment: string; cases: string; services: string };
  enrolled: number;
  cases: number;
  byCareSetting: Map<CareSetting, number>;
  injected: Map<CaseErrorKind, number>;
  services: number;
  seconds: number;
}

const PROGRESS_EVERY = 4096;

export async function generateMonth(o: GenerateMonthOptions): Promise<GenerateMonthResult> {
  const started = Date.now();
  const adjustmentCodes = adjustmentCodesOf(o.book.capitationAdjustments.values());
  const district = generateDistrict(o.seed, { month: o.month, adjustmentCodes });
  const files = {
    district: join(o.outDir, 'district.json'),
    enrolment: join(o.outDir, 'enrolment.csv'),
    cases: join(o.outDir, `cases.${o.format}`),
    services: join(o.outDir, 'services.csv'),
  };
  // Built before any file is opened: a case-mix that does not fit the book fails cleanly.
  const factory = new CaseFactory(o.seed, {
    book: o.book,
    caseMix: o.caseMix,
    district,
    month: o.month,
    errorShare: o.errorShare,
    caseMixFile: o.caseMixFile,
  });

  await writeDistrictFile(files.district, district);
  const enrolled = await writeAll(
    await openCsvTableWriter(files.enrolment, ['person_id', 'facility_id', 'birth_date', 'sex']),
    enrolment(o.seed, { district, snapshotDate: `${o.month}-01` }),
    (e) => [e.personId, e.facilityId, e.birthDate, e.sex],
  );

  const byCareSetting = new Map<CareSetting, number>();
  const injected = new Map<CaseErrorKind, number>();
  const writer = await openCaseWriter(files.cases, o.format);
  const progress = startProgress(o.io, 'generating', o.cases);
  try {
    for (let i = 1; i <= o.cases; i++) {
      const c = factory.next();
      byCareSetting.set(c.careSetting, (byCareSetting.get(c.careSetting) ?? 0) + 1);
      if (factory.lastError) injected.set(factory.lastError, (injected.get(factory.lastError) ?? 0) + 1);
      if (writer.write(c)) await writer.drain();
      if (i % PROGRESS_EVERY === 0) progress.update(i, i);
    }
    await writer.close();
  } catch (err) {
    await writer.abort();
    throw err;
  } finally {
    progress.stop({ done: factory.produced, items: factory.produced });
  }

  const services = await writeAll(
    await openCsvTableWriter(files.services, [
      'facility_id',
      'service_id',
      'patient_id',
      'service_code',
      'mode',
      'service_date',
      'quantity',
    ]),
    generateServices(o.seed, { book: o.book, district, month: o.month, count: o.services }),
    (s) => [s.facilityId, s.serviceId, s.patientId, s.serviceCode, s.mode ?? '', s.serviceDate, String(s.quantity)],
  );

  return {
    district,
    files,
    enrolled,
    cases: factory.produced,
    byCareSetting,
    injected,
    services,
    seconds: (Date.now() - started) / 1000,
  };
}

async function writeAll<T>(
  writer: RecordWriter<readonly string[]>,
  records: Iterable<T>,
  toCells: (r: T) => readonly string[],
): Promise<number> {
  let n = 0;
  try {
    for (const r of records) {
      n++;
      if (writer.write(toCells(r))) await writer.drain();
    }
    await writer.close();
  } catch (err) {
    await writer.abort();
    throw err;
  }
  return n;
}

export function formatGenerateSummary(
  r: GenerateMonthResult,
  o: { seed: number; month: string; outDir: string },
): string[] {
  const d = r.district;
  const n = (x: number) => x.toLocaleString('en-US');
  const types = new Map<string, number>();
  for (const f of d.facilities) types.set(f.type, (types.get(f.type) ?? 0) + 1);
  const injectedTotal = [...r.injected.values()].reduce((a, b) => a + b, 0);
  const lines = [
    `Generated ${d.district.name} district (${d.region.name} region, ${d.district.code}), month ${o.month}, seed ${o.seed} in ${r.seconds.toFixed(2)} s`,
    `  facilities  ${n(d.facilities.length).padStart(10)}  (${[...types].map(([t, k]) => `${k} ${t}`).join(', ')})`,
    `  licences    ${n(d.licences.length).padStart(10)}`,
    `  enrolled    ${n(r.enrolled).padStart(10)}  persons`,
    `  cases       ${n(r.cases).padStart(10)}  (${[...r.byCareSetting]
      .sort()
      .map(([k, v]) => `${k} ${n(v)}`)
      .join(', ')}; ${n(injectedTotal)} with a deliberate error)`,
    `  services    ${n(r.services).padStart(10)}`,
  ];
  if (injectedTotal > 0) {
    lines.push(
      `  deliberate errors: ${[...r.injected]
        .sort()
        .map(([k, v]) => `${k} ${n(v)}`)
        .join(', ')}`,
    );
  }
  lines.push(`Files in ${o.outDir}: district.json, enrolment.csv, ${r.files.cases.split(/[\\/]/).pop()}, services.csv`);
  return lines;
}
