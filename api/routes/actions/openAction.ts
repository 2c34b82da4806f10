import { PxAction, type ActionSource, type Hospital } from '../../../models/entities';
import type { ActionPriority } from '../../../models/rules/statuses';
import { nextReference } from '../../../models/references';
import { actionWorkflowId } from '../../../workflows/caseTypes';
import { recordAudit } from '../../audit';
import type { AppContext } from '../../context';
import { createdEvent, queueCaseStart, type CaseServices } from '../complaints/cases';

/** A PX action as asked for, already checked against the hospital it belongs to. */
export interface ActionIntake {
  hospital: Hospital;
  departmentId: string | null;
  sourceType: ActionSource;
  /** The complaint (or survey) it answers; null for a manual action. */
  sourceId: string | null;
  title: string;
  description?: string | null;
  priority: ActionPriority;
  /** Null: the workflow gives it to the department's manager. */
  assigneeId?: string | null;
}

/**
 * Opens a PX action, manual or from a complaint: the reference number, the row, its first timeline
 * line, the audit row and the start of its `pxAction` workflow (an outbox message; the workflow
 * plans the due date and names the owner) commit together. A second action for the same source
 * breaks the (source type, source) uniqueness and answers 409.
 */
export async function openAction(ctx: AppContext, services: CaseServices, intake: ActionIntake): Promise<PxAction> {
  const em = ctx.state.em;
  const { hospital } = intake;
  const referenceNo = await nextReference(em, 'ACT');
  const createdById = ctx.state.principal?.id ?? null;
  const action = Object.assign(new PxAction(), {
    hospitalId: hospital.id,
    referenceNo,
    departmentId: intake.departmentId,
    sourceType: intake.sourceType,
    sourceId: intake.sourceId,
    title: intake.title,
    description: intake.description ?? null,
    priority: intake.priority,
    assigneeId: intake.assigneeId ?? null,
    createdById,
  });
  action.workflowId = actionWorkflowId(action.id);
  em.persist(action);
  createdEvent(em, 'action', action.id, createdById);
  recordAudit(em, ctx, {
    action: 'action.create',
    entityType: 'action',
    entityId: action.id,
    hospitalId: hospital.id,
    after: { referenceNo, sourceType: action.sourceType, sourceId: action.sourceId, title: action.title, priority: action.priority, departmentId: action.departmentId, assigneeId: action.assigneeId },
  });
  queueCaseStart(em, services, 'pxAction', action.workflowId, { id: action.id, referenceNo, hospitalId: hospital.id, hospitalCode: hospital.code });
  await em.flush();
  return action;
}
