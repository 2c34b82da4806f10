/**
 * Schema tooling for developers: `npm run migration:create` diffs the entities against the
 * database at DATABASE_URL (migrated to the latest checked-in migration) and writes the next one.
 */
import { connectOrm, migrate } from './orm';

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL must point at a scratch database');
  const orm = await connectOrm(url);
  try {
    await migrate(orm);
    const result = await orm.getMigrator().createMigration('models/migrations', false, false);
    console.log(result.fileName ? `wrote models/migrations/${result.fileName}` : 'schema is up to date');
  } finally {
    await orm.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
