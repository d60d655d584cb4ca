import { AdjustmentEntity } from './adjustment.entity';
import { AdvanceEntity } from './advance.entity';
import { ServiceEntity } from './service.entity';
import { SettlementChunkEntity } from './settlement-chunk.entity';
import { SettlementFacilityPartEntity } from './settlement-facility-part.entity';
import { SettlementLineEntity } from './settlement-line.entity';
import { SettlementMonthClosureEntity } from './settlement-month-closure.entity';
import { SettlementRequestEntity } from './settlement-request.entity';
import { SettlementRunEntity } from './settlement-run.entity';
import { SettlementStatementGroupEntity } from './settlement-statement-group.entity';
import { SettlementStatementEntity } from './settlement-statement.entity';

export {
  AdjustmentEntity,
  AdvanceEntity,
  ServiceEntity,
  SettlementChunkEntity,
  SettlementFacilityPartEntity,
  SettlementLineEntity,
  SettlementMonthClosureEntity,
  SettlementRequestEntity,
  SettlementRunEntity,
  SettlementStatementEntity,
  SettlementStatementGroupEntity,
};

/** The settlement module's entities, for the data source's list (src/infra/database/entities.ts). */
export const SETTLEMENT_ENTITIES = [
  SettlementRunEntity,
  SettlementRequestEntity,
  SettlementChunkEntity,
  SettlementLineEntity,
  SettlementFacilityPartEntity,
  SettlementStatementEntity,
  SettlementStatementGroupEntity,
  SettlementMonthClosureEntity,
  AdvanceEntity,
  AdjustmentEntity,
  ServiceEntity,
];
