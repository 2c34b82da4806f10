/**
 * The journey rules HL7 messages drive, over MLLP through intake, the relay and the encounter and
 * survey workflows, judged by what staff see in the API and what reaches the patient's phone (a
 * local Twilio): a discharge home is surveyed; an admission cancelled by A11 ends the encounter with
 * no survey, even for a discharge sent after it or right behind it; a discharge whose PV1-36 says the patient died
 * marks the patient deceased and suppresses the survey; an A40 merge hands the retired record's
 * visits, surveys and opt-outs to the surviving patient.
 */
import { randomBytes } from 'node:crypto';
import { encounterWorkflowId } from '../workflows/encounterTypes';
import { PxStatus } from '../workflows/searchAttributes';
import { surveyWorkflowId } from '../workflows/surveyTypes';
import { fakeTwilio } from './support/fakeTwilio';
import { eventually } from './support/eventually';
import { adt, controlId, type VisitFacts } from './support/hl7Messages';
import { field, MllpTestClient } from './support/mllpClient';
import { startTestHub, uniqueVisit, type TestHub } from './support/testHub';

/** One field of a segment set (PV1-36 = `withField(m, 'PV1', 36, '20')`), the rest as built. */
function withField(message: string, segment: string, index: number, value: string): string {
  return message
    .split('\r')
    .map((line) => {
      if (!line.startsWith(`${segment}|`)) return line;
      const fields = line.split('|');
      while (fields.length <= index) fields.push('');
      fields[index] = value;
      return fields.join('|');
    })
    .join('\r');
}

/** ADT^A40: the surviving patient in PID, the retired MRN in MRG-1, no visit. */
function merge(survivor: VisitFacts, retiredMrn: string): string {
  const segments = adt('A40', survivor).split('\r').filter((s) => !s.startsWith('PV1'));
  segments[0] = segments[0].replace('ADT^A40^ADT_A01', 'ADT^A40^ADT_A39');
  return [...segments, `MRG|${retiredMrn}^^^DEMO^MR`].join('\r');
}

interface SurveyView {
  id: string;
  status: string;
  suppressionReason: string | null;
  templateCode: string;
  patientId: string | null;
}

