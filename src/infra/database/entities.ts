import { AuditLogEntryEntity } from '../../modules/audit/entities/audit-log-entry.entity';
import { ApiTokenEntity } from '../../modules/auth/entities/api-token.entity';
import { UserEntity } from '../../modules/auth/entities/user.entity';
import { CaseDiagnosisEntity } from '../../modules/claims/entities/case-diagnosis.entity';
import { CaseProcedureEntity } from '../../modules/claims/entities/case-procedure.entity';
import { CaseEntity } from '../../modules/claims/entities/case.entity';
import { PricingResultEntity } from '../../modules/claims/entities/pricing-result.entity';
import { DistrictEntity } from '../../modules/reference/entities/district.entity';
import { FacilityContractEntity } from '../../modules/reference/entities/facility-contract.entity';
import { FacilityLicenceEntity } from '../../modules/reference/entities/facility-licence.entity';
import { FacilityEntity } from '../../modules/reference/entities/facility.entity';
import { RegionEntity } from '../../modules/reference/entities/region.entity';
import { TariffBookFileEntity } from '../../modules/reference/entities/tariff-book-file.entity';
import { TariffBookEntity } from '../../modules/reference/entities/tariff-book.entity';
import { EnrolmentEntity } from '../../modules/registry/entities/enrolment.entity';
import { SETTLEMENT_ENTITIES } from '../../modules/settlement/entities';

/** Every entity, listed explicitly (no globs) so ts, dist and bundles load the same set. */
export const ENTITIES = [
  RegionEntity,
  DistrictEntity,
  FacilityEntity,
  FacilityContractEntity,
  FacilityLicenceEntity,
  TariffBookEntity,
  TariffBookFileEntity,
  EnrolmentEntity,
  CaseEntity,
  CaseDiagnosisEntity,
  CaseProcedureEntity,
  PricingResultEntity,
  UserEntity,
  ApiTokenEntity,
  AuditLogEntryEntity,
  ...SETTLEMENT_ENTITIES,
];
