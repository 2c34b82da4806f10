import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import ts from 'typescript';
import { Encounter, Hospital, KpiValue, NotificationLog, Patient, SurveyInstance, SurveyResponse, SurveyTemplate } from '../../../models/entities';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApi, type TestApi } from '../../../test/support/testApi';
import { addApiFormats } from '../../validation';

/**
 * The document as a contract: every list and detail endpoint, called on a seeded database, answers
 * what its schema says; and a TypeScript client generated from the document compiles and works.
 */

type Media = Record<string, { schema?: object }>;
type Operation = { operationId: string; security: object[]; responses: Record<string, { content?: Media }> };

const isJson = (type: string) => type === 'application/json' || type.endsWith('+json');

/** Lists that need a filter to answer, named here so they can be read. */
const QUERIES: Record<string, string> = {
  '/api/v1/analytics/kpis': '?hospitalCode=DEMO&metric=response_rate&period=month&from=2025-01-01&to=2025-12-31',
  '/api/v1/analytics/physicians': '?hospitalCode=DEMO',
  '/api/v1/sla-policies/effective': '?entity=complaint&severity=high',
  '/api/v1/qi-projects/{id}/chart': '?period=month',
};

const REPO = path.resolve(__dirname, '../../..');
const run = promisify(execFile);

