import type { WorkItem } from '../../work-queue/work-queue.schema.ts';
import type { WorkItemProvider, WorkQueueContext } from '../../work-queue/work-queue.ts';
import { listCases } from './cases.repository.ts';
import type { CaseListQuery } from './cases.schema.ts';
import { coverageBoard, coverageViewer } from './coverage.service.ts';
import { listMentors } from './mentors.service.ts';
import { myBusinesses } from './owner.service.ts';

/*
 * The mentoring module's part of the work queue on Home. Every count is the total of the very list its link
 * opens (the same service and filter, page size 1), so the two cannot disagree, and each list applies the
 * module's own access rules (mentoring.access.ts).
 */

const ONE: Pick<CaseListQuery, 'page' | 'pageSize'> = { page: 1, pageSize: 1 };

async function casesNeeding({ db, config, user, today }: WorkQueueContext, needs: 'session' | 'follow_up') {
  const { total } = await listCases(db, config, user, { ...ONE, state: 'open', needs }, today);
  return total;
}

/** A mentor: cases with follow-ups past due, and open cases without a session in 30 days. */
export const mentorCaseWorkItems: WorkItemProvider = {
  id: 'mentoring.cases',
  roles: ['mentor', 'institution_admin'],
  async items(context) {
    const followUp = context.user.role === 'mentor' ? casesNeeding(context, 'follow_up') : Promise.resolve(0);
    const [overdue, idle] = await Promise.all([followUp, casesNeeding(context, 'session')]);
    return [
      {
        key: 'mentoring.followUpOverdue',
        count: overdue,
        params: {},
        link: '/mentoring?state=open&needs=follow_up',
        severity: 'urgent',
      },
      {
        key: 'mentoring.noRecentSession',
        count: idle,
        params: {},
        link: '/mentoring?state=open&needs=session',
        severity: 'warning',
      },
    ] satisfies WorkItem[];
  },
};

/** The office and an institution admin: mentors (theirs) whose certificate ends within 60 days. */
export const expiringCertificateWorkItems: WorkItemProvider = {
  id: 'mentoring.certificates',
  roles: ['admin', 'institution_admin'],
  async items({ db, config, user }) {
    const { total } = await listMentors(db, config, user, { ...ONE, certificate: 'expiring' });
    return [
      {
        key: 'mentoring.certificatesExpiring',
        count: total,
        params: {},
        link: '/mentors?certificate=expiring',
        severity: 'warning',
      },
    ];
  },
};

/** An area officer: kelurahan of their area behind the rollout plan (decision 0016). */
export const rolloutWorkItems: WorkItemProvider = {
  id: 'mentoring.rollout',
  roles: ['area_officer'],
  async items({ db, config, user }) {
    const board = await coverageBoard(db, config, coverageViewer(user, config), 'kelurahan', undefined);
    const behind = board.rows.filter((r) => r.rollout?.behind).length;
    return [
      {
        key: 'mentoring.rolloutBehind',
        count: behind,
        params: {},
        link: '/mentoring/coverage?behind=1',
        severity: 'warning',
      },
    ];
  },
};

/** A business owner, per business: their own open action items and milestones to confirm. */
export const ownerWorkItems: WorkItemProvider = {
  id: 'mentoring.owner',
  roles: ['business_owner'],
  async items({ db, user }) {
    const businesses = await myBusinesses(db, user);
    return businesses.flatMap((b): WorkItem[] => [
      {
        key: 'mentoring.ownerActionItems',
        count: b.openOwnerItems,
        params: { business: b.name },
        link: `/my/businesses/${b.id}#action-items`,
        severity: 'warning',
      },
      {
        key: 'mentoring.ownerMilestones',
        count: b.unconfirmedMilestones,
        params: { business: b.name },
        link: `/my/businesses/${b.id}#milestones`,
        severity: 'info',
      },
    ]);
  },
};
