import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ServerResponse } from 'node:http';
import { ValidationFailedException } from '../../infra/http/api-exception';
import { API_PREFIX } from '../../infra/http/api-prefix';
import { ConsumesJson } from '../../infra/http/consumes';
import type { HttpRequest } from '../../infra/http/http-types';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/decorators';
import { SUBMIT_CASES } from '../auth/permissions';
import { CaseSubmissionService, toDetail } from './case-submission.service';
import { toOperationOutcome } from './intake/fhir/operation-outcome';
import type { FhirClaimResponse, FhirOperationOutcome } from './intake/fhir/fhir-types';

const FHIR_JSON = 'application/fhir+json';

@ApiTags('fhir')
@ApiBearerAuth()
@Controller('fhir')
export class FhirController {
  constructor(private readonly submissions: CaseSubmissionService) {}

  /**
   * A FHIR R4 institutional Claim (docs/fhir.md): stored as a case and priced at once, answered with a
   * ClaimResponse. A Claim that fails intake gets 400 with an OperationOutcome when the client accepts
   * application/fhir+json, and the API's usual error body otherwise.
   */
  @Post('Claim')
  @HttpCode(200)
  @Roles(...SUBMIT_CASES)
  @ConsumesJson(FHIR_JSON)
  @ApiBody({ schema: { type: 'object', description: 'FHIR R4 Claim (docs/fhir.md)' } })
  @ApiOperation({ summary: 'Submit a FHIR R4 Claim; stores the case, prices it and returns a ClaimResponse' })
  async claim(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @Req() req: HttpRequest,
    @Res({ passthrough: true }) res: ServerResponse,
  ): Promise<FhirClaimResponse | FhirOperationOutcome> {
    const result = await this.submissions.submitFhirClaim(body, actor);
    if (!result.ok) {
      if (!acceptsFhir(req)) throw new ValidationFailedException(result.errors.map(toDetail));
      res.statusCode = 400;
      res.setHeader('Content-Type', `${FHIR_JSON}; charset=utf-8`);
      return toOperationOutcome(result.errors);
    }
    res.setHeader('Content-Type', `${FHIR_JSON}; charset=utf-8`);
    res.setHeader('Location', `/${API_PREFIX}/cases/${result.caseId}`);
    return result.response;
  }
}

function acceptsFhir(req: HttpRequest): boolean {
  const accept = req.headers.accept;
  return typeof accept === 'string' && accept.toLowerCase().includes(FHIR_JSON);
}
