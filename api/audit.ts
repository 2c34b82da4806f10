import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEvent } from '../models/entities';
import type { AppContext } from './context';

export interface AuditEntry {
  action: string;
  outcome?: 'success' | 'failure';
  entityType?: string;
  entityId?: string;
  hospitalId?: string | null;
  before?: object | null;
  after?: object | null;
  /** For events without a signed-in caller (a login attempt). */
  actorEmail?: string;
  actorId?: string;
}

/**
 * Records of configuration, which names no patient: their audit rows keep the values before and
 * after, so a change to an SLA policy or a journey can be read back from the trail.
 */
const CONFIGURATION = new Set([
  'hospital',
  'department',
  'holiday',
  'sla_policy',
  'journey_template',
  'survey_template',
  'event_mapping',
  'integration_source',
  'role',
  'notification_template',
]);

/** Values that name no person and carry no patient data: states, codes, flags of process, counts. */
const SAFE_KEYS = new Set([
  'id',
  'status',
  'outcome',
  'reason',
  'role',
  'level',
  'active',
  'severity',
  'priority',
  'channel',
  'channels',
  'sourceChannel',
  'source',
  'category',
  'kind',
  'version',
  'cycle',
  'escalationLevel',
  'language',
  'preferredLanguage',
  'passwordChanged',
  'sessionsRevoked',
  'client',
  'via',
  'referenceNo',
  'code',
  'templateCode',
  'eventCode',
  'changed',
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuids = (value: unknown) => (Array.isArray(value) ? value.every((v) => typeof v === 'string' && UUID.test(v)) : typeof value === 'string' && UUID.test(value));

/**
 * Counts, lengths (staff text is audited by its length) and instants are safe by their names; ids
 * only when they are our own record ids (a `nationalId` is the patient's, not ours).
 */
const isSafe = (key: string, value: unknown) =>
  SAFE_KEYS.has(key) || /(Count|Length|At|Until)$/.test(key) || (/(Id|Ids)$/.test(key) && (value === null || isUuids(value)));

const BOOKKEEPING = new Set(['id', 'createdAt', 'updatedAt', 'changed']);

function split(values: object): { kept: Record<string, unknown>; dropped: string[] } {
  const kept: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (isSafe(key, value)) kept[key] = value;
    else dropped.push(key);
  }
  return { kept, dropped };
}

/** Names of the fields that differ between before and after; on a create, those set. */
function changedFields(before: object | null | undefined, after: object): string[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((key) => !BOOKKEEPING.has(key));
  return keys.filter((key) => (before ? JSON.stringify(b[key]) !== JSON.stringify(a[key]) : a[key] !== null && a[key] !== undefined));
}

/**
 * What an audit row may keep of a change. The table is append-only (the database refuses to delete
 * from it), so nothing that must be erasable may enter it: for records of people (patients, staff,
 * cases, surveys) only ids, states and the names of the fields that changed are kept; what the
 * values were comes from the record itself while it exists.
 */
export function auditedChange(entry: Pick<AuditEntry, 'entityType' | 'before' | 'after'>): { before: object | null; after: object | null } {
  if (entry.entityType && CONFIGURATION.has(entry.entityType)) return { before: entry.before ?? null, after: entry.after ?? null };
  const before = entry.before ? split(entry.before).kept : null;
  if (!entry.after) return { before: before && Object.keys(before).length ? before : null, after: null };
  const { kept, dropped } = split(entry.after);
  // Which fields changed is worth keeping on an update, or where values had to be left out.
  const given = (entry.after as { changed?: unknown }).changed;
  const changed = Array.isArray(given) ? given : entry.before || dropped.length ? changedFields(entry.before, entry.after) : [];
  return { before: before && Object.keys(before).length ? before : null, after: { ...kept, ...(changed.length ? { changed } : {}) } };
}

/**
 * Queues an audit row on the request's unit of work, so it commits in the same transaction as the
 * change it describes. Who, from where and with what client come from the request; what changed is
 * kept as auditedChange allows.
 */
export function recordAudit(em: EntityManager, ctx: AppContext, entry: AuditEntry): void {
  const event = new AuditEvent();
  const principal = ctx.state.principal;
  Object.assign(event, {
    action: entry.action,
    outcome: entry.outcome ?? 'success',
    actorId: entry.actorId ?? principal?.id ?? null,
    actorEmail: entry.actorEmail ?? principal?.email ?? null,
    entityType: entry.entityType ?? null,
    entityId: entry.entityId ?? null,
    hospitalId: entry.hospitalId ?? null,
    ip: ctx.ip || null,
    userAgent: ctx.get('user-agent').slice(0, 400) || null,
    ...auditedChange(entry),
  });
  em.persist(event);
}
