import type { FilterQuery } from '@mikro-orm/core';
import { Hospital, PxAction } from '../../../models/entities';
import { WORKING_ACTION_STATUSES as WORKING, type ActionStatus } from '../../../models/rules/statuses';
import {
  actionStateQuery,
  APPROVER_LEVEL,
  approveAction,
  assignAction,
  cancelAction,
  progressAction,
  rejectAction,
  submitAction,
  type ActionState,
} from '../../../workflows/caseTypes';
import type { AppContext } from '../../context';
import { NotFoundError } from '../../errors';
import { ROLE_LEVEL } from '../../rbac/roles';
import { hospitalForWrite } from '../../rbac/scope';
import { defineRoute, type RouteSpec } from '../../routing';
import { caseForDisplay, caseOperationRoutes, caseScope, checkAssignee, pageOfCases, departmentForWrite, dueDisplay, hospitalTimeZone, liveState, timelineOf, type CaseServices } from '../complaints/cases';
import { caseReferenceView, idParams, pageSchema, type PageQuery } from '../schemaParts';
import { openAction } from './openAction';
import { actionOperationBodies, actionStateView, actionSummaryView, actionView, createAction, listActions } from './schema';

const PATH = '/api/v1/actions';
const TAG = 'actions';

type ActionQuery = PageQuery & {
  hospitalId?: string;
  hospitalCode?: string;
  sourceType?: PxAction['sourceType'];
  sourceId?: string;
  status?: ActionStatus;
  departmentId?: string;
  priority?: PxAction['priority'];
  assigneeId?: string;
  overdue?: boolean;
  escalated?: boolean;
};

type CreateActionBody = { hospitalId?: string; departmentId?: string; title: string; description?: string; priority: PxAction['priority']; assigneeId?: string };

/** The columns an actions list reads: what viewActionSummary shows. */
const ACTION_SUMMARY_FIELDS = [
  'id', 'referenceNo', 'hospitalId', 'departmentId', 'sourceType', 'sourceId', 'title', 'priority', 'status', 'escalationLevel', 'assigneeId', 'dueAt', 'createdAt',
] as const satisfies readonly (keyof PxAction)[];

export const viewActionSummary = (a: Pick<PxAction, (typeof ACTION_SUMMARY_FIELDS)[number]>) => ({
  id: a.id,
  referenceNo: a.referenceNo,
  hospitalId: a.hospitalId,
  departmentId: a.departmentId ?? null,
  sourceType: a.sourceType,
  sourceId: a.sourceId ?? null,
  title: a.title,
  priority: a.priority,
  status: a.status,
  escalationLevel: a.escalationLevel,
  assigneeId: a.assigneeId ?? null,
  dueAt: a.dueAt ?? null,
  createdAt: a.createdAt,
});

/** Past its due date while still being worked on; a submitted action waits on its reviewer, not its owner. */
function overdueWhere(overdue: boolean, now = new Date()): FilterQuery<PxAction> {
  return overdue
    ? { dueAt: { $lt: now }, status: { $in: WORKING } }
    : { $or: [{ dueAt: null }, { dueAt: { $gte: now } }, { status: { $nin: WORKING } }] };
}

async function findAction(ctx: AppContext, id: string): Promise<PxAction> {
  const action = await ctx.state.em.findOne(PxAction, { $and: [await caseScope(ctx), { id }] });
  if (!action) throw NotFoundError('action');
  return action;
}

/**
 * PX improvement actions: opened by hand here, from a complaint (`/complaints/{id}/actions`) or
 * by a negative survey. Each is a `pxAction` workflow; its owner works it and submits evidence,
 * and a PX coordinator or above approves (closing it) or sends it back.
 */
