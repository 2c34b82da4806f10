/** A column header that sorts the queue on the server: ascending, descending, then back to the default. */
import type { ReactNode } from 'react';
import { Table, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export const SORT_COLUMNS = ['createdAt', 'severity', 'due', 'status', 'referenceNo'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export type SortState = { column: SortColumn; direction: 'asc' | 'desc' } | null;

export function sortOf(params: URLSearchParams): SortState {
  const column = params.get('sort');
  if (!(SORT_COLUMNS as readonly string[]).includes(column ?? '')) return null;
  return { column: column as SortColumn, direction: params.get('direction') === 'desc' ? 'desc' : 'asc' };
}

export function SortableTh({ column, sort, onSort, children }: { column: SortColumn; sort: SortState; onSort: (next: SortState) => void; children: ReactNode }) {
  const { t } = useTranslation();
  const active = sort?.column === column ? sort.direction : null;
  const next: SortState = active === null ? { column, direction: 'asc' } : active === 'asc' ? { column, direction: 'desc' } : null;
  const label = typeof children === 'string' ? children : column;
  return (
    <Table.Th aria-sort={active === 'asc' ? 'ascending' : active === 'desc' ? 'descending' : 'none'}>
      <UnstyledButton onClick={() => onSort(next)} title={t('complaints.sortBy', { column: label })} fw={600} fz="sm">
        {children} <span aria-hidden="true">{active === 'asc' ? '▲' : active === 'desc' ? '▼' : '↕'}</span>
      </UnstyledButton>
    </Table.Th>
  );
}
