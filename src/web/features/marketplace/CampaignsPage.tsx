import {
  Alert,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconConfetti, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { CAMPAIGN_THEMES, type CampaignTheme } from '../../../shared/marketplace.ts';
import { DateField } from '../../components/DateField.tsx';
import { applyFieldErrors } from '../../components/error-text.ts';
import { formatDay } from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyMessage, ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { type Campaign, useCampaigns, useSaveCampaign } from './market.api.ts';
import { MarketTabs, marketError } from './parts.tsx';

/** Campaigns of "Bangga Produk UMKM": dates, theme, chosen products and the office's counts. */
export function CampaignsPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const campaigns = useCampaigns();
  const [creating, setCreating] = useState(false);
  const navigate = useNavigate();
  const add = me.role === 'admin' && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="add-campaign">
      {t('market.campaigns.add')}
    </Button>
  );
  return (
    <>
      <PageHeader
        title={t('market.campaigns.title')}
        description={t('market.campaigns.description')}
        actions={add}
      />
      <MarketTabs />
      {campaigns.isPending ? (
        <SkeletonRows rows={3} height={120} />
      ) : campaigns.isError ? (
        <ErrorAlert error={campaigns.error} onRetry={() => campaigns.refetch()} />
      ) : campaigns.data.length === 0 ? (
        <EmptyMessage
          icon={<IconConfetti size={28} />}
          title={t('market.campaigns.emptyTitle')}
          description={t('market.campaigns.empty')}
          action={add || undefined}
        />
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
          {campaigns.data.map((c) => (
            <Card
              key={c.id}
              component={Link}
              to={`/market/campaigns/${c.id}`}
              radius="md"
              padding="md"
              data-testid="campaign-card"
              style={{ textDecoration: 'none', color: 'inherit' }}
            >
              <Group justify="space-between" wrap="nowrap" mb={4}>
                <Title order={2} fz="h4" className="break-anywhere">
                  {c.name}
                </Title>
                {c.active && (
                  <Badge color="teal" variant="light">
                    {t('market.campaigns.active')}
                  </Badge>
                )}
              </Group>
              <Text size="sm" c="dimmed">
                {t(`market.themes.${c.theme}`)} · {formatDay(c.startsOn, i18n.language)} –{' '}
                {formatDay(c.endsOn, i18n.language)}
              </Text>
              <Text size="sm" mt="xs">
                {t('market.campaigns.productCount', { count: c.products.length })}
              </Text>
            </Card>
          ))}
        </SimpleGrid>
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('market.campaigns.add')} size="lg">
        <CampaignForm onDone={(c) => navigate(`/market/campaigns/${c.id}`)} />
      </Modal>
    </>
  );
}

interface Values {
  name: string;
  theme: CampaignTheme | '';
  startsOn: string;
  endsOn: string;
  description: string;
}

export function CampaignForm({ campaign, onDone }: { campaign?: Campaign; onDone: (c: Campaign) => void }) {
  const { t, i18n } = useTranslation();
  const save = useSaveCampaign(campaign?.id ?? null);
  const [failure, setFailure] = useState<unknown>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      name: campaign?.name ?? '',
      theme: campaign?.theme ?? 'umum',
      startsOn: campaign?.startsOn ?? '',
      endsOn: campaign?.endsOn ?? '',
      description: campaign?.description ?? '',
    },
    validate: {
      name: (v) => (v.trim().length >= 2 ? null : t('market.campaigns.nameTooShort')),
      startsOn: (v) => (v ? null : t('market.campaigns.dateRequired')),
      endsOn: (v, all) =>
        !v
          ? t('market.campaigns.dateRequired')
          : v < all.startsOn
            ? t('market.campaigns.endBeforeStart')
            : null,
    },
  });
  const submit = form.onSubmit((v) =>
    save.mutate(
      {
        name: v.name.trim(),
        theme: v.theme as CampaignTheme,
        startsOn: v.startsOn,
        endsOn: v.endsOn,
        description: v.description.trim(),
      },
      {
        onSuccess: (c) => {
          notifications.show({ color: 'teal', message: t('market.campaigns.saved') });
          onDone(c);
        },
        onError: (e) => {
          if (!applyFieldErrors(form, t, e)) setFailure(e);
        },
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate data-testid="campaign-form">
      <Stack gap="sm">
        {failure != null && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />}>
            {marketError(t, failure, i18n.language)}
          </Alert>
        )}
        <TextInput label={t('market.campaigns.name')} required {...form.getInputProps('name')} />
        <Select
          label={t('market.campaigns.theme')}
          data={CAMPAIGN_THEMES.map((th) => ({ value: th, label: t(`market.themes.${th}`) }))}
          {...form.getInputProps('theme')}
        />
        <Grid gap="sm">
          <Grid.Col span={6}>
            <DateField label={t('market.campaigns.startsOn')} required {...form.getInputProps('startsOn')} />
          </Grid.Col>
          <Grid.Col span={6}>
            <DateField label={t('market.campaigns.endsOn')} required {...form.getInputProps('endsOn')} />
          </Grid.Col>
        </Grid>
        <Textarea
          label={t('market.campaigns.descriptionLabel')}
          autosize
          minRows={3}
          {...form.getInputProps('description')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {t('market.campaigns.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
