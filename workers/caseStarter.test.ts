import { Complaint, Hospital } from '../models/entities';
import { nextReference } from '../models/references';
import { complaintStateQuery, complaintWorkflowId } from '../workflows/caseTypes';
import { createLogger } from '../config/logger';
import { startTestHub, type TestHub } from '../test/support/testHub';
import { CaseStarter } from './caseStarter';

describe('case starter', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(() => hub.close());

  it('starts the workflow of a complaint stored while Temporal was away, once', async () => {
    const em = hub.api.em();
    const hospital = await em.findOneOrFail(Hospital, { code: 'DEMO' });
    const referenceNo = await nextReference(em, 'CMP');
    const complaint = Object.assign(new Complaint(), {
      hospitalId: hospital.id,
      referenceNo,
      workflowId: complaintWorkflowId(referenceNo),
      severity: 'medium',
      category: 'billing',
      description: 'Charged twice for one visit.',
      sourceChannel: 'phone',
      createdAt: new Date(Date.now() - 60_000),
    });
    await em.persistAndFlush(complaint);
    const starter = new CaseStarter({ orm: hub.api.orm, temporal: hub.temporal.client, taskQueue: hub.taskQueue, log: createLogger('silent', 'test') });

    expect(await starter.sweep()).toBe(1);
    const live = await hub.temporal.client.workflow.getHandle(complaint.workflowId!).query(complaintStateQuery);
    expect(live.status).toBe('open');
    expect((await hub.api.em().findOneOrFail(Complaint, { id: complaint.id })).workflowStartedAt).toBeInstanceOf(Date);
    expect(await starter.sweep()).toBe(0);
    await hub.temporal.client.workflow.getHandle(complaint.workflowId!).terminate('test over');
  });

  it('leaves a complaint just stored to the API that is starting it', async () => {
    const em = hub.api.em();
    const hospital = await em.findOneOrFail(Hospital, { code: 'DEMO' });
    const referenceNo = await nextReference(em, 'CMP');
    await em.persistAndFlush(
      Object.assign(new Complaint(), { hospitalId: hospital.id, referenceNo, workflowId: complaintWorkflowId(referenceNo), severity: 'low', category: 'other', description: 'x', sourceChannel: 'web' }),
    );
    const starter = new CaseStarter({ orm: hub.api.orm, temporal: hub.temporal.client, taskQueue: hub.taskQueue, log: createLogger('silent', 'test') });
    expect(await starter.sweep()).toBe(0);
  });
});
