import { Box, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { LEGALITY_KINDS } from '../../../shared/sectors.ts';
import type { Business } from '../../api/types.ts';
import { formatDate } from '../../components/format.ts';

/**
 * The legality ladder, NIB → PIRT → Halal → BPOM → HKI: each step held shows its number and date; a step not
 * (yet) held stays grey. Steps may be held out of order (a halal certificate without a PIRT), so each stands alone.
 */
export function LegalityLadder({ legality }: { legality: Business['legality'] }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap={0} data-testid="legality-ladder" component="ol" m={0} p={0} style={{ listStyle: 'none' }}>
      {LEGALITY_KINDS.map((kind, i) => {
        const entry = legality[kind];
        const last = i === LEGALITY_KINDS.length - 1;
        return (
          <Group
            key={kind}
            component="li"
            gap="sm"
            wrap="nowrap"
            align="stretch"
            data-held={entry ? 'true' : 'false'}
          >
            <Stack gap={0} align="center" style={{ flexShrink: 0 }}>
              <ThemeIcon
                size={26}
                radius="xl"
                variant={entry ? 'filled' : 'default'}
                color={entry ? 'teal' : 'gray'}
                aria-hidden
              >
                {entry ? (
                  <IconCheck size={15} stroke={3} />
                ) : (
                  <Text size="xs" fw={700} c="dimmed">
                    {i + 1}
                  </Text>
                )}
              </ThemeIcon>
              {!last && (
                <Box
                  style={{
                    flex: 1,
                    width: 2,
                    minHeight: 12,
                    background: entry ? 'var(--mantine-color-teal-3)' : 'var(--mantine-color-gray-3)',
                  }}
                />
              )}
            </Stack>
            <Stack gap={0} pb={last ? 0 : 'sm'} style={{ minWidth: 0 }}>
              <Text fw={600} size="sm" c={entry ? undefined : 'dimmed'} lh={1.7}>
                {t(`legality.kinds.${kind}`)}
                {!entry && (
                  <Text span size="xs" c="dimmed" fw={400}>
                    {' '}
                    · {t('legality.missing')}
                  </Text>
                )}
              </Text>
              {entry ? (
                <Text size="xs" c="dimmed" className="break-anywhere">
                  <Text span ff="monospace" size="xs" c="dark">
                    {entry.number}
                  </Text>
                  {entry.date ? ` · ${formatDate(entry.date, i18n.language)}` : ''}
                </Text>
              ) : (
                <Text size="xs" c="dimmed">
                  {t(`legality.descriptions.${kind}`)}
                </Text>
              )}
            </Stack>
          </Group>
        );
      })}
    </Stack>
  );
}
