import { Button, Grid, Group, Paper, SimpleGrid, Stack, Table, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconList, IconUserPlus } from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AID_OPTIONAL_COLUMNS, AID_REQUIRED_COLUMNS } from '../../../shared/import-columns.ts';
import type { AidIntakeSummary, ImportJob } from '../../api/types.ts';
import { access } from '../../components/access.ts';
import { formatNumber } from '../../components/format.ts';
import { SummaryFigure } from '../../components/SummaryFigure.tsx';
import { useUrlFilters } from '../../components/use-url-filters.ts';
import { useCurrentUser } from '../auth/auth.api.ts';
import { JobCard } from '../imports/JobCard.tsx';
import { RecentImports } from '../imports/RecentImports.tsx';
import { RejectedRowsDownload } from '../imports/RejectedRows.tsx';
import { TemplateCard } from '../imports/TemplateCard.tsx';
import { UploadCard } from '../imports/UploadCard.tsx';
import { REASON_GROUPS, type ReasonGroup, reasonText } from './labels.tsx';
import { useProgram } from './ProgramPage.tsx';

/** The intake file's columns, in the template's order. */
export const APPLICANT_COLUMNS = [...AID_REQUIRED_COLUMNS, ...AID_OPTIONAL_COLUMNS];

/** Applicants coming in: a file of many (the office) or one typed in by an officer. */
export function IntakeTab() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const program = useProgram();
  const filters = useUrlFilters();
  const jobParam = Number(filters.params.get('job'));
  const jobId = Number.isInteger(jobParam) && jobParam > 0 ? jobParam : null;
  const entry = (
    <Paper p={{ base: 'sm', sm: 'md' }} radius="md">
      <Group justify="space-between" gap="sm">
        <Stack gap={2} style={{ flex: '1 1 18rem' }}>
          <Title order={3} fz="h5">
            {t('aid.entry.cardTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('aid.entry.explain')}
          </Text>
        </Stack>
        <Button component={Link} to={`/aid/${program.code}/entry`} leftSection={<IconUserPlus size={16} />}>
          {t('aid.entry.open')}
        </Button>
      </Group>
    </Paper>
  );

  if (!access.importsAidFiles(me.role)) return entry;
  return (
    <Stack gap="md">
      {jobId === null ? (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <UploadCard
              kind="aid"
              params={{ program: program.code }}
              title={t('aid.intake.uploadTitle')}
              onStarted={(job) => filters.set('job', String(job.id))}
            >
              <Text size="sm" c="dimmed">
                {t('aid.intake.uploadExplain')}
              </Text>
            </UploadCard>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <TemplateCard
              columns={APPLICANT_COLUMNS}
              required={AID_REQUIRED_COLUMNS}
              fileName={`template-usulan-${program.code.toLowerCase()}.csv`}
              explain={t('aid.intake.templateExplain')}
              kind="aid"
            />
          </Grid.Col>
        </Grid>
      ) : (
        <JobCard
          id={jobId}
          kindLabel={(kind) => t(`imports.kinds.${kind === 'aid_answer' ? 'aid_answer' : 'aid'}`)}
          onAnother={() => filters.set('job', null)}
          summary={(job) => <IntakeSummaryView job={job} summary={job.summary as AidIntakeSummary} />}
          actions={() => (
            <Button
              component={Link}
              to={`/aid/${program.code}/proposals`}
              variant="subtle"
              leftSection={<IconList size={16} />}
            >
              {t('aid.intake.toProposals')}
            </Button>
          )}
        />
      )}
      {entry}
      <RecentImports
        kind="aid"
        program={program.code}
        current={jobId}
        onOpen={(id) => filters.set('job', String(id))}
        result={(job) => intakeCounts(t, job)}
      />
    </Stack>
  );
}

type T = TFunction;

function intakeCounts(t: T, job: ImportJob): string {
  const s = job.summary as Partial<AidIntakeSummary> | null;
  if (!s || typeof s.eligible !== 'number') return '—';
  return t('aid.intake.counts', {
    eligible: s.eligible,
    ineligible: s.ineligible ?? 0,
    duplicate: s.duplicate ?? 0,
    invalid: s.invalid ?? 0,
  });
}

const STATES = [
  ['eligible', 'teal'],
  ['ineligible', 'orange'],
  ['duplicate', 'grape'],
  ['invalid', 'red'],
] as const;
const GROUP_ORDER: ReasonGroup[] = ['invalid', 'duplicate', 'ineligible'];

/** What came of the file: every row counted once by state, then the reasons and warnings behind them. */
export function IntakeSummaryView({ job, summary }: { job: ImportJob; summary: AidIntakeSummary }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const groupOf = (code: string): ReasonGroup =>
    REASON_GROUPS[code as keyof typeof REASON_GROUPS] ?? 'invalid';
  // The job's figures come back from a JSON column that does not keep the key order: the rules' order it is.
  const order = Object.keys(REASON_GROUPS);
  const rank = (code: string) => (order.includes(code) ? order.indexOf(code) : order.length);
  const reasons = Object.entries(summary.reasons ?? {})
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => rank(a) - rank(b));
  const warnings = Object.entries(summary.warnings ?? {}).filter(([, count]) => count > 0);
  const notEligible = summary.total - summary.eligible;

  return (
    <Stack gap="md" data-testid="intake-summary">
      <Group gap="xs">
        <IconCircleCheck size={20} color="var(--mantine-color-teal-7)" />
        <Text fw={600}>{t('imports.summary.title')}</Text>
      </Group>
      <SimpleGrid cols={{ base: 2, xs: 3, md: 5 }} spacing="sm">
        <SummaryFigure
          label={t('aid.intake.states.total')}
          value={n(summary.total)}
          color="civic.8"
          testId="intake-total"
        />
        {STATES.map(([state, color]) => (
          <SummaryFigure
            key={state}
            label={t(`aid.intake.states.${state}`)}
            value={n(summary[state])}
            color={summary[state] > 0 ? `${color}.8` : 'gray.6'}
            testId={`intake-${state}`}
          />
        ))}
      </SimpleGrid>
      <Text size="sm" c="dimmed" data-testid="intake-equation">
        {t('aid.intake.equation', {
          total: n(summary.total),
          eligible: n(summary.eligible),
          ineligible: n(summary.ineligible),
          duplicate: n(summary.duplicate),
          invalid: n(summary.invalid),
        })}
      </Text>

      {reasons.length > 0 && (
        <Stack gap="xs">
          <Text fw={600} size="sm">
            {t('aid.intake.reasonsTitle')}
          </Text>
          <Table withTableBorder fz="sm" data-testid="intake-reasons">
            <Table.Tbody>
              {GROUP_ORDER.flatMap((group) => {
                const inGroup = reasons.filter(([code]) => groupOf(code) === group);
                if (inGroup.length === 0) return [];
                return [
                  <Table.Tr key={group} bg="gray.0">
                    <Table.Td colSpan={2} fw={600} fz="xs" tt="uppercase" c="dimmed">
                      {t(`aid.intake.states.${group}`)}
                    </Table.Td>
                  </Table.Tr>,
                  ...inGroup.map(([code, count]) => (
                    <Table.Tr key={code} data-code={code}>
                      <Table.Td>{reasonText(t, code)}</Table.Td>
                      <Table.Td ta="right" w={80} fw={600}>
                        {n(count)}
                      </Table.Td>
                    </Table.Tr>
                  )),
                ];
              })}
            </Table.Tbody>
          </Table>
          <Text size="xs" c="dimmed">
            {t('aid.intake.reasonsNote')}
          </Text>
        </Stack>
      )}

      {warnings.length > 0 && (
        <Stack gap="xs">
          <Text fw={600} size="sm">
            {t('aid.intake.warningsTitle')}
          </Text>
          <Table withTableBorder fz="sm" data-testid="intake-warnings">
            <Table.Tbody>
              {warnings.map(([code, count]) => (
                <Table.Tr key={code} data-code={code}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap" align="flex-start">
                      <ThemeIcon
                        size={20}
                        radius="xl"
                        variant="light"
                        color="orange"
                        style={{ flexShrink: 0 }}
                      >
                        <IconAlertTriangle size={12} />
                      </ThemeIcon>
                      <span>{reasonText(t, code)}</span>
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right" w={80} fw={600}>
                    {n(count)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}

      {notEligible > 0 && (
        <Stack gap={6}>
          <Text size="sm">{t('aid.intake.downloadExplain', { count: notEligible, n: n(notEligible) })}</Text>
          <RejectedRowsDownload job={job}>{t('aid.intake.download')}</RejectedRowsDownload>
        </Stack>
      )}
    </Stack>
  );
}
