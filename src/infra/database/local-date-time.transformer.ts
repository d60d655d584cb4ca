import { Column, type ColumnOptions, type ValueTransformer } from 'typeorm';

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Case admission and discharge times are wall-clock times without a zone ('YYYY-MM-DDTHH:mm[:ss]'),
 * stored in `timestamp without time zone`. TypeORM insists on a JS Date for timestamp columns in
 * both directions; node-postgres writes and reads such a Date in the process's local zone, so
 * local fields in, local fields out keeps the wall clock (except inside a DST gap of the server
 * zone, which Uzbekistan and UTC do not have). Raw queries get the text (see pg-type-parsers.ts).
 */
export const localDateTimeTransformer: ValueTransformer = {
  to(value: unknown): Date | null | undefined {
    if (value === undefined || value === null) return value;
    const m = typeof value === 'string' ? LOCAL_DATE_TIME.exec(value.trim()) : null;
    if (!m) throw new Error(`not a local date-time (YYYY-MM-DDTHH:mm[:ss]): ${String(value)}`);
    const [, y, mo, d, h, mi, s] = m;
    const date = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
    if (formatLocal(date) !== `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}`) {
      throw new Error(`not a valid local date-time: ${value}`);
    }
    return date;
  },
  from(value: unknown): string | null {
    if (value === undefined || value === null) return null;
    if (value instanceof Date) return formatLocal(value);
    if (typeof value === 'string') return value.replace(' ', 'T');
    throw new Error(`unexpected timestamp value: ${String(value)}`);
  },
};

function formatLocal(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${p(d.getFullYear(), 4)}-${p(d.getMonth() + 1)}-${p(d.getDate())}` +
    `T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
  );
}

/** `timestamp without time zone` holding a wall-clock string 'YYYY-MM-DDTHH:mm:ss'. */
export function LocalDateTimeColumn(options: Omit<ColumnOptions, 'type' | 'transformer'> = {}): PropertyDecorator {
  return Column({ ...options, type: 'timestamp', transformer: localDateTimeTransformer });
}
