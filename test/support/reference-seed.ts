import type { DataSource } from 'typeorm';
import { dec } from '../../src/domain/money';
import { DistrictEntity } from '../../src/modules/reference/entities/district.entity';
import { FacilityEntity } from '../../src/modules/reference/entities/facility.entity';
import { RegionEntity } from '../../src/modules/reference/entities/region.entity';

/** One region, one district and one district hospital: the minimum most tables point to. */
export const SEED = { region: '1703', district: '1703202', facility: 'F-0001' } as const;

export async function seedReference(dataSource: DataSource): Promise<void> {
  await dataSource.getRepository(RegionEntity).insert({
    code: SEED.region,
    nameUz: 'Andijon viloyati',
    nameRu: 'Андижанская область',
    nameEn: 'Andijan Region',
  });
  await dataSource.getRepository(DistrictEntity).insert({
    code: SEED.district,
    regionCode: SEED.region,
    nameUz: 'Asaka tumani',
    nameRu: 'Асакинский район',
    nameEn: 'Asaka District',
  });
  await dataSource.getRepository(FacilityEntity).insert({
    id: SEED.facility,
    name: 'Asaka district hospital',
    level: 'district',
    type: 'hospital',
    districtCode: SEED.district,
    managementCoefficient: dec('1.0500'),
    capitationAdjustments: ['rural'],
    pilotStartDate: '2026-01-01',
  });
}
