// Where imported bytes come from: a file path, an upload stream or a buffer. All become an async
// stream of byte chunks, so a million-row file never sits in memory.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { ImportFileError } from './import-errors';

export type ImportSource = string | Readable | Uint8Array | AsyncIterable<Uint8Array | string>;

const FILE_CHUNK_BYTES = 1024 * 1024;

/** Byte chunks of the source; a path that is not a readable file gives NOT_FOUND. */
export async function openImportSource(
  source: ImportSource,
  fileName: string,
): Promise<AsyncIterable<Uint8Array | string>> {
  if (typeof source === 'string') {
    const info = await stat(source).catch(() => undefined);
    if (!info?.isFile()) throw new ImportFileError(fileName, 'NOT_FOUND', `no such file: ${source}`);
    return createReadStream(source, { highWaterMark: FILE_CHUNK_BYTES });
  }
  if (source instanceof Uint8Array) return once(source);
  return source;
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** The name errors carry: the base name of a path, else the caller's name. */
export function sourceName(source: ImportSource, fileName?: string): string {
  if (fileName) return fileName;
  return typeof source === 'string' ? basename(source) : 'upload';
}
