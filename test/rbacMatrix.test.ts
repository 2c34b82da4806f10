import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { InboxService } from '../adapters/inbox/inbox';
import {
  Complaint,
  Department,
  Employee,
  Encounter,
  EventMapping,
  Holiday,
  Hospital,
  IntegrationSource,
  JourneyTemplate,
  Patient,
  Physician,
  PxAction,
  QiProject,
  Role,
  SlaPolicy,
  SurveyInstance,
  SurveyTemplate,
} from '../models/entities';
import { LEVEL, LISTS, RBAC_RULES, type Resource, type Rule, type StaffRule } from './support/rbacRules';
import { startTestApi, type TestApi } from './support/testApi';

/**
 * The RBAC matrix: every operation of the OpenAPI document the running API serves × every role
 * (and no token) × the scope cases of its record (own department, a unit below it, a sibling
 * department, another hospital), against the expected status from test/support/rbacRules.ts.
 * Below the level: 403 (401 without a token); outside the hospital or department: 404; allowed:
 * the success status, or a refusal of the placeholder body for its content, never 401/403/404.
 */

const ROLES = Object.keys(LEVEL) as (keyof typeof LEVEL)[];
type CaseName = 'ownDept' | 'subDept' | 'otherDept' | 'otherHospital' | 'ownHospital' | 'groupWide' | 'any';
const DEPARTMENT_CASES: CaseName[] = ['ownDept', 'subDept', 'otherDept', 'otherHospital'];
const HOSPITAL_CASES: CaseName[] = ['ownHospital', 'otherHospital'];
const CONCURRENCY = 16;

interface Caller {
  name: string;
  level: number;
  token?: string;
  groupWide: boolean;
}

interface Call {
  operation: string;
  rule: Rule;
  caller: Caller;
  scopeCase: CaseName;
  method: string;
  /** Resolved at run time, so a DELETE that may succeed gets a record of its own. */
  target: () => Promise<string>;
  body?: unknown;
}

/** Query strings an operation needs to be valid. */
const QUERIES: Record<string, string> = { 'GET /api/v1/sla-policies/effective': '?entity=complaint&severity=medium' };

/** A record as the API shows it, cut to the properties a request body schema takes (nulls dropped). */
function pruneToSchema(value: unknown, schema: any): unknown {
  if (Array.isArray(value)) return value.map((item) => pruneToSchema(item, schema?.items));
  if (value && typeof value === 'object' && schema?.properties) {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key, v]) => key in schema.properties && v !== null && v !== undefined)
        .map(([key, v]) => [key, pruneToSchema(v, schema.properties[key])]),
    );
  }
  return value;
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) await run(items[next++]);
    }),
  );
}

