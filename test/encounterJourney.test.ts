/**
 * The whole hub over MLLP: an OPD visit's registration, lab result, pharmacy dispense and
 * discharge complete the demo OPD journey; the encounter shows in the API and in Temporal.
 */
import { Hospital, JourneyTemplate, Patient } from '../models/entities';
import { encounterStateQuery } from '../workflows/encounterTypes';
import { PxStatus } from '../workflows/searchAttributes';
import { adt, labResult, pharmacyDispense } from './support/hl7Messages';
import { field, MllpTestClient } from './support/mllpClient';
import { eventually } from './support/eventually';
import { startTestHub, uniqueVisit, type TestHub } from './support/testHub';

/** How a visit's encounter workflow ended, once it has (not found while the relay has yet to start it). */
async function outcome(hub: TestHub, visit: string): Promise<string> {
  const handle = hub.temporal.client.workflow.getHandle(`encounter:DEMO:${visit}`);
  await eventually(
    async () => {
      const run = await handle.describe().catch(() => undefined);
      return run && run.status.name !== 'RUNNING' ? true : undefined;
    },
    30_000,
    `encounter ${visit} closed`,
  );
  return handle.result();
}

const stageStatuses = (detail: { stages: { code: string; status: string }[] }) => Object.fromEntries(detail.stages.map((s) => [s.code, s.status]));

describe('OPD journey over MLLP', () => {
  let hub: TestHub;
  let client: MllpTestClient;
  beforeAll(async () => {
    hub = await startTestHub();
    client = await MllpTestClient.connect(hub.listener.port);
  });
  afterAll(async () => {
    client.close();
    await hub.close();
  });

  it('registration, lab, pharmacy and discharge complete the journey, visible in the API and in Temporal', async () => {
    const facts = { visit: uniqueVisit(), mrn: `MRN${Date.now()}`, patientClass: 'O' as const, family: 'الحربي', given: 'خالد', language: 'ara' };
    for (const message of [adt('A04', facts), labResult(facts), pharmacyDispense(facts), adt('A03', facts)]) {
      const ack = await client.send(message);
      expect(field(ack, 'MSA', 1)).toBe('AA');
    }
    const token = await hub.api.adminToken();
    const listed = await eventually(async () => {
      const reply = await hub.api.request('GET', `/api/v1/encounters?hospitalCode=DEMO&visitNumber=${facts.visit}&status=completed`, { token });
      return reply.body.total === 1 ? reply.body.items[0] : undefined;
    });
    expect(listed).toMatchObject({ hospitalCode: 'DEMO', visitNumber: facts.visit, journey: 'OPD', status: 'completed' });

    const detail = await hub.api.request('GET', `/api/v1/encounters/${listed.id}`, { token });
    const stages = Object.fromEntries(detail.body.stages.map((s: { code: string; status: string }) => [s.code, s.status]));
    expect(stages).toEqual({ APPOINTMENT: 'pending', CHECK_IN: 'completed', LAB: 'completed', RADIOLOGY: 'pending', PHARMACY: 'completed', VISIT_END: 'completed' });
    expect(detail.body.stages.find((s: { code: string }) => s.code === 'VISIT_END').completedAt).toBe('2026-11-29T05:30:00.000Z');

    const elsewhere = await hub.api.createHospital(`X${Date.now() % 100000}`);
    const outsider = await hub.api.login((await hub.api.createUser('HOSPITAL_ADMIN', { hospitalId: elsewhere.id })).email);
    const asOutsider = await hub.api.request('GET', `/api/v1/encounters?hospitalCode=DEMO&visitNumber=${facts.visit}`, { token: outsider });
    expect(asOutsider.body.total).toBe(0);
    expect((await hub.api.request('GET', `/api/v1/encounters/${listed.id}`, { token: outsider })).status).toBe(404);

    const patient = await hub.api.em().findOneOrFail(Patient, { mrn: facts.mrn });
    expect(patient).toMatchObject({ fullNameAr: 'خالد الحربي', preferredLanguage: 'ar', nationalId: '1098765432', phone: '+966501234567' });

    const found = await eventually(async () => {
      const runs = [];
      for await (const run of hub.temporal.client.workflow.list({ query: `PxEntity = "encounter" AND PxHospital = "DEMO" AND PxJourney = "OPD" AND PxStatus = "completed" AND WorkflowId = "encounter:DEMO:${facts.visit}"` })) runs.push(run);
      return runs.length === 1 ? runs[0] : undefined;
    });
    expect(found.workflowId).toBe(`encounter:DEMO:${facts.visit}`);
  });

  it('takes events in any order: a discharge before the registration still completes the journey', async () => {
    const facts = { visit: uniqueVisit(), mrn: `MRN${Date.now()}`, patientClass: 'O' as const };
    expect(field(await client.send(adt('A03', facts)), 'MSA', 1)).toBe('AA');
    expect(field(await client.send(adt('A04', facts)), 'MSA', 1)).toBe('AA');
    const token = await hub.api.adminToken();
    const encounter = await eventually(async () => {
      const reply = await hub.api.request('GET', `/api/v1/encounters?visitNumber=${facts.visit}&status=completed`, { token });
      return reply.body.items[0];
    });
    // The discharge alone already completes the terminal stage; the registration follows it.
    const completed = await eventually(async () => {
      const detail = await hub.api.request('GET', `/api/v1/encounters/${encounter.id}`, { token });
      const codes = detail.body.stages.filter((s: { status: string }) => s.status === 'completed').map((s: { code: string }) => s.code);
      return codes.length === 2 ? codes : undefined;
    });
    expect(completed).toEqual(['CHECK_IN', 'VISIT_END']);
  });

  it('a cancelled visit (A11) ends the encounter as cancelled: ended, check-in kept, no visit end, no survey', async () => {
    const facts = { visit: uniqueVisit(), mrn: `MRN${Date.now()}`, patientClass: 'O' as const };
    expect(field(await client.send(adt('A04', facts)), 'MSA', 1)).toBe('AA');
    expect(field(await client.send(adt('A11', facts)), 'MSA', 1)).toBe('AA');
    expect(await outcome(hub, facts.visit)).toBe('cancelled');

    const token = await hub.api.adminToken();
    const [encounter] = (await hub.api.request('GET', `/api/v1/encounters?visitNumber=${facts.visit}`, { token })).body.items;
    expect(encounter).toMatchObject({ status: 'cancelled', journey: 'OPD' });
    expect(encounter.endedAt).toBeTruthy();
    const detail = (await hub.api.request('GET', `/api/v1/encounters/${encounter.id}`, { token })).body;
    expect(detail.events.map((e: { eventCode: string }) => e.eventCode)).toEqual(['OPD_CHECK_IN', 'CANCEL_VISIT']);
    expect(stageStatuses(detail)).toMatchObject({ CHECK_IN: 'completed', VISIT_END: 'pending' });
    expect((await hub.api.request('GET', `/api/v1/surveys?encounterId=${encounter.id}`, { token })).body.total).toBe(0);
    const run = await hub.temporal.client.workflow.getHandle(`encounter:DEMO:${facts.visit}`).describe();
    expect(run.typedSearchAttributes.get(PxStatus)).toBe('cancelled');
  });

  it('a cancelled discharge (A13) soon after the discharge reopens the encounter', async () => {
    const facts = { visit: uniqueVisit(), mrn: `MRN${Date.now()}`, patientClass: 'O' as const };
    await client.send(adt('A04', facts));
    await client.send(adt('A03', facts));
    await client.send(adt('A13', facts));
    const handle = hub.temporal.client.workflow.getHandle(`encounter:DEMO:${facts.visit}`);
    const state = await eventually(async () => {
      const live = await handle.query(encounterStateQuery).catch(() => undefined);
      return live?.history.length === 3 ? live : undefined;
    });
    expect(state.status).toBe('active');
    expect(state.stages.find((s) => s.code === 'VISIT_END')?.status).toBe('pending');
  });
});

