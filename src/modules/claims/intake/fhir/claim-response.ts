// Builds the FHIR ClaimResponse Hisob answers a Claim with (docs/fhir.md). Amounts arrive as decimal
// strings so this module stays independent of the pricer's Decimal type.
import { obj, get, arr, type Json } from './fhir-read';
import { principalDiagnosisIndex } from './claim-to-case';
import { money } from './fhir-money';
import { HISOB_EXTENSIONS, HISOB_SYSTEMS, HL7 } from './fhir-systems';
import type { FhirAdjudication, FhirClaimResponse, FhirExtension, FhirReference } from './fhir-types';

/** What the engine decided for a claim, in plain strings. */
export interface ClaimOutcome {
  status: 'priced' | 'error';
  /** The group, or the error group when the case failed the edits. */
  group: string;
  returnCode: string;
  edits: { code: string; field: string; message: string }[];
  /** Decimal strings (e.g. `7106.40`): the full case payment, the fund's share, the patient's share. */
  amount: string;
  fundAmount: string;
  patientAmount: string;
  currency: string;
  /** Where the case's explanation can be read, when the API serves one. */
  explanationUrl?: string;
}

export interface ClaimResponseOptions {
  /** ClaimResponse.created; now when omitted. */
  created?: string;
  id?: string;
  /** ClaimResponse.insurer; default the Claim's insurer, else the State Health Insurance Fund. */
  insurer?: FhirReference;
}

const DEFAULT_INSURER: FhirReference = { display: 'State Health Insurance Fund' };
const CLAIM_ID = 'claim';

/**
 * The ClaimResponse for a Claim that passed intake. The submitted Claim is echoed as `contained` (its own
 * contained resources lifted beside it, as FHIR forbids nesting) with the group in the principal
 * diagnosis's `packageCode`, and `request` points at it. The group and return code are also extensions on
 * the response. A priced claim gets header-level `adjudication` and `total`; an error gets `error[]`.
 */
export function toClaimResponse(
  claim: unknown,
  result: ClaimOutcome,
  options: ClaimResponseOptions = {},
): FhirClaimResponse {
  const c = obj(claim);
  if (!c || get(c, 'resourceType') !== 'Claim') throw new TypeError('toClaimResponse needs the submitted Claim');
  const priced = result.status === 'priced';
  const { echo, lifted } = echoClaim(c, result.group);

  const extension: FhirExtension[] = [
    { url: HISOB_EXTENSIONS.group, valueCode: result.group },
    { url: HISOB_EXTENSIONS.returnCode, valueCode: result.returnCode },
  ];
  if (result.explanationUrl) extension.push({ url: HISOB_EXTENSIONS.explanation, valueUrl: result.explanationUrl });

  const response: FhirClaimResponse = {
    resourceType: 'ClaimResponse',
    ...(options.id ? { id: options.id } : {}),
    contained: [echo, ...lifted],
    extension,
    status: 'active',
    type: get(c, 'type'),
    ...(get(c, 'subType') !== undefined ? { subType: get(c, 'subType') } : {}),
    use: 'claim',
    patient: get(c, 'patient'),
    created: options.created ?? new Date().toISOString(),
    insurer: options.insurer ?? (obj(get(c, 'insurer')) as FhirReference | undefined) ?? DEFAULT_INSURER,
    ...(get(c, 'provider') !== undefined ? { requestor: get(c, 'provider') } : {}),
    request: { reference: `#${echo.id as string}` },
    outcome: priced ? 'complete' : 'error',
    disposition: priced
      ? `Priced in group ${result.group}.`
      : `Not priced: error group ${result.group}, return code ${result.returnCode}.`,
    ...(priced ? { adjudication: adjudication(c, result), total: adjudication(c, result) } : {}),
    processNote: [{ number: 1, type: 'display', text: summary(result) }],
  };
  const errors = result.edits.map((e) => ({ code: e.code, text: `${e.field}: ${e.message}` }));
  if (!priced && errors.length === 0) errors.push({ code: result.returnCode, text: `error group ${result.group}` });
  if (errors.length > 0) {
    response.error = errors.map((e) => ({
      code: { coding: [{ system: HISOB_SYSTEMS.returnCode, code: e.code }], text: e.text },
    }));
  }
  return response;
}

/** submitted (the Claim's own total, when it has one), eligible (the case payment), benefit (fund), copay (patient). */
function adjudication(claim: Json, r: ClaimOutcome): FhirAdjudication[] {
  const category = (code: string) => ({ coding: [{ system: HL7.adjudication, code }] });
  const out: FhirAdjudication[] = [];
  const total = obj(get(claim, 'total'));
  const value = get(total, 'value');
  const currency = get(total, 'currency');
  if (typeof value === 'number' && Number.isFinite(value) && typeof currency === 'string') {
    out.push({ category: category('submitted'), amount: { value, currency } });
  }
  out.push({ category: category('eligible'), amount: money(r.amount, r.currency) });
  out.push({ category: category('benefit'), amount: money(r.fundAmount, r.currency) });
  out.push({ category: category('copay'), amount: money(r.patientAmount, r.currency) });
  return out;
}

function summary(r: ClaimOutcome): string {
  if (r.status === 'priced') {
    return (
      `Group ${r.group}, return code ${r.returnCode}: payment ${r.amount} ${r.currency}` +
      ` (fund ${r.fundAmount}, patient ${r.patientAmount}).`
    );
  }
  const edits = r.edits.map((e) => `${e.code} ${e.field}: ${e.message}`).join('; ');
  return `Error group ${r.group}, return code ${r.returnCode}: not priced.${edits ? ` Edits: ${edits}.` : ''}`;
}

/**
 * A copy of the Claim to contain in the response: no nested `contained` (lifted beside it instead; `#id`
 * references still resolve within the response), no `meta`/`text`, a local id, and the group as the
 * principal diagnosis's packageCode.
 */
function echoClaim(claim: Json, group: string): { echo: Json; lifted: Json[] } {
  const copy = structuredClone(claim);
  const lifted = arr(copy.contained).filter((r): r is Json => obj(r) !== undefined);
  delete copy.contained;
  delete copy.meta;
  delete copy.text;
  const taken = new Set(lifted.map((r) => r.id));
  let id = CLAIM_ID;
  for (let n = 1; taken.has(id); n++) id = `${CLAIM_ID}-${n}`;
  const echo: Json = { resourceType: 'Claim', id, ...copy };
  echo.id = id;
  const principal = principalDiagnosisIndex(copy.diagnosis);
  if (principal >= 0) {
    const dx = obj(arr(copy.diagnosis)[principal]);
    if (dx) dx.packageCode = { coding: [{ system: HISOB_SYSTEMS.group, code: group }] };
  }
  return { echo, lifted };
}
