/**
 * The scope of an analytics screen: the hospital it is about (the caller's, or for a group-wide
 * account the one chosen, the first by default) and, for a caller not bound to one department, the
 * department chosen; with the two selects that change them.
 */
import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth';
import { useListParams } from '../../components/useListParams';
import { nameOf, useDepartments, useHospitals } from '../../reference';
import { LEVEL } from '../../roles';

export function useAnalyticsHospital() {
  const me = useMe();
  const [params] = useListParams();
  const hospitals = useHospitals();
  const groupWide = !me.hospitalId;
  const hospitalCode = groupWide ? (params.get('hospital') ?? hospitals.data?.items[0]?.code) : undefined;
  const hospitalId = me.hospitalId ?? hospitals.data?.items.find((h) => h.code === hospitalCode)?.id ?? null;
  // A department manager and those below see their own department only: no department to choose.
  const departmentBound = me.departmentId !== null && me.level < LEVEL.HOSPITAL_ADMIN;
  const departmentId = departmentBound ? null : params.get('departmentId');
  return { groupWide, hospitalCode, hospitalId, hospitals, departmentBound, departmentId, ready: !groupWide || Boolean(hospitalId) };
}

/** The hospital select (group-wide accounts) and the department select (callers not bound to one). */
export function ScopeSelects({ setParam }: { setParam: (changes: Record<string, string | null>) => void }) {
  const { t } = useTranslation();
  const { groupWide, hospitalCode, hospitalId, hospitals, departmentBound, departmentId } = useAnalyticsHospital();
  const departments = useDepartments(hospitalId);
  return (
    <>
      {groupWide && (
        <Select
          label={t('analytics.hospital')}
          data={(hospitals.data?.items ?? []).map((h) => ({ value: h.code, label: nameOf(h) }))}
          value={hospitalCode ?? null}
          onChange={(v) => setParam({ hospital: v, departmentId: null })}
          allowDeselect={false}
          w={220}
        />
      )}
      {!departmentBound && (
        <Select
          label={t('analytics.department')}
          placeholder={t('analytics.allDepartments')}
          clearable
          searchable
          data={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: nameOf(d) }))}
          value={departmentId}
          onChange={(v) => setParam({ departmentId: v })}
          w={220}
        />
      )}
    </>
  );
}
