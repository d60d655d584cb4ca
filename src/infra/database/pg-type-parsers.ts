import pg from 'pg';

const DATE_OID = 1082;
const TIMESTAMP_OID = 1114;

/**
 * Type parsers for every connection of a Hisob pool (passed as the pool's `types`, so nothing
 * global changes). `date` and `timestamp without time zone` stay text: a JS Date would put a
 * calendar date or a wall-clock time into the server's zone. numeric and bigint are text already.
 */
export const hisobPgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    if ((oid === DATE_OID || oid === TIMESTAMP_OID) && format !== 'binary') return (value: string) => value;
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
};
