import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  CreateDateColumn,
  type Relation,
} from 'typeorm';
import type { Dec } from '../../../domain/money';
import type { Explanation } from '../../../domain/explain/explanation';
import type { Coverage, CoverageReason } from '../../../domain/pricer/result';
import { ExactDecimalColumn, MoneyColumn } from '../../../infra/database/decimal.transformer';
import { TariffBookEntity } from '../../reference/entities/tariff-book.entity';
import { CaseEntity } from './case.entity';

/** The engine's result for one case version under one tariff book version, with its explanation. */
@Entity({ name: 'pricing_results' })
@Unique('uq_pricing_results_case_book', ['caseId', 'tariffBookId'])
@Index('ix_pricing_results_book', ['tariffBookId'])
@Check('ck_pricing_results_status', `status IN ('priced', 'error')`)
@Check('ck_pricing_results_coverage', `coverage IN ('fund', 'patient', 'none')`)
@Check(
  'ck_pricing_results_reason',
  `coverage_reason IN ('NOT_IN_PACKAGE', 'NO_REFERRAL', 'EDIT_ERROR', 'PRICING_ERROR')`,
)
@Check('ck_pricing_results_split', `amount = fund_amount + patient_amount`)
export class PricingResultEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Relation<CaseEntity>;

  @Column({ type: 'uuid' })
  tariffBookId: string;

  @ManyToOne(() => TariffBookEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'tariff_book_id' })
  tariffBook?: Relation<TariffBookEntity>;

  @Column({ type: 'varchar', length: 8 })
  status: 'priced' | 'error';

  @Column({ type: 'varchar', length: 32 })
  groupCode: string;

  @Column({ type: 'varchar', length: 16 })
  returnCode: string;

  /** Grouping logic row that matched. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  rowId: string | null;

  @Column({ type: 'varchar', length: 8 })
  coverage: Coverage;

  @Column({ type: 'varchar', length: 16, nullable: true })
  coverageReason: CoverageReason | null;

  @ExactDecimalColumn()
  effectiveWeight: Dec;

  @MoneyColumn()
  amount: Dec;

  @MoneyColumn()
  fundAmount: Dec;

  @MoneyColumn()
  patientAmount: Dec;

  @Column({ type: 'jsonb' })
  explanation: Explanation;

  @CreateDateColumn({ type: 'timestamptz' })
  pricedAt: Date;
}
