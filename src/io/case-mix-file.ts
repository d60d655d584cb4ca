import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseCaseMix, type CaseMixProfile } from '../domain/generator/case-mix';
import { InputFileError } from './input-error';

/** Reads and parses a case-mix profile file (fixtures/generator/case-mix.csv); throws CaseMixError on bad rows. */
export async function readCaseMixFile(path: string): Promise<CaseMixProfile[]> {
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new InputFileError(path, 'NOT_FOUND', `cannot read the case-mix file: ${err.code ?? err.message}`);
  });
  return parseCaseMix(text, basename(path));
}
