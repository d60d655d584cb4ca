// Loading the book, case-mix and district for a command, with messages that name the file.
import { stat } from 'node:fs/promises';
import type { TariffBook } from '../../domain/tariff-book';
import { TariffBookError } from '../../domain/tariff-book';
import type { CaseMixProfile } from '../../domain/generator/case-mix';
import { parseMonth } from '../../domain/generator/calendar';
import { loadTariffBookDir } from '../../infra/tariff-book/load-book-dir';
import { readCaseMixFile } from '../../io/case-mix-file';
import { UserError } from '../errors';

export async function loadBook(dir: string): Promise<TariffBook> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new UserError(`tariff book directory not found: ${dir}`);
  try {
    return await loadTariffBookDir(dir);
  } catch (err) {
    // The error's message lists the first few issues; `book validate` prints them all.
    if (err instanceof TariffBookError) {
      throw new UserError(`tariff book ${dir}: ${err.message}\n(run \`hisob book validate ${dir}\` for every issue)`);
    }
    throw err;
  }
}

export async function loadCaseMix(path: string): Promise<CaseMixProfile[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new UserError(`case-mix file not found: ${path}`);
  return readCaseMixFile(path);
}

/** The month to generate when none is given: the third month the book is in force. */
export function defaultMonth(book: TariffBook): string {
  const from = parseMonth(book.manifest.effectiveFrom.slice(0, 7));
  const m = from.month + 2;
  const month = `${from.year + Math.floor((m - 1) / 12)}-${String(((m - 1) % 12) + 1).padStart(2, '0')}`;
  const to = book.manifest.effectiveTo;
  return to && `${month}-01` > to ? book.manifest.effectiveFrom.slice(0, 7) : month;
}

/** Refuses a month the book is not in force for (every case of it would price against nothing). */
export function checkMonthInBook(month: string, book: TariffBook): void {
  const m = parseMonth(month);
  const first = `${month}-01`;
  const last = `${month}-${String(m.days).padStart(2, '0')}`;
  const { effectiveFrom, effectiveTo, code, version } = book.manifest;
  if (last < effectiveFrom || (effectiveTo && first > effectiveTo)) {
    throw new UserError(
      `month ${month} is outside the validity of book ${code} ${version} (${effectiveFrom} – ${effectiveTo ?? 'open'})`,
    );
  }
}
