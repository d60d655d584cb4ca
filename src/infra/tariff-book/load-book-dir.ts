// Reads a tariff book directory from disk; all checking happens in the pure parseTariffBook.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILE, parseTariffBook, TariffBookError, type TariffBook } from '../../domain/tariff-book';

/**
 * The book's files by name: manifest.json and every *.csv directly in `dir` (sub-directories are
 * ignored). Files are decoded as UTF-8; invalid bytes become U+FFFD, which the parser reports.
 */
export async function readTariffBookFiles(dir: string): Promise<Map<string, string>> {
  const isDir = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) {
    throw new TariffBookError([
      { file: dir, code: 'MISSING_FILE', message: `tariff book directory ${dir} does not exist or is not a directory` },
    ]);
  }
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter(
      (e) => (e.isFile() || e.isSymbolicLink()) && (e.name === MANIFEST_FILE || e.name.toLowerCase().endsWith('.csv')),
    )
    .map((e) => e.name)
    .sort();
  const files = new Map<string, string>();
  for (const name of names) files.set(name, await readFile(join(dir, name), 'utf8'));
  return files;
}

export async function loadTariffBookDir(dir: string): Promise<TariffBook> {
  return parseTariffBook(await readTariffBookFiles(dir));
}
