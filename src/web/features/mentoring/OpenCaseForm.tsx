import './texts.ts';
import { Alert, Badge, Button, Chip, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconMapPin } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { EXPERTISE } from '../../../shared/mentoring.ts';
import { ErrorAlert } from '../../components/states.tsx';
import { useBusinessSearch, useOpenCase, useSuggestions } from './cases.api.ts';
import { RefusalAlert } from './labels.tsx';

/**
 * Opening a case: find the business, say what it needs, and pick a mentor from the ranked suggestions
 * (same kelurahan, matching expertise, spare caseload), each with the reason in words.
 */
export function OpenCaseForm({ onDone, businessId: fixed }: { onDone: () => void; businessId?: number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [businessId, setBusinessId] = useState<number | null>(fixed ?? null);
  const [topics, setTopics] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const businesses = useBusinessSearch(search);
  const suggestions = useSuggestions(businessId, topics);
  const openCase = useOpenCase();

  return (
    <Stack gap="md">
      {fixed === undefined && (
        <Select
          label={t('cases.open.business')}
          placeholder={t('cases.open.businessPlaceholder')}
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          filter={({ options }) => options}
          nothingFoundMessage={search.length >= 2 ? t('common.nothingFound') : undefined}
          data={(businesses.data?.items ?? []).map((b) => ({
            value: String(b.id),
            label: `${b.name} — ${b.ownerName}, ${b.kelurahanName}`,
          }))}
          value={businessId ? String(businessId) : null}
          onChange={(value) => setBusinessId(value ? Number(value) : null)}
          data-autofocus
        />
      )}
      <div>
        <Text size="sm" fw={500} mb={6}>
          {t('cases.open.topics')}
        </Text>
        <Chip.Group multiple value={topics} onChange={setTopics}>
          <Group gap={6}>
            {EXPERTISE.map((code) => (
              <Chip key={code} value={code} size="sm">
                {t(`cases.topics.${code}`)}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      </div>
      <TextInput
        label={t('cases.open.reason')}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
      />
      {openCase.isError && <RefusalAlert error={openCase.error} />}
      {businessId != null && (
        <Stack gap="xs">
          <Text fw={600} size="sm">
            {t('cases.open.suggested')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('cases.open.suggestedHint')}
          </Text>
          {suggestions.isError && <ErrorAlert error={suggestions.error} />}
          {suggestions.data?.items.length === 0 && <Text size="sm">{t('cases.open.noSuggestions')}</Text>}
          {suggestions.data?.items.map((s) => (
            <Paper key={s.mentorId} withBorder p="sm" radius="md" data-testid="suggestion">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Group gap={6}>
                    <Text fw={600} size="sm">
                      {s.name}
                    </Text>
                    {s.sameKelurahan && (
                      <Badge size="xs" variant="light" color="teal" leftSection={<IconMapPin size={10} />}>
                        {suggestions.data.kelurahanName}
                      </Badge>
                    )}
                  </Group>
                  {s.institutionName && (
                    <Text size="xs" c="dimmed">
                      {s.institutionName}
                    </Text>
                  )}
                  <Text size="sm">{s.explanation}</Text>
                  {!s.eligible && (
                    <Text size="xs" c="red.7">
                      <IconAlertTriangle size={12} /> {t('cases.open.cannot')}
                    </Text>
                  )}
                </Stack>
                <Button
                  size="sm"
                  style={{ flexShrink: 0 }}
                  disabled={!s.eligible}
                  loading={openCase.isPending && openCase.variables?.mentorId === s.mentorId}
                  onClick={() =>
                    openCase.mutate(
                      { businessId, mentorId: s.mentorId, reason: reason.trim() || undefined },
                      {
                        onSuccess: (created) => {
                          notifications.show({
                            color: 'teal',
                            message: t('cases.open.done', { name: created.business.name }),
                          });
                          onDone();
                          navigate(`/mentoring/cases/${created.id}`);
                        },
                      },
                    )
                  }
                >
                  {t('cases.open.choose')}
                </Button>
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
      {suggestions.isPending && businessId != null && <Alert variant="light">{t('common.loading')}</Alert>}
    </Stack>
  );
}
