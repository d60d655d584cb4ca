import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { byteLimited } from '../../infra/http/byte-limited';
import { ConsumesCsv, ConsumesJson } from '../../infra/http/consumes';
import type { HttpRequest } from '../../infra/http/http-types';
import type { Page } from '../../infra/http/pagination';
import { ValidationFailedException } from '../../infra/http/api-exception';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/decorators';
import { IMPORT_CASES, PRICE_CASE, READ, SUBMIT_CASES } from '../auth/permissions';
import type { CaseImportReport, CaseIngestReport } from './case-import/case-import-report';
import { CaseSubmissionService } from './case-submission.service';
import { CasesRepository } from './cases.repository';
import { CaseListQueryDto, CsvImportQueryDto, PriceQueryDto, UuidParamDto } from './dto/case-query.dto';
import type { CaseDetail, CaseView } from './dto/case-view.dto';
import type { PricedCaseView } from './dto/priced-case.dto';

const CASE_SCHEMA = {
  type: 'object',
  description: 'a CaseRecord (docs/case-formats.md); POST /cases also takes an array of them',
  example: {
    facilityId: 'F-0207',
    claimId: '2026-000451',
    patientId: 'PX-7f3a91c2',
    birthDate: '1980-04-02',
    sex: 'F',
    admissionAt: '2026-01-10T08:15',
    dischargeAt: '2026-01-11T11:40',
    admissionType: 'emergency',
    dischargeMode: 'home',
    careSetting: 'inpatient',
    principalDiagnosis: 'J18.9',
    secondaryDiagnoses: ['I10'],
    procedures: [],
  },
};

/** Largest CSV body streamed into an import; beyond it the import fails with 413 and nothing is stored. */
const MAX_CSV_BYTES = 1024 * 1024 * 1024;

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly submissions: CaseSubmissionService,
    private readonly cases: CasesRepository,
  ) {}

  @Post()
  @HttpCode(200)
  @Roles(...SUBMIT_CASES)
  @ConsumesJson()
  @ApiBody({ schema: CASE_SCHEMA })
  @ApiOperation({ summary: 'Submit one case or an array of cases; the report lists per-record errors with JSON paths' })
  submit(@CurrentActor() actor: Actor, @Req() req: HttpRequest): Promise<CaseIngestReport> {
    // The raw text, not the parsed body: intake re-reads it for item line numbers.
    return this.submissions.submitJson(req.rawBody?.toString('utf8').replace(/^\uFEFF/, '') ?? '', actor);
  }

  @Post('import')
  @HttpCode(200)
  @Roles(...IMPORT_CASES)
  @ConsumesCsv()
  @ApiBody({ schema: { type: 'string', description: 'case CSV (docs/case-formats.md)' } })
  @ApiOperation({ summary: 'Import a case CSV streamed as the request body (text/csv)' })
  import(
    @CurrentActor() actor: Actor,
    @Req() req: HttpRequest,
    @Query() q: CsvImportQueryDto,
  ): Promise<CaseImportReport> {
    return this.submissions.importCsv(byteLimited(req, MAX_CSV_BYTES), q.source ?? 'cases.csv', actor);
  }

  @Post('price')
  @HttpCode(200)
  @Roles(...PRICE_CASE)
  @ConsumesJson()
  @ApiBody({ schema: CASE_SCHEMA })
  @ApiOperation({ summary: 'Group and price one case without storing it: group, amounts, explanation' })
  price(@CurrentActor() actor: Actor, @Body() body: unknown, @Query() q: PriceQueryDto): Promise<PricedCaseView> {
    if ((q.book === undefined) !== (q.version === undefined)) {
      const field = q.book === undefined ? 'book' : 'version';
      throw new ValidationFailedException([
        { path: `query.${field}`, field, code: 'REQUIRED', message: 'book and version go together' },
      ]);
    }
    const named = q.book !== undefined ? { code: q.book, version: q.version as string } : undefined;
    return this.submissions.priceOne(body, actor, named);
  }

  @Get()
  @Roles(...READ)
  @ApiOperation({ summary: 'Case versions (filters: district, facility, month, group, status)' })
  list(@CurrentActor() actor: Actor, @Query() q: CaseListQueryDto): Promise<Page<CaseView>> {
    return this.cases.list(actor, q);
  }

  @Get(':id')
  @Roles(...READ)
  @ApiOperation({ summary: 'One case version with diagnoses, procedures and its latest pricing result' })
  get(@CurrentActor() actor: Actor, @Param() p: UuidParamDto): Promise<CaseDetail> {
    return this.cases.get(actor, p.id);
  }
}
