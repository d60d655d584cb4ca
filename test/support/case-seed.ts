import type { DataSource, EntityManager } from 'typeorm';
import { CaseEntity } from '../../src/modules/claims/entities/case.entity';
import { TariffBookEntity } from '../../src/modules/reference/entities/tariff-book.entity';
import { SEED } from './reference-seed';

/** A draft tariff book row with a minimal manifest; returns its id. */
export async function insertDraftBook(dataSource: DataSource, version = '2026.1'): Promise<string> {
  const result = await dataSource.getRepository(TariffBookEntity).insert({
    code: 'UZ-KZG-TEST',
    version,
    name: 'Test book',
    effectiveFrom: '2026-01-01',
    manifest: { code: 'UZ-KZG-TEST', version, currency: 'UZS', effectiveFrom: '2026-01-01' },
  });
  return (result.identifiers[0] as { id: string }).id;
}

/** Version 1 of a claim of the seeded facility; returns the case id. */
export async function insertCase(
  target: DataSource | EntityManager,
  overrides: Partial<CaseEntity> = {},
): Promise<string> {
  const result = await target.getRepository(CaseEntity).insert({
    facilityId: SEED.facility,
    claimId: 'C-1',
    version: 1,
    districtCode: SEED.district,
    month: '2026-03',
    serviceMonth: '2026-03',
    contentHash: 'a'.repeat(64),
    patientId: 'P-77',
    birthDate: '1958-04-12',
    sex: 'F',
    admissionAt: '2026-03-02T09:30',
    dischargeAt: '2026-03-03T11:00',
    admissionType: 'emergency',
    dischargeMode: 'home',
    careSetting: 'inpatient',
    ...overrides,
  });
  return (result.identifiers[0] as { id: string }).id;
}
