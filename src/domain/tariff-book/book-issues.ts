// Problems found while loading a tariff book. The loader collects every problem before failing,
// so a finance officer can fix a whole book in one pass instead of one error at a time.

export type BookIssueCode =
  | 'MISSING_FILE'
  | 'UNKNOWN_FILE'
  | 'INVALID_ENCODING'
  | 'INVALID_CSV'
  | 'EMPTY_FILE'
  | 'EMPTY_TABLE'
  | 'INVALID_JSON'
  | 'UNKNOWN_FIELD'
  | 'UNKNOWN_COLUMN'
  | 'MISSING_COLUMN'
  | 'DUPLICATE_COLUMN'
  | 'FIELD_COUNT'
  | 'REQUIRED'
  | 'INVALID_DECIMAL'
  | 'INVALID_INTEGER'
  | 'INVALID_DATE'
  | 'INVALID_BOOLEAN'
  | 'INVALID_VALUE'
  | 'OUT_OF_RANGE'
  | 'INVALID_RANGE'
  | 'DUPLICATE_KEY'
  | 'UNKNOWN_REFERENCE'
  | 'INVALID_CONDITION'
  | 'OVERLAP';

export interface BookIssue {
  /** File name inside the book directory (`groups.csv`, `manifest.json`). */
  file: string;
  /** 1-based line in the file (the CSV header is line 1); absent for whole-file problems. */
  line?: number;
  /** CSV column name, or the JSON path of a manifest field (`pricing.shortStayShare`). */
  column?: string;
  code: BookIssueCode;
  message: string;
}

/** `groups.csv:4 [weight] INVALID_DECIMAL: …` */
export function formatBookIssue(issue: BookIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}`;
  const column = issue.column === undefined ? '' : ` [${issue.column}]`;
  return `${where}${column} ${issue.code}: ${issue.message}`;
}

const SHOWN_IN_MESSAGE = 5;

export class TariffBookError extends Error {
  readonly code = 'INVALID_TARIFF_BOOK';
  readonly issues: BookIssue[];

  constructor(issues: BookIssue[]) {
    super(summarise(issues));
    this.name = 'TariffBookError';
    this.issues = issues;
  }
}

function summarise(issues: BookIssue[]): string {
  const head = `tariff book has ${issues.length} problem${issues.length === 1 ? '' : 's'}`;
  const shown = issues.slice(0, SHOWN_IN_MESSAGE).map((i) => '  ' + formatBookIssue(i));
  const more = issues.length > SHOWN_IN_MESSAGE ? [`  … and ${issues.length - SHOWN_IN_MESSAGE} more`] : [];
  return [head + ':', ...shown, ...more].join('\n');
}

/** Collects issues; `count` lets a row reader tell whether its own row had problems. */
export class IssueSink {
  private readonly list: BookIssue[] = [];

  add(issue: BookIssue): void {
    this.list.push(issue);
  }

  get count(): number {
    return this.list.length;
  }

  /** Issues in a stable reading order: by file (in the given order), then line; same line keeps insertion order. */
  sorted(fileOrder: readonly string[]): BookIssue[] {
    const rank = (f: string) => {
      const i = fileOrder.indexOf(f);
      return i < 0 ? fileOrder.length : i;
    };
    return this.list
      .map((issue, seq) => ({ issue, seq }))
      .sort(
        (a, b) =>
          rank(a.issue.file) - rank(b.issue.file) ||
          a.issue.file.localeCompare(b.issue.file) ||
          (a.issue.line ?? 0) - (b.issue.line ?? 0) ||
          a.seq - b.seq,
      )
      .map((x) => x.issue);
  }
}
