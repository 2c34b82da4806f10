/**
 * The survey workflow against the real worker, Postgres, the Temporal dev server, the Twilio SDK
 * (pointed at a local Messages API) and an in-process SMTP server: who is not surveyed and why,
 * quiet hours, channel fallback, reminders and expiry, STOP, a numeric SMS reply, and a worker
 * killed in the middle of a send.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { createNotificationChannels } from '../activities/notifications';
import { createLogger } from '../config/logger';
import { Complaint, Encounter, Hospital, NotificationLog, Patient, SurveyInstance, type SurveySettings } from '../models/entities';
import { startWorker } from '../workers/worker';
import { surveyWorkflowId, type SurveyInput } from '../workflows/surveyTypes';
import { fakeTwilio, postInboundMessage } from './support/fakeTwilio';
import { eventually } from './support/eventually';
import { surveyInStatus, surveyLinkIn } from './support/surveys';
import { startTestHub, uniqueVisit, type TestHub } from './support/testHub';

const DAY = 86_400_000;
const log = createLogger('silent', 'test');

describe('survey delivery', () => {
  const twilioApi = fakeTwilio();
  const mails: { to: string[]; raw: string }[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  let hub: TestHub;
  let hospital: Hospital;
  let env: Record<string, string>;

  beforeAll(async () => {
    const apiUrl = await twilioApi.start();
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    env = {
      ...twilioApi.env(apiUrl),
      SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
      PX_SURVEY_SEND_DELAY: '0s',
      PX_SURVEY_QUIET_HOURS: 'off',
      PX_SURVEY_REMINDERS: 'none',
      PX_SURVEY_EXPIRY: '1h',
    };
    hub = await startTestHub({ env });
    hospital = await hub.api.em().findOneOrFail(Hospital, { code: 'DEMO' });
  });
  afterAll(async () => {
    await hub.close();
    await twilioApi.stop();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });
  afterEach(async () => {
    twilioApi.state.failTo.clear();
    twilioApi.onRequest = undefined;
    await hub.api.em().nativeUpdate(Hospital, { id: hospital.id }, { surveySettings: null });
  });

  const phone = () => `+9665${randomBytes(4).readUInt32BE() % 100_000_000}`.padEnd(13, '7');
  const messagesTo = (to: string) => twilioApi.requests.filter((r) => r.form.To === to || r.form.To === `whatsapp:${to}`);

  async function newPatient(facts: Partial<Patient> = {}): Promise<Patient> {
    const patient = Object.assign(new Patient(), { hospitalId: hospital.id, mrn: `MRN-${randomUUID()}`, phone: phone(), email: `p${randomBytes(4).toString('hex')}@example.com`, preferredLanguage: 'ar' }, facts);
    await hub.api.em().persistAndFlush(patient);
    return patient;
  }

  async function newEncounter(patient: Patient): Promise<Encounter> {
    const visit = uniqueVisit();
    const encounter = Object.assign(new Encounter(), {
      hospitalId: hospital.id,
      visitNumber: visit,
      workflowId: `encounter:DEMO:${visit}`,
      patientId: patient.id,
      status: 'completed',
      startedAt: new Date(),
      lastEventAt: new Date(),
    });
    await hub.api.em().persistAndFlush(encounter);
    return encounter;
  }

  /** Starts the survey of a visit's discharge the way the encounter workflow does. */
  async function startSurvey(patient: Patient, options: { templateCode?: string; encounter?: Encounter; taskQueue?: string; stage?: string } = {}) {
    const encounter = options.encounter ?? (await newEncounter(patient));
    const workflowId = surveyWorkflowId(encounter.workflowId, options.stage ?? 'VISIT_END');
    const input: SurveyInput = {
      workflowId,
      hospitalId: hospital.id,
      hospitalCode: 'DEMO',
      templateCode: options.templateCode ?? 'OPD_VISIT',
      stageCode: options.stage ?? 'VISIT_END',
      readyAt: new Date().toISOString(),
      encounterWorkflowId: encounter.workflowId,
      patientId: patient.id,
    };
    const handle = await hub.temporal.client.workflow.start('survey', { taskQueue: options.taskQueue ?? hub.taskQueue, workflowId, args: [input] });
    return { workflowId, handle, encounter };
  }

  async function hospitalSettings(settings: SurveySettings): Promise<void> {
    await hub.api.em().nativeUpdate(Hospital, { id: hospital.id }, { surveySettings: settings });
  }

  describe('suppression, each with its reason', () => {
    async function suppressedFor(patient: Patient, options?: Parameters<typeof startSurvey>[1]) {
      const before = messagesTo(patient.phone ?? '-').length;
      const { workflowId, handle } = await startSurvey(patient, options);
      expect(await handle.result()).toBe('suppressed');
      const survey = await hub.api.em().findOneOrFail(SurveyInstance, { workflowId });
      expect(survey.status).toBe('suppressed');
      expect(messagesTo(patient.phone ?? '-')).toHaveLength(before);
      return survey.suppressionReason;
    }

    it('opted out of every channel', async () => {
      expect(await suppressedFor(await newPatient({ optOutSms: true, optOutWhatsapp: true, optOutEmail: true }))).toBe('opted_out');
    });

    it('no usable contact', async () => {
      expect(await suppressedFor(await newPatient({ phone: null, email: 'not-an-address' }))).toBe('no_contact');
    });

    it('deceased', async () => {
      expect(await suppressedFor(await newPatient({ deceased: true }))).toBe('deceased');
    });

    it('a minor', async () => {
      const tenYearsAgo = new Date(Date.now() - 10 * 365 * DAY).toISOString().slice(0, 10);
      expect(await suppressedFor(await newPatient({ dateOfBirth: tenYearsAgo }))).toBe('minor');
    });

    it('surveyed within the cooldown', async () => {
      const patient = await newPatient();
      const earlier = await newEncounter(patient);
      const first = await startSurvey(patient, { encounter: earlier });
      await surveyInStatus(() => hub.api.em(), first.workflowId, ['sent']);
      expect(await suppressedFor(patient)).toBe('cooldown');
      await first.handle.terminate('test over');
    });

    it('one survey per encounter', async () => {
      const patient = await newPatient();
      const encounter = await newEncounter(patient);
      const first = await startSurvey(patient, { encounter });
      await surveyInStatus(() => hub.api.em(), first.workflowId, ['sent']);
      expect(await suppressedFor(patient, { encounter, stage: 'PHARMACY', templateCode: 'PHARMACY' })).toBe('already_surveyed');
      await first.handle.terminate('test over');
    });

    it('an open complaint', async () => {
      const patient = await newPatient();
      await hub.api.em().persistAndFlush(
        Object.assign(new Complaint(), {
          hospitalId: hospital.id,
          referenceNo: `CMP-2026-${randomBytes(3).toString('hex')}`,
          patientId: patient.id,
          severity: 'medium',
          category: 'waiting_time',
          description: 'Waited three hours at the clinic',
          sourceChannel: 'walk_in',
        }),
      );
      expect(await suppressedFor(patient)).toBe('open_complaint');
    });
  });

  it('goes by SMS to a patient who opted out of WhatsApp only, in English for an English speaker', async () => {
    const patient = await newPatient({ optOutWhatsapp: true, preferredLanguage: 'en' });
    const { workflowId, handle } = await startSurvey(patient);
    const survey = await surveyInStatus(() => hub.api.em(), workflowId, ['sent']);
    expect(survey.channel).toBe('sms');
    const [sms] = messagesTo(patient.phone!);
    expect(sms.form.To).toBe(patient.phone);
    expect(sms.form.Body).toMatch(/^Demo General Hospital|thank you/i);
    expect(sms.form.Body).not.toMatch(/[\u0600-\u06FF]/);
    await handle.terminate('test over');
  });

  it('holds a send due in quiet hours until 09:00 hospital time', async () => {
    // The delay makes the send due at the next 22:00 in Riyadh (UTC+3), inside 21:00-09:00.
    const now = Date.now();
    let due = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate(), 19, 0);
    while (due <= now + 60_000) due += DAY;
    await hospitalSettings({ quietHours: '21:00-09:00', sendDelay: `${Math.ceil((due - now) / 1000)}s` });
    const patient = await newPatient();
    const { workflowId, handle } = await startSurvey(patient);
    const survey = await surveyInStatus(() => hub.api.em(), workflowId, ['scheduled']);
    const riyadh = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Riyadh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    expect(riyadh.format(survey.scheduledFor!)).toBe('09:00');
    expect(survey.scheduledFor!.getTime() - due).toBe(11 * 3_600_000);
    const described = await handle.describe();
    expect(described.status.name).toBe('RUNNING');
    expect(messagesTo(patient.phone!)).toHaveLength(0);
    await handle.terminate('test over');
  });

  it('falls back from WhatsApp to SMS to email when the providers keep failing', async () => {
    const patient = await newPatient();
    twilioApi.state.failTo.add(`whatsapp:${patient.phone}`).add(patient.phone!);
    const { workflowId, handle } = await startSurvey(patient);
    const survey = await surveyInStatus(() => hub.api.em(), workflowId, ['sent', 'failed'], 60_000);
    expect(survey).toMatchObject({ status: 'sent', channel: 'email' });
    const mail = mails.find((m) => m.to.includes(patient.email!));
    expect(mail).toBeDefined();
    const [, body] = mail!.raw.split('\r\n\r\n');
    expect(mail!.raw).toContain('Content-Transfer-Encoding: base64');
    expect(surveyLinkIn(Buffer.from(body, 'base64').toString('utf8'))).toContain('/s/');
    const log = await hub.api.em().find(NotificationLog, { entityType: 'survey', entityId: survey.id }, { orderBy: { createdAt: 'asc' } });
    expect(log.map((l) => [l.channel, l.status])).toEqual([
      ['whatsapp', 'failed'],
      ['sms', 'failed'],
      ['email', 'sent'],
    ]);
    expect(messagesTo(patient.phone!).length).toBe(6);
    await handle.terminate('test over');
  }, 90_000);

  it('reminds on the same channel, then expires; the link then answers 410', async () => {
    await hospitalSettings({ reminders: '2s,4s', expiry: '7s' });
    const patient = await newPatient({ preferredChannels: ['sms'] });
    const { workflowId, handle } = await startSurvey(patient);
    expect(await handle.result()).toBe('expired');
    const sent = messagesTo(patient.phone!);
    expect(sent.map((m) => m.form.To)).toEqual([patient.phone, patient.phone, patient.phone]);
    expect(sent[1].form.Body).toContain('تذكير');
    const survey = await hub.api.em().findOneOrFail(SurveyInstance, { workflowId });
    expect(survey).toMatchObject({ status: 'expired', remindersSent: 2 });
    // Every message carried a link of its own, and none works any more.
    const links = sent.map((m) => surveyLinkIn(m.form.Body));
    expect(new Set(links).size).toBe(3);
    for (const link of links) expect((await fetch(link)).status).toBe(410);
  }, 30_000);

  it('STOP by SMS opts the patient out: no reminder follows and the survey ends opted out', async () => {
    await hospitalSettings({ reminders: '3s', expiry: '1h' });
    const patient = await newPatient({ preferredChannels: ['sms'], preferredLanguage: 'en' });
    const { workflowId, handle } = await startSurvey(patient);
    await surveyInStatus(() => hub.api.em(), workflowId, ['sent']);
    const reply = await postInboundMessage(`${hub.api.baseUrl}/api/v1/webhooks/twilio/sms`, { From: patient.phone!, To: '+15005550006', Body: 'Stop' });
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('You will not receive any more survey messages.');
    expect(await handle.result()).toBe('opted_out');
    expect((await hub.api.em().findOneOrFail(Patient, { id: patient.id })).optOutSms).toBe(true);
    expect((await hub.api.em().findOneOrFail(SurveyInstance, { workflowId })).status).toBe('opted_out');
    await new Promise((r) => setTimeout(r, 3_500));
    expect(messagesTo(patient.phone!)).toHaveLength(1);
  });

  it('إيقاف by WhatsApp opts out of WhatsApp, in Arabic', async () => {
    const patient = await newPatient();
    const { workflowId, handle } = await startSurvey(patient);
    await surveyInStatus(() => hub.api.em(), workflowId, ['sent']);
    const reply = await postInboundMessage(`${hub.api.baseUrl}/api/v1/webhooks/twilio/whatsapp`, { From: `whatsapp:${patient.phone}`, To: 'whatsapp:+14155238886', Body: 'إيقاف' });
    expect(reply.text).toContain('تم إيقاف');
    expect(await handle.result()).toBe('opted_out');
    const stored = await hub.api.em().findOneOrFail(Patient, { id: patient.id });
    expect([stored.optOutWhatsapp, stored.optOutSms]).toEqual([true, false]);
  });

  it('a number sent back by SMS answers a one-question NPS survey', async () => {
    const patient = await newPatient({ preferredChannels: ['sms'] });
    const { workflowId, handle } = await startSurvey(patient, { templateCode: 'QUICK_NPS' });
    await surveyInStatus(() => hub.api.em(), workflowId, ['sent']);
    const [invite] = messagesTo(patient.phone!);
    expect(invite.form.Body).toContain('من 0 إلى 10');
    const url = `${hub.api.baseUrl}/api/v1/webhooks/twilio/sms`;
    const unclear = await postInboundMessage(url, { From: patient.phone!, To: '+15005550006', Body: 'ربما' });
    expect(unclear.text).toContain('أرسل رقماً من 0 إلى 10');
    const answered = await postInboundMessage(url, { From: patient.phone!, To: '+15005550006', Body: '٣' });
    expect(answered.text).toContain('شكراً');
    expect(await handle.result()).toBe('completed');
    const survey = await hub.api.em().findOneOrFail(SurveyInstance, { workflowId });
    expect(survey).toMatchObject({ status: 'completed', respondedVia: 'sms', npsCategory: 'detractor', negative: true });
  });

  describe('a worker killed in the middle of a send', () => {
    let child: ChildProcess | undefined;
    afterEach(() => child?.kill('SIGKILL'));

    it('does not send the message twice when another worker retries', async () => {
      const taskQueue = `px360-crash-${randomBytes(4).toString('hex')}`;
      child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'support', 'workerProcess.ts')], {
        env: {
          ...process.env,
          ...env,
          DATABASE_URL: hub.api.databaseUrl,
          TEMPORAL_ADDRESS: process.env.PX_TEST_TEMPORAL_ADDRESS,
          PX_TEST_TASK_QUEUE: taskQueue,
          PX_PUBLIC_URL: hub.api.baseUrl,
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        child!.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
        child!.on('exit', (code) => reject(new Error(`worker process exited with ${code}`)));
      });
      const patient = await newPatient({ preferredChannels: ['sms'] });
      // Twilio takes the message; the worker dies before it can record that it did.
      twilioApi.onRequest = (request) => {
        if (request.form.To === patient.phone) child!.kill('SIGKILL');
      };
      const { workflowId, handle } = await startSurvey(patient, { taskQueue });
      await eventually(async () => (messagesTo(patient.phone!).length === 1 ? true : undefined), 30_000, 'the first send');
      twilioApi.onRequest = undefined;

      const replacement = await startWorker({
        address: process.env.PX_TEST_TEMPORAL_ADDRESS!,
        namespace: 'default',
        deps: { orm: hub.api.orm, log, surveys: hub.api.config.surveys, complaintCloseAfterMs: hub.api.config.complaints.closeAfterMs, publicUrl: hub.api.baseUrl, channels: createNotificationChannels({ dataDir: '/nonexistent', notify: hub.api.config.notify }, log) },
        log,
        prebuilt: false,
        taskQueue,
      });
      try {
        // The activity times out on the dead worker and is retried on the new one.
        const survey = await surveyInStatus(() => hub.api.em(), workflowId, ['sent'], 60_000);
        expect(survey.channel).toBe('sms');
        expect(messagesTo(patient.phone!)).toHaveLength(1);
        const log = await hub.api.em().find(NotificationLog, { entityType: 'survey', entityId: survey.id });
        expect(log).toHaveLength(1);
        await handle.terminate('test over');
      } finally {
        await replacement.shutdown();
      }
    }, 120_000);
  });
});
