import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConsumesJson } from '../../infra/http/consumes';
import type { Page } from '../../infra/http/pagination';
import { validateArrayInto } from '../../infra/http/validation';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/decorators';
import { ADMIN_ONLY, READ } from '../auth/permissions';
import { FacilityIdParamDto, FacilityInputDto, FacilityListQueryDto, type FacilityView } from './dto/facility.dto';
import type { UpsertReport } from './dto/geography.dto';
import { LicenceInputDto, LicenceListQueryDto, type LicenceView } from './dto/licence.dto';
import { FacilitiesRepository } from './facilities.repository';

const MAX_ITEMS = 5000;

@ApiTags('reference')
@ApiBearerAuth()
@Controller()
export class FacilitiesController {
  constructor(private readonly repo: FacilitiesRepository) {}

  @Get('facilities')
  @Roles(...READ)
  @ApiOperation({ summary: "Facilities in the caller's scope (filters: district, region, level, type)" })
  list(@CurrentActor() actor: Actor, @Query() q: FacilityListQueryDto): Promise<Page<FacilityView>> {
    return this.repo.list(actor, q);
  }

  @Get('facilities/:id')
  @Roles(...READ)
  @ApiOperation({ summary: "One facility (404 also when it lies outside the caller's scope)" })
  get(@CurrentActor() actor: Actor, @Param() p: FacilityIdParamDto): Promise<FacilityView> {
    return this.repo.get(actor, p.id);
  }

  @Get('facilities/:id/licences')
  @Roles(...READ)
  @ApiOperation({ summary: 'Licences, accreditations and telemedicine licences of a facility' })
  licences(
    @CurrentActor() actor: Actor,
    @Param() p: FacilityIdParamDto,
    @Query() q: LicenceListQueryDto,
  ): Promise<Page<LicenceView>> {
    return this.repo.licences(actor, p.id, q);
  }

  @Post('facilities')
  @HttpCode(200)
  @Roles(...ADMIN_ONLY)
  @ConsumesJson()
  @ApiBody({ type: [FacilityInputDto] })
  @ApiOperation({ summary: 'Create or update facilities from a JSON array (admin)' })
  upsert(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<UpsertReport> {
    return this.repo.upsert(validateArrayInto(FacilityInputDto, body, MAX_ITEMS), actor);
  }

  @Post('licences')
  @HttpCode(200)
  @Roles(...ADMIN_ONLY)
  @ConsumesJson()
  @ApiBody({ type: [LicenceInputDto] })
  @ApiOperation({ summary: 'Add licences from a JSON array (admin)' })
  addLicences(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<{ created: number; ids: string[] }> {
    return this.repo.addLicences(validateArrayInto(LicenceInputDto, body, MAX_ITEMS), actor);
  }
}
