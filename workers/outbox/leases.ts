/**
 * Lanes shared between delivery processes through leases in `outbox_lane_lease`. Each process
 * says it is alive (`outbox_delivery_process`), renews what it holds and takes free or expired
 * lanes up to its fair share (the lanes divided by the processes alive), so a process that joins
 * gets its part as the others give lanes up, and the lanes of one that died are taken once its
 * leases expire. Times are the database's.
 */
import type { Orm } from '../../models/orm';
import { laneArray } from './store';

export interface LeaseRound {
  /** Every lane this process holds after the round. */
  held: number[];
  /** How many lanes this process should hold: more than this, it gives the rest up. */
  share: number;
}

export class LaneLeases {
  constructor(
    private readonly orm: Orm,
    readonly holder: string,
    private readonly options: { lanes: number; leaseMs: number },
  ) {}

  private get connection() {
    return this.orm.em.getConnection();
  }

  private get leaseSeconds() {
    return this.options.leaseMs / 1000;
  }

  /**
   * One round: make sure every lane has a lease row (lanes 0 … lanes-1, and any lane pending
   * messages were written to under another lane count), renew this holder's leases, work out the
   * fair share and take free lanes up to it.
   */
  async round(): Promise<LeaseRound> {
    const connection = this.connection;
    await connection.execute(
      `insert into "outbox_lane_lease" ("lane") select g from generate_series(0, ?::int - 1) g
       union select distinct "lane" from "outbox_message" where "delivered_at" is null and "failed_at" is null
       on conflict do nothing`,
      [this.options.lanes],
    );
    await connection.execute(
      `insert into "outbox_delivery_process" ("holder", "expires_at") values (?, now() + make_interval(secs => ?))
       on conflict ("holder") do update set "expires_at" = excluded."expires_at"`,
      [this.holder, this.leaseSeconds],
    );
    await connection.execute(`delete from "outbox_delivery_process" where "expires_at" < now() - interval '1 minute'`);
    const renewed = await connection.execute<{ lane: number }[]>(
      `update "outbox_lane_lease" set "expires_at" = now() + make_interval(secs => ?) where "holder" = ? and "expires_at" > now() returning "lane"`,
      [this.leaseSeconds, this.holder],
    );
    const [{ lanes, alive }] = await connection.execute<{ lanes: string; alive: string }[]>(
      `select (select count(*) from "outbox_lane_lease") as "lanes", (select count(*) from "outbox_delivery_process" where "expires_at" > now()) as "alive"`,
    );
    const share = Math.ceil(Number(lanes) / Math.max(1, Number(alive)));
    const held = renewed.map((r) => r.lane);
    if (held.length < share) {
      const taken = await connection.execute<{ lane: number }[]>(
        `update "outbox_lane_lease" l set "holder" = ?, "expires_at" = now() + make_interval(secs => ?)
         where l."lane" in (select "lane" from "outbox_lane_lease" where "holder" is null or "expires_at" <= now() order by "lane" limit ? for update skip locked)
         returning l."lane"`,
        [this.holder, this.leaseSeconds, share - held.length],
      );
      held.push(...taken.map((r) => r.lane));
    }
    return { held: held.sort((a, b) => a - b), share };
  }

  /** This process is stopping: its lanes are free at once and it no longer counts as alive. */
  async leave(lanes: number[]): Promise<void> {
    await this.release(lanes);
    await this.connection.execute(`delete from "outbox_delivery_process" where "holder" = ?`, [this.holder]);
  }

  /** Gives lanes up at once, for another process to take without waiting for the lease to run out. */
  async release(lanes: number[]): Promise<void> {
    if (lanes.length === 0) return;
    await this.connection.execute(`update "outbox_lane_lease" set "holder" = null, "expires_at" = now() where "holder" = ? and "lane" = any(?::int[])`, [
      this.holder,
      laneArray(lanes),
    ]);
  }
}
