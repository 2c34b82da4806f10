import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Complaint, Encounter, Hospital, Patient, PxAction } from '../../../models/entities';
import { OPEN_COMPLAINT_STATUSES, type ComplaintStatus } from '../../../models/rules/statuses';
import {
  acknowledgeComplaint,
  assignComplaint,
  closeComplaint,
  complaintStateQuery,
  escalateComplaint,
  noteComplaint,
  reopenComplaint,
  resolveComplaint,
  type ComplaintState,
} from '../../../workflows/caseTypes';
import type { AppContext } from '../../context';
import { ConflictError, NotFoundError, ValidationError } from '../../errors';
import { ROLE_LEVEL } from '../../rbac/roles';
import { hospitalForWrite } from '../../rbac/scope';
import { defineRoute, type RouteSpec } from '../../routing';
import { openAction } from '../actions/openAction';
import { caseReferenceView, idParams, pageSchema, type PageQuery } from '../schemaParts';
import { caseForDisplay, caseOperationRoutes, caseScope, checkAssignee, pageOfCases, departmentForWrite, dueDisplay, hospitalTimeZone, liveState, timelineOf, type CaseServices } from './cases';
import { openComplaint } from './openComplaint';
import { queueFilters, queueOrder, type QueueQuery } from './queue';
import { complaintOperationBodies, complaintStateView, complaintSummaryView, complaintView, createComplaint, createComplaintAction, listComplaints } from './schema';

const PATH = '/api/v1/complaints';
const TAG = 'complaints';

type CreateComplaintBody = Pick<Complaint, 'severity' | 'category' | 'description' | 'sourceChannel'> & {
  hospitalId?: string;
  departmentId?: string;
  patientId?: string;
  encounterId?: string;
  subcategory?: string;
  contactName?: string;
  contactPhone?: string;
  contactEmail?: string;
  language?: Complaint['language'];
};

type ComplaintQuery = PageQuery &
  QueueQuery & {
  hospitalId?: string;
  hospitalCode?: string;
  status?: ComplaintStatus;
  departmentId?: string;
  severity?: Complaint['severity'];
  assigneeId?: string;
  sourceChannel?: Complaint['sourceChannel'];
  overdue?: boolean;
  escalated?: boolean;
};

type CreateActionBody = Pick<PxAction, 'title' | 'priority'> & { description?: string; departmentId?: string };

/** The columns a complaints list reads: what viewComplaintSummary shows. */
const COMPLAINT_SUMMARY_FIELDS = [
  'id', 'referenceNo', 'hospitalId', 'departmentId', 'patientId', 'encounterId', 'severity', 'category', 'subcategory',
  'sourceChannel', 'status', 'escalationLevel', 'assigneeId', 'acknowledgeBy', 'resolveBy', 'createdAt',
] as const satisfies readonly (keyof Complaint)[];

/** What lists show: no description or contact details, which are read one complaint at a time. */
export const viewComplaintSummary = (c: Pick<Complaint, (typeof COMPLAINT_SUMMARY_FIELDS)[number]>) => ({
  id: c.id,
  referenceNo: c.referenceNo,
  hospitalId: c.hospitalId,
  departmentId: c.departmentId ?? null,
  patientId: c.patientId ?? null,
  encounterId: c.encounterId ?? null,
  severity: c.severity,
  category: c.category,
  subcategory: c.subcategory ?? null,
  sourceChannel: c.sourceChannel,
  status: c.status,
  escalationLevel: c.escalationLevel,
  assigneeId: c.assigneeId ?? null,
  acknowledgeBy: c.acknowledgeBy ?? null,
  resolveBy: c.resolveBy ?? null,
  createdAt: c.createdAt,
});

/** Past a deadline it has not met: resolution while still being worked on, or acknowledgement while still open. */
function overdueWhere(overdue: boolean, now = new Date()): FilterQuery<Complaint> {
  if (overdue) return { $or: [{ resolveBy: { $lt: now }, status: { $in: OPEN_COMPLAINT_STATUSES } }, { acknowledgeBy: { $lt: now }, status: 'open' }] };
  return {
    $and: [
      { $or: [{ resolveBy: null }, { resolveBy: { $gte: now } }, { status: { $nin: OPEN_COMPLAINT_STATUSES } }] },
      { $or: [{ acknowledgeBy: null }, { acknowledgeBy: { $gte: now } }, { status: { $ne: 'open' } }] },
    ],
  };
}

async function findComplaint(ctx: AppContext, id: string): Promise<Complaint> {
  const complaint = await ctx.state.em.findOne(Complaint, { $and: [await caseScope(ctx), { id }] });
  if (!complaint) throw NotFoundError('complaint');
  return complaint;
}

