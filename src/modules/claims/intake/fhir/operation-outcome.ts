// Intake errors as a FHIR OperationOutcome: what a FHIR client expects when its Claim is refused.
import type { IntakeError, IntakeErrorCode } from '../intake-error';
import { HISOB_SYSTEMS } from './fhir-systems';
import type { FhirOperationOutcome } from './fhir-types';

/** Intake error code → FHIR issue-type code (http://hl7.org/fhir/issue-type). */
const ISSUE_TYPES: Record<IntakeErrorCode, string> = {
  REQUIRED: 'required',
  TYPE: 'structure',
  FORMAT: 'value',
  ENUM: 'code-invalid',
  RANGE: 'value',
  TOO_LONG: 'too-long',
  UNKNOWN_FIELD: 'structure',
  DUPLICATE: 'duplicate',
  SYNTAX: 'structure',
  ENCODING: 'structure',
};

/** FHIR paths go to `expression`; other locations (a JSON path, line and column) to `diagnostics`. */
export function toOperationOutcome(errors: readonly IntakeError[]): FhirOperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: errors.map((e) => {
      const fhirPath = e.path.startsWith('Claim');
      const at =
        e.line !== undefined
          ? `${e.path} (line ${e.line}${e.column !== undefined ? `, column ${e.column}` : ''})`
          : e.path;
      return {
        severity: 'error' as const,
        code: ISSUE_TYPES[e.code],
        details: { coding: [{ system: HISOB_SYSTEMS.intakeError, code: e.code }], text: e.message },
        ...(fhirPath ? { expression: [e.path] } : { diagnostics: at }),
      };
    }),
  };
}
