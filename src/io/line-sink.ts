// Buffered, backpressure-aware text output to a file that appears only when complete: lines go to
// `<file>.partial` and are renamed into place on close(), so a failed run leaves nothing half-written.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

const CHUNK = 64 * 1024;

export class LineSink {
  private buffer = '';
  private error: Error | undefined;
  private blocked = false;
  private closed = false;
  readonly partialPath: string;

  private constructor(
    readonly path: string,
    private readonly stream: WriteStream,
  ) {
    this.partialPath = `${path}.partial`;
    stream.on('error', (err) => (this.error = err));
  }

  static async open(path: string): Promise<LineSink> {
    await mkdir(dirname(path), { recursive: true });
    const stream = createWriteStream(`${path}.partial`, { encoding: 'utf8' });
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return new LineSink(path, stream);
  }

  /**
   * Adds one line (the line break is added here). Returns true when the file stream is full: the
   * caller should `await sink.drain()` before writing more.
   */
  write(line: string): boolean {
    this.buffer += line + '\n';
    if (this.buffer.length >= CHUNK) this.flush();
    return this.blocked;
  }

  private flush(): void {
    if (this.buffer === '') return;
    if (this.error) throw this.error;
    if (!this.stream.write(this.buffer)) this.blocked = true;
    this.buffer = '';
  }

  /** Waits until the stream has room again. */
  async drain(): Promise<void> {
    if (this.error) throw this.error;
    if (!this.blocked) return;
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.stream.once('error', onError);
      this.stream.once('drain', () => {
        this.stream.off('error', onError);
        resolve();
      });
    });
    this.blocked = false;
  }

  /** Flushes, closes and moves the finished file into place. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
    if (this.error) throw this.error;
    await rename(this.partialPath, this.path);
  }

  /** Gives up: closes the stream and removes the partial file. */
  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.buffer = '';
    await new Promise<void>((resolve) => {
      if (this.stream.destroyed) return resolve();
      this.stream.once('close', () => resolve());
      this.stream.destroy();
    });
    await rm(this.partialPath, { force: true });
  }
}
