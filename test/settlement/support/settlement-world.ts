// A small pilot district for settlement specs, with figures a reader can check by hand:
// the sample book (inpatient base 3,800,000.00, day care 1,250,000.00, level district 1.00 /
// regional 1.10), three facilities, seven cases of March 2026, an enrolment register, services,
// an advance and an adjustment.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { readTariffBookFiles } from '../../../src/infra/tariff-book/load-book-dir';

export const MONTH = '2026-03';
export const DISTRICT = 'D1';
export const SAMPLE_BOOK_DIR = join(__dirname, '../../../fixtures/books/UZ-KZG-SAMPLE');

export async function publishSampleBook(db: DataSource): Promise<string> {
  const files = await readTariffBookFiles(SAMPLE_BOOK_DIR);
  const manifest = JSON.parse(files.get('manifest.json') as string) as { code: string; version: string; name: string };
  const rows: { id: string }[] = await db.query(
    `INSERT INTO tariff_books (code, version, name, effective_from, manifest, created_by)
     VALUES ($1, $2, $3, '2026-01-01', $4::jsonb, 'test') RETURNING id`,
    [manifest.code, manifest.version, manifest.name, JSON.stringify(manifest)],
  );
  const id = rows[0].id;
  for (const [name, content] of files) {
    await db.query(`INSERT INTO tariff_book_files (book_id, file_name, content, sha256) VALUES ($1, $2, $3, $4)`, [
      id,
      name,
      content,
      createHash('sha256').update(content).digest('hex'),
    ]);
  }
  await db.query(`UPDATE tariff_books SET status = 'published', published_by = 'test' WHERE id = $1`, [id]);
  return id;
}

export async function seedGeography(db: DataSource): Promise<void> {
  await db.query(
    `INSERT INTO regions (code, name_uz, name_ru, name_en) VALUES ('R1', 'Viloyat', 'Область', 'Region one')`,
  );
  await db.query(
    `INSERT INTO districts (code, region_code, name_uz, name_ru, name_en) VALUES
       ('D1', 'R1', 'Tuman', 'Район', 'District one'), ('D2', 'R1', 'Tuman 2', 'Район 2', 'District two')`,
  );
  await db.query(
    `INSERT INTO facilities (id, name, level, type, district_code, management_coefficient, capitation_adjustments) VALUES
       ('F-DH', 'D1 district hospital', 'district', 'hospital', 'D1', 1.0500, '{}'),
       ('F-RH', 'Regional hospital', 'regional', 'hospital', 'D1', NULL, '{}'),
       ('F-PC', 'Family polyclinic', 'district', 'primary-care', 'D1', NULL, '{RURAL}'),
       ('F-D2', 'D2 district hospital', 'district', 'hospital', 'D2', NULL, '{}')`,
  );
  await db.query(
    `INSERT INTO facility_licences (facility_id, kind, telemedicine_mode, number, valid_from)
     VALUES ('F-PC', 'telemedicine', 'video', 'TM-1', '2026-01-01')`,
  );
}

export interface CaseSeed {
  facility: string;
  claim: string;
  dx: string[];
  setting?: 'inpatient' | 'day-care';
  admission?: string;
  discharge?: string;
  type?: 'emergency' | 'planned';
  sex?: 'M' | 'F';
  birth?: string;
  month?: string;
  district?: string;
  /** For a new version of a claim: its id, version number and the version of a closed month it adjusts. */
  id?: string;
  version?: number;
  adjustmentOf?: string;
  serviceMonth?: string;
}

/** Inserts case versions straight into the table (intake is not what these specs test); returns ids. */
export async function insertCases(db: Pick<DataSource, 'query'>, cases: CaseSeed[]): Promise<string[]> {
  const ids: string[] = [];
  for (const c of cases) {
    const month = c.month ?? MONTH;
    const rows: { id: string }[] = await db.query(
      `INSERT INTO cases (id, facility_id, claim_id, version, status, district_code, month, service_month, content_hash,
                          patient_id, birth_date, sex, admission_at, discharge_at, admission_type, referral_id,
                          discharge_mode, care_setting, diagnosis_codes, procedure_entries, adjustment_of)
       VALUES (coalesce($14::uuid, gen_random_uuid()), $1, $2, $15, 'active', $3, $4, $16, $5, $6, $7, $8, $9, $10, $11,
               NULL, 'home', $12, $13::text[], '[]'::jsonb, $17)
       RETURNING id`,
      [
        c.facility,
        c.claim,
        c.district ?? DISTRICT,
        month,
        createHash('sha256').update(c.claim).digest('hex'),
        `P-${c.claim}`,
        c.birth ?? '1970-05-01',
        c.sex ?? 'M',
        c.admission ?? `${month}-02 09:00`,
        c.discharge ?? `${month}-08 10:00`,
        c.type ?? 'emergency',
        c.setting ?? 'inpatient',
        c.dx,
        c.id ?? null,
        c.version ?? 1,
        c.serviceMonth ?? month,
        c.adjustmentOf ?? null,
      ],
    );
    ids.push(rows[0].id);
  }
  return ids;
}

