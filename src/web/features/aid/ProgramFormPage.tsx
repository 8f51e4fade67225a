import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Checkbox,
  Grid,
  Group,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import type { AidProgram } from '../../api/types.ts';
import { access } from '../../components/access.ts';
import { DateField } from '../../components/DateField.tsx';
import { applyFieldErrors, errorText } from '../../components/error-text.ts';
import { FormSection, HINTS_BELOW } from '../../components/FormSection.tsx';
import { areaDisplayName, formatDay } from '../../components/format.ts';
import { MoneyInput, moneyValue } from '../../components/MoneyInput.tsx';
import { NotFoundPage } from '../../components/NotFoundPage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { useDeploymentArea, useKecamatan } from '../areas/areas.api.ts';
import { useCurrentUser } from '../auth/auth.api.ts';
import { NoAccess } from '../auth/NoAccess.tsx';
import { useAidProgram, useCreateAidProgram, useUpdateAidProgram } from './aid.api.ts';

const WINDOWS = ['intakeStart', 'intakeEnd', 'reviewEnd', 'verificationEnd', 'submissionEnd'] as const;
type WindowKey = (typeof WINDOWS)[number];
const CRITERIA = ['occupation', 'kur', 'micro', 'area'] as const;
const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$/;

interface Values {
  code: string;
  name: string;
  amount: number | string;
  areaCode: string | null;
  intakeStart: string;
  intakeEnd: string;
  reviewEnd: string;
  verificationEnd: string;
  submissionEnd: string;
  criteria: Record<(typeof CRITERIA)[number], boolean>;
  sameVerifierAllowed: boolean;
}

function initialValues(program?: AidProgram): Values {
  return {
    code: program?.code ?? '',
    name: program?.name ?? '',
    amount: program?.amount ?? 2_400_000,
    areaCode: program?.areaCode ?? null,
    intakeStart: program?.windows.intakeStart ?? '',
    intakeEnd: program?.windows.intakeEnd ?? '',
    reviewEnd: program?.windows.reviewEnd ?? '',
    verificationEnd: program?.windows.verificationEnd ?? '',
    submissionEnd: program?.windows.submissionEnd ?? '',
    criteria: program?.criteria ?? { occupation: true, kur: true, micro: true, area: true },
    sameVerifierAllowed: program?.sameVerifierAllowed ?? false,
  };
}

export function CreateProgramPage() {
  const me = useCurrentUser();
  if (!access.managesAidPrograms(me.role)) return <NoAccess />;
  return <ProgramForm />;
}

export function EditProgramPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { code = '' } = useParams();
  const program = useAidProgram(code);
  if (!access.managesAidPrograms(me.role)) return <NoAccess />;
  if (isApiError(program.error, 'AidProgramUnknown')) return <NotFoundPage />;
  if (program.isPending) {
    return (
      <>
        <PageHeader title={t('aid.programForm.editTitle')} />
        <SkeletonRows rows={6} height={56} />
      </>
    );
  }
  if (program.isError) return <ErrorAlert error={program.error} onRetry={() => program.refetch()} />;
  return <ProgramForm program={program.data} />;
}

