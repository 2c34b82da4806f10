/**
 * The statements the outbox delivery runs on `outbox_message`. A message is pending until it is
 * delivered or failed; times are the database's, as the writers' defaults are.
 */
import type { OutboxKind, OutboxPayload } from '../../models/entities/outbox';
import type { Orm } from '../../models/orm';

export interface PendingMessage {
  id: string;
  workflowId: string;
  lane: number;
  kind: OutboxKind;
  payload: OutboxPayload;
  attempts: number;
}

const PENDING = `"delivered_at" is null and "failed_at" is null`;

/** `{1,2,3}`: a list of lanes as one parameter (`= any(?::int[])`), so an empty list needs no special SQL. */
export const laneArray = (lanes: Iterable<number>) => `{${[...lanes].join(',')}}`;

export class OutboxStore {
  constructor(private readonly orm: Orm) {}

  private get connection() {
    return this.orm.em.getConnection();
  }

  /**
   * The next due messages of a lane in id order. A message waits while an earlier message of its
   * workflow is pending and either waits for a retry or travels in another lane (written when the
   * lane count was different), so one workflow's messages go strictly in order; other workflows'
   * messages in the lane go past it.
   */
  async due(lane: number, limit: number): Promise<PendingMessage[]> {
    const rows = await this.connection.execute<{ id: string; workflow_id: string; lane: number; kind: OutboxKind; payload: OutboxPayload; attempts: number }[]>(
      `select m."id", m."workflow_id", m."lane", m."kind", m."payload", m."attempts" from "outbox_message" m
       where m."lane" = ? and m.${PENDING} and m."next_attempt_at" <= now()
         and not exists (select 1 from "outbox_message" p where p."workflow_id" = m."workflow_id" and p."id" < m."id" and p.${PENDING}
                         and (p."lane" <> m."lane" or p."next_attempt_at" > now()))
       order by m."id" limit ?`,
      [lane, limit],
    );
    return rows.map((r) => ({ id: String(r.id), workflowId: r.workflow_id, lane: r.lane, kind: r.kind, payload: r.payload, attempts: r.attempts }));
  }

  /** Of `lanes`, those with a message due now. */
  async lanesWithDue(lanes: number[]): Promise<number[]> {
    if (lanes.length === 0) return [];
    const rows = await this.connection.execute<{ lane: number }[]>(
      `select distinct "lane" from "outbox_message" where "lane" = any(?::int[]) and ${PENDING} and "next_attempt_at" <= now()`,
      [laneArray(lanes)],
    );
    return rows.map((r) => r.lane);
  }

  async delivered(id: string, note: string | null): Promise<void> {
    await this.connection.execute(`update "outbox_message" set "delivered_at" = now(), "attempts" = "attempts" + 1, "last_error" = ? where "id" = ?`, [note, id]);
  }

  async failed(id: string, reason: string): Promise<void> {
    await this.connection.execute(`update "outbox_message" set "failed_at" = now(), "attempts" = "attempts" + 1, "last_error" = ? where "id" = ?`, [reason, id]);
  }

  /** Waiting for Temporal to come back: the reason is kept, the message stays due and its attempts are not counted. */
  async waiting(id: string, reason: string): Promise<void> {
    await this.connection.execute(`update "outbox_message" set "last_error" = ? where "id" = ?`, [reason, id]);
  }

  /** Tried and not delivered: due again after `retryInMs`. */
  async attempted(id: string, reason: string, retryInMs: number): Promise<void> {
    await this.connection.execute(
      `update "outbox_message" set "attempts" = "attempts" + 1, "last_error" = ?, "next_attempt_at" = now() + make_interval(secs => ?) where "id" = ?`,
      [reason, retryInMs / 1000, id],
    );
  }

  /** Deletes up to `limit` messages settled longer ago than `retentionMs`; returns how many. */
  async purge(retentionMs: number, limit = 1000): Promise<number> {
    const result = await this.connection.execute<{ affectedRows: number }>(
      `delete from "outbox_message" where "id" in (
         select "id" from "outbox_message" where ("delivered_at" is not null or "failed_at" is not null) and "created_at" < now() - make_interval(secs => ?) limit ?)`,
      [retentionMs / 1000, limit],
      'run',
    );
    return result.affectedRows;
  }
}
