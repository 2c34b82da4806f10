/** JSON-schema pieces the resource schemas share. */
export const uuid = { type: 'string', format: 'uuid' } as const;
export const nullableUuid = { type: ['string', 'null'], format: 'uuid' } as const;
export const language = { type: 'string', enum: ['ar', 'en'] } as const;
export const stamp = { type: 'string', format: 'date-time' } as const;

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: uuid },
} as const;

export const pageProperties = {
  limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  offset: { type: 'integer', minimum: 0, maximum: 1_000_000_000, default: 0 },
} as const;

export const hospitalFilterProperties = {
  hospitalId: uuid,
  hospitalCode: { type: 'string', maxLength: 32 },
} as const;

export interface PageQuery {
  limit: number;
  offset: number;
}

export function listQuery(properties: Record<string, object>): object {
  return { type: 'object', additionalProperties: false, properties: { ...pageProperties, ...properties } };
}

/** A list reply. `totalExact` is false when the total was counted only up to a cap (api/routes/paging.ts). */
export function pageOf<T>(items: T[], total: number, query: PageQuery, totalExact = true) {
  return { items, total, totalExact, limit: query.limit, offset: query.offset };
}

export const recordViewProperties = {
  id: uuid,
  createdAt: stamp,
  updatedAt: stamp,
} as const;

/**
 * An object the API answers with: every property is always there (null where it has no value),
 * except those named optional. Clients generated from the document type it as such.
 */
export function answerObject<P extends Record<string, object>>(properties: P, optional: readonly (keyof P & string)[] = [], description?: string) {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    required: Object.keys(properties).filter((name) => !optional.includes(name)),
    properties,
  } as const;
}

const count = { type: 'integer', minimum: 0 } as const;

/** What pageOf answers: one page of a list and how many rows the list holds. */
export const pageEnvelopeProperties = {
  total: { ...count, description: 'rows the list holds; when totalExact is false, at least this many' },
  totalExact: { type: 'boolean', description: 'false when the total was counted only up to a cap: narrow the filters' },
  limit: { type: 'integer', minimum: 1 },
  offset: count,
} as const;

/** A list page of `item`s (pageOf). */
export const pageSchema = (item: object) => answerObject({ items: { type: 'array', items: item }, ...pageEnvelopeProperties });

/** A list page that can also be walked by keyset: `nextCursor` goes into `after` for the next page. */
export const cursorPageSchema = (item: object) =>
  answerObject({
    items: { type: 'array', items: item },
    ...pageEnvelopeProperties,
    nextCursor: { type: ['string', 'null'], description: 'pass as `after` for the next page; null on the last page' },
  });

/** A whole list, not paged. */
export const listSchema = (item: object) => answerObject({ items: { type: 'array', items: item }, total: count });

/** What opening a complaint or an action answers. */
export const caseReferenceView = answerObject({ id: uuid, referenceNo: { type: 'string' }, status: { type: 'string' } });

/** The same schema, or null. */
export const orNull = <S extends { type: string }>(schema: S, description?: string) =>
  ({ ...schema, type: [schema.type, 'null'], ...(description ? { description } : {}) }) as const;

export const nullableStamp = { type: ['string', 'null'], format: 'date-time' } as const;
export const nullableText = { type: ['string', 'null'] } as const;
