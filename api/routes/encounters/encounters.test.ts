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
