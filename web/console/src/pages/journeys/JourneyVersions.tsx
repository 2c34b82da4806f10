/** Every version of one journey code: number, when written, and whether it applies to new encounters. */
import { Badge, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, type Page } from '../../api';
import { QueryState, When } from '../../components/common';
import { formatNumber } from '../../dates';
import { currentLanguage } from '../../i18n';
import type { Journey } from './types';

export function JourneyVersions({ journey }: { journey: Journey }) {
  const { t } = useTranslation();
  const versions = useQuery({
    queryKey: ['journey-versions', journey.hospitalId, journey.code],
    queryFn: async () => {
      const [active, retired] = await Promise.all([true, false].map((a) => get<Page<Journey>>('/journeys', { hospitalId: journey.hospitalId, code: journey.code, active: a, limit: 100 })));
      return [...active.items, ...retired.items].sort((a, b) => b.version - a.version);
    },
  });
  return (
    <QueryState query={versions}>
      {() => (
        <>
          <Text size="sm" c="dimmed">{t('journeys.builder.appliesNote')}</Text>
          <Table data-testid="journey-versions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('journeys.version')}</Table.Th>
                <Table.Th>{t('journeys.builder.created')}</Table.Th>
                <Table.Th>{t('journeys.active')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {versions.data!.map((v) => (
                <Table.Tr key={v.id} data-version={v.version}>
                  <Table.Td>{formatNumber(v.version, currentLanguage())}</Table.Td>
                  <Table.Td>
                    <When value={v.createdAt} hospitalId={v.hospitalId} />
                  </Table.Td>
                  <Table.Td>
                    {v.active ? (
                      <Badge color="green" variant="light" autoContrast>{t('journeys.appliesToNew')}</Badge>
                    ) : (
                      <Badge color="gray" variant="light" autoContrast>{t('journeys.builder.retired')}</Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </QueryState>
  );
}
