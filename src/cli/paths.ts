// Default inputs live in the package (fixtures/…), found from this file's location so the CLI
// works from any working directory, compiled (dist/src/cli) or not (src/cli).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = __dirname;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'hisob') {
      return (root = dir);
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the hisob package root (package.json) above ' + __dirname);
    dir = up;
  }
}

export function defaultBookDir(): string {
  return join(packageRoot(), 'fixtures', 'books', 'UZ-KZG-SAMPLE');
}

export function defaultCaseMixFile(): string {
  return join(packageRoot(), 'fixtures', 'generator', 'case-mix.csv');
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** User-given paths are relative to the working directory. */
export function userPath(p: string): string {
  return resolve(process.cwd(), p);
}
