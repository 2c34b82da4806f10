import type { EntityManager } from '@mikro-orm/postgresql';
import { loadConfig, type Config } from '../../config';
import { createLogger } from '../../config/logger';
import { DEFAULT_MAPPING_RULES } from '../../adapters/hl7/mapping';
import { hashPassword } from '../../api/auth/passwords';
import type { DependencyProbe } from '../../api/context';
import { startApi } from '../../api/server';
import { Department, Hospital, Role, User } from '../../models/entities';
import { connectOrm, type Orm } from '../../models/orm';
import { seed } from '../../models/seed';
import { dependencyProbes } from '../../workers/system';
import { connectTemporal } from '../../workers/temporalClient';
import { createTestDatabase } from './database';

export const ADMIN_EMAIL = 'admin@px360.test';
export const ADMIN_PASSWORD = 'admin-password-for-tests';
export const USER_PASSWORD = 'correct horse battery';

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestApi {
  baseUrl: string;
  databaseUrl: string;
  orm: Orm;
  config: Config;
  em(): EntityManager;
  request<T = any>(method: string, path: string, options?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<Reply<T>>;
  login(email: string, password?: string): Promise<string>;
  adminToken(): Promise<string>;
  /** A user with the given role, straight in the database (password USER_PASSWORD). */
  createUser(role: string, scope?: { hospitalId?: string | null; departmentId?: string | null; email?: string }): Promise<User>;
  createHospital(code: string): Promise<Hospital>;
  createDepartment(hospitalId: string, code: string, parentId?: string): Promise<Department>;
  close(): Promise<void>;
}

/**
 * The real API over real HTTP on a free port, on a fresh cloned database, with /health probing
 * that database and the suite's Temporal dev server unless other probes are given.
 */
export async function startTestApi(options: { env?: Record<string, string>; probes?: Record<string, DependencyProbe>; taskQueue?: string } = {}): Promise<TestApi> {
  const database = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', PX_ADMIN_EMAIL: ADMIN_EMAIL, PX_ADMIN_PASSWORD: ADMIN_PASSWORD, PX_JWT_SECRET: 'test-secret-that-is-at-least-32-characters', PX_KPI_LIVE_FRESH: '0s', ...options.env });
  const log = createLogger(process.env.LOG_LEVEL ?? 'silent', 'test');
  const orm = await connectOrm(database.url);
  await seed(orm.em.fork(), { adminEmail: ADMIN_EMAIL, adminPassword: ADMIN_PASSWORD, demo: true, hashPassword, defaultEventMappings: DEFAULT_MAPPING_RULES });
  const temporal = connectTemporal(process.env.PX_TEST_TEMPORAL_ADDRESS!, 'default');
  const api = await startApi(
    {
      config,
      orm,
      temporal: temporal.client,
      log,
      jwtSecret: config.auth.jwtSecret!,
      // Workflows the API starts run on the test's own worker, when it has one.
      taskQueue: options.taskQueue ?? `px360-unpolled-${Date.now()}`,
      probes: options.probes ?? dependencyProbes(orm, temporal),
    },
    0,
    '127.0.0.1',
  );
  const baseUrl = `http://127.0.0.1:${api.port}`;
  // Links in messages and the URL Twilio signs name the server as patients reach it: here, this port.
  config.api.publicUrl = baseUrl;
  let adminToken: string | undefined;
  let userCount = 0;

  const request: TestApi['request'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined = opts.raw;
    if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    const response = await fetch(baseUrl + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as any, headers: response.headers };
  };

  const login = async (email: string, password = USER_PASSWORD) => {
    const reply = await request('POST', '/api/v1/auth/login', { body: { email, password } });
    if (reply.status !== 200) throw new Error(`login as ${email} failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body.accessToken as string;
  };

  return {
    baseUrl,
    databaseUrl: database.url,
    orm,
    config,
    em: () => orm.em.fork() as EntityManager,
    request,
    login,
    adminToken: async () => (adminToken ??= await login(ADMIN_EMAIL, ADMIN_PASSWORD)),
    async createUser(role, scope = {}) {
      const em = orm.em.fork();
      const roleRow = await em.findOneOrFail(Role, { code: role });
      const hospitalId = scope.hospitalId === undefined ? (await em.findOneOrFail(Hospital, { code: 'DEMO' })).id : scope.hospitalId;
      const user = Object.assign(new User(), {
        email: scope.email ?? `${role.toLowerCase()}.${++userCount}.${Date.now()}@px360.test`,
        passwordHash: await hashPassword(USER_PASSWORD),
        fullName: `${role} tester`,
        roleId: roleRow.id,
        hospitalId,
        departmentId: scope.departmentId ?? null,
      });
      await em.persistAndFlush(user);
      return user;
    },
    async createHospital(code) {
      const em = orm.em.fork();
      const hospital = Object.assign(new Hospital(), { code, nameEn: `${code} Hospital`, nameAr: `مستشفى ${code}` });
      await em.persistAndFlush(hospital);
      return hospital;
    },
    async createDepartment(hospitalId, code, parentId) {
      const em = orm.em.fork();
      const department = Object.assign(new Department(), { hospitalId, code, nameEn: code, nameAr: code, parentId: parentId ?? null });
      await em.persistAndFlush(department);
      return department;
    },
    async close() {
      await api.close();
      await temporal.close();
      await orm.close();
      await database.drop();
    },
  };
}
