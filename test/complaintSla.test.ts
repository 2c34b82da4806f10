/**
 * Complaint and PX action workflows on the real worker with short SLA windows: reminders at their
 * points, breaches that climb the escalation ladder and notify each role once, acknowledging in
 * time, business clocks over a weekend and a holiday, the resolution-satisfaction survey, and the
 * one PX action a negative survey opens.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import {
  CaseEvent,
  CaseText,
  Complaint,
  Department,
  Encounter,
  Holiday,
  Hospital,
  Patient,
  PxAction,
  SlaPolicy,
  SurveyInstance,
  type User,
} from '../models/entities';
import type { ComplaintSeverity } from '../models/rules/statuses';
import { nextReference } from '../models/references';
import { acknowledgeComplaint, actionStateQuery, complaintStateQuery, complaintWorkflowId, escalateComplaint, resolveComplaint, type Actor } from '../workflows/caseTypes';
import { PxStatus } from '../workflows/searchAttributes';
import { complaintSurveyWorkflowId, surveyWorkflowId, type SurveyInput } from '../workflows/surveyTypes';
import { eventually } from './support/eventually';
import { bestAnswers, outboxLines, surveyInStatus, submitSurvey, worstAnswers } from './support/surveys';
import { startTestHub, uniqueVisit, type TestHub } from './support/testHub';

describe('complaint and action SLAs', () => {
  let hub: TestHub;
  let hospital: Hospital;
  let ed: Department;
  let manager: User;
  let hospitalAdmin: User;
  let pxAdmin: User;
  let coordinator: Actor;

  beforeAll(async () => {
    hub = await startTestHub({ env: { PX_SURVEY_SEND_DELAY: '0s', PX_SURVEY_QUIET_HOURS: 'off', PX_SURVEY_REMINDERS: 'none', PX_COMPLAINT_CLOSE_AFTER: '1h' } });
    const em = hub.api.em();
    hospital = await em.findOneOrFail(Hospital, { code: 'DEMO' });
    ed = await em.findOneOrFail(Department, { hospitalId: hospital.id, code: 'ED' });
    manager = await hub.api.createUser('DEPARTMENT_MANAGER', { hospitalId: hospital.id, departmentId: ed.id, email: 'ed.manager@demo.test' });
    hospitalAdmin = await hub.api.createUser('HOSPITAL_ADMIN', { hospitalId: hospital.id, email: 'demo.admin@demo.test' });
    pxAdmin = await hub.api.createUser('PX_ADMIN', { email: 'px.admin@group.test' });
    coordinator = { actorId: (await hub.api.createUser('PX_COORDINATOR', { hospitalId: hospital.id })).id, actorLevel: 50 };
  });
  afterAll(() => hub.close());

  async function policy(severity: ComplaintSeverity, fields: Partial<SlaPolicy>): Promise<void> {
    const em = hub.api.em();
    await em.nativeDelete(SlaPolicy, { hospitalId: hospital.id, entity: 'complaint', severity });
    await em.persistAndFlush(
      Object.assign(new SlaPolicy(), {
        hospitalId: hospital.id,
        entity: 'complaint',
        severity,
        clock: 'continuous',
        reminderAt: [0.5],
        escalation: ['DEPARTMENT_MANAGER', 'HOSPITAL_ADMIN', 'PX_ADMIN'],
        ...fields,
      }),
    );
  }

  /** A complaint as the API stores it, with its workflow started. */
  async function fileComplaint(severity: ComplaintSeverity, extra: Partial<Complaint> = {}): Promise<{ complaint: Complaint; handle: WorkflowHandle }> {
    const em = hub.api.em();
    const referenceNo = await nextReference(em, 'CMP');
    const complaint = Object.assign(new Complaint(), {
      hospitalId: hospital.id,
      referenceNo,
      workflowId: complaintWorkflowId(referenceNo),
      departmentId: ed.id,
      severity,
      category: 'waiting_time',
      description: 'Waited four hours in the emergency department without an update.',
      sourceChannel: 'walk_in',
      ...extra,
    });
    await em.persistAndFlush(complaint);
    const handle = await hub.temporal.client.workflow.start('complaint', {
      taskQueue: hub.taskQueue,
      workflowId: complaint.workflowId!,
      args: [{ id: complaint.id, referenceNo, hospitalId: hospital.id, hospitalCode: 'DEMO' }],
    });
    return { complaint, handle };
  }

  /** What staff wrote, stored as the API stores it before asking the workflow. */
  async function written(entityId: string, fields: Record<string, string>): Promise<{ textId: string }> {
    const text = Object.assign(new CaseText(), { entityType: 'complaint', entityId, fields });
    await hub.api.em().persistAndFlush(text);
    return { textId: text.id };
  }

  const timeline = (id: string) => hub.api.em().find(CaseEvent, { entityId: id }, { orderBy: { at: 'asc', kind: 'asc' } });
  const emailsTo = async (user: User, subject: RegExp) =>
    (await outboxLines(hub.outboxFile)).filter((m) => m.channel === 'email' && m.to === user.email && subject.test(m.subject ?? ''));

  it('reminds, then breaches both clocks and climbs the ladder, telling each role once', async () => {
    await policy('high', { acknowledgeWithin: 'PT3S', resolveWithin: 'PT7S' });
    const { complaint, handle } = await fileComplaint('high');
    const reference = new RegExp(complaint.referenceNo);

    await eventually(async () => ((await handle.query(complaintStateQuery)).escalationLevel >= 2 ? true : undefined), 20_000, 'two breaches');
    // The level rises as the breach is handled; the email to the second role follows it.
    await eventually(async () => ((await emailsTo(hospitalAdmin, /escalated/)).length > 0 ? true : undefined), 10_000, 'hospital admin told');
    const kinds = (await timeline(complaint.id)).map((e) => `${e.kind}:${(e.data as { clock?: string } | null)?.clock ?? ''}`);
    expect(kinds.filter((k) => k.startsWith('reminder'))).toEqual(['reminder:acknowledge', 'reminder:resolve']);
    expect(kinds.filter((k) => k.startsWith('breached'))).toEqual(['breached:acknowledge', 'breached:resolve']);

    const live = await handle.query(complaintStateQuery);
    expect(live.sla.acknowledge.state).toBe('breached');
    expect(live.sla.resolve.state).toBe('breached');
    // No assignee yet: the department's manager gets the reminders, and the first escalation.
    expect(await emailsTo(manager, /reminder|تذكير/)).toHaveLength(2);
    expect(await emailsTo(manager, /escalated|تصعيد/)).toHaveLength(1);
    expect(await emailsTo(hospitalAdmin, /escalated|تصعيد/)).toHaveLength(1);
    expect((await emailsTo(hospitalAdmin, /escalated/))[0].subject).toMatch(reference);
    // The email opens the complaint's page in the staff console, not the JSON API.
    expect((await emailsTo(hospitalAdmin, /escalated/))[0].body).toContain(`${hub.api.config.api.publicUrl}/console/complaints/${complaint.id}`);
    expect(await emailsTo(pxAdmin, /escalated/)).toHaveLength(0);

    await handle.executeUpdate(escalateComplaint, { args: [{ ...coordinator, ...(await written(complaint.id, { reason: 'The family called the ministry (937).' })) }] });
    await eventually(async () => ((await emailsTo(pxAdmin, /escalated/)).length === 1 ? true : undefined), 10_000, 'PX admin told');
    expect((await hub.api.em().findOneOrFail(Complaint, { id: complaint.id })).escalationLevel).toBe(3);
    const attributes = (await handle.describe()).typedSearchAttributes;
    expect(attributes.get(PxStatus)).toBe('escalated');
    // Each role heard once, however long the complaint stays open.
    expect(await emailsTo(manager, /escalated|تصعيد/)).toHaveLength(1);
    expect(await emailsTo(hospitalAdmin, /escalated|تصعيد/)).toHaveLength(1);
    await handle.terminate('test over');
  }, 40_000);

  it('an escalation whose role nobody holds there goes to the next role up, and says so on the timeline', async () => {
    // Cardiology has no manager of its own, and no manager without a department exists.
    await policy('low', { acknowledgeWithin: 'PT2S', resolveWithin: 'PT1H', escalation: ['DEPARTMENT_MANAGER'] });
    const cardiology = await hub.api.em().findOneOrFail(Department, { hospitalId: hospital.id, code: 'CARD' });
    const { complaint } = await fileComplaint('low', { departmentId: cardiology.id });
    await eventually(async () => ((await emailsTo(hospitalAdmin, new RegExp(complaint.referenceNo))).some((m) => /escalated|تصعيد/.test(m.subject ?? '')) ? true : undefined), 20_000, 'hospital admin told instead');
    const redirected = await eventually(async () => (await timeline(complaint.id)).find((e) => e.kind === 'escalation_moved'), 10_000, 'the move on the timeline');
    expect(redirected.data).toMatchObject({ role: 'DEPARTMENT_MANAGER', toRole: 'HOSPITAL_ADMIN', level: 1 });
    expect(await emailsTo(manager, new RegExp(complaint.referenceNo))).toHaveLength(0);
  });

  it('acknowledging in time stops the acknowledge clock: no breach, no escalation', async () => {
    await policy('medium', { acknowledgeWithin: 'PT3S', resolveWithin: 'PT1H' });
    const { complaint, handle } = await fileComplaint('medium');
    const state = await handle.executeUpdate(acknowledgeComplaint, { args: [coordinator] });
    expect(state.status).toBe('acknowledged');
    await new Promise((r) => setTimeout(r, 4_000));
    const live = await handle.query(complaintStateQuery);
    expect(live).toMatchObject({ escalationLevel: 0, sla: { acknowledge: { state: 'met' }, resolve: { state: 'running' } } });
    expect((await timeline(complaint.id)).map((e) => e.kind)).not.toContain('breached');
    expect((await hub.api.em().findOneOrFail(Complaint, { id: complaint.id })).acknowledgedAt).toBeInstanceOf(Date);
    await handle.terminate('test over');
  });

  it('a business clock skips the weekend and the hospital holiday', async () => {
    await policy('low', { clock: 'business', acknowledgeWithin: 'PT4H', resolveWithin: 'P1D' });
    const em = hub.api.em();
    await em.persistAndFlush(Object.assign(new Holiday(), { hospitalId: hospital.id, date: '2026-12-06', nameEn: 'Hospital day', nameAr: 'يوم المستشفى' }));
    // Received Thursday 3 Dec 2026, 15:00 Riyadh: 2 working hours left that day; Friday and Saturday
    // are the weekend and Sunday 6 Dec a holiday, so acknowledge-by is Monday 10:00.
    const { complaint, handle } = await fileComplaint('low', { createdAt: new Date('2026-12-03T12:00:00Z') });
    await eventually(async () => (await hub.api.em().findOneOrFail(Complaint, { id: complaint.id })).acknowledgeBy ?? undefined);
    const planned = await hub.api.em().findOneOrFail(Complaint, { id: complaint.id });
    expect(planned.acknowledgeBy!.toISOString()).toBe('2026-12-07T07:00:00.000Z');
    // One working day (08:00-17:00) from Thursday 15:00: 2 h Thursday, 7 h Monday → Monday 15:00.
    expect(planned.resolveBy!.toISOString()).toBe('2026-12-07T12:00:00.000Z');
    await handle.terminate('test over');
  });

  describe('resolution-satisfaction survey', () => {
    async function resolvedComplaintOfPatient() {
      const em = hub.api.em();
      await policy('medium', { acknowledgeWithin: 'PT1H', resolveWithin: 'PT2H' });
      const patient = Object.assign(new Patient(), { hospitalId: hospital.id, mrn: `MRN-${randomUUID()}`, phone: '+966500000001', preferredChannels: ['sms'], preferredLanguage: 'ar' });
      await em.persistAndFlush(patient);
      const { complaint, handle } = await fileComplaint('medium', { patientId: patient.id });
      await handle.executeUpdate(acknowledgeComplaint, { args: [coordinator] });
      await handle.executeUpdate(resolveComplaint, {
        args: [{ ...coordinator, ...(await written(complaint.id, { rootCause: 'Triage nurse shortage on the night shift', resolutionNotes: 'Added a second triage nurse; apologised by phone.' })) }],
      });
      return { complaint, handle, patient };
    }

    const linkFor = async (phone: string, nth: number) =>
      eventually(async () => (await outboxLines(hub.outboxFile)).filter((m) => m.to === phone && m.link)[nth]?.link ?? undefined, 20_000, `survey message ${nth + 1}`);

    it('dissatisfied reopens and escalates; satisfied after the second resolution closes', async () => {
      const { complaint, handle, patient } = await resolvedComplaintOfPatient();
      const first = await surveyInStatus(() => hub.api.em(), complaintSurveyWorkflowId(complaint.id, 1), ['sent']);
      expect(first.templateCode).toBe('COMPLAINT_RESOLUTION');
      expect(await submitSurvey(await linkFor(patient.phone!, 0), await worstAnswers(hub.api.em(), first.templateId))).toBe(200);

      const reopened = await eventually(async () => {
        const live = await handle.query(complaintStateQuery);
        return live.status === 'in_progress' && live.escalationLevel === 1 ? live : undefined;
      }, 20_000, 'reopened and escalated');
      expect(reopened.cycle).toBe(2);
      // The timeline is a read model its activities write after the workflow's state has moved.
      const kinds = await eventually(async () => {
        const seen = (await timeline(complaint.id)).map((e) => e.kind);
        return seen.includes('escalated') ? seen : undefined;
      }, 20_000, 'escalation on the timeline');
      expect(kinds).toEqual(expect.arrayContaining(['resolved', 'survey', 'reopened', 'escalated']));
      // A complaint's own survey does not open a PX action: reopening is its consequence.
      expect(await hub.api.em().count(PxAction, { sourceType: 'survey', sourceId: first.id })).toBe(0);

      await handle.executeUpdate(resolveComplaint, { args: [{ ...coordinator, ...(await written(complaint.id, { rootCause: 'Same', resolutionNotes: 'Met the family; waiting-time display installed.' })) }] });
      const second = await surveyInStatus(() => hub.api.em(), complaintSurveyWorkflowId(complaint.id, 2), ['sent']);
      expect(await submitSurvey(await linkFor(patient.phone!, 1), await bestAnswers(hub.api.em(), second.templateId))).toBe(200);
      expect(await handle.result()).toBe('closed');
      const closed = await hub.api.em().findOneOrFail(Complaint, { id: complaint.id });
      expect(closed).toMatchObject({ status: 'closed', rootCause: 'Same', resolutionNotes: 'Met the family; waiting-time display installed.' });
      expect(closed.closedAt).toBeInstanceOf(Date);
    }, 60_000);
  });

  it('a negative survey opens exactly one PX action, owned by the department manager', async () => {
    const em = hub.api.em();
    const patient = Object.assign(new Patient(), { hospitalId: hospital.id, mrn: `MRN-${randomUUID()}`, phone: '+966500000002', preferredChannels: ['sms'], preferredLanguage: 'en' });
    const visit = uniqueVisit();
    const encounter = Object.assign(new Encounter(), {
      hospitalId: hospital.id,
      visitNumber: visit,
      workflowId: `encounter:DEMO:${visit}`,
      patientId: patient.id,
      departmentId: ed.id,
      status: 'completed',
      startedAt: new Date(),
      lastEventAt: new Date(),
    });
    await em.persistAndFlush([patient, encounter]);
    const workflowId = surveyWorkflowId(encounter.workflowId, 'ED_DISCHARGE');
    const input: SurveyInput = {
      workflowId,
      hospitalId: hospital.id,
      hospitalCode: 'DEMO',
      templateCode: 'EMERGENCY_DEPARTMENT',
      stageCode: 'ED_DISCHARGE',
      readyAt: new Date().toISOString(),
      encounterWorkflowId: encounter.workflowId,
      patientId: patient.id,
    };
    const handle = await hub.temporal.client.workflow.start('survey', { taskQueue: hub.taskQueue, workflowId, args: [input] });
    const survey = await surveyInStatus(() => hub.api.em(), workflowId, ['sent']);
    const link = await eventually(async () => (await outboxLines(hub.outboxFile)).find((m) => m.to === patient.phone)?.link ?? undefined);
    expect(await submitSurvey(link, await worstAnswers(hub.api.em(), survey.templateId))).toBe(200);
    expect(await handle.result()).toBe('completed');
    // Told twice that the patient answered: still one action.
    await hub.temporal.client.workflow.getHandle(workflowId).signal('response').catch(() => undefined);

    const action = await eventually(async () => (await hub.api.em().findOne(PxAction, { sourceType: 'survey', sourceId: survey.id })) ?? undefined);
    expect(await hub.api.em().count(PxAction, { sourceType: 'survey', sourceId: survey.id })).toBe(1);
    expect(action).toMatchObject({ departmentId: ed.id, referenceNo: expect.stringMatching(/^ACT-\d{4}-\d{6}$/) });
    const live = await eventually(async () => {
      const state = await hub.temporal.client.workflow.getHandle(`action:${action.id}`).query(actionStateQuery);
      return state.assigneeId ? state : undefined;
    });
    expect(live).toMatchObject({ status: 'open', assigneeId: manager.id });
    // The assignment email is the workflow's next activity: it may land a moment after the state says who owns it.
    await eventually(async () => ((await emailsTo(manager, /assigned|أسند/)).length >= 1 ? true : undefined), 10_000, 'manager told of the assignment');
    expect((await hub.api.em().findOneOrFail(SurveyInstance, { id: survey.id })).negative).toBe(true);
    await hub.temporal.client.workflow.getHandle(`action:${action.id}`).terminate('test over');
  });
});
