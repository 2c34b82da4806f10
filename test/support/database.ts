import { randomBytes, randomInt } from 'node:crypto';
import { Client } from 'pg';

export const TEMPLATE_DATABASE = 'px360_template';

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env.PX_TEST_PG_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database for one test file, cloned from the suite's template. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `px360_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((c) => c.query(`create database "${name}" template "${TEMPLATE_DATABASE}"`));
  const url = new URL(process.env.PX_TEST_PG_ADMIN_URL!);
  url.pathname = `/${name}`;
  // Reference numbers count per database, but every test file shares the suite's Temporal server and
  // complaint workflow ids are made of them: each database numbers from a random point of its own.
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query(`insert into "reference_counter" ("prefix", "year", "value") values ('CMP', $1, $2), ('ACT', $1, $2)`, [new Date().getUTCFullYear(), randomInt(100_000, 900_000)]);
  } finally {
    await client.end();
  }
  return {
    url: url.toString(),
    drop: () => withAdmin((c) => c.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}
