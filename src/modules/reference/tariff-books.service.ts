import { Injectable } from '@nestjs/common';
import { MANIFEST_FILE, parseTariffBook, type TariffBook } from '../../domain/tariff-book';
import { ValidationFailedException, type ErrorDetail } from '../../infra/http/api-exception';
import type { Actor } from '../auth/actor';
import type { TariffBookDetail, TariffBookView } from './dto/tariff-book.dto';
import { TariffBookStore } from './tariff-book.store';
import { TariffBooksRepository } from './tariff-books.repository';

const FILE_NAME = /^[A-Za-z0-9._-]{1,128}$/;
const MAX_FILES = 64;

/** Importing, publishing and describing tariff books; parsing is the domain's parseTariffBook. */
@Injectable()
export class TariffBooksService {
  constructor(
    private readonly repo: TariffBooksRepository,
    private readonly store: TariffBookStore,
  ) {}

  /** Checks every file with the book loader (all problems at once) and stores the book as a draft. */
  async import(files: Record<string, unknown>, actor: Actor): Promise<TariffBookDetail> {
    const texts = checkFiles(files);
    const book = parseTariffBook(texts);
    const manifestText = (texts.get(MANIFEST_FILE) as string).replace(/^\uFEFF/, '');
    const m = book.manifest;
    const id = await this.repo.insert(
      {
        code: m.code,
        version: m.version,
        name: m.name,
        effectiveFrom: m.effectiveFrom,
        effectiveTo: m.effectiveTo,
        manifest: JSON.parse(manifestText) as Record<string, unknown>,
        files: texts,
      },
      actor,
    );
    return this.describe(m.code, m.version, id, book);
  }

  async describe(code: string, version: string, knownId?: string, parsed?: TariffBook): Promise<TariffBookDetail> {
    const head = await this.repo.get(code, version);
    const book = parsed && knownId === head.id ? parsed : (await this.store.load(head.id)).book;
    const groups = [...book.groups.values()];
    return {
      ...head,
      files: await this.repo.files(head.id),
      counts: {
        diagnoses: book.diagnoses.size,
        procedures: book.procedures.size,
        groups: groups.length,
        errorGroups: groups.filter((g) => g.kind === 'error').length,
        logicRows: book.logic.length,
        baseRates: book.baseRates.length,
        coefficients: book.coefficients.length,
        capitationBands: book.capitationBands.length,
        capitationAdjustments: book.capitationAdjustments.size,
        fees: book.fees.length,
      },
    };
  }

  publish(code: string, version: string, actor: Actor): Promise<TariffBookView> {
    return this.repo.publish(code, version, actor);
  }

  retire(code: string, version: string, actor: Actor): Promise<TariffBookView> {
    return this.repo.retire(code, version, actor);
  }
}

/** The request's files as a name → text map; names and value types are checked before the loader runs. */
function checkFiles(files: Record<string, unknown>): Map<string, string> {
  const details: ErrorDetail[] = [];
  const entries = Object.entries(files);
  if (entries.length === 0)
    details.push({ path: '$.files', field: 'files', code: 'REQUIRED', message: 'no files given' });
  if (entries.length > MAX_FILES) {
    details.push({
      path: '$.files',
      field: 'files',
      code: 'RANGE',
      message: `at most ${MAX_FILES} files, got ${entries.length}`,
    });
  }
  const texts = new Map<string, string>();
  for (const [name, content] of entries) {
    const path = `$.files[${JSON.stringify(name)}]`;
    if (!FILE_NAME.test(name)) {
      details.push({
        path,
        field: 'files',
        code: 'FORMAT',
        message: 'a file name is 1–128 characters of A-Z a-z 0-9 . _ -',
      });
    } else if (typeof content !== 'string') {
      details.push({ path, field: 'files', code: 'TYPE', message: `the content of ${name} must be the file's text` });
    } else if (content.includes('\u0000')) {
      details.push({ path, field: 'files', code: 'FORMAT', message: `${name} contains a NUL character` });
    } else {
      texts.set(name, content);
    }
  }
  if (details.length > 0) throw new ValidationFailedException(details);
  return texts;
}
