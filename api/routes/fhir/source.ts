import type { EntityManager } from '@mikro-orm/postgresql';
import { Hospital, IntegrationSource } from '../../../models/entities';
import { sourceForApiKey as findSource } from '../../auth/apiKeys';
import { unauthenticated, unprocessable } from './outcome';

/** The sending system, by its `X-Api-Key`: the same keys as REST intake, stored only as SHA-256. */
export async function sourceForApiKey(em: EntityManager, key: string): Promise<IntegrationSource> {
  const source = await findSource(em, key);
  if (!source) throw unauthenticated('X-Api-Key is missing or not the key of an active integration source');
  return source;
}

/**
 * The hospital a resource belongs to: the code the resource names, else the source's own
 * hospital, else `fallbackId` (an Encounter's patient's hospital). A source tied to a hospital may
 * only send for it, as in REST intake.
 */
export async function hospitalFor(
  em: EntityManager,
  source: IntegrationSource,
  named: { code?: string; expression: string },
  fallbackId?: string,
): Promise<Hospital> {
  const code = named.code?.trim().toUpperCase();
  const id = source.hospitalId ?? fallbackId;
  const hospital = code
    ? await em.findOne(Hospital, { code, deletedAt: null })
    : id
      ? await em.findOne(Hospital, { id, deletedAt: null })
      : null;
  if (!hospital) {
    throw unprocessable(
      code ? `no hospital has the code ${code}` : 'name the hospital by its code (identifier.value); this source is not tied to one hospital',
      named.expression,
    );
  }
  if (source.hospitalId && source.hospitalId !== hospital.id) throw unprocessable(`${hospital.code} is not a hospital this source may send for`, named.expression);
  return hospital;
}
