// ?page&pageSize on every list; the answer is { items, page, pageSize, total }.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1, description: '1-based page number' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1, { message: 'page must be 1 or more' })
  @Max(1_000_000, { message: 'page must be at most 1000000' })
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be a whole number' })
  @Min(1, { message: 'pageSize must be 1 or more' })
  @Max(MAX_PAGE_SIZE, { message: `pageSize must be at most ${MAX_PAGE_SIZE}` })
  pageSize?: number;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface PageWindow {
  page: number;
  pageSize: number;
  limit: number;
  offset: number;
}

export function pageWindow(q: PageQueryDto): PageWindow {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? DEFAULT_PAGE_SIZE;
  return { page, pageSize, limit: pageSize, offset: (page - 1) * pageSize };
}

export function pageOf<T>(items: T[], total: number, w: PageWindow): Page<T> {
  return { items, page: w.page, pageSize: w.pageSize, total };
}

/** Runs the page query the lists share: `SELECT <select> FROM <from> ORDER BY … LIMIT … OFFSET …` plus a count. */
export async function fetchPage<Row, T>(
  db: { query(sql: string, params?: unknown[]): Promise<unknown> },
  sql: { select: string; from: string; orderBy: string },
  params: readonly unknown[],
  window: PageWindow,
  map: (row: Row) => T,
): Promise<Page<T>> {
  const n = params.length;
  const [countRows, rows] = [
    (await db.query(`SELECT count(*)::bigint AS total FROM ${sql.from}`, [...params])) as { total: string }[],
    (await db.query(`SELECT ${sql.select} FROM ${sql.from} ORDER BY ${sql.orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`, [
      ...params,
      window.limit,
      window.offset,
    ])) as Row[],
  ];
  return pageOf(rows.map(map), Number(countRows[0]?.total ?? 0), window);
}
