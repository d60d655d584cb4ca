import { BadRequestException, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { TariffBookError } from '../../domain/tariff-book/book-issues';
import { ApiException } from './api-exception';
import { mapException } from './map-exception';

/** A node-postgres error as the driver raises it. */
function pgError(code: string, extra: Record<string, string> = {}): Error {
  return Object.assign(new Error(`pg ${code}`), { code, severity: 'ERROR', ...extra });
}

describe('mapException', () => {
  it('passes an ApiException through', () => {
    const details = [{ path: '$.x', field: 'x', code: 'FORMAT', message: 'bad' }];
    expect(mapException(new ApiException(409, 'TAKEN', 'taken', details))).toEqual({
      status: 409,
      code: 'TAKEN',
      message: 'taken',
      details,
      unexpected: false,
    });
  });

  it("rewrites the router's 404 and keeps Nest exceptions' status", () => {
    expect(mapException(new NotFoundException('Cannot GET /x'))).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      message: 'no route GET /x',
    });
    expect(mapException(new BadRequestException('nope'))).toMatchObject({
      status: 400,
      code: 'BAD_REQUEST',
      message: 'nope',
    });
  });

  it('lists the problems of a tariff book with file:line paths', () => {
    const e = new TariffBookError([
      { file: 'groups.csv', line: 4, column: 'weight', code: 'INVALID_DECIMAL', message: '"x" is not a decimal' },
      { file: 'manifest.json', code: 'MISSING_FILE', message: 'no manifest' },
    ]);
    expect(mapException(e)).toEqual({
      status: 400,
      code: 'INVALID_TARIFF_BOOK',
      message: 'the tariff book has 2 problems',
      details: [
        { path: 'groups.csv:4', field: 'weight', code: 'INVALID_DECIMAL', message: '"x" is not a decimal', line: 4 },
        { path: 'manifest.json', field: '', code: 'MISSING_FILE', message: 'no manifest' },
      ],
      unexpected: false,
    });
  });

  it('maps database refusals of bad input to 4xx', () => {
    const wrap = (e: Error) => new QueryFailedError('INSERT …', [], e);
    expect(
      mapException(wrap(pgError('23505', { constraint: 'uq_x', detail: 'Key (id)=(1) already exists.' }))),
    ).toEqual({
      status: 409,
      code: 'CONFLICT',
      message: 'already exists: (uq_x) Key (id)=(1) already exists.',
    });
    expect(
      mapException(wrap(pgError('23503', { detail: 'Key (district_code)=(X) is not present in table "districts".' }))),
    ).toMatchObject({ status: 400, code: 'INVALID_REFERENCE' });
    expect(
      mapException(wrap(pgError('23503', { detail: 'Key (id)=(F) is still referenced from table "cases".' }))),
    ).toMatchObject({ status: 409, code: 'CONFLICT' });
    expect(mapException(wrap(pgError('23514', { constraint: 'ck_x' })))).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(mapException(wrap(pgError('22007')))).toMatchObject({ status: 400, code: 'INVALID_VALUE' });
    expect(mapException(pgError('HB001'))).toMatchObject({
      status: 409,
      code: 'TARIFF_BOOK_IMMUTABLE',
      message: 'pg HB001',
    });
  });

  it('hides everything else behind a 500 that says nothing of the internals', () => {
    expect(mapException(new TypeError("Cannot read properties of undefined (reading 'x')"))).toEqual({
      status: 500,
      code: 'INTERNAL',
      message: 'an unexpected error occurred; quote the request id when reporting it',
      unexpected: true,
    });
    expect(mapException(pgError('53300'))).toMatchObject({ status: 500, code: 'INTERNAL' });
  });
});
