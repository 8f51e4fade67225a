/** How the recovery figures are grouped: the whole city, its kecamatan, its kelurahan or the sectors. */
export const STAT_GROUPINGS = ['city', 'kecamatan', 'kelurahan', 'sector'] as const;
export type StatGrouping = (typeof STAT_GROUPINGS)[number];
