// The capitation part job: capitation and fee-for-service for one slice of the scope's facilities,
// written with the part's done-mark in one transaction (same protocol as the chunk job).
import type { DataSource, QueryRunner } from 'typeorm';
import { CapitationError, computeCapitation, findBand } from '../../../domain/capitation';
import type { Sex } from '../../../domain/cases/case';
import { LicenceInputError, priceServices, type Licence, type ServiceRecord } from '../../../domain/fees';
import { Dec, ZERO } from '../../../domain/money';
import type { TariffBook, TelemedicineMode } from '../../../domain/tariff-book/model';
import { PermanentJobError } from '../../../jobs';
import { partFacilities } from './plan-run';
import type { RunContextCache } from './run-context';

export interface CapitationPartResult {
  partNo: number;
  facilities: number;
  amount: string;
  alreadyDone: boolean;
}

interface FacilityFigures {
  facilityId: string;
  enrolled: number;
  unassigned: number;
  monthly: Dec;
  withheld: Dec;
  payable: Dec;
  explanation: unknown;
  fees: Dec;
  paid: number;
  included: number;
  rejected: number;
  rejections: Record<string, number>;
}

export async function runCapitationPart(
  db: DataSource,
  contexts: RunContextCache,
  payload: { runId: string; partNo: number; partCount: number },
): Promise<CapitationPartResult> {
  const { runId, partNo, partCount } = payload;
  const before = await partStatus(db, runId, partNo);
  if (!before) throw new PermanentJobError(`settlement run ${runId} has no capitation part ${partNo}`);
  if (before.status === 'done')
    return { partNo, facilities: before.written ?? 0, amount: before.amount ?? '0.00', alreadyDone: true };

  const run = await contexts.get(runId);
  const book = run.book.book;
  const facilities = await partFacilities(db, run.districts, partNo, partCount);
  const ids = facilities.map((f) => f.id);
  const figures = new Map<string, FacilityFigures>();
  const figuresOf = (id: string) => {
    let f = figures.get(id);
    if (!f) {
      f = {
        facilityId: id,
        enrolled: 0,
        unassigned: 0,
        monthly: ZERO,
        withheld: ZERO,
        payable: ZERO,
        explanation: null,
        fees: ZERO,
        paid: 0,
        included: 0,
        rejected: 0,
        rejections: {},
      };
      figures.set(id, f);
    }
    return f;
  };

  const counts = await bandCounts(db, book, ids, run.snapshotDate);
  for (const f of facilities) {
    const c = counts.get(f.id);
    if (!c) continue;
    const fig = figuresOf(f.id);
    fig.unassigned = c.unassigned;
    fig.enrolled = Object.values(c.bands).reduce((a, b) => a + b, 0);
    if (book.capitationBands.length === 0) continue; // a book without capitation pays none
    try {
      const result = computeCapitation(book, {
        facilityId: f.id,
        snapshotDate: run.snapshotDate,
        month: run.month,
        bandCounts: c.bands,
        adjustmentCodes: f.capitation_adjustments,
      });
      Object.assign(fig, {
        monthly: result.monthly,
        withheld: result.withheld,
        payable: result.payableNow,
        explanation: result.explanation,
      });
    } catch (error) {
      // A facility with a capitation adjustment the book does not know: fix the registry, then retry.
      if (error instanceof CapitationError) throw new PermanentJobError(`facility ${f.id}: ${error.message}`);
      throw error;
    }
  }

  const { services, licences } = await feeInputs(db, ids, run.month);
  if (services.length > 0) {
    let priced;
    try {
      priced = priceServices(book, services, licences);
    } catch (error) {
      if (error instanceof LicenceInputError) throw new PermanentJobError(error.message);
      throw error;
    }
    for (const line of priced.lines) {
      const fig = figuresOf(line.facilityId);
      fig.fees = fig.fees.plus(line.amount);
      fig[line.status]++;
      if (line.status === 'rejected') fig.rejections[line.returnCode] = (fig.rejections[line.returnCode] ?? 0) + 1;
    }
  }

  const rows = [...figures.values()].sort((a, b) => (a.facilityId < b.facilityId ? -1 : 1));
  const amount = rows.reduce((sum, r) => sum.plus(r.payable).plus(r.fees), ZERO);
  const runner = db.createQueryRunner();
  try {
    await runner.connect();
    await runner.startTransaction();
    const status: { status: string }[] = await runner.query(
      `SELECT status FROM settlement_runs WHERE id = $1 FOR SHARE`,
      [runId],
    );
    if (status[0]?.status !== 'running') {
      throw new PermanentJobError(`settlement run ${runId} is ${status[0]?.status ?? 'missing'}, not running`);
    }
    const locked = await partStatus(runner, runId, partNo, 'FOR UPDATE');
    if (locked?.status === 'done') {
      await runner.rollbackTransaction();
      return { partNo, facilities: locked.written ?? 0, amount: locked.amount ?? '0.00', alreadyDone: true };
    }
    await insertParts(runner, runId, partNo, rows);
    await runner.query(
      `UPDATE settlement_chunks SET status = 'done', written = $3, amount = $4, attempts = attempts + 1, finished_at = now()
        WHERE run_id = $1 AND kind = 'capitation' AND chunk_no = $2`,
      [runId, partNo, rows.length, amount.toFixed(2)],
    );
    await runner.commitTransaction();
    return { partNo, facilities: rows.length, amount: amount.toFixed(2), alreadyDone: false };
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}

async function partStatus(
  db: DataSource | QueryRunner,
  runId: string,
  partNo: number,
  lock = '',
): Promise<{ status: string; written: number | null; amount: string | null } | undefined> {
  const rows: { status: string; written: number | null; amount: string | null }[] = await db.query(
    `SELECT status, written, amount FROM settlement_chunks WHERE run_id = $1 AND kind = 'capitation' AND chunk_no = $2 ${lock}`,
    [runId, partNo],
  );
  return rows[0];
}

/**
 * Persons enrolled on the snapshot date per facility and band, counted in SQL by (sex, age in completed
 * years): a register of millions becomes a few hundred rows. A birth date after the snapshot, or an age
 * and sex no band takes, counts as unassigned.
 */
async function bandCounts(
  db: DataSource,
  book: TariffBook,
  facilityIds: string[],
  snapshotDate: string,
): Promise<Map<string, { bands: Record<string, number>; unassigned: number }>> {
  const out = new Map<string, { bands: Record<string, number>; unassigned: number }>();
  if (facilityIds.length === 0) return out;
  const rows: { facility_id: string; sex: Sex; age: number; n: number }[] = await db.query(
    `SELECT e.facility_id, e.sex,
            CASE WHEN e.birth_date > $2::date THEN -1 ELSE date_part('year', age($2::date, e.birth_date))::int END AS age,
            count(*)::int AS n
       FROM enrolments e
      WHERE e.facility_id = ANY($1::text[]) AND e.enrolled_from <= $2::date
        AND (e.enrolled_to IS NULL OR e.enrolled_to >= $2::date)
      GROUP BY 1, 2, 3`,
    [facilityIds, snapshotDate],
  );
  for (const r of rows) {
    let entry = out.get(r.facility_id);
    if (!entry) {
      entry = { bands: {}, unassigned: 0 };
      out.set(r.facility_id, entry);
    }
    const n = r.n;
    const band = r.age < 0 ? undefined : findBand(book.capitationBands, r.age, r.sex);
    if (band) entry.bands[band.code] = (entry.bands[band.code] ?? 0) + n;
    else entry.unassigned += n;
  }
  return out;
}

/** The month's services of the facilities (stable order) and their telemedicine licences. */
async function feeInputs(
  db: DataSource,
  facilityIds: string[],
  month: string,
): Promise<{ services: ServiceRecord[]; licences: Licence[] }> {
  if (facilityIds.length === 0) return { services: [], licences: [] };
  const services: {
    facility_id: string;
    service_id: string;
    service_code: string;
    patient_id: string;
    service_date: string;
    quantity: number;
  }[] = await db.query(
    `SELECT facility_id, service_id, service_code, patient_id, service_date, quantity FROM services
        WHERE facility_id = ANY($1::text[]) AND month = $2
        ORDER BY facility_id COLLATE "C", service_id COLLATE "C"`,
    [facilityIds, month],
  );
  if (services.length === 0) return { services: [], licences: [] };
  // A revoked licence stops covering services from the day it was revoked.
  const licences: {
    facility_id: string;
    telemedicine_mode: TelemedicineMode;
    valid_from: string;
    valid_to: string | null;
  }[] = await db.query(
    `SELECT facility_id, telemedicine_mode, valid_from,
              CASE WHEN revoked_at IS NULL THEN valid_to
                   ELSE least(coalesce(valid_to, 'infinity'::date), revoked_at::date - 1) END AS valid_to
         FROM facility_licences
        WHERE kind = 'telemedicine' AND facility_id = ANY($1::text[])`,
    [facilityIds],
  );
  return {
    services: services.map((s) => ({
      facilityId: s.facility_id,
      serviceId: s.service_id,
      serviceCode: s.service_code,
      patientId: s.patient_id,
      date: s.service_date,
      quantity: s.quantity,
    })),
    licences: licences
      .filter((l) => l.valid_to === null || l.valid_to >= l.valid_from)
      .map((l) => ({
        facilityId: l.facility_id,
        mode: l.telemedicine_mode,
        validFrom: l.valid_from,
        ...(l.valid_to ? { validTo: l.valid_to } : {}),
      })),
  };
}

async function insertParts(runner: QueryRunner, runId: string, partNo: number, rows: FacilityFigures[]): Promise<void> {
  if (rows.length === 0) return;
  await runner.query(
    `INSERT INTO settlement_facility_parts (run_id, facility_id, part_no, enrolled, unassigned, capitation_monthly,
            capitation_withheld, capitation_payable, capitation_explanation, fees_amount, fees_paid, fees_included,
            fees_rejected, fee_rejections)
     SELECT $1, t.facility_id, $2, t.enrolled, t.unassigned, t.monthly, t.withheld, t.payable, t.explanation,
            t.fees, t.paid, t.included, t.rejected, t.rejections
       FROM unnest($3::text[], $4::int[], $5::int[], $6::numeric[], $7::numeric[], $8::numeric[], $9::jsonb[],
                   $10::numeric[], $11::int[], $12::int[], $13::int[], $14::jsonb[])
         AS t (facility_id, enrolled, unassigned, monthly, withheld, payable, explanation, fees, paid, included, rejected, rejections)`,
    [
      runId,
      partNo,
      rows.map((r) => r.facilityId),
      rows.map((r) => r.enrolled),
      rows.map((r) => r.unassigned),
      rows.map((r) => r.monthly.toFixed(2)),
      rows.map((r) => r.withheld.toFixed(2)),
      rows.map((r) => r.payable.toFixed(2)),
      rows.map((r) => (r.explanation === null ? null : JSON.stringify(r.explanation))),
      rows.map((r) => r.fees.toFixed(2)),
      rows.map((r) => r.paid),
      rows.map((r) => r.included),
      rows.map((r) => r.rejected),
      rows.map((r) => JSON.stringify(sortedKeys(r.rejections))),
    ],
  );
}

function sortedKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}
