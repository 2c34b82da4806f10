import { ApplicationFailure } from '@temporalio/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../../config';
import type { Logger } from '../../config/logger';
import {
  Complaint,
  Encounter,
  Hospital,
  NotificationTemplate,
  Patient,
  StageTemplate,
  SurveyInstance,
  SurveyQuestion,
  SurveyTemplate,
  SurveyToken,
} from '../../models/entities';
import type { Orm } from '../../models/orm';
import { OPEN_COMPLAINT_STATUSES, type SurveyStatus } from '../../models/rules/statuses';
import { reachableChannels, suppressionReason, type PatientFacts, type SuppressionReason, type SurveyChannel } from '../../models/rules/suppression';
import { nextAllowedTime, parseQuietHours } from '../../models/rules/surveyTiming';
import type { SurveyInput, SurveyOutcome, SurveyPlan, SurveySendRequest, SurveySendResult } from '../../workflows/surveyTypes';
import { notificationActivities, type NotificationChannels } from '../notifications';
import { surveyTiming } from './settings';
import { newSurveyToken } from './tokens';

export interface SurveyActivityDependencies {
  orm: Orm;
  log: Logger;
  surveys: Config['surveys'];
  publicUrl: string;
  channels: NotificationChannels;
}

/** Statuses in which a survey still counts against the one-per-encounter budget. */
const COUNTED: SurveyStatus[] = ['scheduled', 'sent', 'completed', 'expired', 'opted_out'];

/** The hospital's own active template of a code, else the group-wide one. */
export async function activeTemplate(em: EntityManager, hospitalId: string, code: string): Promise<SurveyTemplate | null> {
  const candidates = await em.find(SurveyTemplate, { code, active: true, $or: [{ hospitalId }, { hospitalId: null }] }, { orderBy: { version: 'desc' } });
  return candidates.find((t) => t.hospitalId === hospitalId) ?? candidates[0] ?? null;
}

function patientFacts(patient: Patient | null): PatientFacts | null {
  return patient && !patient.deletedAt ? patient : null;
}

async function suppressionOf(em: EntityManager, survey: SurveyInstance, template: SurveyTemplate, minAge: number, cooldownDays: number): Promise<SuppressionReason | null> {
  const patient = survey.patientId ? await em.findOne(Patient, { id: survey.patientId }) : null;
  // Through the entity manager, so it reads inside the caller's transaction on its connection
  // rather than waiting for a second connection from the pool.
  const [last] = survey.patientId
    ? await em.execute<{ at: Date | null }[]>(`select max("sent_at") as "at" from "survey_instance" where "patient_id" = ? and "id" <> ?`, [survey.patientId, survey.id])
    : [];
  const encounterAlreadySurveyed = survey.encounterId
    ? (await em.count(SurveyInstance, { encounterId: survey.encounterId, id: { $ne: survey.id }, status: { $in: COUNTED } })) > 0
    : false;
  const openComplaint = survey.patientId ? (await em.count(Complaint, { patientId: survey.patientId, status: { $in: OPEN_COMPLAINT_STATUSES } })) > 0 : false;
  // A complaint's resolution survey asks about that complaint: the cooldown, the per-encounter
  // budget and the open-complaint rule are there to spare patients other surveys, not this one.
  const resolution = Boolean(survey.complaintId);
  return suppressionReason({
    patient: patientFacts(patient),
    now: new Date(),
    minAge,
    lastSurveyedAt: !resolution && last?.at ? new Date(last.at) : null,
    cooldownDays,
    encounterAlreadySurveyed: !resolution && encounterAlreadySurveyed,
    multiplePerEncounter: template.multiplePerEncounter,
    openComplaint: !resolution && openComplaint,
  });
}

/** A single NPS question can be answered by replying with a number; its messages say so. */
export async function isTextReplySurvey(em: EntityManager, templateId: string): Promise<boolean> {
  const questions = await em.find(SurveyQuestion, { templateId });
  return questions.length === 1 && questions[0].type === 'nps';
}

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** The hospital's own wording of a message, else the group-wide one. */
export async function messageTemplate(em: EntityManager, hospitalId: string, code: string, channel: SurveyChannel, language: 'ar' | 'en'): Promise<NotificationTemplate | null> {
  const rows = await em.find(NotificationTemplate, { code, channel, language, $or: [{ hospitalId }, { hospitalId: null }] });
  return rows.find((r) => r.hospitalId === hospitalId) ?? rows[0] ?? null;
}

