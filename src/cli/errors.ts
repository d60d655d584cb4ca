// Errors a user can fix (a wrong path, a bad book, a bad option) print one clear message and exit
// non-zero; anything else is a bug and keeps its stack trace.
import { TariffBookError, formatBookIssue } from '../domain/tariff-book';
import { CaseMixError } from '../domain/generator/case-mix';
import { InputFileError } from '../io/input-error';

export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** The message to show for an error the user can act on, or undefined for a bug. */
export function userMessage(err: unknown): string | undefined {
  if (err instanceof UserError || err instanceof InputFileError || err instanceof CaseMixError) return err.message;
  if (err instanceof TariffBookError) {
    const n = err.issues.length;
    return [
      `the tariff book has ${n} problem${n === 1 ? '' : 's'}:`,
      ...err.issues.map((i) => '  ' + formatBookIssue(i)),
    ].join('\n');
  }
  return undefined;
}
