import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../../infra/nest/tokens';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/decorators';
import { READ } from '../auth/permissions';
import { RunIdParamDto, SettlementRequestDto } from './dto/settlement-request.dto';
import { groupsCsv, statementsCsv } from './exports/csv';
import { settlementWorkbook } from './exports/xlsx';
import type { RunView } from './runs/run-view';
import type { RunStatements, StatementGroupView } from './runs/statement-view';
import { parseScope } from './scope';
import { assertMaySettle, mayRead, runFor, seesOwnFacilitiesOnly, SETTLE, statementsFor } from './settlement-access';
import { SettlementException, SettlementExceptionCode } from './settlement.exception';
import { SettlementService } from './settlement.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('settlements')
@ApiBearerAuth()
@Controller('settlements')
export class SettlementController {
  constructor(
    private readonly settlements: SettlementService,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
  ) {}

  @Post()
  @HttpCode(202)
  @Roles(...SETTLE)
  @ApiOperation({ summary: 'Request the settlement of a month (idempotent; one active run per scope and month)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'same key, same run' })
  request(
    @CurrentActor() actor: Actor,
    @Body() body: SettlementRequestDto,
    @Headers('idempotency-key') headerKey?: string,
  ): Promise<RunView> {
    const scope = parseScope(body.scope);
    assertMaySettle(actor, scope);
    const idempotencyKey = body.idempotencyKey ?? headerKey;
    if (!idempotencyKey) {
      throw new SettlementException(SettlementExceptionCode.INVALID_REQUEST, 'an idempotency key is required', [
        {
          path: '$.idempotencyKey',
          field: 'idempotencyKey',
          code: 'REQUIRED',
          message: 'give idempotencyKey or the Idempotency-Key header',
        },
      ]);
    }
    return this.settlements.request({
      scope,
      month: body.month,
      book: body.book,
      idempotencyKey,
      actor: actor.username,
    });
  }

  @Get(':id')
  @Roles(...READ)
  @ApiOperation({ summary: 'A run with its progress (chunks done / total, cases priced) and totals' })
  async get(@CurrentActor() actor: Actor, @Param() p: RunIdParamDto): Promise<RunView> {
    const run = await this.readable(actor, p.id);
    if (!seesOwnFacilitiesOnly(actor) || run.totals === null) return run;
    return runFor(actor, run, statementsFor(actor, await this.settlements.statements(p.id)));
  }

  @Get(':id/statements')
  @Roles(...READ)
  @ApiOperation({ summary: 'The statements of a computed run, one per facility, with totals' })
  async statements(@CurrentActor() actor: Actor, @Param() p: RunIdParamDto): Promise<RunStatements> {
    await this.readable(actor, p.id);
    return statementsFor(actor, await this.settlements.statements(p.id));
  }

  @Get(':id/groups')
  @Roles(...READ)
  @ApiOperation({ summary: 'Cases and amounts per facility and group' })
  async groups(@CurrentActor() actor: Actor, @Param() p: RunIdParamDto): Promise<StatementGroupView[]> {
    await this.readable(actor, p.id);
    const own = new Set(
      statementsFor(actor, await this.settlements.statements(p.id)).statements.map((s) => s.facilityId),
    );
    return (await this.settlements.groups(p.id)).filter((g) => own.has(g.facilityId));
  }

  @Get(':id/statements.csv')
  @Roles(...READ)
  @ApiOperation({ summary: 'The statements as CSV (totals row last)' })
  async statementsCsv(@CurrentActor() actor: Actor, @Param() p: RunIdParamDto): Promise<StreamableFile> {
    const run = await this.readable(actor, p.id);
    const data = statementsFor(actor, await this.settlements.statements(p.id));
    return new StreamableFile(Buffer.from(statementsCsv(data), 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="statements-${run.month}.csv"`,
    });
  }

  @Get(':id/groups.csv')
  @Roles(...READ)
  @ApiOperation({ summary: 'Cases and amounts per facility and group as CSV' })
  async groupsCsv(@CurrentActor() actor: Actor, @Param() p: RunIdParamDto): Promise<StreamableFile> {
    const run = await this.readable(actor, p.id);
    const groups = await this.groups(actor, p);
    return new StreamableFile(Buffer.from(groupsCsv(groups), 'utf8'), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="groups-${run.month}.csv"`,
    });
  }

  @Get(':id/settlement.xlsx')
  @Roles(...READ)
  @ApiOperation({ summary: 'Summary, statements and groups as an Excel workbook' })
  async xlsx(@CurrentActor() actor: Actor, @Param() p: RunIdParamDto): Promise<StreamableFile> {
    const run = await this.readable(actor, p.id);
    const data = statementsFor(actor, await this.settlements.statements(p.id));
    const groups = await this.groups(actor, p);
    const buffer = await settlementWorkbook(runFor(actor, run, data), data, groups).xlsx.writeBuffer();
    return new StreamableFile(Buffer.from(buffer), {
      type: XLSX,
      disposition: `attachment; filename="settlement-${run.month}.xlsx"`,
    });
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles(...SETTLE)
  @ApiOperation({ summary: 'computed → approved (refused if the inputs changed since the run)' })
  async approve(@CurrentActor() actor: Actor, @Param() p: RunIdParamDto): Promise<RunView> {
    const run = await this.readable(actor, p.id);
    assertMaySettle(actor, run.scope);
    return this.settlements.approve(p.id, actor.username);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles(...SETTLE)
  @ApiOperation({ summary: "approved → closed: the month of the run's districts is closed for good" })
  async close(@CurrentActor() actor: Actor, @Param() p: RunIdParamDto): Promise<RunView> {
    const run = await this.readable(actor, p.id);
    assertMaySettle(actor, run.scope);
    return this.settlements.close(p.id, actor.username);
  }

  @Post(':id/retry')
  @HttpCode(202)
  @Roles(...SETTLE)
  @ApiOperation({ summary: 'Run a failed run again (chunks already written are kept)' })
  async retry(@CurrentActor() actor: Actor, @Param() p: RunIdParamDto): Promise<RunView> {
    const run = await this.readable(actor, p.id);
    assertMaySettle(actor, run.scope);
    return this.settlements.retry(p.id, actor.username);
  }

  private async readable(actor: Actor, runId: string): Promise<RunView> {
    const run = await this.settlements.get(runId);
    if (!(await mayRead(this.db, actor, run.scope))) {
      throw new SettlementException(SettlementExceptionCode.RUN_NOT_FOUND, `no settlement run ${runId}`);
    }
    return run;
  }
}
