import { Client as PgClient } from 'pg';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Logger } from '../../config/logger';
import { EventMapping, Hospital } from '../../models/entities';
import type { Orm } from '../../models/orm';
import type { encounter } from '../../workflows/encounter';
import { encounterEventSignal, encounterWorkflowId, type EncounterEvent, type EncounterInput } from '../../workflows/encounterTypes';
import { PxEntity, PxHospital, PxStatus } from '../../workflows/searchAttributes';
import { extractEventFields, type EncounterEventFields } from '../hl7/eventFields';
import { checkStorable } from '../hl7/fieldLimits';
import { loggableError } from '../../config/logger';
import { matchEvent, type MappingRule } from '../hl7/mapping';
import { parseMessage } from '../hl7/message';
import { decodePayload, normaliseSegments, type Hl7Charset } from '../mllp/charset';
import { DEFAULT_PHONE_COUNTRY_CODE } from '../../models/rules/phone';
import { InboxService } from '../inbox/inbox';
import { lanesOf, runLanes } from './lanes';
import { departmentFor, mergePatient, upsertPatient, upsertPhysician } from './people';

export interface RelayOptions {
  orm: Orm;
  client: Client;
  databaseUrl: string;
  taskQueue: string;
  log: Logger;
  pollMs: number;
  encounterDefaults: Pick<EncounterInput, 'defaultInactivityMs' | 'closeGraceMs'>;
  /** Calling code for phone numbers sent in national form (`0501234567`); default 966. */
  phoneCountryCode?: string;
  /** How many lanes (visits, with their patients) are delivered side by side; default 6. */
  lanes?: number;
}

interface InboxRow {
  id: string;
  seq: string;
  attempts: number;
  channel: string;
  raw: Buffer;
  charset: string | null;
  hospital_id: string;
  source_id: string | null;
}

/** What the relay delivers: event fields, and the event code when the channel states it (REST, FHIR). */
export interface NormalisedEvent {
  fields: EncounterEventFields;
  eventCode?: string;
}

/** A message that will never go through as it is: recorded on the row, the relay moves on. */
class PermanentFailure extends Error {}

/**
 * Errors that say the way to Temporal or the database is down, not that this message is wrong: the
 * relay keeps the row at the head and waits, since every later row would meet the same. gRPC codes
 * 4 DEADLINE_EXCEEDED, 8 RESOURCE_EXHAUSTED, 10 ABORTED, 14 UNAVAILABLE; SQLSTATE classes 08
 * (connection), 40 (rollback), 53 (resources), 57 (operator intervention); socket errors.
 */
const TRANSIENT_GRPC = new Set([4, 8, 10, 14]);
const TRANSIENT_SQLSTATE = /^(08|40|53|57)/;
/** SQLSTATE classes 22 (data exception), 23 (integrity), 54 (limit exceeded): this row's data, refused. */
const REFUSED_SQLSTATE = /^(22|23|54)/;
/** gRPC 3 INVALID_ARGUMENT: Temporal refused what this message asked for (an id too long, a payload too large). */
const REFUSED_GRPC = 3;
const SOCKET_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
/** An error that is neither: after this many tries the row is set aside, so it cannot hold the rest back. */
const MAX_ATTEMPTS = 5;

type Verdict = 'transient' | 'refused' | 'unknown';

function codesOf(error: unknown): { sqlState?: string; grpc?: number; socket?: string } {
  const codes: { sqlState?: string; grpc?: number; socket?: string } = {};
  for (let e = error as { code?: unknown; sqlState?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.sqlState === 'string') codes.sqlState ??= e.sqlState;
    if (typeof e.code === 'number') codes.grpc ??= e.code;
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) codes.sqlState ??= e.code;
    if (typeof e.code === 'string' && SOCKET_ERRORS.has(e.code)) codes.socket ??= e.code;
  }
  return codes;
}

function verdictOf(error: unknown): Verdict {
  if (error instanceof PermanentFailure) return 'refused';
  const { sqlState, grpc, socket } = codesOf(error);
  if (socket || (grpc !== undefined && TRANSIENT_GRPC.has(grpc)) || (sqlState && TRANSIENT_SQLSTATE.test(sqlState))) return 'transient';
  if (grpc === REFUSED_GRPC || (sqlState && REFUSED_SQLSTATE.test(sqlState))) return 'refused';
  return 'unknown';
}

/** What the inbox monitor shows: the reason in words, never the statement or values the driver quotes. */
function reasonOf(error: unknown): string {
  const { sqlState, grpc } = codesOf(error);
  const said = error instanceof PermanentFailure ? error.message : loggableError(error).message;
  const reason = sqlState ? `the database refused the message (SQLSTATE ${sqlState}): ${said}` : grpc !== undefined ? `Temporal refused the message (gRPC status ${grpc}): ${said}` : said;
  return reason.replace(/\u0000/g, '\uFFFD').slice(0, 2000);
}

const LEADER_LOCK = 360_361;
const BATCH = 200;
const MAX_BACKOFF_MS = 30_000;