export function surveyActivities(deps: SurveyActivityDependencies) {
  const { orm, log } = deps;
  const { sendNotification } = notificationActivities({ orm, log, channels: deps.channels });

  return {
    /**
     * Creates the survey instance of a workflow (or finds it, when the activity runs again), decides
     * whether it is suppressed, and when the first message may go: stage completion plus the send
     * delay, moved out of quiet hours in the hospital's time zone.
     */
    async prepareSurvey(input: SurveyInput): Promise<SurveyPlan> {
      return orm.em.fork().transactional(async (em) => {
        const hospital = await em.findOneOrFail(Hospital, { id: input.hospitalId });
        const stage = input.journeyTemplateId ? await em.findOne(StageTemplate, { journeyTemplateId: input.journeyTemplateId, code: input.stageCode }) : null;
        let timing: ReturnType<typeof surveyTiming>;
        try {
          timing = surveyTiming(deps.surveys, hospital.surveySettings, stage ? { ...stage.surveySettings, ...(stage.sendDelay ? { sendDelay: stage.sendDelay } : {}) } : null);
        } catch (error) {
          // Settings no retry can mend: fail the survey visibly rather than retry for ever.
          throw ApplicationFailure.nonRetryable(`survey settings of ${hospital.code}/${input.stageCode} are invalid: ${(error as Error).message}`, 'InvalidSurveySettings');
        }
        const template = await activeTemplate(em, input.hospitalId, input.templateCode);
        let survey = await em.findOne(SurveyInstance, { workflowId: input.workflowId });
        if (!survey) {
          const encounter = input.encounterWorkflowId ? await em.findOne(Encounter, { workflowId: input.encounterWorkflowId }) : null;
          const patient = input.patientId ? await em.findOne(Patient, { id: input.patientId }) : null;
          survey = Object.assign(new SurveyInstance(), {
            hospitalId: input.hospitalId,
            workflowId: input.workflowId,
            templateId: template?.id,
            templateCode: input.templateCode,
            encounterId: encounter?.id ?? null,
            stageCode: input.stageCode,
            complaintId: input.complaintId ?? null,
            patientId: patient?.id ?? null,
            language: patient?.preferredLanguage ?? 'ar',
            negativeReasons: [],
          });
          if (!template) {
            // Nothing to send and no template to file a survey under: the log says why the stage went unsurveyed.
            log.warn({ templateCode: input.templateCode, hospital: hospital.code }, 'no active survey template of this code');
            return { surveyId: null, status: 'suppressed', suppressionReason: 'no_template', ...planTiming(timing, hospital, 0), channels: [] };
          }
          const reason = await suppressionOf(em, survey, template, deps.surveys.minAge, timing.cooldownDays);
          const sendAt = nextAllowedTime(Date.parse(input.readyAt) + timing.sendDelayMs, parseQuietHours(timing.quietHours), hospital.timezone);
          Object.assign(survey, reason ? { status: 'suppressed', suppressionReason: reason } : { status: 'scheduled', scheduledFor: new Date(sendAt) });
          em.persist(survey);
        }
        const patient = survey.patientId ? await em.findOne(Patient, { id: survey.patientId }) : null;
        return {
          surveyId: survey.id,
          status: survey.status,
          suppressionReason: survey.suppressionReason ?? null,
          ...planTiming(timing, hospital, survey.scheduledFor?.getTime() ?? 0),
          channels: patient ? reachableChannels(patient) : [],
        };
      });
    },

    /**
     * Sends one survey message (the invite or a reminder) on one channel, with a fresh link.
     * Idempotent per survey, kind, sequence and channel. Before the invite the suppression rules
     * run again (an opt-out or a complaint may have come in during the delay). A channel the patient
     * cannot be reached on fails without retry, so the workflow moves on to the next one.
     */
    async sendSurveyMessage(input: SurveySendRequest): Promise<SurveySendResult> {
      const em = orm.em.fork();
      const survey = await em.findOneOrFail(SurveyInstance, { id: input.surveyId });
      if (survey.status !== 'scheduled' && survey.status !== 'sent') return { outcome: 'closed', status: survey.status };
      const template = await em.findOneOrFail(SurveyTemplate, { id: survey.templateId });
      if (input.kind === 'invite' && survey.status === 'scheduled') {
        const reason = await suppressionOf(em, survey, template, deps.surveys.minAge, input.cooldownDays);
        if (reason) {
          await em.nativeUpdate(SurveyInstance, { id: survey.id, status: 'scheduled' }, { status: 'suppressed', suppressionReason: reason });
          return { outcome: 'suppressed', status: 'suppressed', suppressionReason: reason };
        }
      }
      const patient = survey.patientId ? await em.findOne(Patient, { id: survey.patientId }) : null;
      if (!patient || !reachableChannels(patient).includes(input.channel)) {
        throw ApplicationFailure.nonRetryable(`the patient cannot be reached by ${input.channel}`, 'ChannelUnavailable');
      }
      const hospital = await em.findOneOrFail(Hospital, { id: survey.hospitalId });
      const language = survey.language;
      const textReply = input.channel !== 'email' && (await isTextReplySurvey(em, template.id));
      const code = `survey_${textReply ? 'nps_' : ''}${input.kind}`;
      const wording = await messageTemplate(em, hospital.id, code, input.channel, language);
      if (!wording) throw ApplicationFailure.nonRetryable(`no ${code} message for ${input.channel} in ${language}`, 'NoMessageTemplate');

      const { token, hash } = newSurveyToken();
      await em.insert(SurveyToken, { tokenHash: hash, surveyId: survey.id, channel: input.channel, createdAt: new Date() });
      const link = `${deps.publicUrl}/s/${token}`;
      const values = { hospital: language === 'ar' ? hospital.nameAr : hospital.nameEn, survey: language === 'ar' ? template.nameAr : template.nameEn, link };
      const result = await sendNotification({
        idempotencyKey: `survey:${survey.id}:${input.kind}:${input.seq}:${input.channel}`,
        channel: input.channel,
        to: input.channel === 'email' ? patient.email! : patient.phone!,
        language,
        subject: wording.subject ? fill(wording.subject, values) : undefined,
        body: fill(wording.body, values),
        link,
        hospitalId: hospital.id,
        entityType: 'survey',
        entityId: survey.id,
      });
      // A message an earlier attempt sent carried that attempt's link; this one was never handed out.
      if (result.status === 'duplicate') await em.nativeDelete(SurveyToken, { tokenHash: hash });

      const sentAt = survey.sentAt ?? new Date();
      const expiresAt = survey.expiresAt ?? new Date(sentAt.getTime() + input.expiryMs);
      await em.getConnection().execute(
        `update "survey_instance" set "status" = case when "status" = 'scheduled' then 'sent' else "status" end,
           "channel" = coalesce("channel", ?), "sent_at" = coalesce("sent_at", ?), "expires_at" = coalesce("expires_at", ?),
           "reminders_sent" = greatest("reminders_sent", ?), "updated_at" = now()
         where "id" = ?`,
        [input.channel, sentAt, expiresAt, input.kind === 'reminder' ? input.seq : 0, survey.id],
      );
      return { outcome: result.status, status: 'sent', sentAt: sentAt.getTime(), expiresAt: expiresAt.getTime() };
    },

    /** Closes a survey nobody answered in time; its links answer 410 from now on. */
    async expireSurvey(input: { surveyId: string }): Promise<SurveyStatus> {
      const em = orm.em.fork();
      await em.nativeUpdate(SurveyInstance, { id: input.surveyId, status: 'sent' }, { status: 'expired' });
      return (await em.findOneOrFail(SurveyInstance, { id: input.surveyId })).status;
    },

    /** Every channel failed: recorded, so staff can see the survey never reached the patient. */
    async failSurvey(input: { surveyId: string }): Promise<void> {
      await orm.em.fork().nativeUpdate(SurveyInstance, { id: input.surveyId, status: { $in: ['scheduled', 'sent'] } }, { status: 'failed' });
    },

    /** An answered survey's result, for the workflow to act on (a negative one opens a PX action). */
    async handOverSurveyOutcome(input: { surveyId: string }): Promise<SurveyOutcome | null> {
      const survey = await orm.em.fork().findOneOrFail(SurveyInstance, { id: input.surveyId });
      if (survey.status !== 'completed') return null;
      const outcome: SurveyOutcome = {
        surveyId: survey.id,
        hospitalId: survey.hospitalId,
        encounterId: survey.encounterId ?? null,
        patientId: survey.patientId ?? null,
        templateCode: survey.templateCode,
        score: survey.score ?? null,
        negative: survey.negative,
        negativeReasons: survey.negativeReasons,
      };
      return outcome;
    },
  };
}

function planTiming(timing: ReturnType<typeof surveyTiming>, hospital: Hospital, sendAt: number) {
  return {
    sendAt,
    timeZone: hospital.timezone,
    quietHours: timing.quietHours,
    remindersMs: timing.remindersMs,
    expiryMs: timing.expiryMs,
    cooldownDays: timing.cooldownDays,
  };
}
