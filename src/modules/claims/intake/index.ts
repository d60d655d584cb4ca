// Case intake shared by the API, the CLI and the workers: plain TypeScript, no framework imports.
export * from './intake-error';
export { INTAKE_LIMITS } from './intake-limits';
export { validateCaseInput, CASE_FIELDS } from './validate-case';
export { validateCaseBatch, type CaseBatchValidation } from './validate-case-batch';
export {
  parseJsonCases,
  DEFAULT_MAX_JSON_CASES,
  type JsonCaseItem,
  type JsonCases,
  type JsonCasesOptions,
} from './parse-json-cases';
export { parseStrictJson, type StrictJsonOptions, type StrictJsonValue } from './strict-json';
export { decodeUtf8 } from './decode-utf8';
export { claimToCase, principalDiagnosisIndex, type ClaimMappingContext } from './fhir/claim-to-case';
export { toClaimResponse, type ClaimOutcome, type ClaimResponseOptions } from './fhir/claim-response';
export { toOperationOutcome } from './fhir/operation-outcome';
export { decimalToJsonNumber } from './fhir/fhir-money';
export * from './fhir/fhir-systems';
export type * from './fhir/fhir-types';
