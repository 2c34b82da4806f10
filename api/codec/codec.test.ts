import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, METADATA_ENCODING_KEY } from '@temporalio/common';
import { AuditEvent, Role, User } from '../../models/entities';
import { startTestApi, type TestApi } from '../../test/support/testApi';
import { AesGcmPayloadCodec } from '../../workers/payloadCodec';
import { loggablePath } from '../middleware/requestLog';

const key = { id: 'k-2026', key: randomBytes(32) };
const UI = 'http://temporal-ui.hospital.example:8080';
const MARKER = 'PHI-MARKER Huda Al-Harbi';
const b64 = (bytes: Uint8Array | undefined | null) => Buffer.from(bytes ?? []).toString('base64');

/** A payload as the Web UI sends it: protobuf JSON, base64 metadata values and data. */
async function encryptedJsonPayload(value: unknown, codec = new AesGcmPayloadCodec({ keys: [key], currentKeyId: key.id })) {
  const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(value)]);
  return { metadata: Object.fromEntries(Object.entries(sealed.metadata!).map(([k, v]) => [k, b64(v)])), data: b64(sealed.data) };
}

describe('Temporal codec endpoint', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ env: { PX_TEMPORAL_ENCRYPTION_KEYS: `${key.id}:${key.key.toString('base64')}`, TEMPORAL_UI_URL: `${UI}/namespaces` } });
  });
  afterAll(() => api?.close());

  it('answers 401 without a token and 403 below PX admin', async () => {
    const body = { payloads: [await encryptedJsonPayload(MARKER)] };
    const anonymous = await api.request('POST', '/codec/decode', { body });
    expect(anonymous.status).toBe(401);
    expect(JSON.stringify(anonymous.body)).not.toContain('Huda');
    for (const role of ['HOSPITAL_ADMIN', 'PX_COORDINATOR']) {
      const user = await api.createUser(role);
      const reply = await api.request('POST', '/codec/decode', { body, token: await api.login(user.email) });
      expect(reply.status).toBe(403);
      expect(JSON.stringify(reply.body)).not.toContain('Huda');
    }
  });

  it('decodes for a PX admin, passes plain payloads through, and audits the call', async () => {
    const plain = { metadata: { [METADATA_ENCODING_KEY]: b64(Buffer.from('json/plain')) }, data: b64(Buffer.from('"plain"')) };
    const reply = await api.request('POST', '/codec/decode', {
      token: await api.adminToken(),
      headers: { 'x-namespace': 'default' },
      body: { payloads: [await encryptedJsonPayload({ note: MARKER }), plain] },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('cache-control')).toContain('no-store');
    const [decoded, passed] = reply.body.payloads;
    expect(Buffer.from(decoded.metadata.encoding, 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(decoded.data, 'base64').toString())).toEqual({ note: MARKER });
    expect(passed).toEqual(plain);
    const audit = await api.em().find(AuditEvent, { action: 'temporal_codec.decode' });
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.at(-1)!.outcome).toBe('success');
    expect(audit.at(-1)!.entityId).toBe('default');
    expect(JSON.stringify(audit)).not.toContain('Huda');
  });

  it('encodes with the current key; what it encodes decodes again', async () => {
    const token = await api.adminToken();
    const original = { metadata: { encoding: b64(Buffer.from('json/plain')) }, data: b64(Buffer.from(JSON.stringify(MARKER))) };
    const encoded = await api.request('POST', '/codec/encode', { token, body: { payloads: [original] } });
    expect(encoded.status).toBe(200);
    const [sealed] = encoded.body.payloads;
    expect(Buffer.from(sealed.metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(sealed.metadata['encryption-key-id'], 'base64').toString()).toBe(key.id);
    expect(Buffer.from(sealed.data, 'base64').toString()).not.toContain('Huda');
    const decoded = await api.request('POST', '/codec/decode', { token, body: { payloads: [sealed] } });
    expect(decoded.body.payloads).toEqual([original]);
  });

  it('answers 400 naming the key for a payload under an unknown key, and for a tampered one', async () => {
    const token = await api.adminToken();
    const other = new AesGcmPayloadCodec({ keys: [{ id: 'retired-2024', key: randomBytes(32) }], currentKeyId: 'retired-2024' });
    const unknown = await api.request('POST', '/codec/decode', { token, body: { payloads: [await encryptedJsonPayload(MARKER, other)] } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/key "retired-2024", which is not in the key ring/);
    const tampered = await encryptedJsonPayload(MARKER);
    const bytes = Buffer.from(tampered.data, 'base64');
    bytes[bytes.length - 1] ^= 1;
    const reply = await api.request('POST', '/codec/decode', { token, body: { payloads: [{ ...tampered, data: bytes.toString('base64') }] } });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/failed authentication/);
    const failures = await api.em().find(AuditEvent, { action: 'temporal_codec.decode', outcome: 'failure' });
    expect(failures.length).toBeGreaterThanOrEqual(2);
    const malformed = await api.request('POST', '/codec/decode', { token, body: { payloads: 'all of them' } });
    expect(malformed.status).toBe(400);
  });

  it('answers the Web UI origin with CORS, preflight included, and refuses other origins', async () => {
    const preflight = await fetch(`${api.baseUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: UI, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,x-namespace' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(UI);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toEqual(expect.stringContaining('x-namespace'));
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toEqual(expect.stringContaining('authorization'));

    // The UI can read a refusal too, so it can say why.
    const anonymous = await api.request('POST', '/codec/decode', { headers: { origin: UI }, body: { payloads: [] } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('access-control-allow-origin')).toBe(UI);
    const allowed = await api.request('POST', '/codec/decode', { token: await api.adminToken(), headers: { origin: UI }, body: { payloads: [await encryptedJsonPayload(MARKER)] } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(UI);
    expect(allowed.headers.get('vary')).toMatch(/origin/i);

    const elsewhere = 'https://attacker.example';
    const foreignPreflight = await fetch(`${api.baseUrl}/codec/decode`, { method: 'OPTIONS', headers: { origin: elsewhere, 'access-control-request-method': 'POST' } });
    expect(foreignPreflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(foreignPreflight.status).toBe(403);
    const foreign = await api.request('POST', '/codec/decode', { token: await api.adminToken(), headers: { origin: elsewhere }, body: { payloads: [await encryptedJsonPayload(MARKER)] } });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(JSON.stringify(foreign.body)).not.toContain('Huda');
  });

  it('gives PX admins a codec link for the Web UI, which works without a header until the admin loses the role', async () => {
    expect((await api.request('POST', '/codec/links')).status).toBe(401);
    const hospitalAdmin = await api.createUser('HOSPITAL_ADMIN');
    expect((await api.request('POST', '/codec/links', { token: await api.login(hospitalAdmin.email) })).status).toBe(403);

    const admin = await api.createUser('PX_ADMIN', { hospitalId: null });
    const adminToken = await api.login(admin.email);
    const link = await api.request('POST', '/codec/links', { token: adminToken });
    expect(link.status).toBe(201);
    expect(link.headers.get('cache-control')).toContain('no-store');
    const endpoint: string = link.body.endpoint;
    expect(endpoint.startsWith(`${api.baseUrl}/codec/t/`)).toBe(true);
    expect(new Date(link.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 7 * 3_600_000);
    const path = endpoint.slice(api.baseUrl.length);

    // What the Web UI does: preflight, then POST {endpoint}/decode with its origin and no Authorization.
    const preflight = await fetch(`${endpoint}/decode`, { method: 'OPTIONS', headers: { origin: UI, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(UI);
    const decoded = await api.request('POST', `${path}/decode`, { headers: { origin: UI, 'x-namespace': 'default' }, body: { payloads: [await encryptedJsonPayload(MARKER)] } });
    expect(decoded.status).toBe(200);
    expect(decoded.headers.get('access-control-allow-origin')).toBe(UI);
    expect(JSON.parse(Buffer.from(decoded.body.payloads[0].data, 'base64').toString())).toBe(MARKER);
    const audit = await api.em().find(AuditEvent, { action: 'temporal_codec.decode', actorId: admin.id });
    expect(audit).toHaveLength(1);
    expect((await api.em().find(AuditEvent, { action: 'temporal_codec.link', actorId: admin.id })).length).toBe(1);
    expect((await api.request('POST', `${path}/encode`, { body: { payloads: [] } })).status).toBe(200);

    expect(loggablePath(`${path}/decode`)).toBe('/codec/t/…/decode');
    // A link is not an API token, an API token is not a link, and a changed link is nothing.
    const linkToken = path.split('/')[3];
    expect((await api.request('GET', '/api/v1/users', { token: linkToken })).status).toBe(401);
    expect((await api.request('POST', `/codec/t/${adminToken}/decode`, { body: { payloads: [] } })).status).toBe(401);
    expect((await api.request('POST', `/codec/t/${linkToken.slice(0, -2)}xx/decode`, { body: { payloads: [] } })).status).toBe(401);

    // Demoted: the link stops at once.
    const em = api.em();
    const demoted = await em.findOneOrFail(User, { id: admin.id });
    demoted.roleId = (await em.findOneOrFail(Role, { code: 'HOSPITAL_ADMIN' })).id;
    await em.flush();
    expect((await api.request('POST', `${path}/decode`, { body: { payloads: [] } })).status).toBe(403);
    demoted.active = false;
    await em.flush();
    expect((await api.request('POST', `${path}/decode`, { body: { payloads: [] } })).status).toBe(401);
  });

  it('is in the OpenAPI document, for PX admins', async () => {
    const doc = await api.request('GET', '/api/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/codec/decode', '/codec/encode', '/codec/links', '/codec/t/{token}/decode', '/codec/t/{token}/encode']));
  });
});
