import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConsumesJson } from '../../infra/http/consumes';
import type { Page } from '../../infra/http/pagination';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/decorators';
import { ADMIN_ONLY, READ } from '../auth/permissions';
import {
  TariffBookImportDto,
  TariffBookKeyDto,
  TariffBookListQueryDto,
  type TariffBookDetail,
  type TariffBookView,
} from './dto/tariff-book.dto';
import { TariffBooksRepository } from './tariff-books.repository';
import { TariffBooksService } from './tariff-books.service';

@ApiTags('tariff books')
@ApiBearerAuth()
@Controller('tariff-books')
export class TariffBooksController {
  constructor(
    private readonly repo: TariffBooksRepository,
    private readonly service: TariffBooksService,
  ) {}

  @Get()
  @Roles(...READ)
  @ApiOperation({ summary: 'Tariff book versions (filters: status, code)' })
  list(@Query() q: TariffBookListQueryDto): Promise<Page<TariffBookView>> {
    return this.repo.list(q);
  }

  @Get(':code/:version')
  @Roles(...READ)
  @ApiOperation({ summary: 'One book version: manifest, files and table counts' })
  get(@Param() key: TariffBookKeyDto): Promise<TariffBookDetail> {
    return this.service.describe(key.code, key.version);
  }

  @Post()
  @Roles(...ADMIN_ONLY)
  @ConsumesJson()
  @ApiOperation({ summary: 'Import a book ({ files: { name: text } }) as a draft (admin); every problem is listed' })
  import(@CurrentActor() actor: Actor, @Body() body: TariffBookImportDto): Promise<TariffBookDetail> {
    return this.service.import(body.files, actor);
  }

  @Post(':code/:version/publish')
  @HttpCode(200)
  @Roles(...ADMIN_ONLY)
  @ApiOperation({ summary: 'draft → published; a published book is immutable (admin)' })
  publish(@CurrentActor() actor: Actor, @Param() key: TariffBookKeyDto): Promise<TariffBookView> {
    return this.service.publish(key.code, key.version, actor);
  }

  @Post(':code/:version/retire')
  @HttpCode(200)
  @Roles(...ADMIN_ONLY)
  @ApiOperation({ summary: 'published → retired (admin)' })
  retire(@CurrentActor() actor: Actor, @Param() key: TariffBookKeyDto): Promise<TariffBookView> {
    return this.service.retire(key.code, key.version, actor);
  }
}