/**
 * The patient and encounter a complaint names must be the hospital's own. An encounter named
 * without a patient brings its patient, so the resolution-satisfaction survey can reach them.
 */
async function complainant(em: EntityManager, hospitalId: string, body: CreateComplaintBody): Promise<{ patientId: string | null; encounterId: string | null }> {
  const patient = body.patientId ? await em.findOne(Patient, { id: body.patientId, hospitalId, deletedAt: null }) : null;
  if (body.patientId && !patient) throw ValidationError([{ field: 'patientId', message: 'must be a patient of the same hospital' }]);
  const encounter = body.encounterId ? await em.findOne(Encounter, { id: body.encounterId, hospitalId }) : null;
  if (body.encounterId && !encounter) throw ValidationError([{ field: 'encounterId', message: 'must be an encounter of the same hospital' }]);
  if (patient && encounter?.patientId && encounter.patientId !== patient.id) throw ValidationError([{ field: 'encounterId', message: 'must be an encounter of that patient' }]);
  return { patientId: patient?.id ?? encounter?.patientId ?? null, encounterId: encounter?.id ?? null };
}

/**
 * Complaints: taken by staff here (or by patients on the public `/complaint` page), each run by
 * a `complaint` workflow that keeps its SLA clocks and validates every operation. Lists and the
 * timeline come from the read model; the detail adds the workflow's live state.
 */
