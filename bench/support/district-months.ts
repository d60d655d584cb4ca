// Several generated pilot districts for one month, written as the files `hisob generate` writes and
// imported with the product's own importers: what the settlement benchmark and the worker-kill spec
// settle. Districts of different regions still share the republican centre (and districts of one
// region their regional hospital), whose claim and service serials restart in every district's
// stream; so ids are prefixed with the district code, as each district's facilities would number
// them apart in real life.
import { join } from 'node:path';
import { adjustmentCodesOf, generateDistrict, type PilotDistrict } from '../../src/domain/generator/district';
import { enrolment } from '../../src/domain/generator/enrolment';
import { generateCases } from '../../src/domain/generator/generate-cases';
import { generateServices } from '../../src/domain/generator/generate-services';
import type { CaseMixProfile } from '../../src/domain/generator/case-mix';
import type { TariffBook } from '../../src/domain/tariff-book';
import type { HisobDataSource } from '../../src/infra/database/data-source';
import { writeDistrictFile } from '../../src/io/district-file';
import { openCaseWriter, openCsvTableWriter, type RecordWriter } from '../../src/io/write-records';
import type { Actor } from '../../src/modules/auth/actor';
import { CaseIntakeService } from '../../src/modules/claims/case-intake.service';
import { importDistrictFile } from '../../src/modules/reference/facility-import';
import { importTariffBookDir } from '../../src/modules/reference/tariff-book-import';
import { importEnrolmentCsv } from '../../src/modules/registry/enrolment-import';
import { importServicesCsv } from '../../src/modules/settlement/services-import';

export interface DistrictMonthFiles {
  district: PilotDistrict;
  files: { district: string; enrolment: string; cases: string; services: string };
  cases: number;
}

export interface WriteDistrictMonthsOptions {
  /** One generator seed per district; seeds whose districts coincide are refused. */
  seeds: readonly number[];
  /** Cases over all districts, split as evenly as possible. */
  cases: number;
  month: string;
  book: TariffBook;
  caseMix: readonly CaseMixProfile[];
  dir: string;
  /** Share of deliberately broken cases (default 0.01). */
  errorShare?: number;
  /** Services per district (default cases / 100 of the district). */
  servicesPerDistrict?: number;
}

export const IMPORT_ACTOR: Actor = {
  userId: 'generated-month',
  username: 'generated-month',
  roles: ['admin'],
  districtCodes: [],
  facilityIds: [],
};

export async function writeDistrictMonths(o: WriteDistrictMonthsOptions): Promise<DistrictMonthFiles[]> {
  const adjustmentCodes = adjustmentCodesOf(o.book.capitationAdjustments.values());
  const out: DistrictMonthFiles[] = [];
  const codes = new Set<string>();
  for (const [i, seed] of o.seeds.entries()) {
    const district = generateDistrict(seed, { month: o.month, adjustmentCodes });
    const code = district.district.code;
    if (codes.has(code)) throw new Error(`seed ${seed} gives district ${code} a second time: pick another seed`);
    codes.add(code);
    const count = Math.floor(o.cases / o.seeds.length) + (i < o.cases % o.seeds.length ? 1 : 0);
    const files = {
      district: join(o.dir, `district-${code}.json`),
      enrolment: join(o.dir, `enrolment-${code}.csv`),
      cases: join(o.dir, `cases-${code}.csv`),
      services: join(o.dir, `services-${code}.csv`),
    };
    await writeDistrictFile(files.district, district);
    await writeAll(
      await openCsvTableWriter(files.enrolment, ['person_id', 'facility_id', 'birth_date', 'sex']),
      enrolment(seed, { district, snapshotDate: `${o.month}-01` }),
      (e) => [e.personId, e.facilityId, e.birthDate, e.sex],
    );
    const caseWriter = await openCaseWriter(files.cases, 'csv');
    try {
      const opts = { book: o.book, caseMix: o.caseMix, district, month: o.month, count, errorShare: o.errorShare };
      for (const c of generateCases(seed, opts)) {
        if (caseWriter.write({ ...c, claimId: `${code}-${c.claimId}` })) await caseWriter.drain();
      }
      await caseWriter.close();
    } catch (error) {
      await caseWriter.abort();
      throw error;
    }
    const services = o.servicesPerDistrict ?? Math.max(1, Math.round(count / 100));
    await writeAll(
      await openCsvTableWriter(files.services, [
        'facility_id',
        'service_id',
        'patient_id',
        'service_code',
        'mode',
        'service_date',
        'quantity',
      ]),
      generateServices(seed, { book: o.book, district, month: o.month, count: services }),
      (s) => [
        s.facilityId,
        `${code}-${s.serviceId}`,
        s.patientId,
        s.serviceCode,
        s.mode ?? '',
        s.serviceDate,
        String(s.quantity),
      ],
    );
    out.push({ district, files, cases: count });
  }
  return out;
}

export interface ImportedMonth {
  /** Case records read and stored (the rest were rejected by intake's checks). */
  received: number;
  stored: number;
  rejected: number;
}

/**
 * Imports the book (published) and every district's registry, enrolment register, cases and services.
 * Registries first: a case is filed under its facility's district as the registry says at import time.
 */
export async function importDistrictMonths(
  db: HisobDataSource,
  bookDir: string,
  months: readonly DistrictMonthFiles[],
  month: string,
): Promise<ImportedMonth> {
  await importTariffBookDir(db, bookDir, IMPORT_ACTOR, { publish: true });
  for (const m of months) {
    const report = await importDistrictFile(db, m.files.district, undefined, IMPORT_ACTOR);
    if (report.rejected > 0) throw new Error(`${m.files.district}: ${report.rejected} rows rejected`);
  }
  for (const m of months) {
    const report = await importEnrolmentCsv(db, m.files.enrolment, undefined, IMPORT_ACTOR, {
      snapshotDate: `${month}-01`,
    });
    if (report.rejected > 0) throw new Error(`${m.files.enrolment}: ${report.rejected} rows rejected`);
  }
  const total: ImportedMonth = { received: 0, stored: 0, rejected: 0 };
  const intake = new CaseIntakeService(db);
  for (const m of months) {
    const report = await intake.importCasesCsv(m.files.cases, undefined, IMPORT_ACTOR);
    total.received += report.received;
    total.stored += report.inserted + report.superseded;
    total.rejected += report.rejected;
  }
  for (const m of months) {
    const report = await importServicesCsv(db, m.files.services);
    if (report.rejected > 0) throw new Error(`${m.files.services}: ${report.rejected} rows rejected`);
  }
  return total;
}

async function writeAll<T>(
  writer: RecordWriter<readonly string[]>,
  records: Iterable<T>,
  toCells: (r: T) => readonly string[],
): Promise<void> {
  try {
    for (const r of records) if (writer.write(toCells(r))) await writer.drain();
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
