import { Box, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { BUCKET_HEX, BUCKETS } from './buckets.ts';

/** The colours of the buckets, green (held or grew), then orange to red as turnover fell, as a legend. */
export function BucketLegend() {
  const { t } = useTranslation();
  return (
    <Group gap="md" style={{ rowGap: 4 }} data-testid="bucket-legend">
      {BUCKETS.map((bucket) => (
        <Group key={bucket} gap={6} wrap="nowrap">
          <Box w={12} h={12} style={{ borderRadius: 3, background: BUCKET_HEX[bucket], flexShrink: 0 }} />
          <Text size="xs">{t(`recovery.buckets.${bucket}`)}</Text>
        </Group>
      ))}
    </Group>
  );
}
