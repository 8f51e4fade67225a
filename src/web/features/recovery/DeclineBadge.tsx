import { Badge, type BadgeProps, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatPercent } from '../../components/format.ts';
import { BUCKET_COLORS, bucketOfDecline } from './buckets.ts';

/**
 * A month's turnover against the pre-pandemic baseline: "Turun 25,8 %" or "Naik 3,1 %", coloured by its
 * bucket: green only when it held or grew, orange to red as it fell; grey when there is no baseline to compare with.
 */
export function DeclineBadge({
  declinePct,
  size = 'md',
  compact = false,
}: {
  declinePct: number | null | undefined;
  size?: BadgeProps['size'];
  /** As a signed change of turnover (`−25,8 %`, `+3,1 %`), for narrow table columns. */
  compact?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const bucket = bucketOfDecline(declinePct);
  if (declinePct == null || bucket === null) {
    return (
      <Badge size={size} variant="light" color="gray" radius="sm" data-testid="decline-badge">
        {compact ? '—' : t('recovery.noBaselineShort')}
      </Badge>
    );
  }
  const pct = formatPercent(Math.abs(declinePct), i18n.language);
  const label = compact
    ? declinePct > 0
      ? `−${pct}`
      : `+${pct}`
    : declinePct > 0
      ? t('recovery.down', { pct })
      : declinePct < 0
        ? t('recovery.up', { pct })
        : t('recovery.flat');
  const color = BUCKET_COLORS[bucket];
  return (
    <Tooltip label={t(`recovery.buckets.${bucket}`)}>
      <Badge
        size={size}
        variant="light"
        color={color}
        c={`${color}.9`}
        radius="sm"
        data-testid="decline-badge"
        data-bucket={bucket}
        style={{ whiteSpace: 'nowrap' }}
      >
        {label}
      </Badge>
    </Tooltip>
  );
}
