import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ValidationFailed } from '../common/errors';
import type { Page } from '../common/pagination';

/**
 * A page of the candidate list, where the next one starts (null on the last), and whether
 * `total` is an estimate (a name search that examines more candidates than are counted exactly).
 */
export type CursorPage<T> = Page<T> & { nextCursor: string | null; totalIsEstimate: boolean };

/** The list's order key: newest first, the id breaking ties (ids are time-ordered). */
export interface ListKey {
  createdAt: string;
  id: string;
}

/** Opaque to clients: the last row's key, base64url. */
export const encodeCursor = (row: ListKey): string =>
  Buffer.from(JSON.stringify([row.createdAt, row.id])).toString('base64url');

export function decodeCursor(cursor: string): ListKey {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'string' && typeof id === 'string' && createdAt.length <= 32 && id.length <= 36)
      return { createdAt, id };
  } catch {
    /* answered below */
  }
  throw new ValidationFailed([{ field: 'cursor', code: 'isCursor', message: 'cursor: 不是本列表给出的 nextCursor' }]);
}

/**
 * The rows after `key` in the list's order (created_at DESC, id DESC): an index range, no offset —
 * over the candidates' own columns, or an index's copy of them (the name search's).
 */
export const afterKey = <Q extends SelectQueryBuilder<ObjectLiteral>>(
  qb: Q,
  key: ListKey,
  createdAt = 'c.created_at',
  id = 'c.id',
): Q =>
  qb.andWhere(`(${createdAt} < :afterCreatedAt OR (${createdAt} = :afterCreatedAt AND ${id} < :afterId))`, {
    afterCreatedAt: key.createdAt,
    afterId: key.id,
  });
