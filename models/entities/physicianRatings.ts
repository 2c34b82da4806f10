import { EntitySchema } from '@mikro-orm/core';
import { Stamped, recordProperties } from './base';
import { Hospital, Physician } from './organizations';

/**
 * A physician's rating for a month: the 12 months of answered surveys ending with `month`
 * (activities/analytics/physicianRatings.ts). One row per physician and month; a re-run replaces it.
 * `rank` and `stars` are null when the figure is not trustworthy yet ("insufficient responses").
 */
export class PhysicianMonthlyRating extends Stamped {
  physicianId!: string;
  hospitalId!: string;
  /** First day of the rated month (YYYY-MM-01); the window is the 12 months ending with it. */
  month!: string;
  n!: number;
  rawMean!: number;
  score!: number;
  low!: number;
  high!: number;
  reliability!: number;
  rank?: number | null;
  stars?: number | null;
  computedAt: Date = new Date();
}

export const PhysicianMonthlyRatingSchema = new EntitySchema<PhysicianMonthlyRating>({
  class: PhysicianMonthlyRating,
  tableName: 'physician_monthly_rating',
  uniques: [{ properties: ['physicianId', 'month'] }],
  indexes: [{ properties: ['hospitalId', 'month'] }],
  properties: {
    ...recordProperties,
    physicianId: { kind: 'm:1', entity: () => Physician, mapToPk: true, fieldName: 'physician_id', deleteRule: 'cascade' },
    hospitalId: { kind: 'm:1', entity: () => Hospital, mapToPk: true, fieldName: 'hospital_id', deleteRule: 'cascade' },
    month: { type: 'date' },
    n: { type: 'integer' },
    rawMean: { type: 'double' },
    score: { type: 'double' },
    low: { type: 'double' },
    high: { type: 'double' },
    reliability: { type: 'double' },
    rank: { type: 'integer', nullable: true },
    stars: { type: 'smallint', nullable: true },
    computedAt: { type: 'datetime' },
  },
});
