import { Anchor, Breadcrumbs, Button, ScrollArea, Tabs, Text } from '@mantine/core';
import {
  IconChartBar,
  IconClipboardCheck,
  IconFileImport,
  IconList,
  IconPencil,
  IconSend,
} from '@tabler/icons-react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate, useOutletContext, useParams } from 'react-router';
import { isApiError } from '../../api/client.ts';
import type { AidProgram, Role } from '../../api/types.ts';
import { access } from '../../components/access.ts';
import { areaDisplayName, formatRupiah } from '../../components/format.ts';
import { NotFoundPage } from '../../components/NotFoundPage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ErrorAlert, SkeletonRows } from '../../components/states.tsx';
import { useCurrentUser } from '../auth/auth.api.ts';
import { useAidProgram } from './aid.api.ts';

type Tab = 'overview' | 'proposals' | 'progress' | 'intake' | 'batches';

const TABS: { tab: Tab; path: string; icon: typeof IconList; shown: (role: Role) => boolean }[] = [
  { tab: 'overview', path: '', icon: IconChartBar, shown: () => true },
  { tab: 'proposals', path: 'proposals', icon: IconList, shown: () => true },
  { tab: 'progress', path: 'progress', icon: IconClipboardCheck, shown: access.seesAidFigures },
  { tab: 'intake', path: 'intake', icon: IconFileImport, shown: access.entersAidApplicants },
  { tab: 'batches', path: 'batches', icon: IconSend, shown: access.sendsAidBatches },
];

/** The tab pages read the program the layout loaded. */
export function useProgram(): AidProgram {
  return useOutletContext<{ program: AidProgram }>().program;
}

/** One program: its name and terms above, tabs for its figures, proposals, progress, intake and batches. */
export function ProgramPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const { code = '' } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const program = useAidProgram(code);
  const tabStrip = useRef<HTMLDivElement>(null);
  const base = `/aid/${encodeURIComponent(code)}`;
  const rest = location.pathname.slice(base.length).replace(/^\//, '').split('/')[0] ?? '';
  // On a phone the tabs scroll sideways: the open one is brought into view (sideways only, the page stays).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the open tab or the loaded program changes
  useEffect(() => {
    const strip = tabStrip.current;
    const active = strip?.querySelector<HTMLElement>('[data-active]');
    if (!strip || !active) return;
    const left = active.offsetLeft;
    const right = left + active.offsetWidth;
    if (left < strip.scrollLeft || right > strip.scrollLeft + strip.clientWidth) {
      strip.scrollLeft = Math.max(0, right - strip.clientWidth + 16);
    }
  }, [rest, program.isSuccess]);

  if (isApiError(program.error, 'AidProgramUnknown')) return <NotFoundPage />;
  if (program.isPending) {
    return (
      <>
        <PageHeader title={t('aid.title')} />
        <SkeletonRows rows={5} height={72} />
      </>
    );
  }
  if (program.isError) return <ErrorAlert error={program.error} onRetry={() => program.refetch()} />;

  const p = program.data;
  const tabs = TABS.filter((tab) => tab.shown(me.role));
  const current = tabs.find((tab) => tab.path === rest)?.tab ?? 'overview';

  return (
    <>
      <PageHeader
        above={
          <Breadcrumbs separatorMargin={6} fz="sm">
            <Anchor component={Link} to="/aid" size="sm">
              {t('aid.title')}
            </Anchor>
            <Text size="sm" className="break-anywhere">
              {p.code}
            </Text>
          </Breadcrumbs>
        }
        title={p.name}
        description={t('aid.program.terms', {
          code: p.code,
          amount: formatRupiah(p.amount, i18n.language),
          area: areaDisplayName(p.areaName),
        })}
        actions={
          access.managesAidPrograms(me.role) && (
            <Button
              component={Link}
              to={`${base}/edit`}
              variant="default"
              leftSection={<IconPencil size={16} />}
            >
              {t('aid.programForm.edit')}
            </Button>
          )
        }
      />
      <Tabs
        value={current}
        onChange={(value) => {
          const tab = tabs.find((x) => x.tab === value);
          if (tab) navigate(tab.path ? `${base}/${tab.path}` : base);
        }}
        keepMounted={false}
        mb="md"
      >
        <ScrollArea type="never" offsetScrollbars={false} viewportRef={tabStrip}>
          <Tabs.List style={{ flexWrap: 'nowrap' }}>
            {tabs.map(({ tab, icon: Icon }) => (
              <Tabs.Tab
                key={tab}
                value={tab}
                leftSection={<Icon size={16} />}
                style={{ whiteSpace: 'nowrap' }}
                data-testid={`tab-${tab}`}
              >
                {t(`aid.tabs.${tab}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </ScrollArea>
      </Tabs>
      <Outlet context={{ program: p }} />
    </>
  );
}
