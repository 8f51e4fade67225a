import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LEGALITY_KINDS } from '../../../shared/sectors.ts';
import type { LegalityKind } from '../../api/types.ts';

/** The permits and certificates a business holds, as short badges in ladder order. */
export function LegalityBadges({ kinds, long = false }: { kinds: LegalityKind[]; long?: boolean }) {
  const { t } = useTranslation();
  const held = LEGALITY_KINDS.filter((k) => kinds.includes(k));
  if (held.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        {long ? t('legality.noneLong') : t('legality.none')}
      </Text>
    );
  }
  return (
    <Group gap={4}>
      {held.map((kind) => (
        <Tooltip key={kind} label={t(`legality.descriptions.${kind}`)}>
          <Badge size="sm" variant="light" color="civic" radius="sm">
            {t(`legality.kinds.${kind}`)}
          </Badge>
        </Tooltip>
      ))}
    </Group>
  );
}
