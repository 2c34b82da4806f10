import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The next reference number staff quote, e.g. `CMP-2026-000123`: counted per prefix and year in
 * one upsert, so concurrent callers never share a number and the count restarts each year.
 */
export async function nextReference(em: EntityManager, prefix: 'CMP' | 'ACT', at = new Date()): Promise<string> {
  const year = at.getUTCFullYear();
  const [row] = await em.getConnection().execute<{ value: number }[]>(
    `insert into "reference_counter" ("prefix", "year", "value") values (?, ?, 1)
     on conflict ("prefix", "year") do update set "value" = "reference_counter"."value" + 1 returning "value"`,
    [prefix, year],
  );
  return `${prefix}-${year}-${String(row.value).padStart(6, '0')}`;
}