/**
 * The March cases. Hand-checked amounts (fund share):
 *   F-DH (district 1.00, management 1.05): J189 6 days 3,800,000 × 0.88 × 1.05 = 3,511,200.00;
 *     I10 3,800,000 × 0.60 × 1.05 = 2,394,000.00; J189 day care 1,250,000 × 0.18 × 1.05 = 236,250.00;
 *     K359 (invalid since 2016) → error group 905Z, 0.00; J180 planned without referral → patient pays 3,511,200.00.
 *   F-RH (regional 1.10): I219 3,800,000 × 1.30 × 1.10 = 5,434,000.00; J189 3,800,000 × 0.88 × 1.10 = 3,678,400.00.
 */
export const MARCH_CASES: CaseSeed[] = [
  { facility: 'F-DH', claim: 'DH-1', dx: ['J189'] },
  { facility: 'F-DH', claim: 'DH-2', dx: ['I10'] },
  { facility: 'F-DH', claim: 'DH-3', dx: ['J189'], setting: 'day-care', discharge: '2026-03-02 15:00' },
  { facility: 'F-DH', claim: 'DH-4', dx: ['K359'] },
  { facility: 'F-DH', claim: 'DH-5', dx: ['J180'], type: 'planned' },
  { facility: 'F-RH', claim: 'RH-1', dx: ['I219'] },
  { facility: 'F-RH', claim: 'RH-2', dx: ['J189'] },
];

/**
 * F-PC capitation at the 2026-03-01 snapshot: two women aged 30 (F20-49, 1.15) and a child of 3 (A01-04,
 * 1.90) → 4.20 weighted; 420,000 × 4.20 × RURAL 1.10 ÷ 12 = 161,700.00, withheld 10% 16,170.00, payable
 * 145,530.00. A person who left in February does not count. Fees: video consultation 95,000.00 (licensed),
 * FFS-001 × 2 = 170,000.00, store-and-forward without a licence rejected (T01): 265,000.00.
 */
export async function seedRegisterAndMoney(db: DataSource): Promise<void> {
  await db.query(
    `INSERT INTO enrolments (facility_id, person_id, birth_date, sex, enrolled_from, enrolled_to) VALUES
       ('F-PC', 'E-1', '1996-02-10', 'F', '2025-01-01', NULL),
       ('F-PC', 'E-2', '1995-07-01', 'F', '2025-01-01', NULL),
       ('F-PC', 'E-3', '2023-01-15', 'M', '2025-01-01', NULL),
       ('F-PC', 'E-4', '1980-01-01', 'M', '2025-01-01', '2026-02-15')`,
  );
  await db.query(
    `INSERT INTO services (facility_id, service_id, service_code, patient_id, service_date, quantity, district_code, month) VALUES
       ('F-PC', 'S-1', 'TM-VID-01', 'P-1', '2026-03-05', 1, 'D1', '2026-03'),
       ('F-PC', 'S-2', 'FFS-001', 'P-2', '2026-03-06', 2, 'D1', '2026-03'),
       ('F-PC', 'S-3', 'TM-SF-01', 'P-3', '2026-03-07', 1, 'D1', '2026-03')`,
  );
  await db.query(
    `INSERT INTO advances (facility_id, month, amount, reference) VALUES ('F-DH', '2026-03', 1000000.00, 'ADV-3')`,
  );
  await db.query(
    `INSERT INTO adjustments (facility_id, from_month, to_month, amount, reason)
     VALUES ('F-RH', '2026-01', '2026-03', -50000.00, 'recovery after audit of January')`,
  );
}

export async function seedWorld(db: DataSource): Promise<{ bookId: string; caseIds: string[] }> {
  const bookId = await publishSampleBook(db);
  await seedGeography(db);
  const caseIds = await insertCases(db, MARCH_CASES);
  await seedRegisterAndMoney(db);
  return { bookId, caseIds };
}

/**
 * `n` more cases of the month in D1, generated in SQL (fast): five diagnoses in turn, stays of 1 to 6
 * days, the two hospitals alternating. For specs that need a run long enough to interrupt.
 */
export async function insertManyCases(db: Pick<DataSource, 'query'>, n: number, month = MONTH): Promise<void> {
  await db.query(
    `INSERT INTO cases (facility_id, claim_id, version, status, district_code, month, service_month, content_hash,
                        patient_id, birth_date, sex, admission_at, discharge_at, admission_type, discharge_mode,
                        care_setting, diagnosis_codes)
     SELECT (ARRAY['F-DH', 'F-RH'])[1 + g % 2], 'BULK-' || g, 1, 'active', 'D1', $2::text, $2::text,
            md5(g::text) || md5(g::text), 'P-' || g, '1970-05-01', 'M', ($2::text || '-02 09:00')::timestamp,
            ($2::text || '-0' || (3 + g % 6) || ' 10:00')::timestamp,
            'emergency', 'home', 'inpatient', ARRAY[(ARRAY['J189', 'I10', 'I219', 'E119', 'K359'])[1 + g % 5]]
       FROM generate_series(1, $1::int) AS g`,
    [n, month],
  );
}
