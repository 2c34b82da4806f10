import { EntitySchema } from '@mikro-orm/core';
import { SoftDeletable, softDeleteProperties } from './base';
import type { KpiMetric } from './analytics';
import { Department, Hospital } from './organizations';
import { User } from './accounts';

/**
 * A quality-improvement project: one KPI metric of a hospital (or one of its departments) followed
 * on a control chart, with a baseline period, a target and the date its intervention started
 * (the chart splits into before/after segments there). Soft-deleted.
 */
export class QiProject extends SoftDeletable {
  hospitalId!: string;
  title!: string;
  ownerId?: string | null;
  departmentId?: string | null;
  metric!: KpiMetric;
  baselineFrom!: string;
  baselineTo!: string;
  targetValue?: number | null;
  interventionDate?: string | null;
  /** PX action ids linked to the project. */
  actionIds: string[] = [];
}

export const QiProjectSchema = new EntitySchema<QiProject>({
  class: QiProject,
  tableName: 'qi_project',
  indexes: [{ properties: ['hospitalId', 'departmentId'] }],
  properties: {
    ...softDeleteProperties,
    hospitalId: { kind: 'm:1', entity: () => Hospital, mapToPk: true, fieldName: 'hospital_id', deleteRule: 'cascade' },
    title: { type: 'string', length: 200 },
    ownerId: { kind: 'm:1', entity: () => User, mapToPk: true, fieldName: 'owner_id', nullable: true, deleteRule: 'set null' },
    departmentId: { kind: 'm:1', entity: () => Department, mapToPk: true, fieldName: 'department_id', nullable: true, deleteRule: 'set null' },
    metric: { type: 'string', length: 32 },
    baselineFrom: { type: 'date' },
    baselineTo: { type: 'date' },
    targetValue: { type: 'double', nullable: true },
    interventionDate: { type: 'date', nullable: true },
    actionIds: { type: 'json' },
  },
});
