import { Type } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { IsOptional } from './validators';

/** A page holds at most this many items; a larger `limit` is capped, not refused. */
export const MAX_LIMIT = 500;

export class PageQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) limit?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

export function pageOf(query: PageQuery): { page: number; limit: number; skip: number } {
  const page = query.page ?? 1;
  const limit = Math.min(query.limit ?? 20, MAX_LIMIT);
  return { page, limit, skip: (page - 1) * limit };
}
