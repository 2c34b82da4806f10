/**
 * Side effects of the complaint and PX action workflows: SLA planning (policies, the hospital's
 * business calendar and holidays), the timeline and read model, staff emails, and actions opened
 * from negative surveys. Every write is keyed so a retried activity does it once.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../../config/logger';
import { businessCalendarOf } from '../../models/businessCalendar';
import { CaseEvent, CaseText, Complaint, Department, Encounter, Hospital, PxAction, Role, SlaPolicy, SurveyInstance, User, type SlaEntity } from '../../models/entities';
import type { Orm } from '../../models/orm';
import { nextReference } from '../../models/references';
import { effectiveSlaPolicy } from '../../models/slaPolicies';
import type { CaseInput, SlaPlan } from '../../workflows/caseTypes';
import { parseIsoDuration } from '../../models/rules/duration';
import { withinLimit } from '../../models/rules/durationLimits';
import { addClockTime, describeDue, reminderInstants } from '../../models/rules/slaClock';
import { messageTemplate } from '../surveys/surveyActivities';
import { notificationActivities, type NotificationChannels } from '../notifications';

export interface CaseActivityDependencies {
  orm: Orm;
  log: Logger;
  publicUrl: string;
  channels: NotificationChannels;
  /** How long a resolved complaint waits for the patient's verdict before it closes. */
  complaintCloseAfterMs: number;
}

/** Used when no policy at all applies (they are seeded, so only after someone deleted them all). */
const FALLBACK_POLICY: Pick<SlaPolicy, 'acknowledgeWithin' | 'resolveWithin' | 'clock' | 'reminderAt' | 'escalation'> = {
  acknowledgeWithin: 'P1D',
  resolveWithin: 'P7D',
  clock: 'business',
  reminderAt: [0.5, 0.8],
  escalation: ['DEPARTMENT_MANAGER', 'HOSPITAL_ADMIN', 'PX_ADMIN'],
};

/** Read-model fields a workflow may set; dates travel as ISO strings. */
export interface CasePatch {
  status?: string;
  assigneeId?: string | null;
  escalationLevel?: number;
  acknowledgedAt?: string;
  resolvedAt?: string;
  closedAt?: string | null;
  submittedAt?: string;
  approvedById?: string;
  approvedAt?: string;
}

export interface CaseRecord {
  entityType: SlaEntity;
  entityId: string;
  /** The workflow's own clock, so the timeline shows when the workflow acted. */
  at: string;
  kind: string;
  actorId?: string | null;
  /** What staff wrote, stored by the API (`case_text`): shown in the timeline, and root cause, resolution notes, evidence or cancel reason on the case. */
  textId?: string | null;
  /** What the workflow itself says (e.g. why it reopened). */
  note?: string | null;
  data?: Record<string, unknown> | null;
  /** `{entity}:{id}:{kind}:{seq}`: the same key writes one timeline line. */
  dedupeKey: string;
  patch?: CasePatch;
}

export interface StaffNotice {
  entityType: SlaEntity;
  entityId: string;
  kind: 'assigned' | 'reminder' | 'escalated' | 'submitted';
  /** Everyone holding this role where the case lives (a department manager: of its department). */
  role?: string;
  userIds?: string[];
  level?: number;
  dedupeKey: string;
}

const DATE_FIELDS = new Set(['acknowledgedAt', 'resolvedAt', 'closedAt', 'submittedAt', 'approvedAt']);

function toColumns(patch: CasePatch): Record<string, unknown> {
  return Object.fromEntries(Object.entries(patch).map(([key, value]) => [key, DATE_FIELDS.has(key) && typeof value === 'string' ? new Date(value) : value]));
}

/** The case columns an operation's written words fill. */
function textColumns(kind: string, written: Record<string, string>): Record<string, string> {
  const columns: Record<string, string> = {};
  if (written.rootCause) columns.rootCause = written.rootCause;
  if (written.resolutionNotes) columns.resolutionNotes = written.resolutionNotes;
  if (written.evidence) columns.evidence = written.evidence;
  if (kind === 'cancelled' && written.reason) columns.cancelReason = written.reason;
  return columns;
}

async function caseRow(em: EntityManager, entityType: SlaEntity, id: string): Promise<Complaint | PxAction> {
  return entityType === 'complaint' ? em.findOneOrFail(Complaint, { id }) : em.findOneOrFail(PxAction, { id });
}

