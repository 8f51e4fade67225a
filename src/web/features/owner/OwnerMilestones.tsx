import { Badge, Button, Card, Divider, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck, IconThumbUp, IconTrophy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { MILESTONE_LABELS } from '../../../shared/mentoring.ts';
import { errorText } from '../../components/error-text.ts';
import { formatDate, formatDay, formatRupiah } from '../../components/format.ts';
import { type MyMilestone, useConfirmMilestone } from './owner.api.ts';

/** The business's milestones: those awaiting the owner's attribution first, the confirmed ones apart. */
export function OwnerMilestones({ milestones }: { milestones: MyMilestone[] }) {
  const { t } = useTranslation();
  const waiting = milestones.filter((m) => !m.ownerConfirmedAt);
  const confirmed = milestones.filter((m) => m.ownerConfirmedAt);
  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" data-testid="owner-milestones" id="milestones">
      <Group gap="xs" mb={4} wrap="nowrap">
        <IconTrophy size={20} color="var(--mantine-color-civic-7)" />
        <Title order={3} fz="h5">
          {t('ownerView.milestones.title')}
        </Title>
      </Group>
      <Text size="sm" c="dimmed" mb="sm">
        {milestones.length === 0 ? t('ownerView.milestones.empty') : t('ownerView.milestones.explain')}
      </Text>
      {waiting.length > 0 && (
        <Stack gap="xs">
          <Text size="xs" tt="uppercase" fw={700} c="dimmed">
            {t('ownerView.milestones.unconfirmed')}
          </Text>
          {waiting.map((m) => (
            <MilestoneCard key={m.id} milestone={m} />
          ))}
        </Stack>
      )}
      {confirmed.length > 0 && (
        <>
          <Divider my="sm" label={t('ownerView.milestones.confirmed')} labelPosition="left" />
          <Stack gap="xs">
            {confirmed.map((m) => (
              <MilestoneCard key={m.id} milestone={m} />
            ))}
          </Stack>
        </>
      )}
    </Paper>
  );
}

function detailText(m: MyMilestone, language: string): string | null {
  const d = m.details as {
    channel?: string;
    lender?: string;
    amount?: number;
    created?: number;
    retained?: number;
  };
  if (m.evidenceNumber) return null;
  if (d.channel) return d.channel;
  if (d.lender) return d.amount != null ? `${d.lender} · ${formatRupiah(d.amount, language)}` : d.lender;
  if (d.created != null || d.retained != null) return `+${d.created ?? 0} / ${d.retained ?? 0}`;
  return null;
}

function MilestoneCard({ milestone: m }: { milestone: MyMilestone }) {
  const { t, i18n } = useTranslation();
  const confirm = useConfirmMilestone();
  const lang = i18n.language === 'en' ? 'en' : 'id';
  const extra = detailText(m, i18n.language);
  return (
    <Card withBorder padding="sm" radius="md" data-testid="owner-milestone">
      <Stack gap={6}>
        <Text fw={600}>{MILESTONE_LABELS[m.kind][lang]}</Text>
        {m.ownerConfirmedAt && (
          <Group>
            <Badge color="teal" variant="light" leftSection={<IconCircleCheck size={14} />}>
              {t('ownerView.milestones.confirmedOn', { date: formatDate(m.ownerConfirmedAt, i18n.language) })}
            </Badge>
          </Group>
        )}
        <Text size="xs" c="dimmed">
          {[
            t('ownerView.milestones.achievedOn', { date: formatDay(m.achievedOn, i18n.language) }),
            m.evidenceNumber ? t('ownerView.milestones.evidence', { number: m.evidenceNumber }) : extra,
            m.verifiedBy ? t('ownerView.milestones.verifiedBy', { name: m.verifiedBy }) : null,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
        {!m.ownerConfirmedAt && (
          <Button
            size="md"
            variant="light"
            leftSection={<IconThumbUp size={18} />}
            loading={confirm.isPending}
            onClick={() =>
              confirm.mutate(m.id, {
                onSuccess: () =>
                  notifications.show({ color: 'teal', message: t('ownerView.milestones.saved') }),
                onError: (error) => notifications.show({ color: 'red', message: errorText(t, error) }),
              })
            }
          >
            {t('ownerView.milestones.confirm')}
          </Button>
        )}
      </Stack>
    </Card>
  );
}
