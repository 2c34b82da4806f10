/**
 * Escalations nobody heard: unresolved cases whose escalation found no active holder of the
 * ladder's roles (a fresh hospital, a manager on leave), so no one was emailed. PX coordinators and
 * above see them on My work, to give the case to someone or to fill the role.
 */
import { Anchor, Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get, type Page } from '../api';
import { QueryState, StatusBadge, When } from '../components/common';
import { formatNumber } from '../dates';
import { currentLanguage } from '../i18n';

interface Unheard {
  entityType: 'complaint' | 'action';
  id: string;
  hospitalId: string;
  referenceNo: string;
  status: string;
  escalationLevel: number;
  role: string | null;
  at: string;
}

interface RoleName {
  code: string;
  nameEn: string;
  nameAr: string;
}

export function UnheardEscalationsCard() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['escalations-unheard'], queryFn: () => get<Page<Unheard>>('/escalations/unheard', { limit: 8 }) });
  const roles = useQuery({ queryKey: ['roles'], queryFn: () => get<Page<RoleName>>('/roles') });
  const roleName = (code: string | null) => {
    if (!code) return '—';
    const role = roles.data?.items.find((r) => r.code === code);
    return role ? (currentLanguage() === 'ar' ? role.nameAr : role.nameEn) : code;
  };
  return (
    <Card withBorder data-testid="unheard-escalations" component="section" aria-labelledby="unheard-escalations-title">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="unheard-escalations-title">
          {t('myWork.unheard')}
        </Title>
        <Badge size="lg" variant="light" color={list.data?.total ? 'red' : 'dark'} data-testid="unheard-escalations-count">
          {formatNumber(list.data?.total ?? 0, currentLanguage())}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed" mb="xs">
        {t('myWork.unheardHint')}
      </Text>
      <QueryState query={list}>
        {() =>
          list.data!.items.length === 0 ? (
            <Text c="dimmed" size="sm">
              {t('myWork.nothing')}
            </Text>
          ) : (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('myWork.unheardCase')}</Table.Th>
                  <Table.Th>{t('myWork.unheardRole')}</Table.Th>
                  <Table.Th>{t('myWork.unheardAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data!.items.map((item) => (
                  <Table.Tr key={item.id} data-testid="unheard-row">
                    <Table.Td>
                      <Stack gap={4} align="flex-start">
                        <Anchor component={Link} to={`/${item.entityType === 'complaint' ? 'complaints' : 'actions'}/${item.id}`} dir="ltr" size="sm" style={{ whiteSpace: 'nowrap' }}>
                          {item.referenceNo}
                        </Anchor>
                        <StatusBadge kind={item.entityType} value={item.status} />
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{roleName(item.role)}</Text>
                      <Text size="xs" c="dimmed">
                        {t('complaints.escalationLevel', { level: formatNumber(item.escalationLevel, currentLanguage()) })}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <When value={item.at} hospitalId={item.hospitalId} inline />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
    </Card>
  );
}
