import { assertJobId, jobId, JobIdError } from './job-id';

describe('job ids', () => {
  it('joins parts with dots', () => {
    expect(jobId('settlement-chunk', 'run-42', 7)).toBe('settlement-chunk.run-42.7');
    expect(jobId('plan', '3f1c9a2e-7d7b-4c53-9c55-0c9b0f0a1e11')).toBe('plan.3f1c9a2e-7d7b-4c53-9c55-0c9b0f0a1e11');
  });

  it('rejects what BullMQ cannot store or would confuse with its own ids', () => {
    expect(() => assertJobId('')).toThrow(JobIdError);
    expect(() => assertJobId('chunk:7')).toThrow("job id must not contain ':': chunk:7");
    expect(() => assertJobId('1234')).toThrow('job id must not be a plain integer: 1234');
    expect(() => assertJobId('chunk 7')).toThrow('job id must not contain whitespace');
    expect(() => assertJobId('x'.repeat(201))).toThrow('job id longer than 200 characters');
    expect(() => jobId(12)).toThrow('job id must not be a plain integer: 12');
    expect(() => jobId('chunk', 1.5)).toThrow('job id parts must be strings or safe integers: 1.5');
    expect(() => jobId('chunk', '')).toThrow('job id parts must not be empty');
    expect(() => jobId()).toThrow('job id needs at least one part');
  });

  it('accepts ids that only look numeric in part', () => {
    expect(() => assertJobId('42a')).not.toThrow();
    expect(() => assertJobId('run.42')).not.toThrow();
  });
});
