import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { Client } from 'pg';
import { entities } from './entities';
import { migrationsList } from './migrations';

export type Orm = MikroORM;

export function ormOptions(databaseUrl: string, overrides: Partial<Options> = {}): Options {
  return {
    clientUrl: databaseUrl,
    entities,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: true },
    // Migrations are listed in code so compiled builds and tsx runs find the same set.
    migrations: { migrationsList, path: 'models/migrations', pathTs: 'models/migrations', transactional: true, allOrNothing: true, snapshot: false, silent: true },
    // One process may run the API, the worker's activities, the relay's lanes and the outbox
    // delivery together: room for all of them (PostgreSQL's default allows 100).
    pool: { min: 0, max: 24 },
    debug: false,
    allowGlobalContext: false,
    ...overrides,
  };
}

export async function connectOrm(databaseUrl: string, overrides: Partial<Options> = {}): Promise<Orm> {
  return MikroORM.init(ormOptions(databaseUrl, overrides));
}

/** Applies every pending checked-in migration; returns the names applied. */
export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}

const SCHEMA_LOCK = 360_360;

/**
 * Runs `work` (migrations, seeding) while holding a database-wide advisory lock, so several
 * processes starting at once against one database take turns instead of racing.
 */
export async function withSchemaLock<T>(databaseUrl: string, work: () => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [SCHEMA_LOCK]);
    return await work();
  } finally {
    await client.end();
  }
}
