import { runJobIds } from './job-ids';

describe('runJobIds', () => {
  const run = '5f0c3a52-2a5e-4f0b-9a7e-1c2d3e4f5a6b';

  it('names the work of generation 1 without a generation tag', () => {
    const ids = runJobIds(run, 1);
    expect([ids.plan, ids.chunk(7), ids.capitation(1), ids.finalize]).toEqual([
      `settle.${run}.plan`,
      `settle.${run}.chunk.7`,
      `settle.${run}.capitation.1`,
      `settle.${run}.finalize`,
    ]);
  });

  it('gives a retried run new ids', () => {
    expect(runJobIds(run, 2).chunk(7)).toBe(`settle.${run}.g2.chunk.7`);
  });
});