/** Users to tell: named ones, or the active holders of a role in the case's hospital (and department). */
async function recipients(em: EntityManager, row: Complaint | PxAction, notice: StaffNotice): Promise<User[]> {
  if (notice.userIds?.length) return em.find(User, { id: { $in: notice.userIds }, active: true, deletedAt: null });
  if (!notice.role) return [];
  const role = await em.findOne(Role, { code: notice.role });
  if (!role) return [];
  const holders = await em.find(User, { roleId: role.id, active: true, deletedAt: null, $or: [{ hospitalId: row.hospitalId }, { hospitalId: null }] });
  if (notice.role !== 'DEPARTMENT_MANAGER') return holders;
  // A case of no department (a public complaint, often) goes to the hospital's PX coordinators,
  // who can see it, rather than to every department's manager, who cannot.
  if (!row.departmentId) return recipients(em, row, { ...notice, role: 'PX_COORDINATOR' });
  const own = holders.filter((u) => u.departmentId === row.departmentId);
  return own.length ? own : holders.filter((u) => !u.departmentId);
}

/**
 * Who hears an escalation: the holders of the ladder's role; when nobody active holds it where the
 * case lives (a fresh hospital, a manager on leave), the holders of the next role up, and so on to
 * the group's PX admins. Returns whom, and the role they were found under.
 */
async function escalationRecipients(em: EntityManager, row: Complaint | PxAction, notice: StaffNotice): Promise<{ users: User[]; role: string | null }> {
  const named = await recipients(em, row, notice);
  if (named.length || !notice.role) return { users: named, role: named.length ? notice.role ?? null : null };
  const asked = await em.findOne(Role, { code: notice.role });
  const above = await em.find(Role, { level: { $gt: asked?.level ?? 0 } }, { orderBy: { level: 'asc' } });
  for (const role of above) {
    const users = await recipients(em, row, { ...notice, role: role.code });
    if (users.length) return { users, role: role.code };
  }
  return { users: [], role: null };
}

/** The department's manager, who owns an action by default. */
export async function departmentManager(em: EntityManager, hospitalId: string, departmentId: string | null | undefined): Promise<User | null> {
  if (!departmentId) return null;
  const role = await em.findOne(Role, { code: 'DEPARTMENT_MANAGER' });
  if (!role) return null;
  return em.findOne(User, { roleId: role.id, hospitalId, departmentId, active: true, deletedAt: null }, { orderBy: { createdAt: 'asc' } });
}

