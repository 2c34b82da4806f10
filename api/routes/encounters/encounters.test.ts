import { Department, Encounter, Hospital } from '../../../models/entities';
import { startTestApi, type TestApi } from '../../../test/support/testApi';

const PATH = '/api/v1/encounters';

describe('encounters by department scope', () => {
  let api: TestApi;
  let imNurse: string;
  let hospitalAdmin: string;
  let coordinator: string;
  /** By department: internal medicine, cardiology (a unit under it), emergency, and none yet. */
  const visits: Record<'im' | 'card' | 'ed' | 'none' | 'north', Encounter> = {} as never;

  beforeAll(async () => {
    api = await startTestApi();
    const em = api.em();
    const demo = await em.findOneOrFail(Hospital, { code: 'DEMO' });
    const north = await api.createHospital('NORTHENC');
    const department = (code: string) => em.findOneOrFail(Department, { hospitalId: demo.id, code });
    const [im, card, ed] = [await department('IM'), await department('CARD'), await department('ED')];
    imNurse = await api.login((await api.createUser('NURSE', { hospitalId: demo.id, departmentId: im.id })).email);
    coordinator = await api.login((await api.createUser('PX_COORDINATOR', { hospitalId: demo.id })).email);
    hospitalAdmin = await api.login((await api.createUser('HOSPITAL_ADMIN', { hospitalId: demo.id, departmentId: im.id })).email);
    let minute = 0;
    const encounter = (hospitalId: string, visit: string, departmentId: string | null) => {
      const at = new Date(Date.UTC(2026, 10, 29, 6, ++minute));
      return Object.assign(new Encounter(), { hospitalId, visitNumber: visit, workflowId: `encounter:SCOPE:${visit}`, departmentId, startedAt: at, lastEventAt: at });
    };
    visits.im = encounter(demo.id, 'V-SCOPE-IM', im.id);
    visits.card = encounter(demo.id, 'V-SCOPE-CARD', card.id);
    visits.ed = encounter(demo.id, 'V-SCOPE-ED', ed.id);
    visits.none = encounter(demo.id, 'V-SCOPE-NONE', null);
    visits.north = encounter(north.id, 'V-SCOPE-NORTH', null);
    await em.persistAndFlush(Object.values(visits));
  });
  afterAll(() => api.close());

  const list = async (token: string, query = '') => {
    const reply = await api.request('GET', `${PATH}${query}`, { token });
    expect(reply.status).toBe(200);
    return reply.body as { items: { id: string }[]; total: number };
  };
  const ids = (page: { items: { id: string }[] }) => page.items.map((e) => e.id);

  it("a department-bound nurse lists only their department's and its units' encounters, counted in that scope", async () => {
    const page = await list(imNurse);
    expect(ids(page)).toEqual([visits.card.id, visits.im.id]);
    expect(page.total).toBe(2);
    // A filter cannot widen the scope.
    expect((await list(imNurse, `?visitNumber=${visits.ed.visitNumber}`)).total).toBe(0);
    expect((await list(imNurse, '?hospitalCode=NORTHENC')).total).toBe(0);
  });

  it("answers 404 for another department's encounter, one of no department and another hospital's", async () => {
    for (const visit of [visits.ed, visits.none, visits.north]) {
      expect((await api.request('GET', `${PATH}/${visit.id}`, { token: imNurse })).status).toBe(404);
    }
    for (const visit of [visits.im, visits.card]) {
      const one = await api.request('GET', `${PATH}/${visit.id}`, { token: imNurse });
      expect(one.status).toBe(200);
      expect(one.body.visitNumber).toBe(visit.visitNumber);
    }
  });

  it('hospital-wide callers see every department of their hospital, and no other hospital', async () => {
    for (const token of [coordinator, hospitalAdmin]) {
      const page = await list(token);
      expect(ids(page)).toEqual([visits.none.id, visits.ed.id, visits.card.id, visits.im.id]);
      expect((await api.request('GET', `${PATH}/${visits.ed.id}`, { token })).status).toBe(200);
      expect((await api.request('GET', `${PATH}/${visits.north.id}`, { token })).status).toBe(404);
    }
  });
});

describe('encounters paged by cursor', () => {
  let api: TestApi;
  let coordinator: string;
  let hospitalId: string;

  beforeAll(async () => {
    api = await startTestApi();
    const em = api.em();
    const hospital = await api.createHospital('CURSORENC');
    hospitalId = hospital.id;
    coordinator = await api.login((await api.createUser('PX_COORDINATOR', { hospitalId })).email);
    // 23 visits, three of them in the same microsecond-precise moment (ties broken by id), written
    // through SQL so their times carry microseconds that a JavaScript Date cannot hold.
    const connection = em.getConnection();
    await connection.execute(
      `insert into encounter (id, created_at, updated_at, hospital_id, visit_number, workflow_id, patient_class, status, started_at, last_event_at)
       select gen_random_uuid(), now(), now(), ?, 'V-CUR-' || g, 'encounter:CURSORENC:V-CUR-' || g, 'O', 'active',
              timestamptz '2026-11-30 08:00:00.000001+00' - (least(g, 20) * interval '1 microsecond'), timestamptz '2026-11-30 08:00:00.000001+00' - (least(g, 20) * interval '1 microsecond')
       from generate_series(1, 23) g`,
      [hospitalId],
    );
  });
  afterAll(() => api.close());

  type Page = { items: { id: string; visitNumber: string }[]; total: number; totalExact: boolean; nextCursor: string | null };
  const list = async (query: string) => {
    const reply = await api.request('GET', `${PATH}?hospitalCode=CURSORENC&${query}`, { token: coordinator });
    expect(reply.status).toBe(200);
    return reply.body as Page;
  };

  it('walks the whole list page by page with nextCursor: every visit once, in the same order as offsets give', async () => {
    const byOffset: string[] = [];
    for (let offset = 0; offset < 23; offset += 5) byOffset.push(...(await list(`limit=5&offset=${offset}`)).items.map((e) => e.id));
    const walked: string[] = [];
    let page = await list('limit=5');
    walked.push(...page.items.map((e) => e.id));
    let pages = 1;
    while (page.nextCursor) {
      page = await list(`limit=5&after=${page.nextCursor}`);
      expect(page.total).toBe(23);
      walked.push(...page.items.map((e) => e.id));
      pages += 1;
    }
    expect(pages).toBe(5);
    expect(new Set(walked).size).toBe(23);
    expect(walked).toEqual(byOffset);
  });

  it('answers the last page with no nextCursor, and refuses a cursor it did not write or one combined with offset', async () => {
    expect((await list('limit=50')).nextCursor).toBeNull();
    const first = await list('limit=5');
    for (const bad of ['not-a-cursor', Buffer.from("2026-11-30T08:00:00.000000|x'; drop table encounter;--").toString('base64url')]) {
      const reply = await api.request('GET', `${PATH}?after=${bad}`, { token: coordinator });
      expect(reply.status).toBe(400);
      expect(JSON.stringify(reply.body)).toContain('after');
    }
    expect((await api.request('GET', `${PATH}?after=${first.nextCursor}&offset=5`, { token: coordinator })).status).toBe(400);
  });
});
