export const COMPLAINT_STATUSES = ['open', 'acknowledged', 'in_progress', 'resolved', 'closed'] as const;
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const SOURCE_CHANNELS = ['walk_in', 'phone', 'moh_937', 'email', 'web', 'social', 'survey_comment'] as const;
export const CATEGORIES = ['waiting_time', 'staff_attitude', 'communication', 'clinical_care', 'billing', 'cleanliness', 'appointments', 'other'] as const;

export interface ComplaintSummary {
  id: string;
  referenceNo: string;
  hospitalId: string;
  departmentId: string | null;
  patientId: string | null;
  encounterId: string | null;
  severity: string;
  category: string;
  subcategory: string | null;
  sourceChannel: string;
  status: string;
  escalationLevel: number;
  assigneeId: string | null;
  acknowledgeBy: string | null;
  resolveBy: string | null;
  createdAt: string;
}

export interface TimelineEvent {
  at: string;
  kind: string;
  actorId: string | null;
  note: string | null;
  data: Record<string, unknown> | null;
}

export interface ComplaintDetail extends ComplaintSummary {
  description: string;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  language: 'ar' | 'en';
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  rootCause: string | null;
  resolutionNotes: string | null;
  timeline: TimelineEvent[];
  live: { status: string; escalationLevel: number; assigneeId: string | null; sla: Record<string, { dueAt: string | null; state: string }> } | null;
}

/** The due date that matters now: acknowledgement while open, resolution while being worked on. */
export function currentDue(c: Pick<ComplaintSummary, 'status' | 'acknowledgeBy' | 'resolveBy'>): { due: string | null; met: boolean; which: 'acknowledge' | 'resolve' } {
  if (c.status === 'open') return { due: c.acknowledgeBy, met: false, which: 'acknowledge' };
  if (c.status === 'acknowledged' || c.status === 'in_progress') return { due: c.resolveBy, met: false, which: 'resolve' };
  return { due: c.resolveBy, met: true, which: 'resolve' };
}
