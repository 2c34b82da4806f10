/**
 * One operation on a case (acknowledge, resolve, approve, …): a button, and for operations that
 * take words a small form in a dialog. The API decides whether the operation fits the case's state;
 * its refusal (409 and the reason) is shown where the user acted.
 */
import { useState, type FormEvent } from 'react';
import { Button, Modal, Select, Stack, Textarea, TextInput, type ButtonProps } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { post } from '../api';
import { ErrorAlert } from './common';

export interface OperationField {
  name: string;
  label: string;
  kind?: 'text' | 'textarea' | 'select';
  required?: boolean;
  options?: { value: string; label: string }[];
}

export function OperationButton({
  label,
  path,
  fields = [],
  onDone,
  onError,
  color,
  variant,
}: {
  label: string;
  path: string;
  fields?: OperationField[];
  onDone: (result: unknown) => void;
  onError?: (error: unknown) => void;
  color?: ButtonProps['color'];
  variant?: ButtonProps['variant'];
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: (body: Record<string, string>) => post(path, body),
    onSuccess: (result) => {
      setOpen(false);
      setValues({});
      onError?.(null);
      onDone(result);
    },
    onError: (error) => {
      if (!fields.length) onError?.(error);
    },
  });

  if (!fields.length)
    return (
      <Button color={color} variant={variant ?? 'filled'} loading={mutation.isPending} onClick={() => mutation.mutate({})}>
        {label}
      </Button>
    );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: Record<string, string> = {};
    for (const field of fields) if (values[field.name]?.trim()) body[field.name] = values[field.name].trim();
    mutation.mutate(body);
  };
  return (
    <>
      <Button color={color} variant={variant ?? 'light'} onClick={() => { mutation.reset(); setOpen(true); }}>
        {label}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={label} closeButtonProps={{ 'aria-label': t('common.close') }}>
        <form onSubmit={submit}>
          <Stack>
            {mutation.error && <ErrorAlert error={mutation.error} />}
            {fields.map((field) =>
              field.kind === 'select' ? (
                <Select key={field.name} label={field.label} required={field.required} searchable data={field.options ?? []} value={values[field.name] ?? null} onChange={(v) => setValues((s) => ({ ...s, [field.name]: v ?? '' }))} comboboxProps={{ withinPortal: true }} />
              ) : field.kind === 'text' ? (
                <TextInput key={field.name} label={field.label} required={field.required} dir="auto" value={values[field.name] ?? ''} onChange={(e) => { const value = e.currentTarget.value; setValues((s) => ({ ...s, [field.name]: value })); }} />
              ) : (
                <Textarea key={field.name} label={field.label} required={field.required} dir="auto" autosize minRows={3} value={values[field.name] ?? ''} onChange={(e) => { const value = e.currentTarget.value; setValues((s) => ({ ...s, [field.name]: value })); }} />
              ),
            )}
            <Button type="submit" loading={mutation.isPending}>
              {t('common.confirm')}
            </Button>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
