import './texts.ts';
import { Button, Group, NumberInput, Select, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MonthField } from '../../components/DateField.tsx';
import { applyFieldErrors } from '../../components/error-text.ts';
import { areaDisplayName } from '../../components/format.ts';
import { ErrorAlert } from '../../components/states.tsx';
import { useKecamatan } from '../areas/areas.api.ts';
import {
  type CoverageRow,
  type RolloutInput,
  useRemoveKelurahanTarget,
  useSetKecamatanTargets,
  useSetKelurahanTarget,
} from './coverage.api.ts';

interface Values {
  kecamatan: string;
  targetBusinesses: number | string;
  targetMonth: string;
  startMonth: string;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The office sets a rollout target: for one kelurahan (`row`), or the same target for every kelurahan of a
 * kecamatan. The server checks everything again; its field errors land under the fields.
 */
export function RolloutForm({ row, onDone }: { row?: CoverageRow; onDone: () => void }) {
  const { t } = useTranslation();
  const kecamatanList = useKecamatan(!row);
  const one = useSetKelurahanTarget();
  const many = useSetKecamatanTargets();
  const remove = useRemoveKelurahanTarget();
  const [failure, setFailure] = useState<unknown>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      kecamatan: '',
      targetBusinesses: row?.rollout?.targetBusinesses ?? '',
      targetMonth: row?.rollout?.targetMonth ?? '',
      startMonth: row?.rollout?.startMonth ?? '',
    },
    validate: {
      kecamatan: (v) => (row || v ? null : t('coverage.form.kecamatanRequired')),
      targetBusinesses: (v) =>
        typeof v === 'number' && Number.isInteger(v) && v > 0 ? null : t('coverage.form.targetInvalid'),
      targetMonth: (v) => (MONTH.test(v) ? null : t('coverage.form.monthInvalid')),
      startMonth: (v, values) =>
        !v
          ? null
          : !MONTH.test(v)
            ? t('coverage.form.monthInvalid')
            : v > values.targetMonth
              ? t('coverage.form.startAfterTarget')
              : null,
    },
  });
  const busy = one.isPending || many.isPending || remove.isPending;

  const submit = form.onSubmit((v) => {
    setFailure(null);
    const body: RolloutInput = {
      targetBusinesses: Number(v.targetBusinesses),
      targetMonth: v.targetMonth,
      ...(v.startMonth ? { startMonth: v.startMonth } : {}),
    };
    const onError = (error: Error) => {
      if (!applyFieldErrors(form, t, error)) setFailure(error);
    };
    if (row) {
      one.mutate(
        { code: row.code, body },
        {
          onSuccess: () => {
            notifications.show({ color: 'teal', message: t('coverage.form.saved') });
            onDone();
          },
          onError,
        },
      );
    } else {
      many.mutate(
        { code: v.kecamatan, body },
        {
          onSuccess: (saved) => {
            notifications.show({
              color: 'teal',
              message: t('coverage.form.savedMany', { count: saved.targets.length }),
            });
            onDone();
          },
          onError,
        },
      );
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {!row && (
          <>
            <Text size="sm" c="dimmed">
              {t('coverage.form.kecamatanHint')}
            </Text>
            <Select
              label={t('coverage.kecamatan')}
              required
              searchable
              data={(kecamatanList.data ?? []).map((a) => ({
                value: a.code,
                label: areaDisplayName(a.name),
              }))}
              {...form.getInputProps('kecamatan')}
            />
          </>
        )}
        <NumberInput
          label={t('coverage.form.targetBusinesses')}
          required
          min={1}
          clampBehavior="none"
          allowDecimal={false}
          allowNegative={false}
          size="md"
          {...form.getInputProps('targetBusinesses')}
        />
        <Group grow align="flex-start">
          <MonthField
            label={t('coverage.form.targetMonth')}
            placeholder={t('coverage.form.monthPlaceholder')}
            required
            size="md"
            {...form.getInputProps('targetMonth')}
          />
          <MonthField
            label={t('coverage.form.startMonth')}
            placeholder={t('coverage.form.monthPlaceholder')}
            description={t('coverage.form.startMonthHint')}
            size="md"
            {...form.getInputProps('startMonth')}
          />
        </Group>
        {failure !== null && <ErrorAlert error={failure} />}
        <Group justify="space-between" mt="xs">
          {row?.rollout ? (
            <Button
              variant="subtle"
              color="red"
              disabled={busy}
              loading={remove.isPending}
              onClick={() =>
                remove.mutate(row.code, {
                  onSuccess: () => {
                    notifications.show({ color: 'teal', message: t('coverage.form.removed') });
                    onDone();
                  },
                  onError: setFailure,
                })
              }
            >
              {t('coverage.form.remove')}
            </Button>
          ) : (
            <span />
          )}
          <Group gap="xs">
            <Button variant="default" onClick={onDone} disabled={busy}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={one.isPending || many.isPending} disabled={busy}>
              {t('common.save')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
