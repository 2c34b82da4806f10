/**
 * One page of a list and how many rows the list holds, at a cost that does not grow with the
 * table. Counting every row of a million-row list would cost more than the page itself, and no one
 * pages through ten thousand rows: the total is counted exactly up to COUNT_CAP and reported as
 * "at least COUNT_CAP" (`totalExact: false`) beyond it, so the caller narrows the filters instead.
 */
import { raw, type EntityClass, type FilterQuery, type QueryOrderMap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PageQuery } from './schemaParts';

export const COUNT_CAP = 10_000;

export interface CountedPage<T> {
  items: T[];
  total: number;
  totalExact: boolean;
}

/** Rows matching `where`, counted up to `cap` (and one more, to know whether the cap was reached). */
export async function countUpTo<T extends object>(em: EntityManager, entity: EntityClass<T>, where: FilterQuery<T>, cap = COUNT_CAP): Promise<{ count: number; exact: boolean }> {
  const inner = em.createQueryBuilder(entity).select(raw('1') as never).where(where).limit(cap + 1).getKnexQuery();
  const { sql, bindings } = inner.toSQL();
  const [row] = await em.getConnection().execute<{ n: number }[]>(`select count(*)::int as n from (${sql}) as capped`, bindings as unknown[]);
  return row.n > cap ? { count: cap, exact: false } : { count: row.n, exact: true };
}

function hasRawFragment(where: unknown): boolean {
  // A raw fragment stands in a filter as a key or value beginning "[raw]".
  return JSON.stringify(where ?? {}).includes('[raw]');
}

/**
 * The page asked for and its total. A short page that is not past the end tells the total by
 * itself, so the count is skipped for the common case of a list that fits on one page.
 */
export async function findPage<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  page: PageQuery,
  orderBy: QueryOrderMap<T> | QueryOrderMap<T>[],
  populate?: string[],
): Promise<CountedPage<T>> {
  const options = { limit: page.limit, offset: page.offset, orderBy: orderBy as never, ...(populate?.length ? { populate: populate as never } : {}) };
  // A raw SQL fragment in a filter can be read once only: such a list is counted with its page, in full.
  if (hasRawFragment(where)) {
    const [all, total] = await em.findAndCount(entity, where, options);
    return { items: all as T[], total, totalExact: true };
  }
  const items = (await em.find(entity, where, { limit: page.limit, offset: page.offset, orderBy: orderBy as never, ...(populate?.length ? { populate: populate as never } : {}) })) as T[];
  if (items.length < page.limit && (items.length > 0 || page.offset === 0)) return { items, total: page.offset + items.length, totalExact: true };
  const { count, exact } = await countUpTo(em, entity, where);
  // Past the cap the list still holds at least what this page reaches.
  return exact ? { items, total: count, totalExact: true } : { items, total: Math.max(count, page.offset + items.length), totalExact: false };
}
