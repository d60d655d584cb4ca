import { memoryIo } from './io';
import { startProgress } from './progress';

describe('startProgress', () => {
  afterEach(() => jest.restoreAllMocks());

  it('prints a plain line at most every 5 seconds when the output is not a terminal', () => {
    let now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const io = { ...memoryIo(), progress: 'lines' as const };
    const p = startProgress(io, 'pricing', 1000);
    p.update(100, 100);
    now += 4999;
    p.update(200, 200);
    now += 1;
    p.update(500, 500);
    now += 1000;
    p.update(600, 600);
    p.stop({ done: 1000, items: 1000 });
    expect(io.stderr).toEqual(['pricing: 50% (500 cases, 100/s)']);
  });

  it('prints nothing in CI or specs', () => {
    const io = memoryIo();
    const p = startProgress(io, 'generating', 10);
    p.update(5, 5);
    p.stop({ done: 10, items: 10 });
    expect([...io.stdout, ...io.stderr]).toEqual([]);
  });
});
