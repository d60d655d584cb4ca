// The few FHIR R4 data types Hisob writes, typed just enough to build a ClaimResponse.

export interface FhirCoding {
  system?: string;
  code?: string;
  display?: string;
}

export interface FhirCodeableConcept {
  coding?: FhirCoding[];
  text?: string;
}

export interface FhirReference {
  reference?: string;
  identifier?: { system?: string; value?: string };
  display?: string;
}

/** FHIR Money: `value` is a JSON number (FHIR decimal), see fhir-money.ts. */
export interface FhirMoney {
  value: number;
  currency: string;
}

export interface FhirExtension {
  url: string;
  valueCode?: string;
  valueString?: string;
  valueUrl?: string;
}

export interface FhirAdjudication {
  category: FhirCodeableConcept;
  amount: FhirMoney;
}

export interface FhirClaimResponse {
  resourceType: 'ClaimResponse';
  id?: string;
  contained: Record<string, unknown>[];
  extension: FhirExtension[];
  status: 'active';
  type: unknown;
  subType?: unknown;
  use: 'claim';
  patient: unknown;
  created: string;
  insurer: FhirReference;
  requestor?: unknown;
  request: FhirReference;
  outcome: 'complete' | 'error';
  disposition: string;
  adjudication?: FhirAdjudication[];
  total?: FhirAdjudication[];
  processNote: { number: number; type: 'display'; text: string }[];
  error?: { code: FhirCodeableConcept }[];
}

export interface FhirOperationOutcome {
  resourceType: 'OperationOutcome';
  issue: {
    severity: 'error';
    code: string;
    details: FhirCodeableConcept;
    diagnostics?: string;
    expression?: string[];
  }[];
}
