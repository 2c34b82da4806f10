import type { FilterQuery } from '@mikro-orm/core';
import { Complaint, Encounter, Patient, PxAction, SurveyInstance } from '../../../models/entities';
import type { AppContext } from '../../context';
import { NotFoundError } from '../../errors';
import { ROLE_LEVEL } from '../../rbac/roles';
import { hospitalWhere } from '../../rbac/scope';
import { defineRoute, type RouteSpec } from '../../routing';
import { caseScope } from '../complaints/cases';
import { surveyScope } from '../surveys/surveys';
import { answerObject, idParams, language, nullableUuid, stamp, uuid } from '../schemaParts';

export type TimelineKind = 'encounter' | 'survey' | 'complaint' | 'action';

export interface TimelineEntry {
  kind: TimelineKind;
  id: string;
  /** When it happened: a visit's start, a survey's answer (else its send, else its plan), a case's filing. */
  at: Date;
  status: string;
  /** What staff quote: a visit number, a survey template code, a case reference. */
  reference: string;
  /** One line to show: the journey and visit, the survey template code, the case reference (and an action's title). */
  title: string;
  departmentId: string | null;
  encounterId: string | null;
  details: Record<string, unknown>;
}

const timelineQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 100, description: 'newest entries of each kind considered; the merged timeline is cut to this many' } },
} as const;

const KINDS = ['encounter', 'survey', 'complaint', 'action'] as const;
const flag = { type: 'boolean' } as const;
const count = { type: 'integer', minimum: 0 } as const;

const entryView = answerObject({
  kind: { type: 'string', enum: KINDS },
  id: uuid,
  at: stamp,
  status: { type: 'string' },
  reference: { type: 'string' },
  title: { type: 'string' },
  departmentId: nullableUuid,
  encounterId: nullableUuid,
  details: { type: 'object', description: 'per kind: journey and stage times; survey score and channel; complaint severity and category; action priority, title and source' },
});

export const timelineView = answerObject({
  patient: answerObject({
    id: uuid,
    hospitalId: uuid,
    mrn: { type: 'string' },
    fullNameEn: { type: ['string', 'null'] },
    fullNameAr: { type: ['string', 'null'] },
    preferredLanguage: language,
    preferredChannels: { type: ['array', 'null'], items: { type: 'string' } },
    deceased: flag,
  }),
  optOuts: answerObject({ sms: flag, whatsapp: flag, email: flag }, [], 'channels the patient asked not to be messaged on'),
  items: { type: 'array', items: entryView, description: 'newest first' },
  counts: answerObject(
    { encounter: count, survey: count, complaint: count, action: count },
    [],
    'how many of each kind the caller may see (the items may be fewer: see limit)',
  ),
});

const encounterEntry = (e: Encounter): TimelineEntry => ({
  kind: 'encounter',
  id: e.id,
  at: e.startedAt,
  status: e.status,
  reference: e.visitNumber,
  title: e.journeyCode ? `${e.journeyCode} ${e.visitNumber}` : e.visitNumber,
  departmentId: e.departmentId ?? null,
  encounterId: e.id,
  details: { journeyCode: e.journeyCode ?? null, patientClass: e.patientClass ?? null, endedAt: e.endedAt ?? null },
});

const surveyEntry = (s: SurveyInstance): TimelineEntry => ({
  kind: 'survey',
  id: s.id,
  at: s.completedAt ?? s.sentAt ?? s.scheduledFor ?? s.createdAt,
  status: s.status,
  reference: s.templateCode,
  title: s.templateCode,
  departmentId: null,
  encounterId: s.encounterId ?? null,
  details: {
    channel: s.channel ?? null,
    score: s.score ?? null,
    npsCategory: s.npsCategory ?? null,
    negative: s.negative,
    suppressionReason: s.suppressionReason ?? null,
    complaintId: s.complaintId ?? null,
  },
});

const complaintEntry = (c: Complaint): TimelineEntry => ({
  kind: 'complaint',
  id: c.id,
  at: c.createdAt,
  status: c.status,
  reference: c.referenceNo,
  title: c.referenceNo,
  departmentId: c.departmentId ?? null,
  encounterId: c.encounterId ?? null,
  details: { severity: c.severity, category: c.category, sourceChannel: c.sourceChannel, escalationLevel: c.escalationLevel, resolveBy: c.resolveBy ?? null },
});

