import type { EntityManager } from '@mikro-orm/postgresql';
import { IntegrationSource } from '../../models/entities';
import { sha256 } from './tokens';

/** The active integration source an `X-Api-Key` belongs to; keys are compared by SHA-256 only. */
export async function sourceForApiKey(em: EntityManager, key: string | undefined): Promise<IntegrationSource | null> {
  if (!key) return null;
  return em.findOne(IntegrationSource, { apiKeyHash: sha256(key), active: true, deletedAt: null });
}
