import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { CaseEntity } from './case.entity';

/** A procedure of a case version, in the order submitted. */
@Entity({ name: 'case_procedures' })
@Check('ck_case_procedures_seq', `seq >= 0`)
export class CaseProcedureEntity {
  @PrimaryColumn({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, (c) => c.procedures, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Relation<CaseEntity>;

  @PrimaryColumn({ type: 'smallint' })
  seq: number;

  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'date', nullable: true })
  performedOn: string | null;
}
