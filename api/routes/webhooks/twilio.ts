/**
 * Inbound SMS and WhatsApp from Twilio: `STOP`/`إيقاف` opts the patient out of that channel, and a
 * number from 0 to 10 answers the one-question NPS survey the patient was sent on it. Every request
 * must carry a valid `X-Twilio-Signature`; anything else is refused and recorded.
 */
import twilio from 'twilio';
import { AnswerError } from '../../../models/rules/scoring';
import { isTextReplySurvey, messageTemplate } from '../../../activities/surveys/surveyActivities';
import { optOutPatient, recordSurveyResponse, surveyQuestions, SurveyClosedError } from '../../../activities/surveys/responses';
import { Patient, SurveyInstance } from '../../../models/entities';
import { Outbox } from '../../../models/outbox';
import { asciiDigits, phoneForms } from '../../../models/rules/phone';
import { recordAudit } from '../../audit';
import type { ApiServices, AppContext } from '../../context';
import { ApiError, TooManyRequestsError } from '../../errors';
import { RateLimit } from '../../rateLimit';
import { defineRoute, type RouteSpec } from '../../routing';

type TextChannel = 'sms' | 'whatsapp';

/** Words that mean "no more messages", in English (Twilio's own list) and Arabic. */
const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'إيقاف', 'ايقاف', 'توقف', 'إلغاء', 'الغاء']);

