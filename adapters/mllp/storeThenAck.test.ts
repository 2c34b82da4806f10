/**
 * Store, then ACK, when the store is gone: with PostgreSQL down a message gets no ACK (the
 * connection closes, so the sender keeps it and retries) and the process stays up; once the
 * database is back the retry is stored once and acknowledged.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../config/logger';
import { hashPassword } from '../../api/auth/passwords';
import { InboxMessage } from '../../models/entities';
import { connectOrm, migrate, type Orm } from '../../models/orm';
import { seed } from '../../models/seed';
import { startEmbeddedPostgres, type RunningPostgres } from '../../workers/local/embeddedPostgres';
import { freePort } from '../../workers/local/processes';
import { adt } from '../../test/support/hl7Messages';
import { field, MllpTestClient } from '../../test/support/mllpClient';
import { uniqueVisit } from '../../test/support/testHub';
import { IntakeDirectory } from '../inbox/directory';
import { InboxService } from '../inbox/inbox';
import { Hl7Intake } from './intake';
import { startMllpListener, type RunningMllpListener } from './listener';

describe('when the database is down', () => {
  const log = createLogger('silent');
  let dataDir: string;
  let port: number;
  let postgres: RunningPostgres;
  let orm: Orm;
  let listener: RunningMllpListener;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'px360-store-'));
    fs.chmodSync(dataDir, 0o755);
    port = await freePort();
    postgres = await startEmbeddedPostgres({ dataDir, port, log });
    orm = await connectOrm(postgres.url, { pool: { min: 0, max: 4, acquireTimeoutMillis: 2_000 } as never });
    await migrate(orm);
    await seed(orm.em.fork(), { adminEmail: 'store@px360.test', adminPassword: 'store-test-password', demo: true, hashPassword });
    const directory = new IntakeDirectory(orm);
    await directory.hospitalId('DEMO');
    listener = await startMllpListener({
      host: '127.0.0.1',
      port: 0,
      maxFrameBytes: 65_536,
      idleTimeoutMs: 60_000,
      intake: new Hl7Intake({ inbox: new InboxService(orm), directory, defaultCharset: 'UTF-8', log }),
      log,
    });
  });
  afterAll(async () => {
    await listener.close(100);
    await orm.close();
    await postgres.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends no ACK and closes the connection; the retry after recovery is stored once', async () => {
    const message = adt('A04', { visit: uniqueVisit(), mrn: 'STORE-1' });
    await postgres.stop();
    const first = await MllpTestClient.connect(listener.port);
    first.sendMessage(message);
    await expect(first.nextAck(8_000)).rejects.toThrow(/closed before an ACK/);

    postgres = await startEmbeddedPostgres({ dataDir, port, log });
    let ack = '';
    for (let attempt = 0; attempt < 20 && !ack; attempt++) {
      const retry = await MllpTestClient.connect(listener.port);
      ack = await retry.send(message).catch(() => '');
      retry.close();
      if (!ack) await new Promise((r) => setTimeout(r, 250));
    }
    expect(field(ack, 'MSA', 1)).toBe('AA');
    expect(await orm.em.fork().count(InboxMessage, { controlId: field(message, 'MSH', 10) })).toBe(1);
  });
});
