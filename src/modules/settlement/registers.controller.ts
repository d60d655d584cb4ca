// Recording and reading the money registers a settlement reads besides the cases: services, advances
// and adjustments. Imports take a CSV body (text/csv, streamed) and answer 200 with the import report;
// a finance officer records rows for the facilities of their districts only — any other facility's
// row is refused exactly like an unknown one. The lists are scoped in SQL (RegistersRepository).
import { Controller, Get, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { HisobDataSource } from '../../infra/database/data-source';
import { byteLimited } from '../../infra/http/byte-limited';
import { ConsumesCsv } from '../../infra/http/consumes';
import type { HttpRequest } from '../../infra/http/http-types';
import type { Page } from '../../infra/http/pagination';
import { DATA_SOURCE } from '../../infra/nest/tokens';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/decorators';
import type { Role } from '../auth/entities/role';
import { READ } from '../auth/permissions';
import { importAdjustmentsCsv } from './adjustments-import';
import { importAdvancesCsv } from './advances-import';
import { AdjustmentListQueryDto, AdvanceListQueryDto, RegisterImportQueryDto } from './dto/register-query.dto';
import type { RegisterImportReport } from './register-import';
import { RegistersRepository, type AdjustmentView, type AdvanceView } from './registers.repository';
import { importServicesRegisterCsv } from './services-register-import';

/** Record services, advances and adjustments (besides admin). */
export const RECORD_PAYMENTS: readonly Role[] = ['finance-officer'];

/** Largest services body (a month of a region's services); beyond it 413 and nothing is stored. */
const MAX_SERVICES_BYTES = 1024 * 1024 * 1024;
/** Advances and adjustments are a few rows per facility and month. */
const MAX_MONEY_BYTES = 16 * 1024 * 1024;

const REPORT = 'the import report: received, stored, unchanged, rejected, storedAmount, errors by line';

@ApiTags('settlement registers')
@ApiBearerAuth()
@Controller()
export class RegistersController {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: HisobDataSource,
    private readonly registers: RegistersRepository,
  ) {}

  @Post('services/import')
  @HttpCode(200)
  @Roles(...RECORD_PAYMENTS)
  @ConsumesCsv()
  @ApiBody({
    schema: {
      type: 'string',
      description: 'services CSV: facility_id, service_id, patient_id, service_code, mode, service_date, quantity',
    },
  })
  @ApiOperation({ summary: `Record fee-for-service and telemedicine services from a CSV body; answers ${REPORT}` })
  importServices(
    @CurrentActor() actor: Actor,
    @Req() req: HttpRequest,
    @Query() q: RegisterImportQueryDto,
  ): Promise<RegisterImportReport> {
    const body = byteLimited(req, MAX_SERVICES_BYTES);
    return importServicesRegisterCsv(this.db, body, q.source ?? 'services.csv', actor);
  }

  @Post('advances/import')
  @HttpCode(200)
  @Roles(...RECORD_PAYMENTS)
  @ConsumesCsv()
  @ApiBody({ schema: { type: 'string', description: 'advances CSV: facility_id, month, amount, reference, paid_on' } })
  @ApiOperation({ summary: `Record advances paid to facilities from a CSV body; answers ${REPORT}` })
  importAdvances(
    @CurrentActor() actor: Actor,
    @Req() req: HttpRequest,
    @Query() q: RegisterImportQueryDto,
  ): Promise<RegisterImportReport> {
    return importAdvancesCsv(this.db, byteLimited(req, MAX_MONEY_BYTES), q.source ?? 'advances.csv', actor);
  }

  @Post('adjustments/import')
  @HttpCode(200)
  @Roles(...RECORD_PAYMENTS)
  @ConsumesCsv()
  @ApiBody({
    schema: { type: 'string', description: 'adjustments CSV: facility_id, from_month, to_month, amount, reason' },
  })
  @ApiOperation({ summary: `Record adjustments of closed months from a CSV body; answers ${REPORT}` })
  importAdjustments(
    @CurrentActor() actor: Actor,
    @Req() req: HttpRequest,
    @Query() q: RegisterImportQueryDto,
  ): Promise<RegisterImportReport> {
    return importAdjustmentsCsv(this.db, byteLimited(req, MAX_MONEY_BYTES), q.source ?? 'adjustments.csv', actor);
  }

  @Get('advances')
  @Roles(...READ)
  @ApiOperation({ summary: 'Advances paid to facilities (filters: month, facility, district)' })
  advances(@CurrentActor() actor: Actor, @Query() q: AdvanceListQueryDto): Promise<Page<AdvanceView>> {
    return this.registers.advances(actor, q);
  }

  @Get('adjustments')
  @Roles(...READ)
  @ApiOperation({ summary: 'Adjustments of closed months (filters: toMonth, facility, district)' })
  adjustments(@CurrentActor() actor: Actor, @Query() q: AdjustmentListQueryDto): Promise<Page<AdjustmentView>> {
    return this.registers.adjustments(actor, q);
  }
}
