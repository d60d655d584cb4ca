/** Return codes of the edits that run before grouping. '0' means the case passed. */
export const ReturnCodes = {
  OK: '0',
  MISSING_FIELD: 'E01',
  INVALID_VALUE: 'E02',
  UNKNOWN_DIAGNOSIS: 'E03',
  UNKNOWN_PROCEDURE: 'E04',
  CODE_NOT_VALID_ON_DATE: 'E05',
  INVALID_PRINCIPAL: 'E06',
  SEX_CONFLICT: 'E07',
  AGE_CONFLICT: 'E08',
  DISCHARGE_BEFORE_ADMISSION: 'E09',
  LOS_IMPOSSIBLE: 'E10',
  /** Not an edit: the case passed the edits but no logic row matched (a book without a catch-all row). */
  NO_MATCHING_ROW: 'E99',
} as const;
export type EditReturnCode = (typeof ReturnCodes)[keyof typeof ReturnCodes];

export interface EditFinding {
  code: string;
  /** Case field at fault, e.g. `principalDiagnosis`, `secondaryDiagnoses[2]`. */
  field: string;
  message: string;
}

export interface CaseFeatures {
  /** Major diagnostic category: first two characters of the principal's category. */
  mdc?: string;
  category?: string;
  validPrincipal: boolean;
  /** Complication level 0–2 after exclusions. */
  ccLevel: number;
  /** Has an operating-room (OR 1) procedure. */
  orProcedure: boolean;
  /** Stay days (midnights crossed), age in completed years and in days at admission. */
  los: number;
  ageYears: number;
  ageDays: number;
}

export interface GroupingResult {
  group: string;
  /** '0' when grouped normally; an edit code or the logic row's return code otherwise. */
  returnCode: string;
  /** Grouping logic row that matched; absent when an edit stopped the case. */
  rowId?: string;
  altGroup?: string;
  /** True when the case went to an error group (edit failed or the row's return code is not '0'). */
  isError: boolean;
  edits: EditFinding[];
  features: CaseFeatures;
}