export function actionRoutes(services: CaseServices): RouteSpec[] {
  return [
    defineRoute<unknown, unknown, CreateActionBody>({
      method: 'post',
      path: PATH,
      operationId: 'createAction',
      tag: TAG,
      summary: "Open a manual PX action; owned by the department's manager unless assigned",
      access: ROLE_LEVEL.PX_COORDINATOR,
      body: createAction,
      response: { status: 201, schema: caseReferenceView },
      errors: [404],
      async handler(ctx, { body }) {
        const em = ctx.state.em;
        const principal = ctx.state.principal!;
        const hospital = await em.findOneOrFail(Hospital, { id: await hospitalForWrite(em, principal, body.hospitalId) });
        const departmentId = await departmentForWrite(em, principal, hospital.id, body.departmentId);
        await checkAssignee(em, { hospitalId: hospital.id, departmentId }, body.assigneeId);
        const { title, description, priority, assigneeId } = body;
        const action = await openAction(ctx, services, { hospital, departmentId, sourceType: 'manual', sourceId: null, title, description, priority, assigneeId });
        return { id: action.id, referenceNo: action.referenceNo, status: action.status };
      },
    }),
    defineRoute<unknown, ActionQuery>({
      method: 'get',
      path: PATH,
      operationId: 'listActions',
      tag: TAG,
      summary: "List PX actions in the caller's scope, newest first",
      access: ROLE_LEVEL.STAFF,
      query: listActions,
      response: { schema: pageSchema(actionSummaryView) },
      async handler(ctx, { query }) {
        const filters: FilterQuery<PxAction>[] = [
          {
            ...(query.sourceType ? { sourceType: query.sourceType } : {}),
            ...(query.sourceId ? { sourceId: query.sourceId } : {}),
            ...(query.status ? { status: query.status } : {}),
            ...(query.departmentId ? { departmentId: query.departmentId } : {}),
            ...(query.priority ? { priority: query.priority } : {}),
            ...(query.assigneeId ? { assigneeId: query.assigneeId } : {}),
          },
          ...(query.overdue !== undefined ? [overdueWhere(query.overdue)] : []),
        ];
        return pageOfCases(ctx, PxAction, query, filters, viewActionSummary, undefined, ACTION_SUMMARY_FIELDS);
      },
    }),
    defineRoute<{ id: string }>({
      method: 'get',
      path: `${PATH}/{id}`,
      operationId: 'getAction',
      tag: TAG,
      summary: 'One PX action with its timeline, its due date in Gregorian and Hijri, and its live state from the workflow',
      access: ROLE_LEVEL.STAFF,
      params: idParams,
      response: { schema: actionView },
      async handler(ctx, { params }) {
        const em = ctx.state.em;
        const action = await caseForDisplay(ctx, PxAction, params.id, 'action');
        const timeZone = await hospitalTimeZone(em, action.hospitalId);
        return {
          ...viewActionSummary(action),
          workflowId: action.workflowId ?? null,
          description: action.description ?? null,
          evidence: action.evidence ?? null,
          submittedAt: action.submittedAt ?? null,
          approvedById: action.approvedById ?? null,
          approvedAt: action.approvedAt ?? null,
          cancelReason: action.cancelReason ?? null,
          createdById: action.createdById ?? null,
          updatedAt: action.updatedAt,
          sla: { dueAt: action.dueAt ?? null, dueAtDisplay: dueDisplay(action.dueAt, timeZone) },
          timeline: await timelineOf(em, 'action', action.id),
          live: await liveState(services.temporal, action.workflowId, actionStateQuery),
        };
      },
    }),
    ...caseOperationRoutes<ActionState>(services, {
      entityType: 'action',
      path: PATH,
      tag: TAG,
      stateView: actionStateView,
      find: findAction,
      async finished(ctx, row) {
        const { status } = await ctx.state.em.fork().findOneOrFail(PxAction, { id: row.id });
        return status === 'approved' || status === 'cancelled' ? `the action is ${status}` : null;
      },
      operations: [
        {
          name: 'assign',
          operationId: 'assignAction',
          summary: 'Give the action to another active user of its hospital',
          access: ROLE_LEVEL.PX_COORDINATOR,
          body: actionOperationBodies.assign,
          update: assignAction,
          check: (em, row, body) => checkAssignee(em, { hospitalId: row.hospitalId, departmentId: (row as PxAction).departmentId }, body.assigneeId as string),
        },
        { name: 'progress', operationId: 'recordActionProgress', summary: 'Record progress (moves an open action to in progress)', access: ROLE_LEVEL.STAFF, body: actionOperationBodies.progress, update: progressAction },
        { name: 'submit', operationId: 'submitAction', summary: 'Submit the work with its evidence for approval', access: ROLE_LEVEL.STAFF, body: actionOperationBodies.submit, update: submitAction },
        { name: 'approve', operationId: 'approveAction', summary: 'Approve the submitted evidence, closing the action (PX coordinator or above)', access: APPROVER_LEVEL, body: actionOperationBodies.approve, update: approveAction },
        { name: 'reject', operationId: 'rejectAction', summary: 'Send the submitted action back to work with the reason (PX coordinator or above)', access: APPROVER_LEVEL, body: actionOperationBodies.reject, update: rejectAction },
        { name: 'cancel', operationId: 'cancelAction', summary: 'Cancel the action with the reason', access: ROLE_LEVEL.PX_COORDINATOR, body: actionOperationBodies.cancel, update: cancelAction },
      ],
    }),
  ];
}
