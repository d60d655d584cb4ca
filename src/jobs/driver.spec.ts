import { JobName } from './catalogue';
import { assertHandlersComplete, assertProgress, JobHandlerError, JobHandlers, mergeHandlers } from './driver';

const ok = async () => 'ok';

describe('assertHandlersComplete', () => {
  it('passes when every listed job has a handler, ignoring handlers of queues not served', () => {
    const handlers: JobHandlers = {
      [JobName.ImportCases]: ok,
      [JobName.ImportEnrolment]: ok,
      [JobName.MaintenanceCleanup]: ok,
    };
    expect(() => assertHandlersComplete(handlers, [JobName.ImportCases, JobName.ImportEnrolment])).not.toThrow();
  });

  it('names the missing jobs and the names the catalogue does not know', () => {
    const handlers = { [JobName.ImportCases]: ok, 'import.enrollment': ok } as JobHandlers;
    expect(() => assertHandlersComplete(handlers, [JobName.ImportEnrolment, JobName.ImportCases])).toThrow(
      new JobHandlerError(
        'job handlers incomplete: no handler for job(s): import.enrolment; ' +
          'handler(s) for job name(s) not in the catalogue: import.enrollment',
      ),
    );
  });
});

describe('mergeHandlers', () => {
  it('combines the maps of several modules', () => {
    const merged = mergeHandlers({ [JobName.ImportCases]: ok }, { [JobName.MaintenanceCleanup]: ok });
    expect(Object.keys(merged).sort()).toEqual(['import.cases', 'maintenance.cleanup']);
  });

  it('refuses a job handled by two modules', () => {
    expect(() => mergeHandlers({ [JobName.ImportCases]: ok }, { [JobName.ImportCases]: ok })).toThrow(
      'more than one handler for job(s): import.cases',
    );
  });
});

describe('assertProgress', () => {
  it('accepts percentages only', () => {
    expect(() => assertProgress(0)).not.toThrow();
    expect(() => assertProgress(100)).not.toThrow();
    expect(() => assertProgress(101)).toThrow('job progress must be a percentage between 0 and 100, got 101');
    expect(() => assertProgress(Number.NaN)).toThrow(RangeError);
  });
});
