import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Grid,
  Group,
  Modal,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconArchive,
  IconArchiveOff,
  IconBuildingStore,
  IconCertificate,
  IconPencil,
  IconWorld,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { OWN_CHANNEL } from '../../../shared/marketplace.ts';
import type { Business } from '../../api/types.ts';
import { access } from '../../components/access.ts';
import { formatDate, formatNumber, formatRupiah } from '../../components/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RecordPage, useIdParam } from '../../components/RecordPage.tsx';
import { ErrorAlert } from '../../components/states.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { BusinessMarketSection } from '../marketplace/BusinessMarketSection.tsx';
import { BusinessMentoringSection } from '../mentoring/BusinessMentoringSection.tsx';
import { OwnerAccountPanel } from '../owner/OwnerAccountPanel.tsx';
import { ArchivedBadge } from './BusinessesPage.tsx';
import { BusinessTimeline } from './BusinessTimeline.tsx';
import { useBusiness, useSetArchived } from './businesses.api.ts';
import { LegalityLadder } from './LegalityLadder.tsx';
import { OwnerCard } from './OwnerCard.tsx';
import { TurnoverSection } from './TurnoverSection.tsx';

/** One business: who owns it, where it stands on the legality ladder, its turnover, and its history. */
export function BusinessPage() {
  const { t } = useTranslation();
  const id = useIdParam();
  const business = useBusiness(id);
  return (
    <RecordPage id={id} query={business} title={t('businesses.title')}>
      {(data) => <BusinessView business={data} />}
    </RecordPage>
  );
}

function BusinessView({ business }: { business: Business }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [confirming, confirm] = useDisclosure(false);
  const canArchive = access.archives(me.role) && business.canEdit;

  return (
    <>
      <PageHeader
        above={
          <Breadcrumbs separatorMargin={6} fz="sm">
            <Anchor component={Link} to="/businesses" size="sm">
              {t('businesses.title')}
            </Anchor>
            <Text size="sm" className="break-anywhere">
              {business.name}
            </Text>
          </Breadcrumbs>
        }
        title={business.name}
        description={
          <Stack gap={6} component="span">
            <span>
              {t(`sectors.${business.sector}`)} ·{' '}
              {t('businesses.place', {
                kelurahan: business.kelurahanName,
                kecamatan: business.kecamatanName,
              })}
            </span>
            <Group gap={6} component="span">
              {business.sizeClass && (
                <Badge component="span" variant="light" radius="sm" data-testid="size-class">
                  {t(`sizeClasses.${business.sizeClass}`)}
                </Badge>
              )}
              {business.archived && <ArchivedBadge />}
            </Group>
          </Stack>
        }
        actions={
          <>
            {canArchive && (
              <Button
                variant="default"
                leftSection={business.archived ? <IconArchiveOff size={16} /> : <IconArchive size={16} />}
                onClick={confirm.open}
              >
                {business.archived ? t('businesses.unarchive') : t('businesses.archive')}
              </Button>
            )}
            {business.canEdit && (
              <Button
                component={Link}
                to={`/businesses/${business.id}/edit`}
                leftSection={<IconPencil size={16} />}
              >
                {t('businesses.edit')}
              </Button>
            )}
          </>
        }
      />
      {business.archived && (
        <Alert color="gray" variant="light" icon={<IconArchive size={18} />} mb="md">
          {t('businesses.archivedNote')}
        </Alert>
      )}
      <Stack gap="md">
        <Grid gap="md">
          <Grid.Col span={{ base: 12, sm: 6, lg: 4 }}>
            <OwnerCard owner={business.owner}>
              <OwnerAccountPanel business={business} />
            </OwnerCard>
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, lg: 4 }}>
            <DetailsCard business={business} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <Paper p={{ base: 'sm', sm: 'md' }} radius="md" h="100%">
              <SectionTitle icon={<IconCertificate size={20} color="var(--mantine-color-civic-7)" />}>
                {t('legality.title')}
              </SectionTitle>
              <LegalityLadder legality={business.legality} />
              <OnlinePresence business={business} />
            </Paper>
          </Grid.Col>
        </Grid>
        <TurnoverSection business={business} />
        <BusinessMarketSection businessId={business.id} />
        <BusinessMentoringSection businessId={business.id} />
        <BusinessTimeline businessId={business.id} />
      </Stack>
      <Modal
        opened={confirming}
        onClose={confirm.close}
        title={business.archived ? t('businesses.unarchiveTitle') : t('businesses.archiveTitle')}
      >
        <ArchiveConfirm business={business} onDone={confirm.close} />
      </Modal>
    </>
  );
}