export function caseActivities(deps: CaseActivityDependencies) {
  const { orm, log } = deps;
  const { sendNotification } = notificationActivities({ orm, log, channels: deps.channels });

  async function plan(em: EntityManager, row: Complaint | PxAction, entity: SlaEntity, severity: string, fromMs: number, withAcknowledge: boolean): Promise<SlaPlan> {
    const policy = (await effectiveSlaPolicy(em, { hospitalId: row.hospitalId, entity, severity: severity as SlaPolicy['severity'] })) ?? FALLBACK_POLICY;
    const calendar = await businessCalendarOf(em, row.hospitalId);
    const clock = policy.clock;
    // A policy stored before windows were bounded still runs, at the longest window allowed.
    const ackWindow = withinLimit('slaWindow', parseIsoDuration(policy.acknowledgeWithin));
    const resolveWindow = withinLimit('slaWindow', parseIsoDuration(policy.resolveWithin));
    return {
      acknowledgeBy: withAcknowledge ? addClockTime(fromMs, ackWindow, clock, calendar) : null,
      acknowledgeReminders: withAcknowledge ? reminderInstants(fromMs, ackWindow, policy.reminderAt, clock, calendar) : [],
      resolveBy: addClockTime(fromMs, resolveWindow, clock, calendar),
      resolveReminders: reminderInstants(fromMs, resolveWindow, policy.reminderAt, clock, calendar),
      escalation: policy.escalation,
    };
  }

  return {
    /**
     * The complaint's SLA from its policy: acknowledge-by and resolve-by from when it was received
     * or, after a reopen, a fresh resolve window from `from`. Stored on the complaint for lists.
     */
    async planComplaintSla(input: { complaintId: string; from?: string }): Promise<SlaPlan & { patientId: string | null; closeAfterMs: number }> {
      const em = orm.em.fork();
      const complaint = await em.findOneOrFail(Complaint, { id: input.complaintId });
      const fromMs = input.from ? Date.parse(input.from) : complaint.createdAt.getTime();
      const result = await plan(em, complaint, 'complaint', complaint.severity, fromMs, !input.from);
      await em.nativeUpdate(Complaint, { id: complaint.id }, {
        ...(result.acknowledgeBy ? { acknowledgeBy: new Date(result.acknowledgeBy) } : {}),
        resolveBy: new Date(result.resolveBy),
        // The first plan is the workflow taking the case: the read model's mark that it runs.
        workflowStartedAt: complaint.workflowStartedAt ?? new Date(),
      });
      return { ...result, patientId: complaint.patientId ?? null, closeAfterMs: deps.complaintCloseAfterMs };
    },

    /** The action's due date by its priority's policy, and its owner: the department manager unless assigned. */
    async planActionSla(input: { actionId: string }): Promise<SlaPlan & { assigneeId: string | null }> {
      const em = orm.em.fork();
      const action = await em.findOneOrFail(PxAction, { id: input.actionId });
      const result = await plan(em, action, 'action', action.priority, action.createdAt.getTime(), false);
      const assigneeId = action.assigneeId ?? (await departmentManager(em, action.hospitalId, action.departmentId))?.id ?? null;
      await em.nativeUpdate(PxAction, { id: action.id }, { dueAt: new Date(result.resolveBy), assigneeId, workflowStartedAt: action.workflowStartedAt ?? new Date() });
      return { ...result, assigneeId };
    },

    /** One timeline line and the read-model change it describes, in one transaction, once per key. */
    async recordCase(input: CaseRecord): Promise<void> {
      await orm.em.fork().transactional(async (em) => {
        const written = input.textId ? (await em.findOneOrFail(CaseText, { id: input.textId, entityId: input.entityId })).fields : {};
        const note = input.note ?? written.note ?? written.reason ?? written.evidence ?? written.resolutionNotes ?? null;
        const patch = { ...input.patch, ...textColumns(input.kind, written) };
        const inserted = await em.execute<{ id: string }[]>(
          `insert into "case_event" ("id", "entity_type", "entity_id", "at", "kind", "actor_id", "note", "data", "dedupe_key")
           values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, ?) on conflict ("dedupe_key") do nothing returning "id"`,
          [input.entityType, input.entityId, new Date(input.at), input.kind, input.actorId ?? null, note, input.data ? JSON.stringify(input.data) : null, input.dedupeKey],
        );
        if (inserted.length === 0 || Object.keys(patch).length === 0) return;
        await em.nativeUpdate(input.entityType === 'complaint' ? Complaint : PxAction, { id: input.entityId }, toColumns(patch));
      });
    },

    /** Emails staff about a case in their own language, with its due date in Gregorian and Hijri. */
    async notifyStaff(input: StaffNotice): Promise<number> {
      const em = orm.em.fork();
      const row = await caseRow(em, input.entityType, input.entityId);
      const hospital = await em.findOneOrFail(Hospital, { id: row.hospitalId });
      const heard = input.kind === 'escalated' ? await escalationRecipients(em, row, input) : { users: await recipients(em, row, input), role: input.role ?? null };
      const users = heard.users;
      if (input.kind === 'escalated' && heard.role !== (input.role ?? null)) {
        // On the case's timeline, so the console shows an escalation that went elsewhere or nowhere.
        await em.getConnection().execute(
          `insert into "case_event" ("id", "entity_type", "entity_id", "at", "kind", "actor_id", "note", "data", "dedupe_key")
           values (gen_random_uuid(), ?, ?, now(), ?, null, null, ?, ?) on conflict ("dedupe_key") do nothing`,
          [
            input.entityType,
            input.entityId,
            heard.role ? 'escalation_moved' : 'escalation_unheard',
            JSON.stringify({ level: input.level ?? null, role: input.role ?? null, toRole: heard.role }),
            `${input.dedupeKey}:heard`,
          ],
        );
      }
      if (!deps.channels.email) {
        // A deployment without SMTP still runs its cases (and marks escalations nobody holds); it just cannot email staff.
        log.warn({ entityType: input.entityType, kind: input.kind }, 'no email channel configured (SMTP_URL): staff not emailed');
        return 0;
      }
      const dueAt = row instanceof Complaint ? (row.status === 'open' ? row.acknowledgeBy : row.resolveBy) : row.dueAt;
      const due = dueAt ? describeDue(dueAt.getTime(), hospital.timezone) : null;
      const title = row instanceof Complaint ? { en: `Complaint (${row.category})`, ar: `شكوى (${row.category})` } : { en: row.title, ar: row.title };
      // The staff console's page for the case (web/console), not the raw JSON.
      const link = `${deps.publicUrl}/console/${input.entityType === 'complaint' ? 'complaints' : 'actions'}/${row.id}`;
      let sent = 0;
      for (const user of users) {
        const language = user.language === 'ar' ? 'ar' : 'en';
        const wording = await messageTemplate(em, hospital.id, `case_${input.kind}`, 'email', language);
        if (!wording) throw new Error(`no case_${input.kind} email wording in ${language}`);
        const values: Record<string, string> = {
          reference: row.referenceNo,
          title: title[language],
          due: due ? (language === 'ar' ? `${due.gregorianAr} (${due.hijriAr})` : `${due.gregorianEn} (${due.hijriEn})`) : '—',
          level: String(input.level ?? row.escalationLevel),
          link,
        };
        const fill = (text: string) => text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
        await sendNotification({
          idempotencyKey: `${input.dedupeKey}:${user.id}`,
          channel: 'email',
          to: user.email,
          language,
          subject: fill(wording.subject ?? '{reference}'),
          body: fill(wording.body),
          hospitalId: hospital.id,
          entityType: input.entityType,
          entityId: row.id,
        });
        sent += 1;
      }
      if (users.length === 0) log.warn({ entityType: input.entityType, entityId: input.entityId, role: input.role, kind: input.kind }, 'nobody to notify about this case');
      return sent;
    },

    /**
     * Opens the PX action of a negative survey, once: the (source, survey) pair is unique, so a
     * retry finds the action it created. Its department is the encounter's.
     */
    async openActionFromSurvey(input: { surveyId: string }): Promise<CaseInput> {
      return orm.em.fork().transactional(async (em) => {
        const existing = await em.findOne(PxAction, { sourceType: 'survey', sourceId: input.surveyId });
        const survey = await em.findOneOrFail(SurveyInstance, { id: input.surveyId });
        const hospital = await em.findOneOrFail(Hospital, { id: survey.hospitalId });
        if (existing) return { id: existing.id, referenceNo: existing.referenceNo, hospitalId: hospital.id, hospitalCode: hospital.code };
        const encounter = survey.encounterId ? await em.findOne(Encounter, { id: survey.encounterId }) : null;
        const department = encounter?.departmentId ? await em.findOne(Department, { id: encounter.departmentId }) : null;
        const reasons = survey.negativeReasons.join(', ');
        const action = Object.assign(new PxAction(), {
          hospitalId: hospital.id,
          referenceNo: await nextReference(em, 'ACT'),
          departmentId: department?.id ?? null,
          sourceType: 'survey',
          sourceId: survey.id,
          title: `Negative ${survey.templateCode} survey${department ? ` — ${department.nameEn}` : ''}`,
          description: `Score ${survey.score ?? '—'} (${reasons}). Review the answers and follow up with the patient.`,
          priority: survey.negativeReasons.some((r) => r.startsWith('critical:')) ? 'high' : 'medium',
        });
        action.workflowId = `action:${action.id}`;
        em.persist(action);
        return { id: action.id, referenceNo: action.referenceNo, hospitalId: hospital.id, hospitalCode: hospital.code };
      });
    },

    /** How the patient judged a complaint's resolution, from its satisfaction survey. */
    async resolutionVerdict(input: { surveyWorkflowId: string }): Promise<'satisfied' | 'dissatisfied' | 'no_answer'> {
      const survey = await orm.em.fork().findOne(SurveyInstance, { workflowId: input.surveyWorkflowId });
      if (!survey || survey.status !== 'completed') return 'no_answer';
      return survey.negative ? 'dissatisfied' : 'satisfied';
    },
  };
}
