import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { Role } from './role';

/**
 * A person using Hisob. Roles say what they may do; district and facility scopes say where (empty
 * scopes = everywhere the roles allow). API tokens carry their own roles and scopes, never wider.
 */
@Entity({ name: 'users' })
@Unique('uq_users_username', ['username'])
@Check('ck_users_username', `username = lower(username) AND username ~ '^[a-z0-9._-]+$'`)
@Check('ck_users_roles', `roles <@ ARRAY['admin', 'finance-officer', 'auditor', 'planner', 'facility-clerk']::text[]`)
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ type: 'text' })
  displayName: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles: Role[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  districtCodes: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  facilityIds: string[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
