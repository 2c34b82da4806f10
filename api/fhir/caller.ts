import type { FhirCaller } from '../../adapters/fhir/caller';
import { forbidden, unauthenticated } from '../../adapters/fhir/outcome';
import { sourceForApiKey } from '../auth/apiKeys';
import { bearerAuthentication } from '../auth/authenticate';
import type { AppContext } from '../context';
import { ApiError } from '../errors';
import { isDepartmentBound, isGroupWide } from '../rbac/principal';
import { ROLE_LEVEL } from '../rbac/roles';

/** The lowest staff role level each kind of FHIR interaction needs (an integration source's key may do them all). */
export const FHIR_LEVEL = {
  read: ROLE_LEVEL.STAFF,
  patientWrite: ROLE_LEVEL.PX_COORDINATOR,
  responseWrite: ROLE_LEVEL.PX_COORDINATOR,
  encounterWrite: ROLE_LEVEL.HOSPITAL_ADMIN,
  notification: ROLE_LEVEL.HOSPITAL_ADMIN,
} as const;

export type FhirAccess = keyof typeof FHIR_LEVEL;

/** The hospital a staff member tied to none (and not group-wide) is confined to: none at all. */
export const NO_HOSPITAL = '00000000-0000-0000-0000-000000000000';

/**
 * Who calls, by the `X-Api-Key` of an active integration source or, for staff tools, a PX360
 * access token (`Authorization: Bearer`). Staff need the interaction's role level and answer for a
 * whole hospital: a department-bound caller (below HOSPITAL_ADMIN, tied to a department) is
 * refused rather than shown a hospital's records. Refusals are FHIR errors (401, 403).
 */
export function fhirAuthentication(jwtSecret: string) {
  const bearer = bearerAuthentication(jwtSecret);
  return async (ctx: AppContext, access: FhirAccess): Promise<FhirCaller> => {
    const key = ctx.get('x-api-key');
    if (key) {
      const source = await sourceForApiKey(ctx.state.em, key);
      if (!source) throw unauthenticated('X-Api-Key is not the key of an active integration source');
      return { kind: 'source', hospitalId: source.hospitalId ?? null, actorEmail: `source:${source.code}`, sourceId: source.id, sendingApplication: source.code };
    }
    if (!/^Bearer\s/i.test(ctx.get('authorization'))) {
      throw unauthenticated('send the X-Api-Key header of an integration source, or Authorization: Bearer with a PX360 access token');
    }
    try {
      await bearer(ctx);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) throw unauthenticated(error.message);
      throw error;
    }
    const principal = ctx.state.principal!;
    const level = FHIR_LEVEL[access];
    if (principal.level < level) throw forbidden(`your role does not allow this FHIR interaction (it needs role level ${level} or above)`);
    if (isDepartmentBound(principal)) throw forbidden('the FHIR server answers for whole hospitals; your account is tied to one department');
    return {
      kind: 'staff',
      hospitalId: isGroupWide(principal) ? null : (principal.hospitalId ?? NO_HOSPITAL),
      actorEmail: principal.email,
      actorId: principal.id,
      sendingApplication: `staff:${principal.id}`,
    };
  };
}
