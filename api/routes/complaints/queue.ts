/**
 * The complaints queue's own filters and order: unassigned, breaching before a moment, received
 * between two moments, and a sort from an allow-list with the id as the last tie-break.
 */
import { raw, type FilterQuery, type QueryOrderMap } from '@mikro-orm/core';
import type { Complaint } from '../../../models/entities';
import { OPEN_COMPLAINT_STATUSES } from '../../../models/rules/statuses';

export const COMPLAINT_SORTS = ['createdAt', 'severity', 'due', 'status', 'referenceNo'] as const;
export type ComplaintSort = (typeof COMPLAINT_SORTS)[number];
export type SortDirection = 'asc' | 'desc';

export type QueueQuery = {
  unassigned?: boolean;
  breachingBefore?: string;
  receivedFrom?: string;
  receivedTo?: string;
  sort?: ComplaintSort;
  direction?: SortDirection;
};

export const queueQueryProperties = {
  unassigned: { type: 'boolean', description: 'true: only complaints with no assignee; false: only assigned ones' },
  breachingBefore: {
    type: 'string',
    format: 'date-time',
    description: 'Only unresolved complaints whose current due date (acknowledge-by while open, else resolve-by) falls before this moment, e.g. the end of today in the hospital\'s zone',
  },
  receivedFrom: { type: 'string', format: 'date-time', description: 'Only complaints received at or after this moment' },
  receivedTo: { type: 'string', format: 'date-time', description: 'Only complaints received before this moment' },
  sort: { type: 'string', enum: COMPLAINT_SORTS, description: 'Order of the list (default createdAt); `due` is the current due date, `severity` runs low to critical; ties by id' },
  direction: { type: 'string', enum: ['asc', 'desc'], description: 'Default desc for createdAt, asc otherwise' },
} as const;

const WORKED_ON: Complaint['status'][] = OPEN_COMPLAINT_STATUSES.filter((s) => s !== 'open');

/** The due date that matters now, as SQL: acknowledge-by while open, else resolve-by. */
const currentDue = (alias: string) => `(case when ${alias}.status = 'open' then ${alias}.acknowledge_by else ${alias}.resolve_by end)`;
const severityRank = (alias: string) => `(case ${alias}.severity when 'low' then 1 when 'medium' then 2 when 'high' then 3 when 'critical' then 4 end)`;
const statusRank = (alias: string) => `(case ${alias}.status when 'open' then 1 when 'acknowledged' then 2 when 'in_progress' then 3 when 'resolved' then 4 when 'closed' then 5 end)`;

export function queueFilters(query: QueueQuery): FilterQuery<Complaint>[] {
  const filters: FilterQuery<Complaint>[] = [];
  if (query.unassigned !== undefined) filters.push({ assigneeId: query.unassigned ? null : { $ne: null } });
  if (query.breachingBefore) {
    const before = new Date(query.breachingBefore);
    filters.push({ $or: [{ status: 'open', acknowledgeBy: { $lt: before } }, { status: { $in: WORKED_ON }, resolveBy: { $lt: before } }] });
  }
  if (query.receivedFrom) filters.push({ createdAt: { $gte: new Date(query.receivedFrom) } });
  if (query.receivedTo) filters.push({ createdAt: { $lt: new Date(query.receivedTo) } });
  return filters;
}

/** The list's order; complaints with no due date yet come last either way. */
export function queueOrder(query: QueueQuery): QueryOrderMap<Complaint>[] {
  const sort = query.sort ?? 'createdAt';
  const direction = query.direction ?? (sort === 'createdAt' ? 'desc' : 'asc');
  const first: Record<ComplaintSort, QueryOrderMap<Complaint>> = {
    createdAt: { createdAt: direction },
    referenceNo: { referenceNo: direction },
    severity: { [raw(severityRank)]: direction } as QueryOrderMap<Complaint>,
    status: { [raw(statusRank)]: direction } as QueryOrderMap<Complaint>,
    due: { [raw(currentDue)]: `${direction} nulls last` } as QueryOrderMap<Complaint>,
  };
  return [first[sort], { id: 'asc' }];
}
