import { AuditEvent, Hospital } from '../models/entities';
import { ADMIN_EMAIL, startTestApi, type TestApi } from '../test/support/testApi';

describe('audit trail', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  const headers = { 'user-agent': 'PX360-test-agent/1.0' };

  it('records create, update and delete with actor, address, client and the fields changed, never patient details', async () => {
    const token = await api.adminToken();
    const details = { mrn: 'A-1', phone: '+966501234567', fullNameEn: 'Khalid Al-Harbi', fullNameAr: 'خالد الحربي', nationalId: '1098765432', dateOfBirth: '1980-01-01' };
    const created = await api.request('POST', '/api/v1/patients', { token, headers, body: { ...details, hospitalId: (await api.em().findOneOrFail(Hospital, { code: 'DEMO' })).id } });
    expect(created.status).toBe(201);
    await api.request('PATCH', `/api/v1/patients/${created.body.id}`, { token, headers, body: { phone: '+966507654321' } });
    await api.request('DELETE', `/api/v1/patients/${created.body.id}`, { token, headers });

    const rows = await api.em().find(AuditEvent, { entityId: created.body.id }, { orderBy: { occurredAt: 'asc' } });
    expect(rows.map((r) => r.action)).toEqual(['patient.create', 'patient.update', 'patient.delete']);
    for (const row of rows) {
      expect(row).toMatchObject({ actorEmail: ADMIN_EMAIL, outcome: 'success', entityType: 'patient', userAgent: 'PX360-test-agent/1.0', hospitalId: created.body.hospitalId });
      expect(row.ip).toMatch(/127\.0\.0\.1/);
    }
    expect(rows[0].after).toMatchObject({ id: created.body.id, changed: expect.arrayContaining(['mrn', 'phone', 'fullNameEn', 'nationalId', 'dateOfBirth']) });
    expect(rows[1].after).toMatchObject({ changed: ['phone'] });
    expect(rows[2].before).toMatchObject({ id: created.body.id });
    // The trail cannot be erased, so no patient detail may be in it.
    const text = JSON.stringify(rows);
    for (const value of ['A-1', '966501234567', '966507654321', 'Khalid', 'خالد', '1098765432', '1980-01-01']) expect(text).not.toContain(value);
  });

  it('keeps configuration changes whole, so they can be read back', async () => {
    const token = await api.adminToken();
    const north = await api.request('POST', '/api/v1/hospitals', { token, body: { code: 'AUDITCFG', nameEn: 'Audit Hospital', nameAr: 'مستشفى التدقيق', timezone: 'Asia/Riyadh' } });
    const row = await api.em().findOneOrFail(AuditEvent, { entityId: north.body.id, action: 'hospital.create' });
    expect(row.after).toMatchObject({ code: 'AUDITCFG', nameEn: 'Audit Hospital' });
  });

  it('records logins, successful and failed', async () => {
    const user = await api.createUser('STAFF');
    await api.request('POST', '/api/v1/auth/login', { headers, body: { email: user.email, password: 'not the password' } });
    await api.request('POST', '/api/v1/auth/login', { headers, body: { email: 'ghost@px360.test', password: 'not the password' } });
    await api.login(user.email);
    const rows = await api.em().find(AuditEvent, { action: 'auth.login', actorEmail: { $in: [user.email, 'ghost@px360.test'] } }, { orderBy: { occurredAt: 'asc' } });
    expect(rows.map((r) => [r.actorEmail, r.outcome])).toEqual([
      [user.email, 'failure'],
      ['ghost@px360.test', 'failure'],
      [user.email, 'success'],
    ]);
    expect(rows[1].after).toMatchObject({ reason: 'unknown email' });
  });

  it('never stores a password or its hash', async () => {
    const token = await api.adminToken();
    const reply = await api.request('POST', '/api/v1/users', { token, body: { email: 'secretive@px360.test', password: 'super-secret-password', fullName: 'Secretive', role: 'STAFF', hospitalId: (await api.em().findOneOrFail(Hospital, { code: 'DEMO' })).id } });
    await api.request('PATCH', `/api/v1/users/${reply.body.id}`, { token, body: { password: 'another-secret-password' } });
    const rows = await api.em().find(AuditEvent, { entityId: reply.body.id });
    const text = JSON.stringify(rows);
    expect(text).not.toContain('super-secret-password');
    expect(text).not.toContain('argon2');
    expect(rows.find((r) => r.action === 'user.update')?.after).toMatchObject({ passwordChanged: true });
  });

  it('the database refuses to change, delete or truncate audit rows', async () => {
    const connection = api.orm.em.getConnection();
    await expect(connection.execute(`update audit_event set action = 'tampered'`)).rejects.toThrow(/append-only: UPDATE/);
    await expect(connection.execute(`delete from audit_event`)).rejects.toThrow(/append-only: DELETE/);
    await expect(connection.execute(`truncate audit_event`)).rejects.toThrow(/append-only: TRUNCATE/);
    expect(await api.em().count(AuditEvent, { action: 'tampered' })).toBe(0);
  });

  it('hospital admins read their own hospital’s trail; the PX admin reads everything', async () => {
    const north = await api.createHospital('NORTH');
    const admin = await api.adminToken();
    await api.request('POST', '/api/v1/patients', { token: admin, body: { hospitalId: north.id, mrn: 'N-9' } });
    const demoAdmin = await api.login((await api.createUser('HOSPITAL_ADMIN')).email);
    const own = await api.request('GET', '/api/v1/audit-events?action=patient.create', { token: demoAdmin });
    expect(own.status).toBe(200);
    expect(own.body.items.every((e: AuditEvent) => e.hospitalId !== north.id)).toBe(true);
    const all = await api.request('GET', `/api/v1/audit-events?action=patient.create&hospitalId=${north.id}`, { token: admin });
    expect(all.body.total).toBe(1);
  });
});