/** `9`, `١٠` (Arabic-Indic digits) or `10.` → the number; anything else → null. */
export function npsReply(text: string): number | null {
  const western = asciiDigits(text.trim()).replace(/[.!]+$/, '');
  if (!/^\d{1,2}$/.test(western)) return null;
  const value = Number(western);
  return value <= 10 ? value : null;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function twiml(ctx: AppContext, message?: string): void {
  ctx.status = 200;
  ctx.type = 'text/xml';
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?><Response>${message ? `<Message>${escapeXml(message)}</Message>` : ''}</Response>`;
}

/** Unsigned requests one client may send in a window before it is answered 429. */
const UNSIGNED_PER_WINDOW = 30;
const UNSIGNED_WINDOW_MS = 10 * 60_000;

export function twilioWebhookRoutes(services: Pick<ApiServices, 'config' | 'temporal' | 'log' | 'orm'>): RouteSpec[] {
  const unsigned = new RateLimit(services.orm, 'twilio_unsigned', UNSIGNED_PER_WINDOW, UNSIGNED_WINDOW_MS);
  const outbox = new Outbox(services.config.outbox.lanes);

  /**
   * Refuses a request Twilio did not sign with our auth token for exactly this URL and these fields.
   * The permanent trail gets one row per client per window (the first refusal), not one per
   * request, and a client that keeps sending is answered 429: a flood writes neither rows nor work.
   */
  async function verify(ctx: AppContext, form: Record<string, string>): Promise<void> {
    const authToken = services.config.notify.twilio?.authToken;
    const signature = ctx.get('x-twilio-signature');
    const url = `${services.config.api.publicUrl}${ctx.originalUrl}`;
    if (authToken && signature && twilio.validateRequest(authToken, signature, url, form)) return;
    const { retryAfterSeconds, hitsInWindow } = await unsigned.hit(ctx.ip);
    if (hitsInWindow === 1) {
      recordAudit(ctx.state.em, ctx, {
        action: 'webhook.twilio',
        outcome: 'failure',
        after: { path: ctx.path, reason: authToken ? 'bad signature' : 'Twilio not configured', windowMinutes: UNSIGNED_WINDOW_MS / 60_000 },
      });
    }
    if (retryAfterSeconds > 0) throw TooManyRequestsError(retryAfterSeconds);
    throw new ApiError(403, 'invalid_signature', authToken ? 'X-Twilio-Signature does not match this request' : 'Twilio is not configured (PX_NOTIFY_MODE=twilio)');
  }

  async function wording(ctx: AppContext, hospitalId: string, code: string, channel: TextChannel, language: 'ar' | 'en'): Promise<string | undefined> {
    return (await messageTemplate(ctx.state.em, hospitalId, code, channel, language))?.body;
  }

  const route = (channel: TextChannel) =>
    defineRoute({
      method: 'post',
      path: `/api/v1/webhooks/twilio/${channel}`,
      operationId: channel === 'sms' ? 'receiveTwilioSms' : 'receiveTwilioWhatsapp',
      tag: 'Webhooks',
      summary: `Inbound ${channel === 'sms' ? 'SMS' : 'WhatsApp'} from Twilio: STOP opts out, 0-10 answers a one-question NPS survey (TwiML reply)`,
      access: 'public',
      requestContentType: 'application/x-www-form-urlencoded',
      documentedBody: { type: 'object', description: "Twilio's message fields (From, Body, …), signed in X-Twilio-Signature", additionalProperties: { type: 'string' } },
      response: { contentType: 'text/xml', description: 'TwiML: the reply to send back, if any' },
      // 403: not signed by Twilio with our auth token; 429: a client that keeps sending unsigned requests.
      errors: [403, 429],
      async handler(ctx) {
        const raw = (ctx.request as { body?: unknown }).body;
        const form = Object.fromEntries(Object.entries(raw && typeof raw === 'object' ? raw : {}).map(([k, v]) => [k, String(v)]));
        try {
          await verify(ctx, form);
        } finally {
          await ctx.state.em.flush();
        }
        // The sender as every door stores a number, and the forms rows written before that may hold.
        const from = phoneForms((form.From ?? '').replace(/^whatsapp:/, ''), services.config.relay.phoneCountryCode);
        const text = (form.Body ?? '').trim();
        const patients = from.length ? await ctx.state.em.find(Patient, { phone: { $in: from }, deletedAt: null }) : [];
        if (patients.length === 0) return twiml(ctx);
        const language = /[\u0600-\u06FF]/.test(text) ? 'ar' : patients[0].preferredLanguage;

        if (STOP_WORDS.has(text.toUpperCase())) {
          for (const patient of patients) {
            await optOutPatient(ctx.state.em.fork(), outbox, patient.id, channel);
            recordAudit(ctx.state.em, ctx, { action: 'patient.opt_out', entityType: 'patient', entityId: patient.id, hospitalId: patient.hospitalId, after: { channel, via: 'reply' } });
          }
          await ctx.state.em.flush();
          return twiml(ctx, await wording(ctx, patients[0].hospitalId, 'opt_out_done', channel, language));
        }

        // The newest survey still waiting for an answer on this channel, if it can be answered by text.
        const open = await ctx.state.em.find(SurveyInstance, { patientId: { $in: patients.map((p) => p.id) }, channel, status: 'sent' }, { orderBy: { sentAt: 'desc' } });
        const survey = open[0];
        if (!survey || !(await isTextReplySurvey(ctx.state.em, survey.templateId))) return twiml(ctx);
        const value = npsReply(text);
        if (value === null) return twiml(ctx, await wording(ctx, survey.hospitalId, 'survey_reply_invalid', channel, language));
        const [question] = await surveyQuestions(ctx.state.em, survey.templateId);
        try {
          await recordSurveyResponse(ctx.state.em.fork(), outbox, survey.id, [{ questionCode: question.code, value }], channel);
        } catch (error) {
          if (error instanceof SurveyClosedError) return twiml(ctx);
          if (error instanceof AnswerError) return twiml(ctx, await wording(ctx, survey.hospitalId, 'survey_reply_invalid', channel, language));
          throw error;
        }
        recordAudit(ctx.state.em, ctx, { action: 'survey.respond', entityType: 'survey', entityId: survey.id, hospitalId: survey.hospitalId, after: { via: channel } });
        await ctx.state.em.flush();
        return twiml(ctx, await wording(ctx, survey.hospitalId, 'survey_reply_thanks', channel, language));
      },
    });

  return [route('sms'), route('whatsapp')];
}
