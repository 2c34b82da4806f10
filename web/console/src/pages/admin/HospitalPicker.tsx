/** Which hospital a tab shows: the caller's own, or for a group-wide PX admin the one chosen (kept in ?hospital=). */
import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useMe } from '../../auth';
import { nameOf, useHospitals } from '../../reference';

export function useChosenHospital(): [string | null, (id: string | null) => void] {
  const me = useMe();
  const hospitals = useHospitals();
  const [params, setParams] = useSearchParams();
  const items = hospitals.data?.items ?? [];
  const chosen = me.hospitalId ?? params.get('hospital') ?? items.find((h) => h.code === 'DEMO')?.id ?? items[0]?.id ?? null;
  const choose = (id: string | null) =>
    setParams((p) => {
      const next = new URLSearchParams(p);
      if (id) next.set('hospital', id);
      else next.delete('hospital');
      return next;
    });
  return [chosen, choose];
}

export function HospitalPicker({ value, onChange }: { value: string | null; onChange: (id: string | null) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const hospitals = useHospitals();
  if (me.hospitalId !== null) return <span />;
  return <Select label={t('admin.fields.hospital')} allowDeselect={false} data={(hospitals.data?.items ?? []).map((h) => ({ value: h.id, label: nameOf(h) }))} value={value} onChange={onChange} w={320} />;
}
