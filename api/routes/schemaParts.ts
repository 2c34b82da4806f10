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
