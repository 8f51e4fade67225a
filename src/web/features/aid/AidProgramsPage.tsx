import { Anchor, Badge, Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconHeartHandshake, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { AidProgram } from '../../api/types.ts';
import { access } from '../../components/access.ts';
import { areaDisplayName, formatDay, formatNumber, formatRupiah } from '../../components/format.ts';
import { LinkCard } from '../../components/ListPage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyMessage, ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { useAidPrograms } from './aid.api.ts';

/** The aid programs, newest first; the office creates them. */
export function AidProgramsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const wide = useMediaQuery('(min-width: 62em)', true, { getInitialValueInEffect: false });
  const programs = useAidPrograms();
  const canCreate = access.managesAidPrograms(me.role);
  const createButton = canCreate && (
    <Button component={Link} to="/aid/new" leftSection={<IconPlus size={16} />}>
      {t('aid.programs.create')}
    </Button>
  );

  return (
    <>
      <PageHeader
        title={t('aid.title')}
        description={t(`aid.descriptions.${me.role}`)}
        actions={createButton}
      />
      {programs.isPending ? (
        <SkeletonRows rows={3} height={wide ? 56 : 150} />
      ) : programs.isError ? (
        <ErrorAlert error={programs.error} onRetry={() => programs.refetch()} />
      ) : programs.data.length === 0 ? (
        <Paper radius="md" px="sm">
          <EmptyMessage
            icon={<IconHeartHandshake size={28} />}
            title={t('aid.programs.emptyTitle')}
            description={canCreate ? t('aid.programs.empty') : t('aid.programs.emptyReadOnly')}
            action={createButton}
          />
        </Paper>
      ) : wide ? (
        <ProgramTable programs={programs.data} />
      ) : (
        <ProgramCards programs={programs.data} />
      )}
    </>
  );
}

/** The program's whole calendar in one line: intake opens … proposals sent. */
export function scheduleText(program: AidProgram, language: string): string {
  const { intakeStart, intakeEnd, submissionEnd, verificationEnd, reviewEnd } = program.windows;
  const first = intakeStart ?? intakeEnd;
  const last = submissionEnd ?? verificationEnd ?? reviewEnd ?? intakeEnd;
  if (!first && !last) return '—';
  if (!first || !last || first === last) return formatDay(first ?? last, language);
  return `${formatDay(first, language)} – ${formatDay(last, language)}`;
}

function ProgramTable({ programs }: { programs: AidProgram[] }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  return (
    <Paper radius="md" style={{ overflow: 'hidden' }}>
      <Table highlightOnHover verticalSpacing="sm" data-testid="programs-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('aid.programs.columns.program')}</Table.Th>
            <Table.Th ta="right">{t('aid.programs.columns.amount')}</Table.Th>
            <Table.Th>{t('aid.programs.columns.area')}</Table.Th>
            <Table.Th>{t('aid.programs.columns.schedule')}</Table.Th>
            <Table.Th ta="right">{t('aid.programs.columns.proposals')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {programs.map((program) => (
            <Table.Tr
              key={program.code}
              data-testid="program-row"
              onClick={(e) => {
                if (!(e.target as HTMLElement).closest('a')) navigate(`/aid/${program.code}`);
              }}
              style={{ cursor: 'pointer' }}
            >
              <Table.Td>
                <Anchor component={Link} to={`/aid/${program.code}`} fw={600} size="sm" c="civic.8">
                  {program.name}
                </Anchor>
                <Text size="xs" c="dimmed" ff="monospace">
                  {program.code}
                </Text>
              </Table.Td>
              <Table.Td ta="right" fz="sm" style={{ whiteSpace: 'nowrap' }}>
                {formatRupiah(program.amount, i18n.language)}
              </Table.Td>
              <Table.Td fz="sm">{areaDisplayName(program.areaName)}</Table.Td>
              <Table.Td fz="sm" style={{ whiteSpace: 'nowrap' }}>
                {scheduleText(program, i18n.language)}
              </Table.Td>
              <Table.Td ta="right" fz="sm" fw={600}>
                {formatNumber(program.proposals, i18n.language)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function ProgramCards({ programs }: { programs: AidProgram[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap="sm" data-testid="programs-cards">
      {programs.map((program) => (
        <LinkCard key={program.code} to={`/aid/${program.code}`} testId="program-row">
          <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Text fw={600} c="civic.8" className="break-anywhere">
                {program.name}
              </Text>
              <Text size="xs" c="dimmed" ff="monospace">
                {program.code}
              </Text>
            </Stack>
            <Badge variant="light" radius="sm" style={{ flexShrink: 0 }}>
              {t('aid.programs.proposalCount', {
                count: program.proposals,
                n: formatNumber(program.proposals, i18n.language),
              })}
            </Badge>
          </Group>
          <Text size="sm" mt="xs">
            {t('aid.programs.perRecipient', { amount: formatRupiah(program.amount, i18n.language) })}
          </Text>
          <Text size="sm" c="dimmed">
            {areaDisplayName(program.areaName)} · {scheduleText(program, i18n.language)}
          </Text>
        </LinkCard>
      ))}
    </Stack>
  );
}