describe('API contract', () => {
  let api: TestApi;
  let token: string;
  let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: { Error: object } } };
  const ajv = addApiFormats(new Ajv2020({ strict: false, allErrors: true }));

  /** The schema of a JSON success answer, compiled; with the status it is documented under. */
  function successSchemas(operation: Operation): Map<number, ValidateFunction> {
    const schemas = new Map<number, ValidateFunction>();
    for (const [status, response] of Object.entries(operation.responses)) {
      const schema = Object.entries(response.content ?? {}).find(([type]) => isJson(type))?.[1].schema;
      if (status.startsWith('2') && schema) schemas.set(Number(status), ajv.compile(schema));
    }
    return schemas;
  }

  async function checked(pathTemplate: string, url: string): Promise<{ problems: string[]; body: any }> {
    const operation = doc.paths[pathTemplate].get;
    const reply = await api.request('GET', url, { token });
    const validate = successSchemas(operation).get(reply.status);
    if (!validate) return { problems: [`${url}: ${reply.status} is not a documented success (${JSON.stringify(reply.body).slice(0, 200)})`], body: reply.body };
    return { problems: validate(reply.body) ? [] : [`${url}: ${ajv.errorsText(validate.errors, { separator: '; ' })}`], body: reply.body };
  }

  beforeAll(async () => {
    api = await startTestApi();
    token = await api.adminToken();
    doc = (await api.request('GET', '/api/openapi.json')).body;

    // One of each record the lists show, through the API where the API makes them.
    const em = api.em();
    const demo = await em.findOneOrFail(Hospital, { code: 'DEMO' });
    const post = async (url: string, body: object, headers?: Record<string, string>) => {
      const reply = await api.request('POST', url, { token, body, headers });
      if (reply.status >= 300) throw new Error(`${url}: ${reply.status} ${JSON.stringify(reply.body)}`);
      return reply.body;
    };
    const patient = await post('/api/v1/patients', { hospitalId: demo.id, mrn: 'MRN-CONTRACT-1', fullNameEn: 'Noura Saleh', phone: '0501234567', dateOfBirth: '1980-04-02', sex: 'female' });
    const physician = await post('/api/v1/physicians', { hospitalId: demo.id, licenseNo: 'LIC-CONTRACT-1', fullNameEn: 'Dr Sami Omar', specialty: 'Cardiology' });
    await post('/api/v1/employees', { hospitalId: demo.id, employeeNo: 'E-CONTRACT-1', fullNameEn: 'Huda Ali', jobTitle: 'Nurse' });
    const complaint = await post('/api/v1/complaints', {
      hospitalId: demo.id,
      patientId: patient.id,
      severity: 'high',
      category: 'waiting time',
      description: 'Waited four hours at the clinic',
      sourceChannel: 'phone',
      contactName: 'Noura Saleh',
      contactPhone: '+966501234567',
    });
    await post(`/api/v1/complaints/${complaint.id}/actions`, { title: 'Review clinic scheduling', priority: 'medium' });
    await post('/api/v1/actions', { hospitalId: demo.id, title: 'Shorten triage', priority: 'low' });
    await post(`/api/v1/hospitals/${demo.id}/holidays`, { date: '2026-09-23', nameEn: 'National Day', nameAr: 'اليوم الوطني' });
    const coordinator = await api.createUser('PX_COORDINATOR', { hospitalId: demo.id });
    await post('/api/v1/qi-projects', { hospitalId: demo.id, ownerId: coordinator.id, title: 'Response rate', metric: 'response_rate', baselineFrom: '2025-01-01', baselineTo: '2025-06-30', interventionDate: '2025-07-01' });
    const source = await post('/api/v1/integration/sources', { code: 'CONTRACT_REST', name: 'Queue system', type: 'rest', hospitalId: demo.id });
    await post(
      '/api/v1/integration/events',
      { eventId: 'contract-1', eventCode: 'REGISTRATION', hospitalCode: 'DEMO', visitNumber: 'V-CONTRACT-1', occurredAt: '2025-03-02T06:00:00Z', patient: { mrn: 'MRN-CONTRACT-1' } },
      { 'x-api-key': source.apiKey },
    );

    // What the workflows write: a visit, an answered survey and its messages, monthly figures.
    const start = new Date('2025-03-02T06:00:00Z');
    const encounter = Object.assign(new Encounter(), {
      hospitalId: demo.id,
      visitNumber: 'V-CONTRACT-2',
      workflowId: 'encounter:DEMO:V-CONTRACT-2',
      patientId: patient.id,
      attendingPhysicianId: physician.id,
      journeyCode: 'OPD',
      journeyVersion: 1,
      patientClass: 'O',
      startedAt: start,
      lastEventAt: start,
    });
    const template = await em.findOneOrFail(SurveyTemplate, { hospitalId: demo.id, code: 'OPD_VISIT' });
    const survey = Object.assign(new SurveyInstance(), {
      hospitalId: demo.id,
      templateId: template.id,
      templateCode: 'OPD_VISIT',
      workflowId: 'survey:contract-1',
      encounterId: encounter.id,
      patientId: patient.id,
      stageCode: 'VISIT_END',
      status: 'completed',
      channel: 'sms',
      language: 'en',
      sentAt: new Date(start.getTime() + 3_600_000),
      completedAt: new Date(start.getTime() + 7_200_000),
      score: 42.5,
      npsCategory: 'detractor',
      negative: true,
      negativeReasons: ['below_threshold'],
    });
    const response = Object.assign(new SurveyResponse(), {
      surveyId: survey.id,
      answers: [{ questionCode: 'recommend', value: 3 }],
      normalised: [{ questionCode: 'recommend', value: 30 }],
      submittedVia: 'web',
    });
    const delivery = Object.assign(new NotificationLog(), {
      idempotencyKey: `survey:${survey.id}:invite`,
      channel: 'sms',
      recipient: '***4567',
      language: 'en',
      status: 'sent',
      sentAt: survey.sentAt,
      hospitalId: demo.id,
      entityType: 'survey',
      entityId: survey.id,
    });
    const figures = ['2025-01-01', '2025-02-01', '2025-03-01'].map((periodStart, i) =>
      Object.assign(new KpiValue(), { id: randomUUID(), hospitalId: demo.id, metric: 'response_rate', scopeType: 'hospital', scopeId: demo.id, period: 'month', periodStart, numerator: 20 + i, denominator: 100, n: 100, value: 20 + i }),
    );
    em.persist([encounter, survey, response, delivery, ...figures]);
    await em.flush();
    await api.em().nativeUpdate(Patient, { id: patient.id }, { preferredChannels: ['sms'] });
  }, 120_000);
  afterAll(() => api.close());

  it('answers every list and detail endpoint as its documented schema says', async () => {
    const problems: string[] = [];
    const firstIds = new Map<string, string>();
    // What a signed-in user reads (the FHIR reads, behind an integration key, have their own tests).
    const reads = Object.entries(doc.paths).filter(([, item]) => item.get && !JSON.stringify(item.get.security).includes('integrationApiKey') && successSchemas(item.get).size > 0);
    const lists = reads.filter(([template]) => !template.includes('{'));
    const details = reads.filter(([template]) => /\{id\}/.test(template) && !/\{(?!id\})\w+\}/.test(template));
    for (const [template] of lists) {
      const { problems: found, body } = await checked(template, template + (QUERIES[template] ?? ''));
      problems.push(...found);
      const first = body?.items?.[0];
      if (first && typeof first.id === 'string') firstIds.set(template, first.id);
    }
    const unchecked: string[] = [];
    for (const [template] of details) {
      const id = firstIds.get(template.slice(0, template.indexOf('/{id}')));
      if (!id) {
        unchecked.push(template);
        continue;
      }
      problems.push(...(await checked(template, template.replace('{id}', id) + (QUERIES[template] ?? ''))).problems);
    }
    expect(problems).toEqual([]);
    // Every detail was read with a real record: each list it hangs off had items to check too.
    expect(unchecked).toEqual([]);
    expect(details.length).toBeGreaterThan(15);
    expect(lists.map(([template]) => template)).toEqual(expect.arrayContaining(['/api/v1/complaints', '/api/v1/encounters', '/api/v1/audit-events', '/api/v1/integration/messages']));
  }, 120_000);

  it('answers refusals in the documented error shape', async () => {
    const validateError = ajv.compile(doc.components.schemas.Error);
    const missing = await api.request('GET', '/api/v1/complaints/00000000-0000-4000-8000-000000000000', { token });
    const wrongPassword = await api.request('POST', '/api/v1/auth/login', { body: { email: ADMIN_EMAIL, password: 'not the password' } });
    const invalid = await api.request('POST', '/api/v1/hospitals', { token, body: { code: 'x' } });
    expect([missing.status, wrongPassword.status, invalid.status]).toEqual([404, 401, 400]);
    for (const reply of [missing, wrongPassword, invalid]) expect(validateError(reply.body) ? [] : validateError.errors).toEqual([]);
  });

  it('generates a TypeScript client from the document that compiles, is typed, and calls the API', async () => {
    fs.mkdirSync(path.join(REPO, '.px360'), { recursive: true });
    const dir = fs.mkdtempSync(path.join(REPO, '.px360', 'openapi-client-'));
    try {
      // The generator's command line, as a client's build would run it (it is an ES module; Jest loads CommonJS).
      fs.writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(doc));
      await run(process.execPath, [path.join(path.dirname(require.resolve('openapi-typescript/package.json')), 'bin', 'cli.js'), path.join(dir, 'openapi.json'), '--output', path.join(dir, 'schema.ts')]);
      fs.writeFileSync(
        path.join(dir, 'client.ts'),
        `import createClient from 'openapi-fetch';
import type { paths } from './schema';

export async function run(baseUrl: string, email: string, password: string) {
  const client = createClient<paths>({ baseUrl });
  const login = await client.POST('/api/v1/auth/login', { body: { email, password } });
  if (!login.data) throw new Error('login failed: ' + login.response.status);
  const headers = { Authorization: 'Bearer ' + login.data.accessToken };
  const me = await client.GET('/api/v1/me', { headers });
  const complaints = await client.GET('/api/v1/complaints', { headers, params: { query: { limit: 5, severity: 'high' } } });
  if (!me.data || !complaints.data) throw new Error('me or complaints failed');
  const first = complaints.data.items[0];
  const one = await client.GET('/api/v1/complaints/{id}', { headers, params: { path: { id: first.id } } });
  const refused = await client.GET('/api/v1/complaints/{id}', { headers, params: { path: { id: '00000000-0000-4000-8000-000000000000' } } });
  return {
    role: me.data.role,
    total: complaints.data.total,
    totalExact: complaints.data.totalExact,
    severities: complaints.data.items.map((c) => c.severity),
    referenceNo: one.data?.referenceNo,
    acknowledgeByDisplay: one.data?.sla.acknowledgeByDisplay?.hijriEn ?? null,
    refusedCode: refused.error?.error.code,
  };
}
`,
      );
      // Typed for real: a status the schema does not allow, or a field a complaint does not have, does not compile.
      fs.writeFileSync(
        path.join(dir, 'misuse.ts'),
        `import createClient from 'openapi-fetch';
import type { paths } from './schema';

export async function misuse() {
  const client = createClient<paths>({ baseUrl: 'http://localhost' });
  await client.GET('/api/v1/complaints', { params: { query: { status: 'lost' } } });
  const one = await client.GET('/api/v1/complaints/{id}', { params: { path: { id: 'x' } } });
  return one.data?.colour;
}
`,
      );
      const options: ts.CompilerOptions = { strict: true, noEmit: true, module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, target: ts.ScriptTarget.ES2022, skipLibCheck: true, types: [], lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'] };
      const diagnosticsOf = (file: string) =>
        ts.getPreEmitDiagnostics(ts.createProgram([path.join(dir, file)], options)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      expect(diagnosticsOf('client.ts')).toEqual([]);
      const misuse = diagnosticsOf('misuse.ts');
      expect(misuse).toHaveLength(2);
      expect(misuse.some((message) => message.includes('"lost"'))).toBe(true);
      expect(misuse.some((message) => message.includes("'colour'"))).toBe(true);

      const js = ts.transpileModule(fs.readFileSync(path.join(dir, 'client.ts'), 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
      fs.writeFileSync(path.join(dir, 'client.js'), js.outputText);
      // Run as a client would, in a process of its own.
      fs.writeFileSync(
        path.join(dir, 'main.js'),
        "require('./client.js').run(process.env.BASE_URL, process.env.EMAIL, process.env.PASSWORD).then((r) => process.stdout.write(JSON.stringify(r)), (e) => { console.error(e); process.exit(1); });",
      );
      const { stdout } = await run(process.execPath, [path.join(dir, 'main.js')], { env: { ...process.env, BASE_URL: api.baseUrl, EMAIL: ADMIN_EMAIL, PASSWORD: ADMIN_PASSWORD } });
      const result = JSON.parse(stdout) as Record<string, unknown>;
      expect(result).toEqual({
        role: 'PX_ADMIN',
        total: 1,
        totalExact: true,
        severities: ['high'],
        referenceNo: expect.stringMatching(/\S/),
        acknowledgeByDisplay: result.acknowledgeByDisplay === null ? null : expect.stringMatching(/AH$/),
        refusedCode: 'not_found',
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
