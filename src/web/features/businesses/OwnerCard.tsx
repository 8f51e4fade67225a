import {
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconGitMerge, IconSearch, IconUser } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Owner } from '../../api/types.ts';
import { access } from '../../components/access.ts';
import { errorText } from '../../components/error-text.ts';
import { formatDate } from '../../components/format.ts';
import { ErrorAlert } from '../../components/states.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { useMergeOwners, useOwnerLookup } from './businesses.api.ts';

/** The owner: identity numbers exactly as the server sends them (masked for roles that may not see them). */
export function OwnerCard({ owner, children }: { owner: Owner; children?: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const [merging, mergeModal] = useDisclosure(false);
  const rows: [string, React.ReactNode][] = [
    [t('owner.nik'), <NumberText key="nik" value={owner.nik} testId="owner-nik" />],
    [t('owner.gender'), t(`owner.genders.${owner.gender}`)],
    ...(owner.birthDate
      ? ([[t('owner.birthDate'), formatDate(owner.birthDate, i18n.language)]] as [string, string][])
      : []),
    [
      t('owner.phone'),
      owner.phone ? (
        <Anchor key="phone" href={`tel:${owner.phone}`} size="sm">
          {owner.phone}
        </Anchor>
      ) : (
        '—'
      ),
    ],
    [t('owner.kk'), owner.kk ? <NumberText key="kk" value={owner.kk} /> : '—'],
    [t('owner.businesses'), t('owner.businessCount', { count: owner.businesses })],
  ];

  return (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md" h="100%" data-testid="owner-card">
      <Group justify="space-between" mb="sm" wrap="nowrap" gap="xs">
        <Group gap="xs" wrap="nowrap">
          <IconUser size={20} color="var(--mantine-color-civic-7)" />
          <Title order={3} fz="h5">
            {t('owner.title')}
          </Title>
        </Group>
        {access.mergesOwners(me.role) && (
          <Button
            size="compact-sm"
            variant="subtle"
            leftSection={<IconGitMerge size={14} />}
            onClick={mergeModal.open}
          >
            {t('owner.merge.open')}
          </Button>
        )}
      </Group>
      <Text fw={650} size="lg" className="break-anywhere" data-testid="owner-name">
        {owner.name}
      </Text>
      <Stack gap={6} mt="xs">
        {rows.map(([label, value]) => (
          <Group key={label} justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
            <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
              {label}
            </Text>
            <Text size="sm" ta="right" component="div" className="break-anywhere">
              {value}
            </Text>
          </Group>
        ))}
      </Stack>
      {owner.nikMasked && (
        <Text size="xs" c="dimmed" mt="sm">
          {t('owner.masked')}
        </Text>
      )}
      {children}
      <Modal opened={merging} onClose={mergeModal.close} title={t('owner.merge.title')} size="lg">
        {merging && <MergeOwner owner={owner} onDone={mergeModal.close} />}
      </Modal>
    </Paper>
  );
}

function NumberText({ value, testId }: { value: string; testId?: string }) {
  return (
    <Text span ff="monospace" size="sm" data-testid={testId}>
      {value}
    </Text>
  );
}

/**
 * Two owner records that are one person: find the other by NIK, choose which record stays, and move the
 * businesses of the other to it. The record that goes keeps pointing to the one that stays.
 */
function MergeOwner({ owner, onDone }: { owner: Owner; onDone: () => void }) {
  const { t } = useTranslation();
  const [nik, setNik] = useState('');
  const [asked, setAsked] = useState<string | null>(null);
  const [keep, setKeep] = useState<'this' | 'other'>('this');
  const lookup = useOwnerLookup(asked);
  const merge = useMergeOwners();
  // The lookup tells the office the record's id and name; its NIK is the one typed.
  const found = lookup.data?.owner;
  const other = found?.id != null && asked ? { ...found, id: found.id, nik: asked } : undefined;
  const same = other?.id === owner.id;

  const find = (e: React.FormEvent) => {
    e.preventDefault();
    merge.reset();
    setAsked(nik.trim() || null);
  };

  return (
    <Stack>
      <Text size="sm">{t('owner.merge.explain')}</Text>
      <form onSubmit={find}>
        <Group align="flex-end" gap="xs" wrap="nowrap">
          <TextInput
            label={t('owner.merge.otherNik')}
            inputMode="numeric"
            maxLength={16}
            value={nik}
            onChange={(e) => setNik(e.currentTarget.value.replace(/\D/g, ''))}
            style={{ flex: 1 }}
            data-autofocus
          />
          <Button
            type="submit"
            variant="light"
            leftSection={<IconSearch size={16} />}
            loading={lookup.isFetching}
          >
            {t('owner.merge.find')}
          </Button>
        </Group>
      </form>
      {lookup.isError && <ErrorAlert error={lookup.error} />}
      {lookup.data && !lookup.data.exists && (
        <Alert color="gray" variant="light">
          {t('owner.merge.notFound')}
        </Alert>
      )}
      {same && (
        <Alert color="gray" variant="light">
          {t('owner.merge.same')}
        </Alert>
      )}
      {other && !same && (
        <>
          <Radio.Group
            label={t('owner.merge.keep')}
            value={keep}
            onChange={(v) => setKeep(v as 'this' | 'other')}
          >
            <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
              {(
                [
                  ['this', owner],
                  ['other', other],
                ] as const
              ).map(([value, o]) => (
                <Radio.Card key={value} value={value} p="sm" radius="md">
                  <Group wrap="nowrap" align="flex-start" gap="sm">
                    <Radio.Indicator />
                    <Stack gap={0}>
                      <Text fw={600} size="sm">
                        {o.name}
                      </Text>
                      <Text size="xs" ff="monospace" c="dimmed">
                        {o.nik}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {t('owner.businessCount', { count: o.businesses })}
                      </Text>
                    </Stack>
                  </Group>
                </Radio.Card>
              ))}
            </SimpleGrid>
          </Radio.Group>
          <Text size="sm" c="dimmed">
            {t('owner.merge.result', {
              from: keep === 'this' ? other.name : owner.name,
              into: keep === 'this' ? owner.name : other.name,
            })}
          </Text>
          {merge.isError && (
            <Alert color="red" variant="light" role="alert">
              {errorText(t, merge.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>
              {t('common.cancel')}
            </Button>
            <Button
              color="orange"
              leftSection={<IconGitMerge size={16} />}
              loading={merge.isPending}
              onClick={() =>
                merge.mutate(
                  keep === 'this'
                    ? { fromId: other.id, intoId: owner.id }
                    : { fromId: owner.id, intoId: other.id },
                  {
                    onSuccess: (kept) => {
                      notifications.show({
                        color: 'teal',
                        message: t('owner.merge.done', { name: kept.name }),
                      });
                      onDone();
                    },
                  },
                )
              }
            >
              {t('owner.merge.submit')}
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
