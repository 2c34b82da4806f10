export const SURVEY_STATUSES = ['scheduled', 'sent', 'completed', 'suppressed', 'expired', 'opted_out', 'failed'] as const;
export const TEMPLATE_CODES = ['OPD_VISIT', 'INPATIENT_STAY', 'EMERGENCY_DEPARTMENT', 'PHARMACY', 'LABORATORY', 'RADIOLOGY', 'COMPLAINT_RESOLUTION', 'QUICK_NPS'] as const;

export interface SurveySummary {
  id: string;
  hospitalId: string;
  hospitalCode: string;
  encounterId: string | null;
  patientId: string | null;
  templateCode: string;
  stageCode: string | null;
  status: string;
  suppressionReason: string | null;
  channel: string | null;
  language: string;
  scheduledFor: string | null;
  sentAt: string | null;
  expiresAt: string | null;
  completedAt: string | null;
  score: number | null;
  negative: boolean;
  npsCategory: string | null;
}

export interface SurveyDetail extends SurveySummary {
  remindersSent: number;
  topBox: boolean | null;
  negativeReasons: string[];
  respondedVia: string | null;
  answers: Record<string, unknown>[];
  deliveries: { createdAt: string; channel: string; recipient: string; language: string; status: string; error: string | null; sentAt: string | null }[];
}
