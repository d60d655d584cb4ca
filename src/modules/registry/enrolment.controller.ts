import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/decorators';
import { READ } from '../auth/permissions';
import { EnrolmentSummaryQueryDto, type EnrolmentSummary } from './dto/enrolment-summary.dto';
import { EnrolmentRepository } from './enrolment.repository';

@ApiTags('registries')
@ApiBearerAuth()
@Controller('enrolment')
export class EnrolmentController {
  constructor(private readonly repo: EnrolmentRepository) {}

  @Get('summary')
  @Roles(...READ)
  @ApiOperation({ summary: 'Enrolled persons on a snapshot date, by sex and age band' })
  summary(@CurrentActor() actor: Actor, @Query() q: EnrolmentSummaryQueryDto): Promise<EnrolmentSummary> {
    return this.repo.summary(actor, q);
  }
}