const actionEntry = (a: PxAction): TimelineEntry => ({
  kind: 'action',
  id: a.id,
  at: a.createdAt,
  status: a.status,
  reference: a.referenceNo,
  title: `${a.referenceNo} ${a.title}`,
  departmentId: a.departmentId ?? null,
  encounterId: null,
  details: { title: a.title, priority: a.priority, sourceType: a.sourceType, sourceId: a.sourceId ?? null, dueAt: a.dueAt ?? null },
});

/**
 * One patient's encounters, surveys, complaints and actions, newest first. The patient must be in
 * the caller's hospital; each entry is then held to its own kind's scope (a department-bound nurse
 * sees the patient's visits and cases of her departments, not the whole hospital's). Actions belong
 * to a patient through what they came from: one of the patient's complaints or surveys.
 */
export async function patientTimeline(ctx: AppContext, patientId: string, limit: number) {
  const em = ctx.state.em;
  const patient = await em.findOne(Patient, { $and: [hospitalWhere(ctx.state.principal!), { id: patientId, deletedAt: null }] });
  if (!patient) throw NotFoundError('patient');
  const cases = await caseScope(ctx);
  const options = { limit, orderBy: { createdAt: 'desc', id: 'asc' } } as const;
  const encounterWhere = { $and: [cases, { patientId }] } as FilterQuery<Encounter>;
  const surveyWhere = { $and: [await surveyScope(ctx), { patientId }] } as FilterQuery<SurveyInstance>;
  const complaintWhere = { $and: [cases, { patientId }] } as FilterQuery<Complaint>;
  const [encounters, encounterCount] = await em.findAndCount(Encounter, encounterWhere, { limit, orderBy: { startedAt: 'desc', id: 'asc' } });
  const [surveys, surveyCount] = await em.findAndCount(SurveyInstance, surveyWhere, options);
  const [complaints, complaintCount] = await em.findAndCount(Complaint, complaintWhere, options);
  // Sources among all the patient's complaints and surveys, not only those the caller sees: an
  // action in the caller's scope about a complaint of another department is still this patient's.
  const idsOf = async (table: 'complaint' | 'survey_instance') =>
    ((await em.getConnection().execute(`select id from ${table} where patient_id = ? and hospital_id = ?`, [patientId, patient.hospitalId])) as { id: string }[]).map((r) => r.id);
  const complaintIds = await idsOf('complaint');
  const surveyIds = await idsOf('survey_instance');
  const sources: FilterQuery<PxAction>[] = [
    ...(complaintIds.length ? [{ sourceType: 'complaint', sourceId: { $in: complaintIds } } as FilterQuery<PxAction>] : []),
    ...(surveyIds.length ? [{ sourceType: 'survey', sourceId: { $in: surveyIds } } as FilterQuery<PxAction>] : []),
  ];
  const [actions, actionCount] = sources.length
    ? await em.findAndCount(PxAction, { $and: [cases, { $or: sources }] } as FilterQuery<PxAction>, options)
    : [[], 0];
  const items = [...encounters.map(encounterEntry), ...surveys.map(surveyEntry), ...complaints.map(complaintEntry), ...actions.map(actionEntry)]
    .sort((a, b) => b.at.getTime() - a.at.getTime() || a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id))
    .slice(0, limit);
  return {
    patient: {
      id: patient.id,
      hospitalId: patient.hospitalId,
      mrn: patient.mrn,
      fullNameEn: patient.fullNameEn ?? null,
      fullNameAr: patient.fullNameAr ?? null,
      preferredLanguage: patient.preferredLanguage,
      preferredChannels: patient.preferredChannels ?? null,
      deceased: patient.deceased,
    },
    optOuts: { sms: patient.optOutSms, whatsapp: patient.optOutWhatsapp, email: patient.optOutEmail },
    items,
    counts: { encounter: encounterCount, survey: surveyCount, complaint: complaintCount, action: actionCount },
  };
}

export function patientTimelineRoutes(): RouteSpec[] {
  return [
    defineRoute<{ id: string }, { limit: number }>({
      method: 'get',
      path: '/api/v1/patients/{id}/timeline',
      operationId: 'getPatientTimeline',
      tag: 'patients',
      summary: "A patient's encounters, surveys, complaints and actions on one timeline, newest first, with channel opt-outs (each within the caller's scope)",
      access: ROLE_LEVEL.STAFF,
      params: idParams,
      query: timelineQuery,
      response: { schema: timelineView },
      handler: (ctx, { params, query }) => patientTimeline(ctx, params.id, query.limit),
    }),
  ];
}
