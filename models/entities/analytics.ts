import { EntitySchema } from '@mikro-orm/core';
import { Hospital } from './organizations';

export type KpiMetric = 'nps' | 'mean_score' | 'top_box' | 'response_rate' | 'negative_rate' | 'complaints_per_1000' | 'ack_within_sla';
export type KpiScopeType = 'hospital' | 'department' | 'physician' | 'journey';
export type KpiPeriod = 'day' | 'week' | 'month';

/**
 * One figure of one metric, for one scope (a hospital, or a department, physician or journey within
 * it), over one calendar period in Asia/Riyadh. Unique per (metric, scope, period): a roll-up run for
 * the same period replaces the row, never adds one.
 */
export class KpiValue {
  id!: string;
  hospitalId!: string;
  metric!: KpiMetric;
  scopeType!: KpiScopeType;
  /** The hospital, department or physician id, or the journey code. */
  scopeId!: string;
  period!: KpiPeriod;
  /** First day of the period in Asia/Riyadh, `YYYY-MM-DD` (weeks start on Sunday). */
  periodStart!: string;
  /** Null when the period has nothing to measure (denominator 0). */
  value?: number | null;
  numerator!: number;
  denominator!: number;
  n!: number;
  /** The 95 % interval, where the metric has one. */
  low?: number | null;
  high?: number | null;
  computedAt: Date = new Date();
}

export const KpiValueSchema = new EntitySchema<KpiValue>({
  class: KpiValue,
  tableName: 'kpi_value',
  uniques: [{ name: 'kpi_value_metric_scope_period_unique', properties: ['metric', 'scopeType', 'scopeId', 'period', 'periodStart'] }],
  indexes: [{ name: 'kpi_value_hospital_metric_index', properties: ['hospitalId', 'metric', 'period', 'periodStart'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    hospitalId: { kind: 'm:1', entity: () => Hospital, mapToPk: true, fieldName: 'hospital_id', deleteRule: 'cascade' },
    metric: { type: 'string', length: 32 },
    scopeType: { type: 'string', length: 16 },
    scopeId: { type: 'string', length: 64 },
    period: { type: 'string', length: 8 },
    periodStart: { type: 'date', columnType: 'date' },
    value: { type: 'double', nullable: true },
    numerator: { type: 'double' },
    denominator: { type: 'double' },
    n: { type: 'integer' },
    low: { type: 'double', nullable: true },
    high: { type: 'double', nullable: true },
    computedAt: { type: 'datetime' },
  },
});
