import type { EntityManager } from '@mikro-orm/postgresql';
import { SlaPolicy, type SlaEntity } from '../entities';
import type { ComplaintSeverity } from '../rules/statuses';

type DefaultSlaPolicy = Pick<SlaPolicy, 'acknowledgeWithin' | 'resolveWithin' | 'clock' | 'reminderAt' | 'escalation'> & {
  entity: SlaEntity;
  severity: ComplaintSeverity;
};

const REMINDERS = [0.5, 0.8];
const ESCALATION = ['DEPARTMENT_MANAGER', 'HOSPITAL_ADMIN', 'PX_ADMIN'];

/**
 * The group-wide terms every hospital follows until it sets its own. Critical cases run on the
 * continuous clock, because patient safety does not wait for the weekend to end; the rest count
 * working time only.
 */
export const DEFAULT_SLA_POLICIES: DefaultSlaPolicy[] = (
  [
    { entity: 'complaint', severity: 'critical', clock: 'continuous', acknowledgeWithin: 'PT1H', resolveWithin: 'P1D' },
    { entity: 'complaint', severity: 'high', clock: 'business', acknowledgeWithin: 'PT4H', resolveWithin: 'P3D' },
    { entity: 'complaint', severity: 'medium', clock: 'business', acknowledgeWithin: 'P1D', resolveWithin: 'P7D' },
    { entity: 'complaint', severity: 'low', clock: 'business', acknowledgeWithin: 'P2D', resolveWithin: 'P14D' },
    { entity: 'action', severity: 'critical', clock: 'continuous', acknowledgeWithin: 'PT4H', resolveWithin: 'P3D' },
    { entity: 'action', severity: 'high', clock: 'business', acknowledgeWithin: 'P1D', resolveWithin: 'P7D' },
    { entity: 'action', severity: 'medium', clock: 'business', acknowledgeWithin: 'P2D', resolveWithin: 'P14D' },
    { entity: 'action', severity: 'low', clock: 'business', acknowledgeWithin: 'P3D', resolveWithin: 'P30D' },
  ] as const
).map((p) => ({ ...p, reminderAt: REMINDERS, escalation: ESCALATION }));

/**
 * Queues each default whose (entity, severity) has no group-wide policy yet, so one a PX admin has
 * changed keeps the change (one they deleted comes back on the next start). The caller flushes.
 */
export async function seedSlaPolicies(em: EntityManager): Promise<void> {
  const existing = new Set((await em.find(SlaPolicy, { hospitalId: null })).map((p) => `${p.entity}/${p.severity ?? '*'}`));
  for (const policy of DEFAULT_SLA_POLICIES) {
    if (existing.has(`${policy.entity}/${policy.severity}`)) continue;
    em.persist(Object.assign(new SlaPolicy(), { ...policy, hospitalId: null, reminderAt: [...policy.reminderAt], escalation: [...policy.escalation] }));
  }
}
