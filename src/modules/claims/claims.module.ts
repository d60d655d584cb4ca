import { Module } from '@nestjs/common';
import type { HisobDataSource } from '../../infra/database/data-source';
import { DATA_SOURCE } from '../../infra/nest/tokens';
import { ReferenceModule } from '../reference/reference.module';
import { CaseIntakeService } from './case-intake.service';
import { CasePricingService } from './case-pricing.service';
import { CaseSubmissionService } from './case-submission.service';
import { CasesController } from './cases.controller';
import { CasesRepository } from './cases.repository';
import { FhirController } from './fhir.controller';
import { PricingResultsController } from './pricing-results.controller';
import { PricingResultsRepository } from './pricing-results.repository';

/** Case intake (JSON, CSV, FHIR), pricing one case, and reading cases and pricing results. */
@Module({
  imports: [ReferenceModule],
  controllers: [CasesController, FhirController, PricingResultsController],
  providers: [
    // A plain class shared with the CLI and the workers: built here from the data source.
    {
      provide: CaseIntakeService,
      inject: [DATA_SOURCE],
      useFactory: (db: HisobDataSource) => new CaseIntakeService(db),
    },
    CasePricingService,
    CaseSubmissionService,
    CasesRepository,
    PricingResultsRepository,
  ],
  exports: [CaseIntakeService, CasePricingService],
})
export class ClaimsModule {}
