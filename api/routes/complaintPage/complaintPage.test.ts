import { AuditEvent, CaseEvent, Complaint, Department, Hospital } from '../../../models/entities';
import { eventually } from '../../../test/support/eventually';
import { startTestHub, type TestHub } from '../../../test/support/testHub';
import type { TestApi } from '../../../test/support/testApi';


describe('public complaint page', () => {
  let hub: TestHub;
  let api: TestApi;
  let ed: Department;

  beforeAll(async () => {
    // The limit is per client address, which these tests set through X-Forwarded-For as a proxy would.
    hub = await startTestHub({ env: { PX_TRUST_PROXY: 'true' } });
    api = hub.api;
    const demo = await api.em().findOneOrFail(Hospital, { code: 'DEMO' });
    ed = await api.em().findOneOrFail(Department, { hospitalId: demo.id, code: 'ED' });
  });
  afterAll(() => hub.close());

  /** Each test posts from an address of its own, so the per-address limit is the last test's alone. */
  const post = (fields: Record<string, string>, from: string, query = 'lang=ar&hospital=DEMO') =>
    api.request('POST', `/complaint?${query}`, {
      raw: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': from },
    });
  const valid = () => ({
    hospital: 'DEMO',
    name: 'نورة القحطاني',
    phone: '٠٥٠ ١٢٣ ٤٥٦٧',
    email: '',
    department: ed.id,
    category: 'waiting_time',
    description: 'انتظرت أربع ساعات في الطوارئ دون أن يشرح لي أحد سبب التأخير.',
  });

  it('serves the form in Arabic, right to left, with the hospital’s departments, well under 50 KB', async () => {
    const reply = await api.request('GET', '/complaint?hospital=DEMO');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(reply.headers.get('cache-control')).toBe('no-store');
    const html: string = reply.body;
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('<h1>تقديم شكوى</h1>');
    expect(html).toContain('<input type="hidden" name="hospital" value="DEMO">');
    expect(html).toContain(`<option value="${ed.id}">قسم الطوارئ</option>`);
    expect(html).toContain('<option value="waiting_time">مدة الانتظار</option>');
    expect(html).toContain('href="/complaint?lang=en&amp;hospital=DEMO"');
    expect(html).not.toContain('<script');
    expect(Buffer.byteLength(html)).toBeLessThan(50_000);
  });

  it('offers every hospital when the link names none, in English on request', async () => {
    const html: string = (await api.request('GET', '/complaint?lang=en')).body;
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toMatch(/<select id="c-hospital" name="hospital"[^>]*>\n<option value="">Choose…<\/option>\n<option value="DEMO">/);
    expect(html).not.toContain('name="department"');
  });

  it('takes a valid complaint and thanks the patient with its reference number', async () => {
    const reply = await post(valid(), '198.51.100.1');
    expect(reply.status).toBe(200);
    const reference = /CMP-\d{4}-\d{6}/.exec(reply.body)?.[0];
    expect(reference).toBeDefined();
    expect(reply.body).toContain('شكراً لك، تم استلام شكواك');

    const complaint = await api.em().findOneOrFail(Complaint, { referenceNo: reference! });
    expect(complaint).toMatchObject({
      sourceChannel: 'web',
      severity: 'medium',
      category: 'waiting_time',
      language: 'ar',
      departmentId: ed.id,
      contactName: 'نورة القحطاني',
      contactPhone: '+966501234567',
      contactEmail: null,
      createdById: null,
      status: 'open',
    });
    expect(await api.em().count(CaseEvent, { entityType: 'complaint', entityId: complaint.id, kind: 'created' })).toBe(1);
    expect(await api.em().findOneOrFail(AuditEvent, { entityId: complaint.id })).toMatchObject({ action: 'complaint.create', actorId: null, ip: '198.51.100.1' });
    // Its workflow runs: the SLA it plans lands on the row.
    await eventually(async () => (await api.em().findOneOrFail(Complaint, { id: complaint.id })).resolveBy ?? undefined);
  });

  it('shows the form again with the problem beside its field and what was typed (422)', async () => {
    const reply = await post({ ...valid(), description: '  ' }, '198.51.100.2');
    expect(reply.status).toBe(422);
    const html: string = reply.body;
    expect(html).toContain('<title>خطأ: تقديم شكوى</title>');
    expect(html).toContain('<a href="#c-description">ماذا حدث؟</a>');
    expect(html).toMatch(/<textarea id="c-description" name="description" aria-required="true" aria-invalid="true" aria-describedby="h-description e-description"/);
    expect(html).toContain('<p class="err" id="e-description"><span class="vh">خطأ: </span>يرجى تعبئة هذا الحقل.</p>');
    expect(html).toContain('value="نورة القحطاني"');
    expect(html).toContain(`<option value="${ed.id}" selected>`);
    expect(await api.em().count(Complaint, { sourceChannel: 'web', contactName: 'نورة القحطاني' })).toBe(1);
  });

  it('asks for a way to reply and a category from the list', async () => {
    const reply = await post({ ...valid(), phone: '', category: 'parking' }, '198.51.100.3', 'lang=en&hospital=DEMO');
    expect(reply.status).toBe(422);
    expect(reply.body).toContain('Please give a mobile number or an email address.');
    expect(reply.body).toContain('<p class="err" id="e-category"><span class="vh">Error: </span>Please choose from the list.</p>');
  });

  it('turns away a sixth post from one address within ten minutes (429)', async () => {
    for (let i = 0; i < 5; i++) expect((await post({ ...valid(), description: '' }, '198.51.100.9')).status).toBe(422);
    const refused = await post(valid(), '198.51.100.9');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(500);
    expect(refused.body).toContain('يرجى المحاولة لاحقاً');
    expect((await post(valid(), '198.51.100.10')).status).toBe(200);
  });
});