function SectionTitle({ icon, children }: { icon: React.ReactNode; children: React.ReactNode }) {
  return (
    <Group gap="xs" mb="sm" wrap="nowrap">
      {icon}
      <Title order={3} fz="h5">
        {children}
      </Title>
    </Group>
  );
}

function DetailsCard({ business }: { business: Business }) {
  const { t, i18n } = useTranslation();
  const money = (v: number | null) => formatRupiah(v, i18n.language);
  const rows: [string, string][] = [
    [t('businesses.fields.address'), business.address ?? '—'],
    [t('businesses.fields.kbli'), business.kbli ?? '—'],
    [t('businesses.fields.capital'), money(business.capital)],
    [t('businesses.fields.annualSales'), money(business.annualSales)],
    [
      t('businesses.fields.employees'),
      business.employees == null ? '—' : formatNumber(business.employees, i18n.language),
    ],
    [t('businesses.fields.baselineShort'), money(business.baselineOmzet)],
    [t('businesses.fields.mentor'), business.mentorName ?? t('businesses.noMentor')],
    [t('businesses.fields.registered'), formatDate(business.createdAt, i18n.language)],
  ];
  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" h="100%" data-testid="details-card">
      <SectionTitle icon={<IconBuildingStore size={20} color="var(--mantine-color-civic-7)" />}>
        {t('businesses.details')}
      </SectionTitle>
      <Stack gap={6}>
        {rows.map(([label, value]) => (
          <Group key={label} justify="space-between" gap="sm" wrap="nowrap" align="flex-start">
            <Text size="sm" c="dimmed">
              {label}
            </Text>
            <Text size="sm" ta="right" maw="60%" style={{ flexShrink: 0 }}>
              {value}
            </Text>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

/**
 * Where the business sells online, as the marketplace records it (`onlineChannels`: an approved shop in this
 * marketplace, the marketplaces in the registry, online-sales milestones), and its social media. It never says
 * "not online" for a business whose shop the marketplace shows.
 */
function OnlinePresence({ business }: { business: Business }) {
  const { t } = useTranslation();
  const marketplaces = business.onlineChannels.map((c) =>
    c.channel === OWN_CHANNEL
      ? { key: c.channel, label: t('nav.market'), own: true }
      : { key: c.channel, label: c.channel, own: false },
  );
  const social = business.online.social ?? [];
  const groups = [
    ['marketplaces', marketplaces],
    ['social', social.map((item) => ({ key: item, label: item, own: false }))],
  ] as const;
  const none = groups.every(([, list]) => list.length === 0);
  return (
    <Stack
      gap={6}
      mt="md"
      pt="sm"
      style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
      data-testid="online-presence"
    >
      <Group gap="xs" wrap="nowrap">
        <IconWorld size={18} color="var(--mantine-color-civic-7)" />
        <Text fw={600} size="sm">
          {t('online.title')}
        </Text>
      </Group>
      {none ? (
        <Text size="sm" c="dimmed">
          {t('online.none')}
        </Text>
      ) : (
        groups.map(
          ([key, list]) =>
            list.length > 0 && (
              <Group key={key} gap={4}>
                <Text size="xs" c="dimmed" mr={4}>
                  {t(`online.${key}`)}:
                </Text>
                {list.map((item) => (
                  <Badge
                    key={item.key}
                    variant={item.own ? 'light' : 'outline'}
                    radius="sm"
                    size="sm"
                    color="civic"
                  >
                    {item.label}
                  </Badge>
                ))}
              </Group>
            ),
        )
      )}
    </Stack>
  );
}

function ArchiveConfirm({ business, onDone }: { business: Business; onDone: () => void }) {
  const { t } = useTranslation();
  const setArchived = useSetArchived(business.id);
  const archiving = !business.archived;
  return (
    <Stack>
      <Text size="sm">
        {archiving
          ? t('businesses.archiveExplain', { name: business.name })
          : t('businesses.unarchiveExplain', { name: business.name })}
      </Text>
      {setArchived.isError && <ErrorAlert error={setArchived.error} />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('common.cancel')}
        </Button>
        <Button
          color={archiving ? 'red' : 'teal'}
          loading={setArchived.isPending}
          onClick={() =>
            setArchived.mutate(archiving, {
              onSuccess: (saved) => {
                notifications.show({
                  color: 'teal',
                  message: archiving
                    ? t('businesses.archivedDone', { name: saved.name })
                    : t('businesses.unarchivedDone', { name: saved.name }),
                });
                onDone();
              },
            })
          }
        >
          {archiving ? t('businesses.archive') : t('businesses.unarchive')}
        </Button>
      </Group>
    </Stack>
  );
}
