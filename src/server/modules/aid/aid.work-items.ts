import type { WorkItemProvider } from '../../work-queue/work-queue.ts';
import { countProposalsByProgram } from './aid.repository.ts';
import { awaitingFilterOf, proposalAccess } from './aid.service.ts';

/**
 * The aid module's part of the work queue: per program, the proposals waiting for the caller's own next
 * step — an officer's field or kecamatan check (not a level after one they verified themselves, unless the
 * program allows it), the office's approval. Each links to the program's proposals with `awaiting=me`,
 * the same filter, so the list shows exactly the counted proposals.
 */
export const aidWorkItems: WorkItemProvider = {
  id: 'aid.proposals',
  roles: ['admin', 'area_officer'],
  async items({ db, user, config }) {
    const awaiting = awaitingFilterOf(user);
    const rows = await countProposalsByProgram(db, { awaiting }, proposalAccess(user, config));
    const key = user.role === 'admin' ? 'aid.awaitingApproval' : 'aid.awaitingVerification';
    return rows.map((r) => ({
      key,
      count: Number(r.n),
      params: { program: r.name },
      link: `/aid/${encodeURIComponent(r.code)}/proposals?awaiting=me`,
      severity: 'warning' as const,
    }));
  },
};
