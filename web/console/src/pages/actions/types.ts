import type { CaseEvent } from '../../components/CaseTimeline';

export const ACTION_STATUSES = ['open', 'in_progress', 'submitted', 'approved', 'cancelled'] as const;

export interface ActionSummary {
  id: string;
  referenceNo: string;
  hospitalId: string;
  departmentId: string | null;
  sourceType: 'survey' | 'complaint' | 'manual';
  sourceId: string | null;
  title: string;
  priority: string;
  status: string;
  escalationLevel: number;
  assigneeId: string | null;
  dueAt: string | null;
  createdAt: string;
}

export interface ActionDetail extends ActionSummary {
  description: string | null;
  evidence: string | null;
  submittedAt: string | null;
  approvedById: string | null;
  approvedAt: string | null;
  cancelReason: string | null;
  timeline: CaseEvent[];
}

export const isDone = (status: string) => status === 'approved' || status === 'cancelled';
