/**
 * Messages the database cannot store (a NUL byte, an MRN or visit number far past its column)
 * are refused at intake with ERR naming the field, and a row that still cannot be applied is set
 * aside as failed: delivery goes on for every other message, and nothing stalls the connection.
 */
import { randomUUID } from 'node:crypto';
import { InboxMessage } from '../models/entities';
import { encounterStateQuery } from '../workflows/encounterTypes';
import { eventually } from './support/eventually';
import { adt } from './support/hl7Messages';
import { field, MllpTestClient } from './support/mllpClient';
import { startTestHub, uniqueVisit, type TestHub } from './support/testHub';

describe('messages the database would refuse', () => {
  let hub: TestHub;
  let client: MllpTestClient;
  let adminToken: string;

  beforeAll(async () => {
    hub = await startTestHub();
    client = await MllpTestClient.connect(hub.listener.port);
    adminToken = await hub.api.adminToken();
  });
  afterAll(async () => {
    client.close();
    await hub.close();
  });

  const facts = () => ({ visit: uniqueVisit(), mrn: `MRN${randomUUID().slice(0, 8)}`, patientClass: 'O' as const });
  const applied = (visit: string) =>
    eventually(async () => {
      const state = await hub.temporal.client.workflow.getHandle(`encounter:DEMO:${visit}`).query(encounterStateQuery).catch(() => undefined);
      return state && state.history.length > 0 ? state : undefined;
    }, 20_000, `encounter ${visit} applied`);

  it.each([
    ['a NUL byte in PID-5', { family: 'Al-\u0000Harbi' }, 'PID^1^5', 'PID-5 (family name) contains a NUL character'],
    ['a 3,000-character MRN', { mrn: 'M'.repeat(3_000) }, 'PID^1^3', 'PID-3 (MRN) is 3000 characters long; at most 64 are accepted'],
    ['a 3,000-character visit number', { visit: 'V'.repeat(3_000) }, 'PV1^1^19', 'PV1-19 (visit number) is 3000 characters long; at most 64 are accepted'],
  ])('refuses %s with AE and ERR naming the field, stores it as failed, and goes on', async (_name, change, location, reason) => {
    const bad = { ...facts(), ...change };
    const ack = await client.send(adt('A04', bad));
    expect(field(ack, 'MSA', 1)).toBe('AE');
    expect(field(ack, 'MSA', 3)).toBe(reason);
    expect(field(ack, 'ERR', 2)).toBe(location);
    expect(field(ack, 'ERR', 3)).toBe(`102^${reason}^HL70357`);

    // The inbox monitor shows it, with the reason, and it never reached a workflow.
    const failed = await hub.api.request('GET', '/api/v1/integration/messages?status=failed&limit=200', { token: adminToken });
    expect(failed.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ status: 'failed', error: reason })]));

    // The same connection still works, and the next message is applied.
    const good = facts();
    expect(field(await client.send(adt('A04', good)), 'MSA', 1)).toBe('AA');
    await applied(good.visit);
  });

  it('answers a NUL byte in MSH-10 with AR naming MSH-10 and keeps the connection open', async () => {
    const bad = { ...facts(), control: 'CTRL\u00001' };
    const ack = await client.send(adt('A04', bad));
    expect(field(ack, 'MSA', 1)).toBe('AR');
    expect(field(ack, 'ERR', 2)).toBe('MSH^1^10');
    expect(field(ack, 'MSA', 3)).toBe('MSH-10 contains a NUL character');
    expect(client.closed).toBe(false);
    const good = facts();
    expect(field(await client.send(adt('A04', good)), 'MSA', 1)).toBe('AA');
    await applied(good.visit);
  });

  it('sets aside a stored row the database refuses, so the rows behind it are delivered, and it can be replayed', async () => {
    const em = hub.api.em();
    const hospitalId = (await em.getConnection().execute(`select id from hospital where code = 'DEMO'`))[0].id;
    // A REST-channel event already in the inbox whose date of birth PostgreSQL cannot take.
    const visit = uniqueVisit();
    const event = {
      eventCode: 'OPD_CHECK_IN',
      fields: { messageType: 'ADT', triggerEvent: 'A04', controlId: randomUUID(), facility: 'DEMO', mrn: `MRN-${randomUUID().slice(0, 8)}`, visitNumber: visit, eventTime: new Date().toISOString(), dateOfBirth: '1980-13-45' },
    };
    await em.getConnection().execute(`insert into inbox_message (id, channel, raw, status, hospital_id, ack) values (gen_random_uuid(), 'rest', ?, 'received', ?, '')`, [
      Buffer.from(JSON.stringify(event)),
      hospitalId,
    ]);
    const behind = facts();
    expect(field(await client.send(adt('A04', behind)), 'MSA', 1)).toBe('AA');
    await applied(behind.visit);

    const row = await eventually(async () => {
      const found = await hub.api.em().findOne(InboxMessage, { channel: 'rest', status: 'failed' });
      return found ?? undefined;
    }, 20_000, 'the refused row set aside');
    expect(row.error).toMatch(/^the database refused the message \(SQLSTATE 22\d{3}\)/);
    // The reason names what went wrong, never the values the statement carried.
    expect(row.error).not.toContain(event.fields.mrn);

    const replay = await hub.api.request('POST', `/api/v1/integration/messages/${row.id}/replay`, { token: adminToken });
    expect(replay.status).toBe(202);
    await eventually(async () => ((await hub.api.em().findOne(InboxMessage, { id: row.id }))?.status === 'failed' ? true : undefined), 20_000, 'replayed and set aside again');
  });
});