describe('journey rules driven by HL7', () => {
  const twilioApi = fakeTwilio();
  let hub: TestHub;
  let client: MllpTestClient;
  let token: string;

  beforeAll(async () => {
    const apiUrl = await twilioApi.start();
    hub = await startTestHub({
      env: { ...twilioApi.env(apiUrl), PX_SURVEY_SEND_DELAY: '0s', PX_SURVEY_QUIET_HOURS: 'off', PX_SURVEY_REMINDERS: 'none', PX_SURVEY_EXPIRY: '1h' },
    });
    client = await MllpTestClient.connect(hub.listener.port);
    token = await hub.api.adminToken();
  });
  afterAll(async () => {
    client?.close();
    await hub?.close();
    await twilioApi.stop();
  });

  const phone = () => `+9665${String(randomBytes(4).readUInt32BE() % 100_000_000).padStart(8, '0')}`;
  const patientFacts = (patientClass: 'I' | 'O'): VisitFacts => ({ visit: uniqueVisit(), mrn: `MRN${randomBytes(5).toString('hex').toUpperCase()}`, patientClass, phone: phone() });
  const messagesTo = (to: string) => twilioApi.requests.filter((r) => r.form.To === to || r.form.To === `whatsapp:${to}`);
  const get = async (path: string) => (await hub.api.request('GET', path, { token })).body;

  async function send(message: string): Promise<string> {
    const ack = await client.send(message);
    expect(field(ack, 'MSA', 1)).toBe('AA');
    return field(ack, 'MSA', 2);
  }

  /** The inbox monitor's row of a message, once the relay is done with it. */
  const settled = (control: string) =>
    eventually(async () => {
      const row = (await get(`/api/v1/integration/messages?controlId=${control}`)).items?.[0];
      return row && row.status !== 'received' ? row : undefined;
    }, 20_000, `message ${control} settled`);

  /** The encounter row staff see for a visit, however it stands. */
  const encounterOf = (visit: string) =>
    eventually(async () => (await get(`/api/v1/encounters?hospitalCode=DEMO&visitNumber=${visit}`)).items?.[0], 20_000, `encounter ${visit}`);

  /** How the encounter workflow ended, once it has. */
  async function outcome(visit: string): Promise<string> {
    const handle = hub.temporal.client.workflow.getHandle(encounterWorkflowId('DEMO', visit));
    await eventually(
      async () => {
        // Not found yet while the relay has still to start it.
        const run = await handle.describe().catch(() => undefined);
        return run && run.status.name !== 'RUNNING' ? true : undefined;
      },
      30_000,
      `encounter ${visit} closed`,
    );
    return handle.result();
  }

  /** The survey of the visit's terminal stage, once its workflow has filed it. */
  const stageSurvey = (visit: string, stage: string) =>
    eventually(async () => {
      const encounter = await encounterOf(visit);
      const items = (await get(`/api/v1/surveys?encounterId=${encounter.id}`)).items as SurveyView[];
      return items.length ? { encounter, surveys: items } : undefined;
    }, 30_000, `survey of ${visit} ${stage}`);

  const patientByMrn = async (mrn: string) => (await get(`/api/v1/patients?hospitalCode=DEMO&mrn=${mrn}`)).items as { id: string; mrn: string; deceased: boolean; optOutSms: boolean; optOutWhatsapp: boolean; optOutEmail: boolean }[];

  it('a patient discharged home is surveyed on the phone the hospital system sent', async () => {
    const facts = patientFacts('I');
    await send(adt('A01', facts));
    await send(withField(adt('A03', facts), 'PV1', 36, '01^Discharged to home^HL70112'));
    const { surveys } = await stageSurvey(facts.visit, 'DISCHARGE');
    expect(surveys).toEqual([expect.objectContaining({ templateCode: 'INPATIENT_STAY', suppressionReason: null })]);
    await eventually(async () => (messagesTo(facts.phone!).length === 1 ? true : undefined), 30_000, 'survey invitation');
    expect((await patientByMrn(facts.mrn))[0].deceased).toBe(false);
  });

  it('an admission cancelled by A11 ends the encounter with no survey, even for a discharge sent after it', async () => {
    const facts = patientFacts('I');
    await send(adt('A01', facts));
    await settled(await send(adt('A11', facts)));
    expect(await outcome(facts.visit)).toBe('cancelled');
    const lateDischarge = await send(adt('A03', { ...facts, control: controlId() }));
    expect(await settled(lateDischarge)).toMatchObject({ status: 'ignored', eventCode: 'DISCHARGE', error: 'the encounter has already closed' });

    const encounter = await encounterOf(facts.visit);
    expect(encounter).toMatchObject({ status: 'cancelled', journey: 'INPATIENT' });
    expect(encounter.endedAt).toBeTruthy();
    const detail = await get(`/api/v1/encounters/${encounter.id}`);
    expect(detail.status).toBe('cancelled');
    expect(detail.events.map((e: { eventCode: string }) => e.eventCode)).toEqual(['ADMIT', 'CANCEL_ADMIT']);
    expect(Object.fromEntries(detail.stages.map((s: { code: string; status: string }) => [s.code, s.status]))).toMatchObject({ ADMISSION: 'completed', DISCHARGE: 'pending' });
    expect((await get(`/api/v1/surveys?encounterId=${encounter.id}`)).total).toBe(0);

    const [patient] = await patientByMrn(facts.mrn);
    const timeline = await get(`/api/v1/patients/${patient.id}/timeline`);
    expect(timeline.items).toEqual([expect.objectContaining({ kind: 'encounter', reference: facts.visit, status: 'cancelled' })]);
    expect(timeline.counts.survey).toBe(0);
    const run = await hub.temporal.client.workflow.getHandle(encounterWorkflowId('DEMO', facts.visit)).describe();
    expect(run.typedSearchAttributes.get(PxStatus)).toBe('cancelled');
    expect(messagesTo(facts.phone!)).toHaveLength(0);
  });

  it('a discharge sent right behind the A11 neither completes nor surveys the cancelled admission', async () => {
    const facts = patientFacts('I');
    for (const trigger of ['A01', 'A11', 'A03']) client.sendMessage(adt(trigger, facts));
    for (let i = 0; i < 3; i++) expect(field(await client.nextAck(), 'MSA', 1)).toBe('AA');
    expect(await outcome(facts.visit)).toBe('cancelled');
    const encounter = await encounterOf(facts.visit);
    expect(encounter.status).toBe('cancelled');
    expect((await get(`/api/v1/surveys?encounterId=${encounter.id}`)).total).toBe(0);
    expect(messagesTo(facts.phone!)).toHaveLength(0);
  });

  it.each(['20', '41'])('a discharge with PV1-36 %s (expired) marks the patient deceased and suppresses the survey as deceased', async (code) => {
    const facts = patientFacts('I');
    await send(adt('A01', facts));
    await send(withField(adt('A03', facts), 'PV1', 36, `${code}^Expired^HL70112`));
    const { encounter, surveys } = await stageSurvey(facts.visit, 'DISCHARGE');
    expect(encounter.status).toBe('completed');
    expect(surveys).toEqual([expect.objectContaining({ templateCode: 'INPATIENT_STAY', status: 'suppressed', suppressionReason: 'deceased' })]);
    const survey = hub.temporal.client.workflow.getHandle(surveyWorkflowId(encounterWorkflowId('DEMO', facts.visit), 'DISCHARGE'));
    expect(await survey.result()).toBe('suppressed');

    const [patient] = await patientByMrn(facts.mrn);
    expect(patient.deceased).toBe(true);
    const timeline = await get(`/api/v1/patients/${patient.id}/timeline`);
    expect(timeline.patient.deceased).toBe(true);
    expect(timeline.items.find((i: { kind: string }) => i.kind === 'survey')).toMatchObject({ status: 'suppressed', details: { suppressionReason: 'deceased' } });
    expect(messagesTo(facts.phone!)).toHaveLength(0);
  });

  it("an A40 merge gives the surviving patient the retired record's visits and surveys, so the cooldown still holds", async () => {
    const retired = patientFacts('O');
    await send(adt('A04', retired));
    await settled(await send(adt('A03', retired)));
    await eventually(async () => (messagesTo(retired.phone!).length === 1 ? true : undefined), 30_000, 'first survey invitation');
    expect(await outcome(retired.visit)).toBe('completed');
    const [before] = await patientByMrn(retired.mrn);

    const survivor = { ...patientFacts('O'), phone: retired.phone };
    const merged = await send(merge(survivor, retired.mrn));
    expect(await settled(merged)).toMatchObject({ status: 'processed', eventCode: 'MERGE', workflowId: null });

    expect(await patientByMrn(retired.mrn)).toEqual([]);
    const [after] = await patientByMrn(survivor.mrn);
    expect(after.id).not.toBe(before.id);
    expect((await get(`/api/v1/encounters?patientId=${before.id}`)).total).toBe(0);
    const visits = await get(`/api/v1/encounters?patientId=${after.id}`);
    expect(visits.items.map((e: { visitNumber: string }) => e.visitNumber)).toEqual([retired.visit]);
    const timeline = await get(`/api/v1/patients/${after.id}/timeline`);
    expect(timeline.items.map((i: { kind: string; reference: string }) => [i.kind, i.reference]).sort()).toEqual([
      ['encounter', retired.visit],
      ['survey', 'OPD_VISIT'],
    ]);

    // The same person's next visit, under the surviving MRN: surveyed days ago, so not again.
    await send(adt('A04', survivor));
    await send(adt('A03', survivor));
    const { surveys } = await stageSurvey(survivor.visit, 'VISIT_END');
    expect(surveys).toEqual([expect.objectContaining({ templateCode: 'OPD_VISIT', status: 'suppressed', suppressionReason: 'cooldown', patientId: after.id })]);
    expect(messagesTo(retired.phone!)).toHaveLength(1);
  });

  it('an A40 merge keeps the opt-outs the retired record had', async () => {
    const retired = patientFacts('O');
    await send(adt('A04', retired));
    const [record] = await eventually(async () => {
      const found = await patientByMrn(retired.mrn);
      return found.length ? found : undefined;
    });
    // The patient asked the call centre to stop all messages; staff recorded it on that record.
    const update = await hub.api.request('PATCH', `/api/v1/patients/${record.id}`, { token, body: { optOutSms: true, optOutWhatsapp: true, optOutEmail: true } });
    expect(update.status).toBe(200);

    const survivor = { ...patientFacts('O'), phone: phone() };
    expect(await settled(await send(merge(survivor, retired.mrn)))).toMatchObject({ status: 'processed', eventCode: 'MERGE' });
    const [after] = await patientByMrn(survivor.mrn);
    expect(after).toMatchObject({ optOutSms: true, optOutWhatsapp: true, optOutEmail: true });

    await send(adt('A04', survivor));
    await send(adt('A03', survivor));
    const { surveys } = await stageSurvey(survivor.visit, 'VISIT_END');
    expect(surveys).toEqual([expect.objectContaining({ status: 'suppressed', suppressionReason: 'opted_out', patientId: after.id })]);
    expect(messagesTo(survivor.phone!)).toHaveLength(0);
  });
});
