/**
 * Physician ratings: each physician's mean score over the 12 months ending with a month, shrunk
 * toward their peers (activities/analytics/physicianRatings.ts), with a 95 % interval and a
 * reliability figure; stars and rank only where the figure can be trusted.
 */
import { Physician } from '../../../models/entities';
import { sharedFor } from './sharedFor';
import { computePhysicianRatings, type RatedPhysician } from '../../../activities/analytics/physicianRatingsStore';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppContext } from '../../context';
import { NotFoundError, ValidationError } from '../../errors';
import { canSeeHospital } from '../../rbac/principal';
import { ROLE_LEVEL } from '../../rbac/roles';
import { hospitalFromFilters, visibleDepartments } from '../../rbac/scope';
import { defineRoute, type RouteSpec } from '../../routing';
import { answerObject, hospitalFilterProperties, nullableUuid, uuid } from '../schemaParts';

interface PhysicianRatingsQuery {
  hospitalId?: string;
  hospitalCode?: string;
  month?: string;
  departmentId?: string;
}

const number = { type: 'number' } as const;
const ratingView = answerObject({
  physicianId: uuid,
  hospitalId: uuid,
  departmentId: nullableUuid,
  fullNameEn: { type: 'string' },
  fullNameAr: { type: ['string', 'null'] },
  specialty: { type: ['string', 'null'] },
  n: { type: 'integer', description: 'answered surveys in the 12 months' },
  rawMean: { ...number, description: 'the plain mean of those answers, 0-100' },
  score: { ...number, description: 'the mean shrunk toward the peer mean, 0-100' },
  low: { ...number, description: 'lower end of the 95 % interval' },
  high: { ...number, description: 'upper end of the 95 % interval' },
  reliability: { ...number, description: 'share of the spread between physicians that is real, 0-1' },
  peerGroup: { type: 'string', enum: ['department', 'specialty', 'hospital'] },
  rank: { type: ['integer', 'null'], description: 'by the lower end of the interval; null: insufficient responses' },
  stars: { type: ['integer', 'null'], minimum: 1, maximum: 5, description: 'by fifths of the score; null: insufficient responses' },
  status: { type: 'string', enum: ['rated', 'insufficient_responses'] },
});

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;

const view = (r: RatedPhysician) => ({
  physicianId: r.physicianId,
  hospitalId: r.hospitalId,
  departmentId: r.departmentId,
  fullNameEn: r.fullNameEn,
  fullNameAr: r.fullNameAr,
  specialty: r.specialty,
  n: r.n,
  rawMean: round(r.rawMean, 2),
  score: round(r.score, 2),
  low: round(r.low, 2),
  high: round(r.high, 2),
  reliability: round(r.reliability, 3),
  peerGroup: r.peerGroup,
  rank: r.rank,
  stars: r.stars,
  status: r.rank === null ? ('insufficient_responses' as const) : ('rated' as const),
});

/** The hospital asked about: the one named, else the caller's own. Outside the caller's scope: 404. */
async function hospitalOf(ctx: AppContext, query: PhysicianRatingsQuery): Promise<string> {
  const principal = ctx.state.principal!;
  const named = await hospitalFromFilters(ctx.state.em, query);
  if (named === null || (named && !canSeeHospital(principal, named))) throw NotFoundError('hospital');
  const hospitalId = named ?? principal.hospitalId;
  if (!hospitalId) throw ValidationError([{ field: 'hospitalCode', message: 'is required for a group-wide account' }]);
  return hospitalId;
}

/**
 * A hospital's ratings for a month, shared for a minute: they sum a year of answers (seconds at a
 * million), and the leaderboard is asked for again and again by every coordinator's screen, so
 * concurrent and repeated requests share one computation. A new answer shows within a minute.
 */
const shareRatings = sharedFor<Awaited<ReturnType<typeof computePhysicianRatings>>>(60_000);

const ratingsOf = (em: EntityManager, hospitalId: string, month: string | undefined) =>
  shareRatings(`${hospitalId}|${month ?? ''}`, () => computePhysicianRatings(em, { hospitalId, month }));

export function physicianRatingRoutes(): RouteSpec[] {
  return [
    defineRoute<unknown, PhysicianRatingsQuery>({
      method: 'get',
      path: '/api/v1/analytics/physicians',
      operationId: 'listPhysicianRatings',
      tag: 'analytics',
      summary:
        "Physician ratings of a hospital over the 12 months (by response date) ending with `month` (default: this month): score shrunk toward the peers, 95 % interval, reliability; rank and stars only with 30 answers and reliability 0.70 (else null: insufficient responses). A department-bound caller sees their department's physicians; a physician (below PX coordinator) sees only their own row, found by the account on their physician record; ranks are within the hospital.",
      access: ROLE_LEVEL.PHYSICIAN,
      query: {
        type: 'object',
        additionalProperties: false,
        properties: {
          ...hospitalFilterProperties,
          month: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM in the hospital time zone' },
          departmentId: uuid,
        },
      },
      response: { schema: answerObject({ month: { type: 'string', description: 'YYYY-MM, the last month of the 12' }, items: { type: 'array', items: ratingView } }) },
      errors: [404],
      async handler(ctx, { query }) {
        const em = ctx.state.em as unknown as EntityManager;
        const hospitalId = await hospitalOf(ctx, query);
        const { month, ratings } = await ratingsOf(em, hospitalId, query.month);
        const principal = ctx.state.principal!;
        if (principal.level < ROLE_LEVEL.PX_COORDINATOR) {
          // Their own rating only, however they are scoped; none when no physician record names their account.
          const own = await ctx.state.em.findOne(Physician, { userId: principal.id, hospitalId, deletedAt: null });
          return { month, items: ratings.filter((r) => own && r.physicianId === own.id).map(view) };
        }
        const visible = await visibleDepartments(ctx.state.em, principal);
        const shown = ratings.filter(
          (r) => (!visible || (r.departmentId !== null && visible.includes(r.departmentId))) && (!query.departmentId || r.departmentId === query.departmentId),
        );
        shown.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || b.low - a.low || a.fullNameEn.localeCompare(b.fullNameEn));
        return { month, items: shown.map(view) };
      },
    }),
  ];
}
