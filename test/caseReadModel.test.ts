/**
 * The complaint and action rows staff lists read are the workflows' state: operations that arrive
 * together leave the row equal to what the workflow says, and a case whose history grows long
 * carries on in a new run with its clocks, its timeline and its operations intact.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import { createLogger } from '../config/logger';
import { CaseEvent, CaseText, Complaint, Department, Hospital, PxAction, type User } from '../models/entities';
import { nextReference } from '../models/references';
import { startTemporalDevServer, type RunningTemporal } from '../workers/local/temporalDevServer';
import { freePort } from '../workers/local/processes';
import {
  acknowledgeComplaint,
  actionStateQuery,
  assignComplaint,
  cancelAction,
  complaintStateQuery,
  complaintWorkflowId,
  escalateComplaint,
  noteComplaint,
  progressAction,
  type Actor,
} from '../workflows/caseTypes';
import { eventually } from './support/eventually';
import { startTestHub, type TestHub } from './support/testHub';

/** Few enough events that a complaint with a handful of notes is told to continue as new. */
const SUGGEST_CONTINUE_AFTER_EVENTS = 60;

describe('case read model', () => {
  let temporal: RunningTemporal;
  let hub: TestHub;
  let hospital: Hospital;
  let ed: Department;
  let coordinator: Actor;
  let staff: User[];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'px360-case-read-model-'));

  beforeAll(async () => {
    // A server of this file's own: its history limit is far below the production default.
    temporal = await startTemporalDevServer({
      cli: process.env.TEMPORAL_CLI || undefined,
      port: await freePort(),
      uiPort: await freePort(),
      namespace: 'default',
      log: createLogger('silent'),
      logFile: path.join(dataDir, 'temporal.log'),
      dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': SUGGEST_CONTINUE_AFTER_EVENTS },
    });
    hub = await startTestHub({ temporalAddress: temporal.address, env: { PX_SURVEY_SEND_DELAY: '0s', PX_SURVEY_QUIET_HOURS: 'off' } });
    const em = hub.api.em();
    hospital = await em.findOneOrFail(Hospital, { code: 'DEMO' });
    ed = await em.findOneOrFail(Department, { hospitalId: hospital.id, code: 'ED' });
    coordinator = { actorId: (await hub.api.createUser('PX_COORDINATOR', { hospitalId: hospital.id })).id, actorLevel: 50 };
    staff = await Promise.all([1, 2, 3].map((n) => hub.api.createUser('STAFF', { hospitalId: hospital.id, departmentId: ed.id, email: `ed.staff.${n}@demo.test` })));
  });
  afterAll(async () => {
    await hub?.close();
    await temporal?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function fileComplaint(): Promise<{ complaint: Complaint; handle: WorkflowHandle }> {
    const em = hub.api.em();
    const referenceNo = await nextReference(em, 'CMP');
    const complaint = Object.assign(new Complaint(), {
      hospitalId: hospital.id,
      referenceNo,
      workflowId: complaintWorkflowId(referenceNo),
      departmentId: ed.id,
      severity: 'medium',
      category: 'communication',
      description: 'Nobody told us when the doctor would come.',
      sourceChannel: 'walk_in',
    });
    await em.persistAndFlush(complaint);
    const handle = await hub.temporal.client.workflow.start('complaint', {
      taskQueue: hub.taskQueue,
      workflowId: complaint.workflowId!,
      args: [{ id: complaint.id, referenceNo, hospitalId: hospital.id, hospitalCode: 'DEMO' }],
    });
    return { complaint, handle };
  }

  async function written(entityType: 'complaint' | 'action', entityId: string, fields: Record<string, string>): Promise<{ textId: string }> {
    const text = Object.assign(new CaseText(), { entityType, entityId, fields });
    await hub.api.em().persistAndFlush(text);
    return { textId: text.id };
  }

  const row = async (id: string) => {
    const complaint = await hub.api.em().findOneOrFail(Complaint, { id });
    return { status: complaint.status, assigneeId: complaint.assigneeId ?? null, escalationLevel: complaint.escalationLevel };
  };

  /**
   * The first write that moves this case's row to `status` fails once (as a lost connection or a
   * deadlock would), so the activity that made it runs again a second later, after an operation
   * that came after it has already written.
   */
  async function failFirstWrite(table: 'complaint' | 'px_action', id: string, status: string): Promise<void> {
    const tag = `${table}_${id.replace(/-/g, '')}`;
    const connection = hub.api.em().getConnection();
    await connection.execute(`create sequence if not exists "fail_${tag}"`);
    await connection.execute(
      `create or replace function "fail_${tag}"() returns trigger language plpgsql as $$
       begin
         if new.id = '${id}' and new.status = '${status}' and old.status is distinct from new.status and nextval('"fail_${tag}"') = 1 then
           raise exception 'connection lost';
         end if;
         return new;
       end $$`,
    );
    await connection.execute(`create trigger "fail_${tag}" before update on "${table}" for each row execute function "fail_${tag}"()`);
  }

  it('leaves the complaint row equal to its workflow when an earlier write lands after a later one', async () => {
    const { complaint, handle } = await fileComplaint();
    await failFirstWrite('complaint', complaint.id, 'acknowledged');
    await eventually(async () => ((await handle.query(complaintStateQuery)).sla.acknowledge.dueAt ? true : undefined), 10_000, 'SLA planned');
    // Acknowledged first; assigned (which starts the work) while the acknowledgement is still being written.
    const acknowledging = await handle.startUpdate(acknowledgeComplaint, { args: [coordinator], waitForStage: WorkflowUpdateStage.ACCEPTED });
    const assigned = await handle.executeUpdate(assignComplaint, { args: [{ ...coordinator, assigneeId: staff[0].id }] });
    await acknowledging.result();
    expect(assigned).toMatchObject({ status: 'in_progress', assigneeId: staff[0].id });

    const live = await handle.query(complaintStateQuery);
    await eventually(async () => ((await hub.api.em().count(CaseEvent, { entityId: complaint.id, kind: { $in: ['acknowledged', 'assigned'] } })) === 2 ? true : undefined), 10_000, 'both lines on the timeline');
    expect(await row(complaint.id)).toEqual({ status: live.status, assigneeId: live.assigneeId, escalationLevel: live.escalationLevel });
    expect(live.status).toBe('in_progress');
  });

  it('leaves the action row cancelled when a progress note written before the cancellation lands after it', async () => {
    const em = hub.api.em();
    const action = Object.assign(new PxAction(), { hospitalId: hospital.id, departmentId: ed.id, referenceNo: await nextReference(em, 'ACT'), sourceType: 'manual', title: 'Call families back within the hour', priority: 'medium' });
    await em.persistAndFlush(action);
    const handle = await hub.temporal.client.workflow.start('pxAction', {
      taskQueue: hub.taskQueue,
      workflowId: `action:${action.id}`,
      args: [{ id: action.id, referenceNo: action.referenceNo, hospitalId: hospital.id, hospitalCode: 'DEMO' }],
    });
    await failFirstWrite('px_action', action.id, 'in_progress');
    const progressing = await handle.startUpdate(progressAction, { args: [{ ...coordinator, ...(await written('action', action.id, { note: 'Rota drafted.' })) }], waitForStage: WorkflowUpdateStage.ACCEPTED });
    await handle.executeUpdate(cancelAction, { args: [{ ...coordinator, ...(await written('action', action.id, { reason: 'Merged into the ward rota action.' })) }] });
    await progressing.result();

    const live = await handle.query(actionStateQuery);
    expect(live.status).toBe('cancelled');
    await eventually(async () => ((await hub.api.em().count(CaseEvent, { entityId: action.id, kind: { $in: ['progress', 'cancelled'] } })) === 2 ? true : undefined), 10_000, 'both lines on the timeline');
    const stored = await hub.api.em().findOneOrFail(PxAction, { id: action.id });
    expect({ status: stored.status, assigneeId: stored.assigneeId ?? null }).toEqual({ status: 'cancelled', assigneeId: live.assigneeId });
  });

  it('carries a complaint with a long history into a new run with its state, clocks and timeline', async () => {
    const { complaint, handle } = await fileComplaint();
    const first = await handle.describe();
    await handle.executeUpdate(acknowledgeComplaint, { args: [coordinator] });
    await handle.executeUpdate(assignComplaint, { args: [{ ...coordinator, assigneeId: staff[1].id }] });
    const before = await handle.query(complaintStateQuery);
    const notes = 12;
    for (let n = 1; n <= notes; n++) {
      await handle.executeUpdate(noteComplaint, { args: [{ ...coordinator, ...(await written('complaint', complaint.id, { note: `Follow-up call ${n}.` })) }] });
    }
    // The server suggested a new run; the complaint took it between operations.
    const now = await eventually(async () => {
      const described = await hub.temporal.client.workflow.getHandle(complaint.workflowId!).describe();
      return described.runId !== first.runId ? described : undefined;
    }, 15_000, 'a new run');
    expect(now.status.name).toBe('RUNNING');

    const latest = hub.temporal.client.workflow.getHandle(complaint.workflowId!);
    const after = await latest.query(complaintStateQuery);
    expect(after).toEqual(before);
    // Operations still reach it, and the timeline keeps one line per operation across runs.
    const reason = await written('complaint', complaint.id, { reason: 'Still no callback from the ward.' });
    const escalated = await latest.executeUpdate(escalateComplaint, { args: [{ ...coordinator, ...reason }] });
    expect(escalated.escalationLevel).toBe(1);
    await eventually(async () => ((await row(complaint.id)).escalationLevel === 1 ? true : undefined), 10_000, 'escalation in the row');
    expect(await row(complaint.id)).toEqual({ status: 'in_progress', assigneeId: staff[1].id, escalationLevel: 1 });
    const kinds = (await hub.api.em().find(CaseEvent, { entityId: complaint.id })).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'note')).toHaveLength(notes);
    expect(kinds.filter((k) => k === 'acknowledged')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'escalated')).toHaveLength(1);
  });
});
