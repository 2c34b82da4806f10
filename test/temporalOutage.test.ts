/**
 * Temporal goes away: the MLLP intake keeps storing and acknowledging; when Temporal returns the
 * relay catches up and every event is applied exactly once, in order. What the API stores
 * meanwhile (a survey answer, a complaint) reaches its workflow through the outbox as soon as
 * Temporal is back, with no sweep and no waiting for a survey's next reminder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../config/logger';
import { Complaint, Hospital, InboxMessage, OutboxMessage, PxAction } from '../models/entities';
import { freePort } from '../workers/local/processes';
import { startTemporalDevServer, type RunningTemporal } from '../workers/local/temporalDevServer';
import { actionStateQuery, complaintStateQuery } from '../workflows/caseTypes';
import { encounterStateQuery, encounterWorkflowId } from '../workflows/encounterTypes';
import { surveyWorkflowId } from '../workflows/surveyTypes';
import { eventually } from './support/eventually';
import { adt, labResult } from './support/hl7Messages';
import { field, MllpTestClient } from './support/mllpClient';
import { outboxLines, surveyInStatus, worstAnswers } from './support/surveys';
import { startTestHub, uniqueVisit, type TestHub } from './support/testHub';

describe('when Temporal is unavailable', () => {
  const log = createLogger('silent');
  let dataDir: string;
  let server: RunningTemporal;
  let hub: TestHub;
  let ports: { port: number; uiPort: number };
  const startServer = () => startTemporalDevServer({ ...ports, namespace: 'default', log, dbFile: path.join(dataDir, 'temporal.db') });

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'px360-outage-'));
    ports = { port: await freePort(), uiPort: await freePort() };
    server = await startServer();
    // Reminders a day apart and a week's expiry: whatever happens within the test is not a reminder's doing.
    hub = await startTestHub({
      temporalAddress: server.address,
      env: { PX_SURVEY_SEND_DELAY: '0s', PX_SURVEY_QUIET_HOURS: 'off', PX_SURVEY_REMINDERS: '24h', PX_SURVEY_EXPIRY: '7d' },
    });
  });
  afterAll(async () => {
    await hub.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps acknowledging, then applies every event once when Temporal is back', async () => {
    const facts = { visit: uniqueVisit(), mrn: `MRN${Date.now()}`, patientClass: 'O' as const };
    const client = await MllpTestClient.connect(hub.listener.port);
    expect(field(await client.send(adt('A04', facts)), 'MSA', 1)).toBe('AA');
    const handle = hub.temporal.client.workflow.getHandle(`encounter:DEMO:${facts.visit}`);
    for (let i = 0; i < 100 && (await handle.query(encounterStateQuery).catch(() => undefined))?.history.length !== 1; i++) await new Promise((r) => setTimeout(r, 100));

    await server.stop();
    const whileDown = [labResult(facts), adt('A08', facts), adt('A03', facts)];
    for (const message of whileDown) expect(field(await client.send(message), 'MSA', 1)).toBe('AA');
    await new Promise((r) => setTimeout(r, 1_000));
    const waiting = await hub.api.em().find(InboxMessage, { status: 'received' });
    expect(waiting).toHaveLength(3);

    server = await startServer();
    const deadline = Date.now() + 60_000;
    let state;
    while (Date.now() < deadline) {
      state = await handle.query(encounterStateQuery).catch(() => undefined);
      if (state?.status === 'completed') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(state?.status).toBe('completed');
    expect(state?.history.map((h) => h.eventCode)).toEqual(['OPD_CHECK_IN', 'LAB_RESULTED', 'DEMOGRAPHICS_UPDATE', 'DISCHARGE']);
    const rows = await hub.api.em().find(InboxMessage, {}, { orderBy: { seq: 'asc' } });
    expect(rows.map((r) => r.status)).toEqual(['processed', 'processed', 'processed', 'processed']);
    client.close();
  }, 120_000);

  it('a negative survey answered while Temporal is stopped reaches its workflow when Temporal is back, and its PX action opens then', async () => {
    const phone = '+966507770001';
    const facts = { visit: uniqueVisit(), mrn: `MRN${Date.now()}S`, patientClass: 'O' as const, phone };
    const client = await MllpTestClient.connect(hub.listener.port);
    for (const message of [adt('A04', facts), adt('A03', facts)]) expect(field(await client.send(message), 'MSA', 1)).toBe('AA');
    client.close();
    const workflowId = surveyWorkflowId(encounterWorkflowId('DEMO', facts.visit), 'VISIT_END');
    const survey = await surveyInStatus(() => hub.api.em(), workflowId, ['sent'], 30_000);
    const invite = await eventually(async () => (await outboxLines(hub.outboxFile)).find((line) => line.to === phone && line.link), 20_000, 'survey invite');

    await server.stop();
    const answers = await worstAnswers(hub.api.em(), survey.templateId);
    const submitted = await fetch(invite.link!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: answers.toString() });
    expect(submitted.status).toBe(200);
    // Stored and scored, its signal waiting in the outbox; no action yet, as the workflow opens it.
    const answered = await surveyInStatus(() => hub.api.em(), workflowId, ['completed']);
    expect(answered.negative).toBe(true);
    const signal = await hub.api.em().findOneOrFail(OutboxMessage, { workflowId });
    expect(signal).toMatchObject({ kind: 'signal', payload: { signal: 'response', args: [{ surveyId: survey.id }] }, deliveredAt: null, failedAt: null });
    expect(await hub.api.em().count(PxAction, { sourceType: 'survey', sourceId: survey.id })).toBe(0);

    server = await startServer();
    const action = await eventually(async () => (await hub.api.em().findOne(PxAction, { sourceType: 'survey', sourceId: survey.id })) ?? undefined, 30_000, 'PX action of the negative survey');
    const live = await eventually(async () => hub.temporal.client.workflow.getHandle(action.workflowId!).query(actionStateQuery).catch(() => undefined), 20_000, 'PX action workflow');
    expect(live.status).toBe('open');
    expect(await hub.temporal.client.workflow.getHandle(workflowId).result()).toBe('completed');
    expect(await hub.api.em().findOneOrFail(OutboxMessage, { id: signal.id })).toMatchObject({ deliveredAt: expect.any(Date), failedAt: null });
  }, 120_000);

  it('a complaint stored while Temporal is stopped has its workflow started when Temporal is back, without a sweep', async () => {
    const token = await hub.api.login((await hub.api.createUser('STAFF')).email);
    const demo = await hub.api.em().findOneOrFail(Hospital, { code: 'DEMO' });

    await server.stop();
    const taken = await hub.api.request('POST', '/api/v1/complaints', {
      token,
      body: { hospitalId: demo.id, severity: 'high', category: 'waiting_time', description: 'Nobody answered the call bell for an hour.', sourceChannel: 'phone' },
    });
    expect(taken.status).toBe(201);
    const complaint = await hub.api.em().findOneOrFail(Complaint, { id: taken.body.id });
    expect(complaint.workflowStartedAt ?? null).toBeNull();
    const start = await hub.api.em().findOneOrFail(OutboxMessage, { workflowId: complaint.workflowId! });
    expect(start).toMatchObject({ kind: 'start', deliveredAt: null });

    server = await startServer();
    const live = await eventually(async () => hub.temporal.client.workflow.getHandle(complaint.workflowId!).query(complaintStateQuery).catch(() => undefined), 30_000, 'complaint workflow');
    expect(live.status).toBe('open');
    expect(await hub.api.em().findOneOrFail(OutboxMessage, { id: start.id })).toMatchObject({ deliveredAt: expect.any(Date), failedAt: null });
    await eventually(async () => (await hub.api.em().findOneOrFail(Complaint, { id: complaint.id })).workflowStartedAt ?? undefined, 20_000, 'complaint planned by its workflow');
  }, 120_000);
});
