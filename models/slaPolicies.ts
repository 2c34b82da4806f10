import type { EntityManager } from '@mikro-orm/postgresql';
import { SlaPolicy, type SlaEntity } from './entities';
import type { ComplaintSeverity } from './rules/statuses';

export interface SlaPolicyQuery {
  /** The case's hospital; null asks for the group default alone. */
  hospitalId: string | null;
  entity: SlaEntity;
  /** A complaint's severity or an action's priority; null or absent: only any-severity policies fit. */
  severity?: ComplaintSeverity | null;
}

/**
 * Lower is more specific. The hospital counts before the severity: a hospital that sets one policy
 * for any severity has chosen its own terms, and a group default must not override them.
 */
const specificity = (policy: SlaPolicy) => (policy.hospitalId ? 0 : 2) + (policy.severity ? 0 : 1);

/**
 * The policy a case follows: hospital + severity, else hospital + any severity, else group +
 * severity, else group + any severity; null when none fits. The API's `/sla-policies/effective`
 * and the case activities both ask here, so staff see the terms the workflows apply.
 */
export async function effectiveSlaPolicy(em: EntityManager, { hospitalId, entity, severity }: SlaPolicyQuery): Promise<SlaPolicy | null> {
  // `$or` with null rather than `$in`: SQL `in (x, null)` never matches a null column.
  const candidates = await em.find(SlaPolicy, {
    entity,
    $and: [
      { $or: [{ hospitalId: null }, ...(hospitalId ? [{ hospitalId }] : [])] },
      { $or: [{ severity: null }, ...(severity ? [{ severity }] : [])] },
    ],
  });
  return candidates.sort((a, b) => specificity(a) - specificity(b))[0] ?? null;
}
