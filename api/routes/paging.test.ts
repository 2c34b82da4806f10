import { startTestApi, type TestApi } from '../../test/support/testApi';
import { COUNT_CAP } from './paging';

/** Lists longer than the count cap: the total says "at least", pages still come from the right place. */
describe('list totals past the count cap', () => {
  let api: TestApi;
  let coordinator: string;
  const ROWS = COUNT_CAP + 40;

  beforeAll(async () => {
    api = await startTestApi();
    const hospital = await api.createHospital('CAPPED');
    coordinator = await api.login((await api.createUser('PX_COORDINATOR', { hospitalId: hospital.id })).email);
    await api
      .em()
      .getConnection()
      .execute(
        `insert into complaint (id, created_at, updated_at, hospital_id, reference_no, severity, category, description, source_channel, status, language, escalation_level)
         select gen_random_uuid(), timestamptz '2026-11-01 00:00:00+00' + (g * interval '1 second'), now(), ?, 'CMP-CAP-' || lpad(g::text, 6, '0'),
                case when g % 2 = 0 then 'high' else 'low' end, 'waiting_time', 'Waited.', 'web', 'open', 'en', 0
         from generate_series(1, ?::int) g`,
        [hospital.id, ROWS],
      );
  }, 120_000);
  afterAll(() => api.close());

  type Page = { items: { referenceNo: string; severity: string; createdAt: string }[]; total: number; totalExact: boolean };
  const list = async (query: string) => {
    const reply = await api.request('GET', `/api/v1/complaints?hospitalCode=CAPPED&${query}`, { token: coordinator });
    expect(reply.status).toBe(200);
    return reply.body as Page;
  };

  it('reports a list over the cap as at least the cap, and an exact count under it', async () => {
    const first = await list('limit=25');
    expect(first.items).toHaveLength(25);
    expect(first.items[0].referenceNo).toBe(`CMP-CAP-${String(ROWS).padStart(6, '0')}`);
    expect(first).toMatchObject({ total: COUNT_CAP, totalExact: false });
    // Half of them are high severity: under the cap, so counted exactly.
    const high = await list('limit=25&severity=high');
    expect(high).toMatchObject({ total: ROWS / 2, totalExact: true });
    expect(high.items.every((c) => c.severity === 'high')).toBe(true);
  });

  it('serves a page beyond the cap with the rows at that offset, and a page past the end empty', async () => {
    const deep = await list(`limit=25&offset=${ROWS - 10}`);
    expect(deep.items.map((c) => c.referenceNo)).toEqual(Array.from({ length: 10 }, (_, i) => `CMP-CAP-${String(10 - i).padStart(6, '0')}`));
    expect(deep.totalExact).toBe(false);
    expect(deep.total).toBe(ROWS);
    const past = await list(`limit=25&offset=${ROWS + 100}`);
    expect(past.items).toEqual([]);
    expect(past.totalExact).toBe(false);
    expect(past.total).toBe(COUNT_CAP);
  });

  it('gives dates as ISO strings, as a list read through entities would', async () => {
    const [row] = (await list('limit=1')).items;
    expect(row.createdAt).toBe(new Date(Date.UTC(2026, 10, 1, 0, 0, ROWS)).toISOString());
  });
});
