/**
 * What complaints and PX actions share: who may see a case, its timeline and due dates as staff
 * read them, and the calls to its workflow (start, live state, operations), with Temporal's
 * refusals turned into the API's errors. The workflow holds the truth; the rows are its read model.
 */
import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ApplicationFailure,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
  type QueryDefinition,
  type UpdateDefinition,
} from '@temporalio/client';
import { CaseEvent, CaseText, type Complaint, type PxAction, type SlaEntity } from '../../../models/entities';
import type { Actor, CaseInput } from '../../../workflows/caseTypes';
import { describeDue, type DueDescription } from '../../../models/rules/slaClock';
import { Outbox } from '../../../models/outbox';
import { ROLE_LEVEL } from '../../../models/roles';
import { recordAudit } from '../../audit';
import { loadPrincipal } from '../../auth/authenticate';
import type { ApiServices, AppContext } from '../../context';
import { ApiError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors';
import { isDepartmentBound, type Principal } from '../../rbac/principal';
import { checkDepartment, hospitalFromFilters, hospitalWhere, visibleDepartments } from '../../rbac/scope';
import { defineRoute, type RouteSpec } from '../../routing';
import { idParams, pageOf, type PageQuery } from '../schemaParts';
import { caseOperationReplyView } from './schema';
import { findPage } from '../paging';
import { findOnePlain, findPlain } from '../../plainRows';

export type CaseServices = Pick<ApiServices, 'config' | 'temporal' | 'taskQueue' | 'log' | 'orm'>;

/** Temporal being away, or a worker being down, should not hold a request for long. */
const QUERY_DEADLINE_MS = 3_000;
const UPDATE_DEADLINE_MS = 20_000;

/**
 * The rows a caller may see: their hospital and, for a department-bound caller, cases of their
 * department and the units under it (a case with no department is the hospital's, not theirs).
 */
export async function caseScope(ctx: AppContext): Promise<{ hospitalId?: string; departmentId?: { $in: string[] } }> {
  const principal = ctx.state.principal!;
  const departments = await visibleDepartments(ctx.state.em, principal);
  return { ...hospitalWhere(principal), ...(departments ? { departmentId: { $in: departments } } : {}) };
}

/**
 * The department a new case belongs to: the one named (same hospital, inside a department-bound
 * caller's subtree), else a department-bound caller's own, so the case they open stays in their sight.
 */
export async function departmentForWrite(em: EntityManager, principal: Principal, hospitalId: string, departmentId: string | undefined): Promise<string | null> {
  await checkDepartment(em, principal, hospitalId, departmentId);
  return departmentId ?? (isDepartmentBound(principal) ? principal.departmentId : null);
}

/**
 * Someone a case can be given to: an active, undeleted user of the case's hospital who can see the
 * case, by the rule of `caseScope`: hospital-wide (no department, or hospital-admin level), or
 * department-bound with the case's department in their subtree. A case with no department is the
 * hospital's, so only hospital-wide users can take it.
 */
export async function checkAssignee(em: EntityManager, kase: { hospitalId: string; departmentId: string | null | undefined }, assigneeId: string | undefined): Promise<void> {
  if (!assigneeId) return;
  const assignee = await loadPrincipal(em, assigneeId);
  if (!assignee || assignee.hospitalId !== kase.hospitalId) throw ValidationError([{ field: 'assigneeId', message: "must be an active user of the case's hospital" }]);
  // A viewer can read lists of some things but not cases: they could not open what they were given.
  if (assignee.level < ROLE_LEVEL.STAFF) throw ValidationError([{ field: 'assigneeId', message: 'must hold a role that works on cases (staff or above)' }]);
  const departments = await visibleDepartments(em, assignee);
  if (departments && !(kase.departmentId && departments.includes(kase.departmentId))) {
    throw ValidationError([{ field: 'assigneeId', message: "must be a user who can see the case: hospital-wide, or of the case's department or one above it" }]);
  }
}

/**
 * One page of complaints or actions in the caller's scope, newest first unless told otherwise. Scope and filters are
 * combined, never merged: a filter cannot widen the caller's scope.
 */
export async function pageOfCases<T extends Complaint | PxAction>(
  ctx: AppContext,
  entity: EntityClass<T>,
  query: PageQuery & { hospitalId?: string; hospitalCode?: string; escalated?: boolean },
  filters: FilterQuery<T>[],
  view: (row: T) => unknown,
  orderBy: object[] = [{ createdAt: 'desc', id: 'asc' }],
  fields?: readonly (keyof T & string)[],
) {
  const hospitalId = await hospitalFromFilters(ctx.state.em, query);
  if (hospitalId === null) return pageOf([], 0, query);
  const where = {
    $and: [
      await caseScope(ctx),
      ...(hospitalId ? [{ hospitalId }] : []),
      ...(query.escalated !== undefined ? [{ escalationLevel: query.escalated ? { $gt: 0 } : 0 }] : []),
      ...filters,
    ],
  } as FilterQuery<T>;
  const { items, total, totalExact } = await findPage(ctx.state.em, entity, where, query, orderBy as never, undefined, fields);
  return pageOf(items.map(view), total, query, totalExact);
}

/** The first line of a case's timeline, written with the case so it never lacks one. */
export function createdEvent(em: EntityManager, entityType: SlaEntity, entityId: string, actorId: string | null): void {
  em.persist(Object.assign(new CaseEvent(), { entityType, entityId, kind: 'created', actorId, dedupeKey: `${entityType}:${entityId}:created` }));
}

/** Everything that happened to a case, oldest first. */
export async function timelineOf(em: EntityManager, entityType: SlaEntity, entityId: string) {
  const events = await findPlain(em, CaseEvent, { entityType, entityId }, { orderBy: { at: 'asc', id: 'asc' } });
  return events.map((e) => ({ at: e.at, kind: e.kind, actorId: e.actorId ?? null, note: e.note ?? null, data: e.data ?? null }));
}

/**
 * A case as its detail page shows it, in the caller's scope (404 otherwise): read for display, not
 * to be changed (operations go through the workflow).
 */
export async function caseForDisplay<T extends Complaint | PxAction>(ctx: AppContext, entity: EntityClass<T>, id: string, what: string): Promise<T> {
  const row = await findOnePlain(ctx.state.em, entity, { $and: [await caseScope(ctx), { id }] } as FilterQuery<T>);
  if (!row) throw NotFoundError(what);
  return row;
}

/** The time zone a hospital's dates are shown in. */
export async function hospitalTimeZone(em: EntityManager, hospitalId: string): Promise<string> {
  const [row] = await em.getConnection().execute<{ timezone: string }[]>('select timezone from hospital where id = ?', [hospitalId]);
  if (!row) throw NotFoundError('hospital');
  return row.timezone;
}

/** A due date as staff read it in the hospital's zone, Gregorian and Hijri; null until the workflow has planned it. */
export function dueDisplay(at: Date | null | undefined, timeZone: string): DueDescription | null {
  return at ? describeDue(at.getTime(), timeZone) : null;
}

export function actorOf(ctx: AppContext): Actor {
  const principal = ctx.state.principal!;
  return { actorId: principal.id, actorLevel: principal.level };
}

/**
 * The start of a case's workflow, written to the outbox in the entity manager that stores the
 * case, so the case and its start commit together; the outbox delivery starts it at once, or as
 * soon as Temporal can be reached.
 */
export function queueCaseStart(em: EntityManager, services: CaseServices, workflowType: 'complaint' | 'pxAction', workflowId: string, input: CaseInput): void {
  new Outbox(services.config.outbox.lanes).start(em, workflowId, { workflowType, taskQueue: services.taskQueue, args: [input], workflowIdReusePolicy: 'REJECT_DUPLICATE' });
}

/** The workflow's live state, or null when Temporal cannot answer in time: the read model still does. */
export async function liveState<S>(temporal: Client, workflowId: string | null | undefined, query: QueryDefinition<S>): Promise<S | null> {
  if (!workflowId) return null;
  try {
    return await temporal.withDeadline(Date.now() + QUERY_DEADLINE_MS, () => temporal.workflow.getHandle(workflowId).query(query));
  } catch {
    return null;
  }
}

const unavailable = (message: string) => new ApiError(503, 'unavailable', message);

/** A case row as the operations need it. */
export interface CaseRow {
  id: string;
  referenceNo: string;
  hospitalId: string;
  workflowId?: string | null;
  status: string;
}

/** What every case's live state says, whatever the case. */
export interface CaseState {
  status: string;
  escalationLevel: number;
}

export interface CaseOperation<S extends CaseState> {
  /** The path segment, e.g. `acknowledge`; audited as `<entity>.<name>`. */
  name: string;
  /** e.g. `acknowledgeComplaint` (see RouteSpec.operationId). */
  operationId: string;
  summary: string;
  access: number;
  body: object;
  /** Called with the actor and the request body (which the body schema has checked). */
  update: UpdateDefinition<S, [any]>;
  /** What the workflow cannot check itself (it sees ids, not the database); throws 400. */
  check?(em: EntityManager, row: CaseRow, body: Record<string, unknown>): Promise<void>;
}

export interface CaseOperationsSpec<S extends CaseState> {
  entityType: SlaEntity;
  /** `/api/v1/complaints`. */
  path: string;
  tag: string;
  /** The schema of the workflow's live state, which each operation answers with. */
  stateView: { properties: { status: object } };
  /** The case if the caller may see it, else 404. */
  find(ctx: AppContext, id: string): Promise<CaseRow>;
  /**
   * Said with 409 when the workflow has finished, e.g. "the complaint is closed"; null when the
   * case is not in a final state, so its workflow ended abnormally (terminated, failed).
   */
  finished(ctx: AppContext, row: CaseRow): Promise<string | null>;
  operations: CaseOperation<S>[];
}

/**
 * `POST {path}/{id}/{operation}` for each operation: the caller's scope is checked here (404
 * outside it), the transition and role rules by the workflow's update validator, whose refusals
 * answer 409 (not possible in this status) or 403 (not for this role). Audited when done.
 */
export function caseOperationRoutes<S extends CaseState>(services: CaseServices, spec: CaseOperationsSpec<S>): RouteSpec[] {
  return spec.operations.map((operation) =>
    defineRoute<{ id: string }, unknown, Record<string, unknown>>({
      method: 'post',
      path: `${spec.path}/{id}/${operation.name}`,
      operationId: operation.operationId,
      tag: spec.tag,
      summary: operation.summary,
      access: operation.access,
      params: idParams,
      body: operation.body,
      response: { schema: caseOperationReplyView(spec.stateView) },
      // 409: not possible in the case's status; 503: its workflow could not be asked.
      errors: [409, 503],
      async handler(ctx, { params, body }) {
        const em = ctx.state.em;
        const row = await spec.find(ctx, params.id);
        await operation.check?.(em, row, body);
        const { ids, textId } = await storeWritten(ctx, spec.entityType, row.id, body);
        let state: S;
        try {
          state = await runUpdate(ctx, spec, row, () =>
            services.temporal.withDeadline(Date.now() + UPDATE_DEADLINE_MS, () =>
              services.temporal.workflow.getHandle(row.workflowId!).executeUpdate(operation.update, { args: [{ ...actorOf(ctx), ...ids, ...(textId ? { textId } : {}) }] }),
            ),
          );
        } catch (error) {
          // Refused (409, 403): the words were never used. Unanswered (503): the update may still
          // apply and read them, so they stay.
          const refused = error instanceof ApiError && error.status < 500;
          if (textId && refused) await ctx.state.em.fork().nativeDelete(CaseText, { id: textId });
          throw error;
        }
        recordAudit(em, ctx, {
          action: `${spec.entityType}.${operation.name}`,
          entityType: spec.entityType,
          entityId: row.id,
          hospitalId: row.hospitalId,
          before: { status: row.status },
          // Ids as given; free text (notes, root cause, evidence) only by length: the audit table can
          // never be erased, and what staff write about a case may name the patient.
          after: { status: state.status, escalationLevel: state.escalationLevel, ...auditable(body) },
        });
        await em.flush();
        return { id: row.id, referenceNo: row.referenceNo, status: state.status, escalationLevel: state.escalationLevel, live: state };
      },
    }),
  );
}

/**
 * Keeps what staff wrote with an operation in `case_text`, committed before the workflow is asked,
 * so the workflow carries only its id; ids in the body (an assignee) go to the workflow as they are.
 */
async function storeWritten(ctx: AppContext, entityType: SlaEntity, entityId: string, body: Record<string, unknown>): Promise<{ ids: Record<string, unknown>; textId?: string }> {
  const ids: Record<string, unknown> = {};
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string' && !key.endsWith('Id')) fields[key] = value;
    else ids[key] = value;
  }
  if (Object.keys(fields).length === 0) return { ids };
  const text = Object.assign(new CaseText(), { entityType, entityId, authorId: ctx.state.principal?.id ?? null, fields });
  await ctx.state.em.fork().persistAndFlush(text);
  return { ids, textId: text.id };
}

