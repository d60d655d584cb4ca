import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { CaseEntity } from './case.entity';

/** A diagnosis of a case version: seq 0 is the principal diagnosis, 1… the secondaries in order. */
@Entity({ name: 'case_diagnoses' })
@Check('ck_case_diagnoses_seq', `seq >= 0`)
export class CaseDiagnosisEntity {
  @PrimaryColumn({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, (c) => c.diagnoses, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: Relation<CaseEntity>;

  @PrimaryColumn({ type: 'smallint' })
  seq: number;

  /** ICD-10 code without dot, or a pair such as `A188+D638`. */
  @Column({ type: 'varchar', length: 32 })
  code: string;
}