/** A row as read once per batch: its event, or why it cannot be read. */
interface ReadRow {
  row: InboxRow;
  event?: NormalisedEvent;
  unreadable?: PermanentFailure;
}

/**
 * Moves received inbox rows into encounter workflows with signalWithStart. A batch is split into
 * lanes (adapters/relay/lanes.ts): the rows of one visit, and of one patient's record, stay in one
 * lane in intake order, and lanes are delivered side by side. The batch's physicians are written
 * once, together, before its lanes start. One relay leads at a time (an advisory lock). If Temporal
 * is unreachable a lane stops at the first row it cannot deliver and the relay retries with
 * backoff, so order is kept and nothing is lost; intake keeps accepting meanwhile.
 */
export class Relay {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private backoffMs = 0;
  private rules?: { at: number; rules: (MappingRule & { sourceId?: string | null })[] };

  private readonly inbox: InboxService;

  constructor(private readonly options: RelayOptions) {
    this.inbox = new InboxService(options.orm);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Runs at the next opportunity rather than after the poll interval (intake calls this). */
  nudge(): void {
    if (this.backoffMs === 0) this.wake?.();
  }

  private async sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
  }

  private async run(): Promise<void> {
    let leader: PgClient | undefined;
    let leading = false;
    const dropLeader = () => {
      leader?.end().catch(() => undefined);
      leader = undefined;
      leading = false;
    };
    while (this.running) {
      try {
        if (!leader) {
          leader = new PgClient({ connectionString: this.options.databaseUrl });
          leader.on('error', dropLeader);
          await leader.connect();
        }
        if (!leading) leading = (await leader.query('select pg_try_advisory_lock($1) as ok', [LEADER_LOCK])).rows[0].ok;
        const moved = leading ? await this.runOnce() : 0;
        if (moved === BATCH) continue;
      } catch (error) {
        if (!leading) dropLeader();
        this.backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(500, this.backoffMs * 2));
        this.options.log.warn({ err: error, retryInMs: this.backoffMs }, 'relay paused: will retry');
      }
      await this.sleep(this.backoffMs || this.options.pollMs);
    }
    dropLeader();
  }

  /** Delivers one batch of received rows, each lane in order; returns how many rows it read. */
  async runOnce(): Promise<number> {
    const connection = this.options.orm.em.getConnection();
    const rows: InboxRow[] = await connection.execute(
      `select id, seq, attempts, channel, raw, charset, hospital_id, source_id from inbox_message where status = 'received' order by seq limit ${BATCH}`,
    );
    if (rows.length === 0) return 0;
    const read = rows.map((row) => this.readRow(row));
    const hospitals = await this.hospitalsOf(rows);
    const physicians = await this.physiciansOf(read, hospitals);
    // Without the batch's physicians written first, two lanes could create one physician twice: one lane then.
    const lanes = physicians ? lanesOf(read, laneKeys) : [read];
    let outage: unknown;
    await runLanes(lanes, this.options.lanes ?? 6, async (item) => {
      try {
        await this.deliver(item, hospitals, physicians);
        return true;
      } catch (error) {
        // A message that cannot be applied is set aside as failed, visible and replayable, so
        // delivery goes on for every other message; only an outage holds its lane back.
        const verdict = verdictOf(error);
        const setAside = verdict === 'refused' || (verdict === 'unknown' && item.row.attempts + 1 >= MAX_ATTEMPTS);
        if (!setAside) {
          outage ??= error;
          await this.inbox.retryLater(item.row.id, reasonOf(error)).catch(() => undefined);
          return false;
        }
        await this.inbox.failed(item.row.id, reasonOf(error));
        this.options.log.warn({ inboxId: item.row.id, err: error }, 'inbox message could not be applied: set aside as failed');
        return true;
      }
    });
    if (outage) throw outage;
    this.backoffMs = 0;
    return rows.length;
  }

  private readRow(row: InboxRow): ReadRow {
    try {
      return { row, event: this.read(row) };
    } catch (error) {
      return { row, unreadable: error as PermanentFailure };
    }
  }

  private async hospitalsOf(rows: InboxRow[]): Promise<Map<string, Hospital>> {
    const found = await this.options.orm.em.fork().find(Hospital, { id: { $in: [...new Set(rows.map((r) => r.hospital_id))] } });
    return new Map(found.map((h) => [h.id, h]));
  }

  /**
   * The physicians the batch names, created or refreshed in one transaction, by hospital and
   * licence number. Undefined when that could not be done for a reason of this batch's data (the
   * rows then go one at a time, each writing its own physician, so one bad row is found alone).
   */
  private async physiciansOf(read: ReadRow[], hospitals: Map<string, Hospital>): Promise<Map<string, string> | undefined> {
    const named = read.filter((r) => r.event?.fields.attendingLicenseNo && hospitals.has(r.row.hospital_id));
    const ids = new Map<string, string>();
    if (named.length === 0) return ids;
    try {
      await this.options.orm.em.fork().transactional(async (tx) => {
        for (const { row, event } of named) {
          const id = await upsertPhysician(tx, row.hospital_id, event!.fields);
          if (id) ids.set(physicianKey(row.hospital_id, event!.fields.attendingLicenseNo!), id);
        }
      });
      return ids;
    } catch (error) {
      if (verdictOf(error) === 'transient') throw error;
      this.options.log.warn({ err: error }, "the batch's physicians could not be written together: delivering its rows one at a time");
      return undefined;
    }
  }

  private async mappingRules(): Promise<(MappingRule & { sourceId?: string | null })[]> {
    if (this.rules && Date.now() - this.rules.at < 10_000) return this.rules.rules;
    const rows = await this.options.orm.em.fork().find(EventMapping, { active: true });
    this.rules = { at: Date.now(), rules: rows };
    return rows;
  }

  /** HL7 rows are parsed again from their raw bytes; REST and FHIR rows hold a normalised event as JSON. */
  private read(row: InboxRow): NormalisedEvent {
    try {
      if (row.channel !== 'mllp') {
        const event = JSON.parse(row.raw.toString('utf8')) as NormalisedEvent;
        return { ...event, fields: checkStorable(event.fields) };
      }
      const text = normaliseSegments(decodePayload(row.raw, (row.charset ?? 'UTF-8') as Hl7Charset).text);
      return { fields: checkStorable(extractEventFields(parseMessage(text))) };
    } catch (error) {
      throw new PermanentFailure(`could not read the stored message: ${(error as Error).message}`);
    }
  }

  private async deliver({ row, event: read, unreadable }: ReadRow, hospitals: Map<string, Hospital>, physicians?: Map<string, string>): Promise<void> {
    if (!read) throw unreadable ?? new PermanentFailure('could not read the stored message');
    const { fields, eventCode: given } = read;
    const rules = (await this.mappingRules()).filter((r) => !r.sourceId || r.sourceId === row.source_id);
    const eventCode = given ?? matchEvent(rules, fields);
    if (!eventCode) {
      await this.inbox.ignored(row.id, `no event mapping for ${fields.messageType}^${fields.triggerEvent}`);
      return;
    }

    const em = this.options.orm.em.fork();
    const hospital = hospitals.get(row.hospital_id) ?? (await em.findOneOrFail(Hospital, { id: row.hospital_id }));
    const event: EncounterEvent = { messageId: row.id, seq: String(row.seq), eventCode, occurredAt: fields.eventTime };
    await em.transactional(async (tx) => {
      event.patientId = await upsertPatient(tx, hospital.id, fields, this.options.phoneCountryCode ?? DEFAULT_PHONE_COUNTRY_CODE);
      if (eventCode === 'MERGE') await mergePatient(tx, hospital.id, fields.mergedMrn, event.patientId);
      event.attendingPhysicianId = fields.attendingLicenseNo && physicians?.has(physicianKey(hospital.id, fields.attendingLicenseNo))
        ? physicians.get(physicianKey(hospital.id, fields.attendingLicenseNo))
        : await upsertPhysician(tx, hospital.id, fields);
      event.departmentId = await departmentFor(tx, hospital.id, fields);
    });
    if (fields.location) event.location = fields.location;
    if (fields.patientClass) event.patientClass = fields.patientClass;

    let workflowId: string | null = null;
    let note: string | null = null;
    let closed = false;
    if (fields.visitNumber) {
      workflowId = encounterWorkflowId(hospital.code, fields.visitNumber);
      try {
        await this.options.client.workflow.signalWithStart<typeof encounter, [EncounterEvent]>('encounter', {
          workflowId,
          taskQueue: this.options.taskQueue,
          args: [{ hospitalId: hospital.id, hospitalCode: hospital.code, visitNumber: fields.visitNumber, ...this.options.encounterDefaults }],
          signal: encounterEventSignal,
          signalArgs: [event],
          // A closed encounter stays closed: a late message for it is noted, not a new journey.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          typedSearchAttributes: [
            { key: PxEntity, value: 'encounter' },
            { key: PxHospital, value: hospital.code },
            { key: PxStatus, value: 'active' },
          ],
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        note = 'the encounter has already closed';
        closed = true;
      }
    } else {
      note = 'no visit number: patient record updated only';
    }
    await this.inbox.delivered(row.id, { eventCode, workflowId, note, ignored: closed });
  }
}

const physicianKey = (hospitalId: string, licenseNo: string) => `${hospitalId}|${licenseNo}`;

/** What a row must stay in order with: its visit, its patient's record and a record merged into it. */
function laneKeys({ row, event }: ReadRow): string[] {
  if (!event) return [];
  const { visitNumber, mrn, mergedMrn } = event.fields;
  return [visitNumber && `${row.hospital_id}|visit|${visitNumber}`, mrn && `${row.hospital_id}|mrn|${mrn}`, mergedMrn && `${row.hospital_id}|mrn|${mergedMrn}`].filter((k): k is string => !!k);
}