function auditable(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).map(([key, value]) => (key.endsWith('Id') || typeof value !== 'string' ? [key, value] : [`${key}Length`, value.length])));
}

async function runUpdate<S extends CaseState>(ctx: AppContext, spec: CaseOperationsSpec<S>, row: CaseRow, call: () => Promise<S>): Promise<S> {
  const notRunning = `the ${spec.entityType}'s workflow is not running; it was stored while case workflows were unreachable`;
  if (!row.workflowId) throw unavailable(notRunning);
  try {
    return await call();
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      if (error.cause.type === 'InvalidTransition') throw ConflictError(error.cause.message);
      if (error.cause.type === 'NotAllowed') throw ForbiddenError(error.cause.message);
    }
    // Temporal answers "not found" both for a finished workflow and for one that never started.
    if (error instanceof WorkflowNotFoundError) {
      if (!/completed/i.test(error.message)) throw unavailable(notRunning);
      const finished = await spec.finished(ctx, row);
      throw finished
        ? ConflictError(finished)
        : unavailable(`the ${spec.entityType}'s workflow has ended without finishing the ${spec.entityType} (terminated or failed); a PX admin can see why in the Temporal Web UI`);
    }
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
      throw unavailable(`the ${spec.entityType}'s workflow did not answer in time; the operation may still take effect, so check the timeline before trying again`);
    }
    if (error instanceof ServiceError) throw unavailable('case workflows cannot be reached right now; try again shortly');
    throw error;
  }
}
