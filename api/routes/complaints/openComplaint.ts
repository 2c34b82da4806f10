import { Complaint, type ComplaintSource, type Hospital } from '../../../models/entities';
import type { ComplaintSeverity } from '../../../models/rules/statuses';
import type { Language } from '../../../models/entities/organizations';
import { nextReference } from '../../../models/references';
import { normalisePhone } from '../../../models/rules/phone';
import { complaintWorkflowId } from '../../../workflows/caseTypes';
import { recordAudit } from '../../audit';
import type { AppContext } from '../../context';
import { createdEvent, queueCaseStart, type CaseServices } from './cases';

/** A complaint as taken, already checked against the hospital it is made to. */
export interface ComplaintIntake {
  hospital: Hospital;
  departmentId: string | null;
  patientId?: string | null;
  encounterId?: string | null;
  severity: ComplaintSeverity;
  category: string;
  subcategory?: string | null;
  description: string;
  sourceChannel: ComplaintSource;
  contactName?: string | null;
  contactPhone?: string | null;
  contactEmail?: string | null;
  language: Language;
}

/**
 * Opens a complaint, whoever takes it (staff through the API, a patient on the public page): the
 * reference number, the row, its first timeline line, the audit row and the start of its workflow
 * (an outbox message) commit together. The audit row names the complaint but carries no
 * description or contact details: the audit trail can never be erased, and those are the
 * complainant's to have removed.
 */
export async function openComplaint(ctx: AppContext, services: CaseServices, intake: ComplaintIntake): Promise<Complaint> {
  const em = ctx.state.em;
  const { hospital } = intake;
  const referenceNo = await nextReference(em, 'CMP');
  const createdById = ctx.state.principal?.id ?? null;
  const complaint = Object.assign(new Complaint(), {
    hospitalId: hospital.id,
    referenceNo,
    workflowId: complaintWorkflowId(referenceNo),
    departmentId: intake.departmentId,
    patientId: intake.patientId ?? null,
    encounterId: intake.encounterId ?? null,
    severity: intake.severity,
    category: intake.category,
    subcategory: intake.subcategory ?? null,
    description: intake.description,
    sourceChannel: intake.sourceChannel,
    contactName: intake.contactName ?? null,
    // Stored in international form, as every other phone is, so a reply or a STOP from it matches.
    contactPhone: (intake.contactPhone && normalisePhone(intake.contactPhone, services.config.relay.phoneCountryCode)) ?? intake.contactPhone ?? null,
    contactEmail: intake.contactEmail ?? null,
    language: intake.language,
    createdById,
  });
  em.persist(complaint);
  createdEvent(em, 'complaint', complaint.id, createdById);
  recordAudit(em, ctx, {
    action: 'complaint.create',
    entityType: 'complaint',
    entityId: complaint.id,
    hospitalId: hospital.id,
    after: { referenceNo, severity: complaint.severity, category: complaint.category, sourceChannel: complaint.sourceChannel, departmentId: complaint.departmentId, patientId: complaint.patientId },
  });
  queueCaseStart(em, services, 'complaint', complaint.workflowId!, { id: complaint.id, referenceNo, hospitalId: hospital.id, hospitalCode: hospital.code });
  await em.flush();
  return complaint;
}
