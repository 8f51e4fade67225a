import './texts.ts';
import {
  Alert,
  Button,
  FileInput,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPaperclip } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import {
  LEGALITY_MILESTONES,
  MILESTONE_EVIDENCE,
  MILESTONE_KINDS,
  type MilestoneKind,
} from '../../../shared/mentoring.ts';
import { ApiError } from '../../api/client.ts';
import { DateField } from '../../components/DateField.tsx';
import { MoneyInput } from '../../components/MoneyInput.tsx';
import { useCreateMilestone } from './cases.api.ts';
import { mentoringErrorText, RefusalAlert } from './labels.tsx';

interface Values {
  kind: MilestoneKind;
  achievedOn: string;
  evidenceNumber: string;
  file: File | null;
  details: {
    channel: string;
    lender: string;
    amount: number | '';
    created: number | '';
    retained: number | '';
  };
}

/** A milestone with the evidence its kind needs; the server checks the same rule and names the field. */
export function MilestoneForm({
  businessId,
  today,
  onDone,
}: {
  businessId: number;
  today: string;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const create = useCreateMilestone();
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      kind: 'nib',
      achievedOn: today,
      evidenceNumber: '',
      file: null,
      details: { channel: '', lender: '', amount: '', created: '', retained: '' },
    },
  });
  const kind = form.getValues().kind;
  const evidence = MILESTONE_EVIDENCE[kind];
  const numberOrUndefined = (v: number | '') => (v === '' ? undefined : v);

  const submit = form.onSubmit((v) => {
    const details =
      v.kind === 'online_sales'
        ? { channel: v.details.channel.trim() || undefined }
        : v.kind === 'capital_access'
          ? { lender: v.details.lender.trim() || undefined, amount: numberOrUndefined(v.details.amount) }
          : v.kind === 'jobs'
            ? {
                created: numberOrUndefined(v.details.created),
                retained: numberOrUndefined(v.details.retained),
              }
            : {};
    create.mutate(
      {
        body: {
          businessId,
          kind: v.kind,
          achievedOn: v.achievedOn,
          evidenceNumber: v.evidenceNumber.trim() || null,
          details,
        },
        file: evidence === 'number_or_file' ? v.file : null,
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('cases.milestones.saved') });
          onDone();
        },
        onError: (error) => {
          // Under the field it names: the server's sentence for an Indonesian reader, the rule's name otherwise.
          if (!(error instanceof ApiError)) return;
          for (const e of error.errors) {
            const field = e.path
              .replace(/^(body|query)\./, '')
              .replace(/^(channel|lender|amount|created|retained)$/, 'details.$1');
            form.setFieldError(field, i18n.language === 'id' ? e.message : mentoringErrorText(t, error));
          }
        },
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <Select
            label={t('cases.milestones.kind')}
            data={MILESTONE_KINDS.map((k) => ({ value: k, label: t(`cases.kinds.${k}`) }))}
            allowDeselect={false}
            key={form.key('kind')}
            {...form.getInputProps('kind')}
          />
          <DateField
            label={t('cases.milestones.achievedOn')}
            max={today}
            key={form.key('achievedOn')}
            {...form.getInputProps('achievedOn')}
          />
        </SimpleGrid>
        {(evidence === 'number' || evidence === 'number_or_file') && (
          <TextInput
            label={
              evidence === 'number'
                ? t('cases.milestones.evidenceNumber')
                : t('cases.milestones.evidenceNumberCoop')
            }
            withAsterisk={evidence === 'number'}
            key={form.key('evidenceNumber')}
            {...form.getInputProps('evidenceNumber')}
          />
        )}
        {evidence === 'number_or_file' && (
          <FileInput
            label={t('cases.milestones.file')}
            accept="application/pdf,image/jpeg,image/png"
            leftSection={<IconPaperclip size={16} />}
            clearable
            key={form.key('file')}
            {...form.getInputProps('file')}
          />
        )}
        {kind === 'online_sales' && (
          <TextInput
            label={t('cases.milestones.channel')}
            placeholder={t('cases.milestones.channelPlaceholder')}
            withAsterisk
            key={form.key('details.channel')}
            {...form.getInputProps('details.channel')}
          />
        )}
        {kind === 'capital_access' && (
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput
              label={t('cases.milestones.lender')}
              withAsterisk
              key={form.key('details.lender')}
              {...form.getInputProps('details.lender')}
            />
            <MoneyInput
              label={t('cases.milestones.amount')}
              withAsterisk
              key={form.key('details.amount')}
              {...form.getInputProps('details.amount')}
            />
          </SimpleGrid>
        )}
        {kind === 'jobs' && (
          <SimpleGrid cols={2} spacing="sm">
            <NumberInput
              label={t('cases.milestones.created')}
              min={0}
              allowDecimal={false}
              allowNegative={false}
              key={form.key('details.created')}
              {...form.getInputProps('details.created')}
            />
            <NumberInput
              label={t('cases.milestones.retained')}
              min={0}
              allowDecimal={false}
              allowNegative={false}
              key={form.key('details.retained')}
              {...form.getInputProps('details.retained')}
            />
          </SimpleGrid>
        )}
        {(LEGALITY_MILESTONES as readonly string[]).includes(kind) && (
          <Alert variant="light" color="blue" p="xs">
            <Text size="xs">{t('cases.milestones.legalityNote')}</Text>
          </Alert>
        )}
        <Text size="xs" c="dimmed">
          {t('cases.milestones.derived')}
        </Text>
        {create.isError && !(create.error as { errors?: unknown[] }).errors?.length && (
          <RefusalAlert error={create.error} />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
