/**
 * One page of a list and how many rows the list holds, at a cost that does not grow with the
 * table. Counting every row of a million-row list would cost more than the page itself, and no one
 * pages through forty pages of a queue: the total is counted exactly up to COUNT_CAP and reported as
 * "at least COUNT_CAP" (`totalExact: false`) beyond it, so the caller narrows the filters instead
 * (how many complaints a hospital had is a figure of the analytics, not of a queue).
 */
import { raw, type EntityClass, type FilterQuery, type QueryOrderMap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { listedFields, plainRow } from '../plainRows';
import type { PageQuery } from './schemaParts';

export const COUNT_CAP = 1_000;

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

type KnexQuery = ReturnType<ReturnType<EntityManager['createQueryBuilder']>['getKnexQuery']>;

/** Runs `page` with `__total` on each row: the rows `counted` selects, up to COUNT_CAP + 1. */
async function withCappedCount<R>(em: EntityManager, page: KnexQuery, counted: KnexQuery): Promise<(Record<string, unknown> & R & { __total: number })[]> {
  page.select(em.getKnex().raw('(select count(*)::int from (?) as capped) as "__total"', [counted.limit(COUNT_CAP + 1)]));
  const { sql, bindings } = page.toSQL();
  return em.getConnection().execute(sql, bindings as unknown[]);
}

/** The list's total from the count its rows carry; a page past the end carries none and asks on its own. */
async function cappedTotal<T extends object>(em: EntityManager, entity: EntityClass<T>, where: FilterQuery<T>, rows: { __total: number }[]): Promise<{ count: number; exact: boolean }> {
  if (!rows.length) return countUpTo(em, entity, where);
  return { count: Math.min(rows[0].__total, COUNT_CAP), exact: rows[0].__total <= COUNT_CAP };
}

/**
 * The page asked for and its total, counted up to COUNT_CAP, in one statement: the count rides
 * along as an uncorrelated subquery (computed once), so a list costs one round trip. Only a page
 * past the end (no row to carry the count) asks for the count on its own. Rows come back as plain
 * objects with the entity's property names and types, not managed entities: a list only shows what
 * it read, and building and tracking an entity per row costs more than the query. They are never
 * flushed.
 */
export async function findPage<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  page: PageQuery,
  orderBy: QueryOrderMap<T> | QueryOrderMap<T>[],
  populate?: string[],
  fields?: readonly string[],
): Promise<CountedPage<T>> {
  // A raw SQL fragment in a filter can be read once only: such a list is counted with its page, in full.
  if (hasRawFragment(where)) {
    const options = { limit: page.limit, offset: page.offset, orderBy: orderBy as never, ...(populate?.length ? { populate: populate as never } : {}) };
    const [all, total] = await em.findAndCount(entity, where, options);
    return { items: all as T[], total, totalExact: true };
  }
  // Only what the list shows when the caller names it (a queue needs no description or contact details).
  const qb = em.createQueryBuilder(entity).select((fields ?? listedFields(em, entity as EntityClass<object>, populate)) as never).where(where).orderBy(orderBy as never).limit(page.limit);
  if (page.offset) qb.offset(page.offset);
  const pageQuery = qb.getKnexQuery();
  const counted = pageQuery.clone().clear('select').clear('order').clear('offset').select(em.getKnex().raw('1'));
  const rows = await withCappedCount(em, pageQuery, counted);
  const items = rows.map(({ __total, ...columns }) => plainRow(em, entity, columns));
  const { count, exact } = await cappedTotal(em, entity, where, rows);
  // Past the cap the list still holds at least what this page reaches (a page past its end reaches nothing).
  return exact ? { items, total: count, totalExact: true } : { items, total: items.length ? Math.max(count, page.offset + items.length) : count, totalExact: false };
}

/**
 * Keyset paging for a list read newest first: `after` names the last row of the previous page (its
 * exact timestamp, to the microsecond, and its id), so a page deep in a million rows costs what the
 * first one does instead of skipping every row before it. The cursor is opaque to callers.
 */
export interface KeysetPage<T> extends CountedPage<T> {
  nextCursor: string | null;
}

interface Cursor {
  at: string;
  id: string;
}

const CURSOR_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The cursor a caller sent, or undefined when it is not one this API wrote. */
export function readCursor(cursor: string): Cursor | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!CURSOR_PATTERN.test(text)) return undefined;
  const [at, id] = text.split('|');
  return { at, id };
}

/** The cursor for a row whose ordering column reads `at` (UTC, microseconds, as to_char writes it). */
export const cursorFor = (at: string, id: string) => Buffer.from(`${at}|${id}`, 'utf8').toString('base64url');
const writeCursor = (cursor: Cursor) => cursorFor(cursor.at, cursor.id);

/**
 * One page of `entity` ordered by `column` desc then id desc (an index on both serves it), after
 * `cursor` when given; the total is counted as findPage does, up to COUNT_CAP.
 */
export async function findKeysetPage<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  column: string,
  limit: number,
  cursor?: Cursor,
): Promise<KeysetPage<T>> {
  const fields = listedFields(em, entity as EntityClass<object>).map((name) => `k.${name}`);
  const qb = em
    .createQueryBuilder(entity, 'k')
    .select([...fields, raw(`to_char(k.${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as cursor_at`)] as never)
    .where(where);
  if (cursor) qb.andWhere(`(k.${column}, k.id) < (?::timestamp at time zone 'UTC', ?::uuid)`, [cursor.at, cursor.id]);
  qb.orderBy({ [raw(`k.${column}`)]: 'desc', [raw('k.id')]: 'desc' } as never).limit(limit + 1);
  // The list's total (the filters without the cursor), counted in the same statement as the page.
  const counted = em.createQueryBuilder(entity).select(raw('1') as never).where(where).getKnexQuery();
  const rows = await withCappedCount<{ id: string; cursor_at: string }>(em, qb.getKnexQuery(), counted);
  const page = rows.slice(0, limit);
  const items = page.map(({ __total, cursor_at, ...columns }) => plainRow(em, entity, columns));
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last ? writeCursor({ at: last.cursor_at, id: last.id }) : null;
  const { count, exact } = await cappedTotal(em, entity, where, rows);
  return { items, total: count, totalExact: exact, nextCursor };
}