/** A program: its code and area are fixed once created; name, amount, windows and criteria may change. */
function ProgramForm({ program }: { program?: AidProgram }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const editing = program !== undefined;
  const create = useCreateAidProgram();
  const update = useUpdateAidProgram(program?.code ?? '');
  const deployment = useDeploymentArea();
  const kecamatan = useKecamatan(!editing);
  const [failure, setFailure] = useState<unknown>(null);

  const windowLabel = (key: WindowKey) => t(`aid.windows.${key}`);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: initialValues(program),
    validate: {
      code: (v) => (editing || CODE.test(v.trim()) ? null : t('aid.programForm.codeInvalid')),
      name: (v) => (v.trim().length >= 3 ? null : t('aid.programForm.nameTooShort')),
      amount: (v) => ((moneyValue(v) ?? 0) >= 1 ? null : t('aid.programForm.amountRequired')),
      ...Object.fromEntries(
        WINDOWS.map((key, i) => [
          key,
          (value: string, values: Values) => {
            if (!value) return null;
            // Each window ends on or after the ones before it.
            const previous = WINDOWS.slice(0, i)
              .reverse()
              .find((k) => values[k]);
            return previous && value < values[previous]
              ? t('aid.programForm.windowBefore', {
                  previous: windowLabel(previous),
                  date: formatDay(values[previous], i18n.language),
                })
              : null;
          },
        ]),
      ),
    },
  });

  const submit = form.onSubmit((v) => {
    setFailure(null);
    const windows = Object.fromEntries(WINDOWS.map((k) => [k, v[k] || null])) as Record<
      WindowKey,
      string | null
    >;
    const onError = (error: Error) => {
      if (!applyFieldErrors(form, t, error)) setFailure(error);
    };
    if (editing) {
      update.mutate(
        {
          name: v.name.trim(),
          amount: moneyValue(v.amount)!,
          ...windows,
          criteria: v.criteria,
          sameVerifierAllowed: v.sameVerifierAllowed,
        },
        {
          onSuccess: (saved) => {
            notifications.show({ color: 'teal', message: t('aid.programForm.saved', { name: saved.name }) });
            navigate(`/aid/${saved.code}`);
          },
          onError,
        },
      );
      return;
    }
    create.mutate(
      {
        code: v.code.trim().toUpperCase(),
        name: v.name.trim(),
        amount: moneyValue(v.amount)!,
        ...(v.areaCode ? { areaCode: v.areaCode } : {}),
        ...windows,
        criteria: v.criteria,
        sameVerifierAllowed: v.sameVerifierAllowed,
      },
      {
        onSuccess: (created) => {
          notifications.show({
            color: 'teal',
            message: t('aid.programForm.created', { name: created.name }),
          });
          navigate(`/aid/${created.code}`);
        },
        onError,
      },
    );
  });

  const city = deployment.data ? areaDisplayName(deployment.data.name) : '';
  const areaOptions = [
    ...(deployment.data
      ? [{ value: deployment.data.code, label: t('aid.programForm.wholeArea', { area: city }) }]
      : []),
    ...(kecamatan.data ?? []).map((k) => ({
      value: k.code,
      label: t('aid.programForm.kecamatanOption', { name: k.name }),
    })),
  ];
  const title = editing ? t('aid.programForm.editTitle') : t('aid.programForm.createTitle');

  return (
    <>
      <PageHeader
        above={
          <Breadcrumbs separatorMargin={6} fz="sm">
            <Anchor component={Link} to="/aid" size="sm">
              {t('aid.title')}
            </Anchor>
            {program && (
              <Anchor component={Link} to={`/aid/${program.code}`} size="sm" className="break-anywhere">
                {program.name}
              </Anchor>
            )}
            <Text size="sm">{editing ? t('aid.programForm.edit') : t('aid.programs.create')}</Text>
          </Breadcrumbs>
        }
        title={title}
        description={editing ? program.name : t('aid.programForm.createDescription')}
      />
      <form onSubmit={submit} noValidate data-testid="program-form">
        <Stack gap="md">
          {failure != null && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
              {errorText(t, failure)}
            </Alert>
          )}
          <FormSection title={t('aid.programForm.sections.program')}>
            <Grid gap="sm">
              <Grid.Col span={{ base: 12, sm: 4 }}>
                {editing ? (
                  <TextInput
                    label={t('aid.programForm.code')}
                    value={program.code}
                    readOnly
                    variant="filled"
                  />
                ) : (
                  <TextInput
                    label={t('aid.programForm.code')}
                    description={t('aid.programForm.codeHint')}
                    inputWrapperOrder={HINTS_BELOW}
                    required
                    autoComplete="off"
                    maxLength={32}
                    data-autofocus
                    autoFocus
                    {...form.getInputProps('code')}
                    onChange={(e) => form.setFieldValue('code', e.currentTarget.value.toUpperCase())}
                  />
                )}
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 8 }}>
                <TextInput
                  label={t('aid.programForm.name')}
                  required
                  autoComplete="off"
                  maxLength={160}
                  {...form.getInputProps('name')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <MoneyInput
                  label={t('aid.programForm.amount')}
                  description={t('aid.programForm.amountHint')}
                  inputWrapperOrder={HINTS_BELOW}
                  required
                  {...form.getInputProps('amount')}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 8 }}>
                {editing ? (
                  <TextInput
                    label={t('aid.programForm.area')}
                    value={areaDisplayName(program.areaName)}
                    readOnly
                    variant="filled"
                  />
                ) : (
                  <Select
                    label={t('aid.programForm.area')}
                    description={t('aid.programForm.areaHint')}
                    inputWrapperOrder={HINTS_BELOW}
                    searchable
                    allowDeselect={false}
                    nothingFoundMessage={t('common.nothingFound')}
                    data={areaOptions}
                    {...form.getInputProps('areaCode')}
                    value={form.getValues().areaCode ?? deployment.data?.code ?? null}
                  />
                )}
              </Grid.Col>
            </Grid>
          </FormSection>

          <FormSection
            title={t('aid.programForm.sections.windows')}
            description={t('aid.programForm.windowsHint')}
          >
            <Grid gap="sm">
              {WINDOWS.map((key) => (
                <Grid.Col key={key} span={{ base: 12, xs: 6, md: 4 }}>
                  <DateField
                    label={windowLabel(key)}
                    description={t(`aid.windowHints.${key}`)}
                    inputWrapperOrder={HINTS_BELOW}
                    {...form.getInputProps(key)}
                  />
                </Grid.Col>
              ))}
            </Grid>
          </FormSection>

          <FormSection
            title={t('aid.programForm.sections.criteria')}
            description={editing ? t('aid.programForm.criteriaEditHint') : t('aid.programForm.criteriaHint')}
          >
            <Stack gap="sm">
              {CRITERIA.map((key) => (
                <Checkbox
                  key={key}
                  label={t(`aid.criteria.${key}`)}
                  description={t(`aid.criteriaHints.${key}`)}
                  {...form.getInputProps(`criteria.${key}`, { type: 'checkbox' })}
                />
              ))}
            </Stack>
          </FormSection>

          <FormSection title={t('aid.programForm.sections.duties')}>
            <Checkbox
              label={t('aid.programForm.sameVerifier')}
              description={t('aid.programForm.sameVerifierHint')}
              data-testid="same-verifier"
              {...form.getInputProps('sameVerifierAllowed', { type: 'checkbox' })}
            />
          </FormSection>

          <Group justify="flex-end" gap="sm">
            <Button variant="default" component={Link} to={program ? `/aid/${program.code}` : '/aid'}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {editing ? t('common.save') : t('aid.programForm.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
