import { parseIsoDuration } from '../rules/duration';
import { createTestDatabase } from '../../test/support/database';
import { SlaPolicy } from '../entities';
import { connectOrm, type Orm } from '../orm';
import { DEFAULT_SLA_POLICIES, seedSlaPolicies } from './slaPolicies';

describe('default SLA policies', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let orm: Orm;
  const groupPolicies = () => orm.em.fork().find(SlaPolicy, { hospitalId: null }, { orderBy: { entity: 'asc', severity: 'asc' } });
  const seedOnce = async () => {
    const em = orm.em.fork();
    await seedSlaPolicies(em);
    await em.flush();
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    orm = await connectOrm(database.url);
  });
  afterAll(async () => {
    await orm.close();
    await database.drop();
  });

  it('cover every severity of complaints and priority of actions once, with terms the SLA clock accepts', () => {
    const keys = DEFAULT_SLA_POLICIES.map((p) => `${p.entity}/${p.severity}`);
    expect(new Set(keys).size).toBe(8);
    for (const policy of DEFAULT_SLA_POLICIES) {
      expect(parseIsoDuration(policy.acknowledgeWithin)).toBeLessThan(parseIsoDuration(policy.resolveWithin));
      expect(policy).toMatchObject({ reminderAt: [0.5, 0.8], escalation: ['DEPARTMENT_MANAGER', 'HOSPITAL_ADMIN', 'PX_ADMIN'] });
    }
  });

  it('seeds them group-wide, and a second run adds nothing', async () => {
    await seedOnce();
    await seedOnce();
    const seeded = await groupPolicies();
    expect(seeded).toHaveLength(8);
    expect(seeded.find((p) => p.entity === 'complaint' && p.severity === 'critical')).toMatchObject({ clock: 'continuous', acknowledgeWithin: 'PT1H', resolveWithin: 'P1D' });
    expect(seeded.find((p) => p.entity === 'action' && p.severity === 'low')).toMatchObject({ clock: 'business', acknowledgeWithin: 'P3D', resolveWithin: 'P30D' });
  });

  it('keeps a default a PX admin changed, and puts back only the pair that is missing', async () => {
    const em = orm.em.fork();
    const high = await em.findOneOrFail(SlaPolicy, { hospitalId: null, entity: 'complaint', severity: 'high' });
    high.resolveWithin = 'P2D';
    em.remove(await em.findOneOrFail(SlaPolicy, { hospitalId: null, entity: 'action', severity: 'medium' }));
    await em.flush();

    await seedOnce();
    const seeded = await groupPolicies();
    expect(seeded).toHaveLength(8);
    expect(seeded.find((p) => p.id === high.id)!.resolveWithin).toBe('P2D');
    expect(seeded.find((p) => p.entity === 'action' && p.severity === 'medium')).toMatchObject({ acknowledgeWithin: 'P2D', resolveWithin: 'P14D' });
  });
});
