import type { EntityManager } from '@mikro-orm/postgresql';
import { Hospital } from '../../models/entities';
import type { FhirCaller } from './caller';
import { unprocessable } from './outcome';

/**
 * The hospital a resource belongs to: the code the resource names, else the caller's own
 * hospital, else `fallbackId` (an Encounter's patient's hospital). A caller tied to a hospital may
 * only send for it, as in REST intake.
 */
export async function hospitalFor(em: EntityManager, caller: FhirCaller, named: { code?: string; expression: string }, fallbackId?: string): Promise<Hospital> {
  const code = named.code?.trim().toUpperCase();
  const id = caller.hospitalId ?? fallbackId;
  const hospital = code ? await em.findOne(Hospital, { code, deletedAt: null }) : id ? await em.findOne(Hospital, { id, deletedAt: null }) : null;
  if (!hospital) {
    throw unprocessable(code ? `no hospital has the code ${code}` : 'name the hospital by its code (identifier.value); this caller is not tied to one hospital', named.expression);
  }
  if (caller.hospitalId && caller.hospitalId !== hospital.id) throw unprocessable(`${hospital.code} is not a hospital this caller may send for`, named.expression);
  return hospital;
}
