import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Page } from '../../infra/http/pagination';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/decorators';
import { READ } from '../auth/permissions';
import { PricingResultListQueryDto, UuidParamDto } from './dto/case-query.dto';
import type { PricingResultDetail, PricingResultView } from './dto/case-view.dto';
import { PricingResultsRepository } from './pricing-results.repository';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('pricing-results')
export class PricingResultsController {
  constructor(private readonly results: PricingResultsRepository) {}

  @Get()
  @Roles(...READ)
  @ApiOperation({ summary: 'Pricing results (filters: district, facility, month, group, status)' })
  list(@CurrentActor() actor: Actor, @Query() q: PricingResultListQueryDto): Promise<Page<PricingResultView>> {
    return this.results.list(actor, q);
  }

  @Get(':id')
  @Roles(...READ)
  @ApiOperation({ summary: 'One pricing result with its explanation' })
  get(@CurrentActor() actor: Actor, @Param() p: UuidParamDto): Promise<PricingResultDetail> {
    return this.results.get(actor, p.id);
  }
}
