import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConsumesJson } from '../../infra/http/consumes';
import { PageQueryDto, type Page } from '../../infra/http/pagination';
import { validateArrayInto } from '../../infra/http/validation';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/decorators';
import { ADMIN_ONLY, READ } from '../auth/permissions';
import {
  DistrictInputDto,
  DistrictListQueryDto,
  RegionInputDto,
  type DistrictView,
  type RegionView,
  type UpsertReport,
} from './dto/geography.dto';
import { GeographyRepository } from './geography.repository';

const MAX_ITEMS = 5000;

@ApiTags('reference')
@ApiBearerAuth()
@Controller()
export class GeographyController {
  constructor(private readonly repo: GeographyRepository) {}

  @Get('regions')
  @Roles(...READ)
  @ApiOperation({ summary: 'Regions (a district officer sees the regions of their districts)' })
  listRegions(@CurrentActor() actor: Actor, @Query() q: PageQueryDto): Promise<Page<RegionView>> {
    return this.repo.listRegions(actor, q);
  }

  @Get('districts')
  @Roles(...READ)
  @ApiOperation({ summary: 'Districts, optionally of one region' })
  listDistricts(@CurrentActor() actor: Actor, @Query() q: DistrictListQueryDto): Promise<Page<DistrictView>> {
    return this.repo.listDistricts(actor, q);
  }

  @Post('regions')
  @HttpCode(200)
  @Roles(...ADMIN_ONLY)
  @ConsumesJson()
  @ApiBody({ type: [RegionInputDto] })
  @ApiOperation({ summary: 'Create or update regions (admin)' })
  upsertRegions(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<UpsertReport> {
    return this.repo.upsertRegions(validateArrayInto(RegionInputDto, body, MAX_ITEMS), actor);
  }

  @Post('districts')
  @HttpCode(200)
  @Roles(...ADMIN_ONLY)
  @ConsumesJson()
  @ApiBody({ type: [DistrictInputDto] })
  @ApiOperation({ summary: 'Create or update districts (admin)' })
  upsertDistricts(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<UpsertReport> {
    return this.repo.upsertDistricts(validateArrayInto(DistrictInputDto, body, MAX_ITEMS), actor);
  }
}
