import type { MigrationInterface } from 'typeorm';
import { AuditLog1767225600000 } from './1767225600000-audit-log';
import { ReferenceData1767225600100 } from './1767225600100-reference-data';
import { TariffBooks1767225600200 } from './1767225600200-tariff-books';
import { EnrolmentRegister1767225600300 } from './1767225600300-enrolment-register';
import { UsersAndTokens1767225600400 } from './1767225600400-users-and-tokens';
import { CasesAndPricing1767225600500 } from './1767225600500-cases-and-pricing';
import { CaseIntake1767312000000 } from './1767312000000-case-intake';
import { Settlement1767398400000 } from './1767398400000-settlement';

/**
 * Every migration in order. Listed as classes, not a file glob, so the same list works under
 * ts (jest/swc), compiled dist/ and a bundled CLI. A new migration is added at the end.
 */
export const MIGRATIONS: (new () => MigrationInterface)[] = [
  AuditLog1767225600000,
  ReferenceData1767225600100,
  TariffBooks1767225600200,
  EnrolmentRegister1767225600300,
  UsersAndTokens1767225600400,
  CasesAndPricing1767225600500,
  CaseIntake1767312000000,
  Settlement1767398400000,
];