export function complaintRoutes(services: CaseServices): RouteSpec[] {
  return [
    defineRoute<unknown, unknown, CreateComplaintBody>({
      method: 'post',
      path: PATH,
      operationId: 'createComplaint',
      tag: TAG,
      summary: 'Take a complaint and start its workflow',
      access: ROLE_LEVEL.STAFF,
      body: createComplaint,
      response: { status: 201, schema: caseReferenceView },
      errors: [404],
      async handler(ctx, { body }) {
        const em = ctx.state.em;
        const principal = ctx.state.principal!;
        const hospital = await em.findOneOrFail(Hospital, { id: await hospitalForWrite(em, principal, body.hospitalId) });
        const departmentId = await departmentForWrite(em, principal, hospital.id, body.departmentId);
        const complaint = await openComplaint(ctx, services, {
          ...body,
          ...(await complainant(em, hospital.id, body)),
          hospital,
          departmentId,
          language: body.language ?? 'ar',
        });
        return { id: complaint.id, referenceNo: complaint.referenceNo, status: complaint.status };
      },
    }),
    defineRoute<unknown, ComplaintQuery>({
      method: 'get',
      path: PATH,
      operationId: 'listComplaints',
      tag: TAG,
      summary: "List complaints in the caller's scope, newest first unless `sort` says otherwise",
      access: ROLE_LEVEL.STAFF,
      query: listComplaints,
      response: { schema: pageSchema(complaintSummaryView) },
      async handler(ctx, { query }) {
        const filters: FilterQuery<Complaint>[] = [
          {
            ...(query.status ? { status: query.status } : {}),
            ...(query.departmentId ? { departmentId: query.departmentId } : {}),
            ...(query.severity ? { severity: query.severity } : {}),
            ...(query.assigneeId ? { assigneeId: query.assigneeId } : {}),
            ...(query.sourceChannel ? { sourceChannel: query.sourceChannel } : {}),
          },
          ...(query.overdue !== undefined ? [overdueWhere(query.overdue)] : []),
          ...queueFilters(query),
        ];
        return pageOfCases(ctx, Complaint, query, filters, viewComplaintSummary, queueOrder(query), COMPLAINT_SUMMARY_FIELDS);
      },
    }),
    defineRoute<{ id: string }>({
      method: 'get',
      path: `${PATH}/{id}`,
      operationId: 'getComplaint',
      tag: TAG,
      summary: 'One complaint with its timeline, its SLA in Gregorian and Hijri, and its live state from the workflow',
      access: ROLE_LEVEL.STAFF,
      params: idParams,
      response: { schema: complaintView },
      async handler(ctx, { params }) {
        const em = ctx.state.em;
        const complaint = await caseForDisplay(ctx, Complaint, params.id, 'complaint');
        const timeZone = await hospitalTimeZone(em, complaint.hospitalId);
        return {
          ...viewComplaintSummary(complaint),
          workflowId: complaint.workflowId ?? null,
          description: complaint.description,
          contactName: complaint.contactName ?? null,
          contactPhone: complaint.contactPhone ?? null,
          contactEmail: complaint.contactEmail ?? null,
          language: complaint.language,
          createdById: complaint.createdById ?? null,
          acknowledgedAt: complaint.acknowledgedAt ?? null,
          resolvedAt: complaint.resolvedAt ?? null,
          closedAt: complaint.closedAt ?? null,
          rootCause: complaint.rootCause ?? null,
          resolutionNotes: complaint.resolutionNotes ?? null,
          updatedAt: complaint.updatedAt,
          sla: {
            acknowledgeBy: complaint.acknowledgeBy ?? null,
            resolveBy: complaint.resolveBy ?? null,
            acknowledgeByDisplay: dueDisplay(complaint.acknowledgeBy, timeZone),
            resolveByDisplay: dueDisplay(complaint.resolveBy, timeZone),
          },
          timeline: await timelineOf(em, 'complaint', complaint.id),
          live: await liveState(services.temporal, complaint.workflowId, complaintStateQuery),
        };
      },
    }),
    defineRoute<{ id: string }, unknown, CreateActionBody>({
      method: 'post',
      path: `${PATH}/{id}/actions`,
      operationId: 'openComplaintAction',
      tag: TAG,
      summary: "Open the complaint's PX action (one per complaint); in the complaint's department unless another is named",
      access: ROLE_LEVEL.PX_COORDINATOR,
      params: idParams,
      body: createComplaintAction,
      response: { status: 201, schema: caseReferenceView },
      errors: [409],
      async handler(ctx, { params, body }) {
        const em = ctx.state.em;
        const complaint = await findComplaint(ctx, params.id);
        const existing = await em.findOne(PxAction, { sourceType: 'complaint', sourceId: complaint.id });
        if (existing) throw ConflictError(`complaint ${complaint.referenceNo} already has action ${existing.referenceNo}`);
        const hospital = await em.findOneOrFail(Hospital, { id: complaint.hospitalId });
        const departmentId = await departmentForWrite(em, ctx.state.principal!, hospital.id, body.departmentId ?? complaint.departmentId ?? undefined);
        const { title, description, priority } = body;
        const action = await openAction(ctx, services, { hospital, departmentId, sourceType: 'complaint', sourceId: complaint.id, title, description, priority });
        return { id: action.id, referenceNo: action.referenceNo, status: action.status };
      },
    }),
    ...caseOperationRoutes<ComplaintState>(services, {
      entityType: 'complaint',
      path: PATH,
      tag: TAG,
      stateView: complaintStateView,
      find: findComplaint,
      async finished(ctx, row) {
        const { status } = await ctx.state.em.fork().findOneOrFail(Complaint, { id: row.id });
        return status === 'closed' ? 'the complaint is closed' : null;
      },
      operations: [
        { name: 'acknowledge', operationId: 'acknowledgeComplaint', summary: 'Acknowledge an open complaint', access: ROLE_LEVEL.PX_COORDINATOR, body: complaintOperationBodies.acknowledge, update: acknowledgeComplaint },
        {
          name: 'assign',
          operationId: 'assignComplaint',
          summary: 'Give the complaint to an active user of its hospital',
          access: ROLE_LEVEL.PX_COORDINATOR,
          body: complaintOperationBodies.assign,
          update: assignComplaint,
          check: (em, row, body) => checkAssignee(em, { hospitalId: row.hospitalId, departmentId: (row as Complaint).departmentId }, body.assigneeId as string),
        },
        { name: 'note', operationId: 'addComplaintNote', summary: 'Add a note to the timeline', access: ROLE_LEVEL.STAFF, body: complaintOperationBodies.note, update: noteComplaint },
        { name: 'resolve', operationId: 'resolveComplaint', summary: 'Resolve with the root cause and what was done', access: ROLE_LEVEL.PX_COORDINATOR, body: complaintOperationBodies.resolve, update: resolveComplaint },
        { name: 'close', operationId: 'closeComplaint', summary: 'Close a resolved complaint', access: ROLE_LEVEL.PX_COORDINATOR, body: complaintOperationBodies.close, update: closeComplaint },
        { name: 'reopen', operationId: 'reopenComplaint', summary: 'Reopen a resolved complaint with the reason', access: ROLE_LEVEL.PX_COORDINATOR, body: complaintOperationBodies.reopen, update: reopenComplaint },
        { name: 'escalate', operationId: 'escalateComplaint', summary: 'Escalate to the next role on the ladder with the reason', access: ROLE_LEVEL.PX_COORDINATOR, body: complaintOperationBodies.escalate, update: escalateComplaint },
      ],
    }),
  ];
}
