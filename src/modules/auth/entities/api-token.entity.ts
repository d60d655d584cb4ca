import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  type Relation,
} from 'typeorm';
import type { Role } from './role';
import { UserEntity } from './user.entity';

/**
 * A bearer token of a user. Only the sha256 of the secret is stored (token_hash); token_prefix is
 * the first characters of the secret, shown in lists so a user can tell tokens apart.
 */
@Entity({ name: 'api_tokens' })
@Unique('uq_api_tokens_token_hash', ['tokenHash'])
@Index('ix_api_tokens_user_id', ['userId'])
@Check('ck_api_tokens_token_hash', `token_hash ~ '^[0-9a-f]{64}$'`)
@Check(
  'ck_api_tokens_roles',
  `roles <@ ARRAY['admin', 'finance-officer', 'auditor', 'planner', 'facility-clerk']::text[]`,
)
export class ApiTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  tokenPrefix: string;

  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles: Role[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  districtCodes: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  facilityIds: string[];

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