describe('inactivity', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
    const em = hub.api.em();
    const demo = await em.findOneOrFail(Hospital, { code: 'DEMO' });
    const opd = await em.findOneOrFail(JourneyTemplate, { hospitalId: demo.id, code: 'OPD', active: true });
    opd.inactivityTimeout = 'PT2S';
    await em.flush();
  });
  afterAll(() => hub.close());

  it("closes an encounter as inactive after its journey's inactivity timeout", async () => {
    const facts = { visit: uniqueVisit(), mrn: `MRN${Date.now()}`, patientClass: 'O' as const };
    const client = await MllpTestClient.connect(hub.listener.port);
    await client.send(adt('A04', facts));
    client.close();
    expect(await outcome(hub, facts.visit)).toBe('inactive');
    const token = await hub.api.adminToken();
    const [encounter] = (await hub.api.request('GET', `/api/v1/encounters?visitNumber=${facts.visit}`, { token })).body.items;
    expect(encounter).toMatchObject({ status: 'inactive', journey: 'OPD' });
    expect(encounter.endedAt).toBeTruthy();
    const detail = (await hub.api.request('GET', `/api/v1/encounters/${encounter.id}`, { token })).body;
    expect(stageStatuses(detail)).toMatchObject({ CHECK_IN: 'completed', VISIT_END: 'pending' });
    expect((await hub.api.request('GET', `/api/v1/surveys?encounterId=${encounter.id}`, { token })).body.total).toBe(0);
    const run = await hub.temporal.client.workflow.getHandle(`encounter:DEMO:${facts.visit}`).describe();
    expect(run.typedSearchAttributes.get(PxStatus)).toBe('inactive');
  });
});
