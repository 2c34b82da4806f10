/**
 * `npm start`: the whole system in one process on embedded defaults, or the roles PX_ROLES names
 * against the DATABASE_URL and TEMPORAL_ADDRESS given. Ctrl-C / SIGTERM stops everything within 10 s.
 */
import { ConfigError, loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { checkBootstrapAdminPassword } from '../api/auth/passwordPolicy';
import { startSystem } from './system';

const STOP_DEADLINE_MS = 10_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
    checkBootstrapAdminPassword(config);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  log.info({ roles: config.roles, dataDir: config.dataDir }, 'PX360 starting');

  const system = await startSystem(config, log);
  const lines = Object.entries(system.urls).map(([name, url]) => `  ${name.padEnd(16)} ${url}`);
  console.log(`\nPX360 is running.\n${lines.join('\n')}\n`);
  if (system.generatedAdminPassword) {
    console.log(`  Sign in as ${config.admin.email} with password ${system.generatedAdminPassword}`);
    console.log('  (generated now and shown only this once; set PX_ADMIN_PASSWORD to choose it)\n');
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'PX360 stopping');
    setTimeout(() => {
      log.error('stop deadline passed; exiting');
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    system.stop().then(
      () => process.exit(0),
      (error) => {
        log.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