describe('RBAC matrix (from the OpenAPI document)', () => {
  let api: TestApi;
  let operations: { key: string; method: string; path: string; bodySchema?: any }[];
  const callers: Caller[] = [];
  let hospitalA: Hospital;
  let hospitalB: Hospital;
  /** Departments by position: the callers' own, a unit below it, a sibling, one in the other hospital. */
  const dept: Record<'ownDept' | 'subDept' | 'otherDept' | 'otherHospital', Department> = {} as never;
  /** Fixture ids per resource and scope case. */
  const records: Partial<Record<Resource, Partial<Record<CaseName, string>>>> = {};
  let serial = 0;
  const usedGroupPolicies = new Set<string>();
  let slaPolicyClaims: Promise<unknown> = Promise.resolve();
  const unique = (prefix: string) => `${prefix}${Date.now() % 1_000_000}${++serial}`;

  const em = (): EntityManager => api.em();
  const save = async <T extends object>(entity: T): Promise<T> => {
    await em().persistAndFlush(entity);
    return entity;
  };
  const hospitalOf = (scopeCase: CaseName) => (scopeCase === 'otherHospital' ? hospitalB : hospitalA);
  const departmentOf = (scopeCase: CaseName) => dept[scopeCase === 'ownHospital' || scopeCase === 'any' || scopeCase === 'groupWide' ? 'ownDept' : scopeCase];

  /** A new record of a kind, placed as the scope case says. */
  async function make(resource: Resource, scopeCase: CaseName): Promise<string> {
    const hospital = hospitalOf(scopeCase);
    const department = departmentOf(scopeCase);
    // A group-wide row (survey template, SLA policy) belongs to no hospital.
    const hospitalId = scopeCase === 'groupWide' ? null : hospital.id;
    const departmentId = department.id;
    switch (resource) {
      case 'hospital':
        return (await api.createHospital(unique('RBH'))).id;
      case 'department':
        return (await api.createDepartment(hospital.id, unique('RBD'), departmentId)).id;
      case 'physician':
        return (await save(Object.assign(new Physician(), { hospitalId, departmentId, licenseNo: unique('L-'), fullNameEn: 'Dr. Matrix' }))).id;
      case 'employee':
        return (await save(Object.assign(new Employee(), { hospitalId, departmentId, employeeNo: unique('E-'), fullNameEn: 'Matrix Employee' }))).id;
      case 'patient':
        return (await save(Object.assign(new Patient(), { hospitalId, mrn: unique('MRN-'), fullNameEn: 'Matrix Patient' }))).id;
      case 'user':
        return (await api.createUser('STAFF', { hospitalId, departmentId })).id;
      case 'role':
        return (await save(Object.assign(new Role(), { code: unique('RBROLE_'), level: 15, nameEn: 'Matrix role', nameAr: 'دور' }))).id;
      case 'journey':
        return (await save(Object.assign(new JourneyTemplate(), { hospitalId, code: unique('RBJ'), nameEn: 'Matrix journey', nameAr: 'رحلة' }))).id;
      case 'surveyTemplate':
        return (await save(Object.assign(new SurveyTemplate(), { hospitalId, code: unique('RBT'), nameEn: 'Matrix survey', nameAr: 'استبيان' }))).id;
      case 'slaPolicy': {
        // Operations run a few at a time: slots are claimed one after another, or two would take the same.
        const claim = slaPolicyClaims.then(async () => {
          if (hospitalId === null) {
            // Every group default slot is seeded: hand out the seeded ones, each once.
            const policy = (await em().find(SlaPolicy, { hospitalId: null }, { orderBy: { id: 'asc' } })).find((p) => !usedGroupPolicies.has(p.id));
            if (!policy) throw new Error('no group SLA policy left');
            usedGroupPolicies.add(policy.id);
            return policy.id;
          }
          // One policy per (hospital, entity, severity): fresh ones take the free slots in turn.
          const taken = await em().find(SlaPolicy, { hospitalId });
          const free = (['low', 'medium', 'high', 'critical'] as const).flatMap((severity) => (['complaint', 'action'] as const).map((entity) => ({ entity, severity })))
            .find((c) => !taken.some((t) => t.entity === c.entity && t.severity === c.severity));
          if (!free) throw new Error('no free SLA policy slot');
          return (await save(Object.assign(new SlaPolicy(), { hospitalId, ...free, acknowledgeWithin: 'PT4H', resolveWithin: 'P3D', clock: 'continuous', escalation: [] }))).id;
        });
        slaPolicyClaims = claim.then(() => undefined, () => undefined);
        return claim;
      }
      case 'hospitalHoliday':
        return (await save(Object.assign(new Holiday(), { hospitalId, date: `2031-01-${String((serial++ % 28) + 1).padStart(2, '0')}`, nameEn: 'Matrix day', nameAr: 'يوم' }))).id;
      case 'groupHoliday':
        return (await save(Object.assign(new Holiday(), { hospitalId: null, date: `2032-02-${String((serial++ % 28) + 1).padStart(2, '0')}`, nameEn: 'Matrix day', nameAr: 'يوم' }))).id;
      case 'qiProject':
        return (await save(Object.assign(new QiProject(), { hospitalId, departmentId, title: unique('Matrix QI '), metric: 'nps', baselineFrom: '2026-01-01', baselineTo: '2026-03-31' }))).id;
      case 'integrationSource':
        return (await save(Object.assign(new IntegrationSource(), { code: unique('RBSRC'), name: 'Matrix source', type: 'mllp', hospitalId, sendingApplication: unique('RBAPP') }))).id;
      case 'eventMapping':
        return (await save(Object.assign(new EventMapping(), { messageType: 'ZRB', triggerEvent: `Z${String(++serial).padStart(2, '0')}`, eventCode: 'REGISTRATION' }))).id;
      case 'inboxMessage':
        return (
          await new InboxService(api.orm).reject({ channel: 'mllp', raw: Buffer.from('MSH|^~\\&|HIS|X'), hospitalId: hospital.id, ack: 'MSH|^~\\&|PX360', error: 'matrix fixture' })
        ).id;
      case 'encounter':
      case 'survey': {
        const patient = await save(Object.assign(new Patient(), { hospitalId, mrn: unique('MRN-'), fullNameEn: 'Matrix Patient' }));
        const visitNumber = unique('V');
        const encounter = await save(
          Object.assign(new Encounter(), { hospitalId, departmentId, patientId: patient.id, visitNumber, workflowId: `encounter:${hospital.code}:${visitNumber}`, startedAt: new Date(), lastEventAt: new Date() }),
        );
        if (resource === 'encounter') return encounter.id;
        const template = await em().findOneOrFail(SurveyTemplate, { hospitalId }, { orderBy: { code: 'asc' } });
        return (
          await save(
            Object.assign(new SurveyInstance(), { hospitalId, encounterId: encounter.id, patientId: patient.id, workflowId: `survey:${encounter.workflowId}:RB`, templateId: template.id, templateCode: template.code }),
          )
        ).id;
      }
      case 'complaint':
        return (
          await save(
            Object.assign(new Complaint(), { hospitalId, departmentId, referenceNo: unique('CMP-RB-'), severity: 'medium', category: 'care', description: 'Matrix complaint', sourceChannel: 'walk_in' }),
          )
        ).id;
      case 'action':
        return (await save(Object.assign(new PxAction(), { hospitalId, departmentId, referenceNo: unique('ACT-RB-'), sourceType: 'manual', title: 'Matrix action', priority: 'medium' }))).id;
    }
  }

  /** The scope cases an operation is tried in. */
  const casesOf = (rule: Rule): CaseName[] => {
    if (rule.level === 'public' || rule.scope === 'none') return ['any'];
    if (rule.scope === 'department') return DEPARTMENT_CASES;
    return rule.groupWide ? [...HOSPITAL_CASES, 'groupWide'] : HOSPITAL_CASES;
  };

  /** The status an operation must answer; a list means any of them. */
  function expected(rule: Rule, caller: Caller, scopeCase: CaseName): number[] {
    if (rule.level === 'public') return rule.accept;
    if (!caller.token) return [401];
    if (caller.level < rule.level) return [403];
    if (!caller.groupWide) {
      if (scopeCase === 'otherHospital') return [404];
      // Every caller here is tied to the department `ownDept`; below HOSPITAL_ADMIN that binds them to its subtree.
      if (rule.scope === 'department' && caller.level < LEVEL.HOSPITAL_ADMIN && scopeCase === 'otherDept') return [404];
      // Everyone reads a group-wide row; only a group-wide PX admin changes it (writes are the rules with alsoAllowed).
      if (scopeCase === 'groupWide' && rule.alsoAllowed) return [403];
    }
    return [rule.success, ...(rule.alsoAllowed ?? [])];
  }

  beforeAll(async () => {
    // The sign-in throttle (tested on its own) would otherwise refuse the matrix's own sign-in and password calls.
    api = await startTestApi({ env: { PX_LOGIN_RATE_LIMIT: '10000' } });
    const admin = await api.adminToken();
    hospitalA = await em().findOneOrFail(Hospital, { code: 'DEMO' });
    const created = await api.request('POST', '/api/v1/hospitals', { token: admin, body: { code: 'RBACB', nameEn: 'Matrix B', nameAr: 'مستشفى ب' } });
    expect(created.status).toBe(201);
    hospitalB = await em().findOneOrFail(Hospital, { code: 'RBACB' });
    dept.ownDept = await api.createDepartment(hospitalA.id, 'RB_OWN');
    dept.subDept = await api.createDepartment(hospitalA.id, 'RB_SUB', dept.ownDept.id);
    dept.otherDept = await api.createDepartment(hospitalA.id, 'RB_SIB');
    dept.otherHospital = await api.createDepartment(hospitalB.id, 'RB_B');

    for (const role of ROLES) {
      const groupWide = role === 'PX_ADMIN';
      const user = await api.createUser(role, groupWide ? { hospitalId: null } : { hospitalId: hospitalA.id, departmentId: dept.ownDept.id });
      callers.push({ name: role, level: LEVEL[role], token: await api.login(user.email), groupWide });
    }
    callers.push({ name: 'anonymous', level: 0, groupWide: false });

    const doc = (await api.request('GET', '/api/openapi.json')).body;
    operations = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        bodySchema: op.requestBody?.content?.['application/json']?.schema,
      })),
    );

    // One record of each kind per scope case (records of a department kind in each department,
    // of a hospital kind in each hospital, group-wide ones once).
    const kinds = new Map<Resource, CaseName[]>();
    for (const rule of Object.values(RBAC_RULES)) {
      if (rule.level !== 'public' && rule.resource) kinds.set(rule.resource, casesOf(rule));
    }
    for (const [resource, cases] of kinds) {
      records[resource] = {};
      for (const scopeCase of cases) {
        records[resource]![scopeCase] =
          resource === 'hospital' ? hospitalOf(scopeCase).id : resource === 'department' ? departmentOf(scopeCase).id : await make(resource, scopeCase);
      }
    }
  }, 120_000);
  afterAll(() => api?.close());

  /** A valid body for a write on a record, so a caller outside its scope meets the scope check (404), not validation (400). */
  const bodies = new Map<string, Promise<unknown>>();
  /** Bodies are the same for every caller: built once per operation and scope case. */
  const bodyFor = (operation: string, scopeCase: CaseName): Promise<unknown> => {
    const key = `${operation} ${scopeCase}`;
    if (!bodies.has(key)) bodies.set(key, buildBody(operation, scopeCase));
    return bodies.get(key)!;
  };

  async function buildBody(operation: string, scopeCase: CaseName): Promise<unknown> {
    const admin = await api.adminToken();
    const assignee = async () => api.createUser('STAFF', { hospitalId: hospitalOf(scopeCase).id, departmentId: departmentOf(scopeCase).id });
    switch (operation) {
      case 'PATCH /api/v1/me':
        return { language: 'en' };
      case 'PATCH /api/v1/hospitals/{id}':
        return { nameEn: 'Renamed hospital' };
      case 'PATCH /api/v1/departments/{id}':
        return { nameEn: 'Renamed department' };
      case 'PATCH /api/v1/physicians/{id}':
        return { specialty: 'Cardiology' };
      case 'PATCH /api/v1/employees/{id}':
        return { jobTitle: 'Clerk' };
      case 'PATCH /api/v1/qi-projects/{id}':
        return { title: 'Renamed QI project' };
      case 'PATCH /api/v1/patients/{id}':
        return { fullNameEn: 'Renamed Patient' };
      case 'PATCH /api/v1/users/{id}':
        return { fullName: 'Renamed User' };
      case 'PATCH /api/v1/roles/{id}':
        return { nameEn: 'Renamed role' };
      case 'PUT /api/v1/hospitals/{id}/survey-settings':
        return {};
      case 'PUT /api/v1/hospitals/{id}/calendar': {
        const current = (await api.request('GET', `/api/v1/hospitals/${hospitalOf(scopeCase).id}/calendar`, { token: admin })).body;
        return { weekendDays: current.weekendDays, workdayStart: current.workdayStart, workdayEnd: current.workdayEnd };
      }
      case 'POST /api/v1/hospitals/{id}/holidays':
        return { date: `2033-03-${String((serial++ % 28) + 1).padStart(2, '0')}`, nameEn: 'Matrix day', nameAr: 'يوم' };
      case 'PUT /api/v1/journeys/{id}':
      case 'PUT /api/v1/sla-policies/{id}':
      case 'PUT /api/v1/survey-templates/{id}': {
        // The record as it stands (a seeded one of the same hospital), cut to what the PUT takes.
        const collection = operation.split(' ')[1].replace('/{id}', '');
        const list = (await api.request('GET', `${collection}?limit=100`, { token: admin })).body.items as { id: string; hospitalId?: string | null }[];
        const sample = list.find((item) => item.hospitalId === hospitalOf(scopeCase).id) ?? list[0];
        const current = (await api.request('GET', `${collection}/${sample.id}`, { token: admin })).body;
        const body = pruneToSchema(current, operations.find((op) => op.key === operation)!.bodySchema) as Record<string, unknown>;
        // Group defaults may leave the ladder empty; a hospital's policy must name one.
        if (Array.isArray(body.escalation) && body.escalation.length === 0) body.escalation = ['PX_COORDINATOR'];
        return body;
      }
      case 'POST /api/v1/complaints/{id}/note':
      case 'POST /api/v1/actions/{id}/progress':
        return { note: 'Called the patient back.' };
      case 'POST /api/v1/complaints/{id}/resolve':
        return { rootCause: 'Scheduling', resolutionNotes: 'Rebooked.' };
      case 'POST /api/v1/complaints/{id}/reopen':
      case 'POST /api/v1/complaints/{id}/escalate':
      case 'POST /api/v1/actions/{id}/reject':
      case 'POST /api/v1/actions/{id}/cancel':
        return { reason: 'Matrix reason' };
      case 'POST /api/v1/complaints/{id}/assign':
      case 'POST /api/v1/actions/{id}/assign':
        return { assigneeId: (await assignee()).id };
      case 'POST /api/v1/actions/{id}/submit':
        return { evidence: 'Photo of the new sign.' };
      case 'POST /api/v1/complaints/{id}/actions':
        return { title: 'Follow up', priority: 'medium' };
      case 'POST /api/v1/complaints/{id}/acknowledge':
      case 'POST /api/v1/complaints/{id}/close':
      case 'POST /api/v1/actions/{id}/approve':
        return {};
      case 'PATCH /api/v1/integration/sources/{id}':
        return { name: 'Renamed source' };
      case 'PATCH /api/v1/integration/event-mappings/{id}':
        return { priority: 1 };
      default:
        // Collection writes and the rest: an empty object (refused for its content when allowed).
        return operation.startsWith('GET ') || operation.startsWith('DELETE ') ? undefined : {};
    }
  }

  it('has a rule for every operation the API documents, and every call answers as its rule says', async () => {
    const missing = operations.filter((op) => !RBAC_RULES[op.key]).map((op) => op.key);
    expect(missing).toEqual([]);
    for (const rule of Object.values(RBAC_RULES)) if (rule.level !== 'public' && rule.scope !== 'none') expect(rule.resource).toBeDefined();

    const calls: Call[] = [];
    for (const op of operations) {
      const rule = RBAC_RULES[op.key];
      for (const caller of callers) {
        for (const scopeCase of casesOf(rule)) {
          const resource = rule.level === 'public' ? undefined : rule.resource;
          const fixture = resource ? records[resource]![scopeCase]! : undefined;
          calls.push({ operation: op.key, rule, caller, scopeCase, method: op.method, target: async () => fixture ?? '', body: await bodyFor(op.key, scopeCase) });
        }
      }
    }

    const failures: string[] = [];
    const counts = { calls: 0 };
    const run = async (call: Call) => {
      const want = expected(call.rule, call.caller, call.scopeCase);
      const id = await call.target();
      const [, rawPath] = call.operation.split(' ');
      // Two-record paths: the hospital holiday lives at /hospitals/{its hospital}/holidays/{id}.
      const holidayHospital = call.operation.includes('{holidayId}') ? hospitalOf(call.scopeCase).id : undefined;
      const path = rawPath
        .replace('{holidayId}', id)
        .replace('{id}', holidayHospital ?? (id || randomUUID()))
        .replace('{token}', 'not-a-real-token')
        .replace('{file}', 'swagger-ui.css');
      const reply = await api.request(call.method, path + (QUERIES[call.operation] ?? ''), { token: call.caller.token, body: call.body });
      counts.calls += 1;
      if (!want.includes(reply.status)) {
        const detail = typeof reply.body === 'object' ? JSON.stringify(reply.body?.error ?? reply.body).slice(0, 160) : String(reply.body).slice(0, 80);
        failures.push(`${call.operation} (${path}) as ${call.caller.name} [${call.scopeCase}]: ${reply.status}, expected ${want.join('/')} (${call.rule.source}) ${detail}`);
      }
    };

    // Reads and writes that leave their record in place first, all at once in bounded batches; then
    // the DELETEs that must be refused; then each DELETE that may succeed, on a record of its own.
    const mayDelete = (c: Call) => c.method === 'DELETE' && c.rule.level !== 'public' && expected(c.rule, c.caller, c.scopeCase).some((s) => s < 300);
    const staffRule = (c: Call) => c.rule as StaffRule;
    await inBatches(calls.filter((c) => c.method !== 'DELETE'), CONCURRENCY, run);
    await inBatches(calls.filter((c) => c.method === 'DELETE' && !mayDelete(c)), CONCURRENCY, run);
    const deletes = calls.filter(mayDelete).map((c) => ({ ...c, target: () => make(staffRule(c).resource!, c.scopeCase) }));
    await inBatches(deletes, CONCURRENCY, run);

    expect(failures.sort()).toEqual([]);
    expect(counts.calls).toBe(calls.length);
  }, 120_000);

  it('lists and patient timelines never show a record their caller could not open; raw HL7 only to PX admins', async () => {
    const leaks: string[] = [];
    const checks: (() => Promise<void>)[] = [];
    for (const [path, { resource, one }] of Object.entries(LISTS)) {
      const listRule = RBAC_RULES[`GET ${path}`] as StaffRule;
      const oneRule = RBAC_RULES[one] as StaffRule;
      for (const caller of callers.filter((c) => c.token && c.level >= listRule.level)) {
        checks.push(async () => {
          const reply = await api.request('GET', `${path}?limit=200`, { token: caller.token });
          if (reply.status !== 200) return void leaks.push(`GET ${path} as ${caller.name}: ${reply.status}`);
          const ids = new Set((reply.body.items as { id: string }[]).map((item) => item.id));
          for (const [scopeCase, id] of Object.entries(records[resource] ?? {})) {
            const hidden = expected(oneRule, caller, scopeCase as CaseName).every((status) => status === 404);
            if (hidden && ids.has(id!)) leaks.push(`GET ${path} as ${caller.name} lists the ${resource} of case ${scopeCase}`);
          }
          if (path === '/api/v1/integration/messages') {
            const withRaw = (reply.body.items as { raw?: string }[]).some((item) => item.raw !== undefined);
            if (withRaw !== caller.groupWide) leaks.push(`GET ${path} as ${caller.name}: raw content ${withRaw ? 'shown' : 'missing'}`);
          }
        });
      }
    }
    // A patient's timeline holds each entry to its own kind's scope (README, Patient 360).
    for (const kind of ['encounter', 'survey'] as const) {
      for (const [scopeCase, id] of Object.entries(records[kind] ?? {})) {
        const row = kind === 'encounter' ? await em().findOneOrFail(Encounter, { id: id! }) : await em().findOneOrFail(SurveyInstance, { id: id! });
        for (const caller of callers.filter((c) => c.token && c.level >= LEVEL.STAFF)) {
          checks.push(async () => {
            const reply = await api.request('GET', `/api/v1/patients/${row.patientId}/timeline`, { token: caller.token });
            const hidden = expected(RBAC_RULES[`GET /api/v1/${kind}s/{id}`], caller, scopeCase as CaseName).every((status) => status === 404);
            if (reply.status === 200 && hidden && JSON.stringify(reply.body).includes(id!)) leaks.push(`timeline of the ${kind} patient of case ${scopeCase} as ${caller.name} shows the ${kind}`);
            if (reply.status !== 200 && reply.status !== 404) leaks.push(`timeline of the ${kind} patient of case ${scopeCase} as ${caller.name}: ${reply.status}`);
          });
        }
      }
    }
    await inBatches(checks, CONCURRENCY, (check) => check());
    expect(leaks.sort()).toEqual([]);
  }, 60_000);
});
