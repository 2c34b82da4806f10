/**
 * Reading rows for display as plain objects with the entity's property names and types, not as
 * managed entities. What a list or a detail page shows is read once and never changed: building
 * and tracking an entity per row costs more there than the query. Rows read this way are never
 * flushed; a handler that changes a record loads it with the entity manager as usual.
 */
import type { EntityClass, EntityProperty, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The stored properties an entity's rows are read with (lazy ones, such as an inbox message's raw
 * bytes, only when asked for by name).
 */
export function listedFields(em: EntityManager, entity: EntityClass<object>, populate: string[] = []): string[] {
  const meta = em.getMetadata().get(entity.name);
  return meta.props
    .filter((p) => p.persist !== false && p.fieldNames?.length && (p.kind === 'scalar' || p.kind === 'm:1' || (p.kind === '1:1' && p.owner)))
    .filter((p) => !p.lazy || populate.includes(p.name))
    .map((p) => p.name);
}

/**
 * One row as the database gave it (column names), with the entity's property names and types: the
 * mapper renames and reads dates and booleans; properties of a custom type (bigint, double, date,
 * json) are converted as a loaded entity's would be.
 */
export function plainRow<T extends object>(em: EntityManager, entity: EntityClass<T>, columns: Record<string, unknown>): T {
  const row = em.getComparator().mapResult(entity.name, columns) as Record<string, unknown>;
  const platform = em.getPlatform();
  for (const prop of customTyped(em, entity)) {
    if (row[prop.name] != null) row[prop.name] = prop.customType!.convertToJSValue(row[prop.name], platform);
  }
  return row as T;
}

const customTypedProps = new WeakMap<object, EntityProperty[]>();
function customTyped(em: EntityManager, entity: EntityClass<object>): EntityProperty[] {
  const meta = em.getMetadata().get(entity.name);
  let props = customTypedProps.get(meta);
  if (!props) {
    props = meta.props.filter((p) => p.customType);
    customTypedProps.set(meta, props);
  }
  return props;
}

/** Rows matching `where` as plain objects (see above). */
export async function findPlain<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  options: { orderBy?: QueryOrderMap<T> | QueryOrderMap<T>[]; limit?: number } = {},
): Promise<T[]> {
  const qb = em.createQueryBuilder(entity).select(listedFields(em, entity as EntityClass<object>) as never).where(where);
  if (options.orderBy) qb.orderBy(options.orderBy as never);
  if (options.limit !== undefined) qb.limit(options.limit);
  const rows = await qb.execute<Record<string, unknown>[]>('all', false);
  return rows.map((columns) => plainRow(em, entity, columns));
}

/** The one row matching `where`, as a plain object, or null. */
export async function findOnePlain<T extends object>(em: EntityManager, entity: EntityClass<T>, where: FilterQuery<T>): Promise<T | null> {
  const [row] = await findPlain(em, entity, where, { limit: 1 });
  return row ?? null;
}

