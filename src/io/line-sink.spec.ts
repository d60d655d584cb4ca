import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineSink } from './line-sink';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hisob-sink-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

describe('LineSink', () => {
  it('writes to a .partial file and moves it into place on close, waiting for the disk when asked', async () => {
    const path = join(dir, 'sub', 'out.txt');
    const sink = await LineSink.open(path);
    let waits = 0;
    for (let i = 0; i < 50_000; i++) {
      if (sink.write(`line ${i} ${'x'.repeat(40)}`)) {
        waits++;
        await sink.drain();
      }
    }
    expect(waits).toBeGreaterThan(0); // 2.5 MB cannot go through a 16 KB stream buffer without waiting
    expect(await exists(path)).toBe(false);
    expect(await exists(`${path}.partial`)).toBe(true);
    await sink.close();
    expect(await exists(`${path}.partial`)).toBe(false);
    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines).toHaveLength(50_001);
    expect(lines[49_999]).toBe(`line 49999 ${'x'.repeat(40)}`);
    expect(lines[50_000]).toBe('');
  });

  it('leaves nothing behind when aborted', async () => {
    const path = join(dir, 'aborted.txt');
    const sink = await LineSink.open(path);
    sink.write('half');
    await sink.abort();
    expect(await exists(path)).toBe(false);
    expect(await exists(`${path}.partial`)).toBe(false);
  });
});
