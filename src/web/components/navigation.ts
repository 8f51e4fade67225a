import {
  type Icon,
  IconBuildingCommunity,
  IconBuildingStore,
  IconChartBar,
  IconChartLine,
  IconFileImport,
  IconHeartHandshake,
  IconHistory,
  IconHome,
  IconMap2,
  IconMapPins,
  IconPresentation,
  IconUserStar,
  IconUsers,
} from '@tabler/icons-react';
import type { Role } from '../api/types.ts';

type NavKey =
  | 'home'
  | 'businesses'
  | 'mentoring'
  | 'recovery'
  | 'aid'
  | 'imports'
  | 'users'
  | 'mentors'
  | 'mentorProfile'
  | 'institutions'
  | 'areas'
  | 'audit'
  | 'my'
  | 'outcomes'
  | 'coverage'
  | 'shop'
  | 'market';

export interface NavItem {
  to: string;
  label: `nav.${NavKey}`;
  description:
    | `nav.${NavKey}Hint`
    | 'nav.importsHintMentor'
    | 'nav.importsHintInstitution'
    | 'nav.aidHintMentor'
    | 'nav.aidHintOwner'
    | 'nav.mentoringHintMentor'
    | 'nav.outcomesHintMentor';
  icon: Icon;
}

const home: NavItem = { to: '/', label: 'nav.home', description: 'nav.homeHint', icon: IconHome };
const businesses: NavItem = {
  to: '/businesses',
  label: 'nav.businesses',
  description: 'nav.businessesHint',
  icon: IconBuildingStore,
};
const mentoring: NavItem = {
  to: '/mentoring',
  label: 'nav.mentoring',
  description: 'nav.mentoringHint',
  icon: IconPresentation,
};
const recovery: NavItem = {
  to: '/recovery',
  label: 'nav.recovery',
  description: 'nav.recoveryHint',
  icon: IconChartLine,
};
const aid: NavItem = { to: '/aid', label: 'nav.aid', description: 'nav.aidHint', icon: IconHeartHandshake };
const imports: NavItem = {
  to: '/imports',
  label: 'nav.imports',
  description: 'nav.importsHint',
  icon: IconFileImport,
};
const users: NavItem = { to: '/users', label: 'nav.users', description: 'nav.usersHint', icon: IconUsers };
const mentors: NavItem = {
  to: '/mentors',
  label: 'nav.mentors',
  description: 'nav.mentorsHint',
  icon: IconUserStar,
};
const institutions: NavItem = {
  to: '/institutions',
  label: 'nav.institutions',
  description: 'nav.institutionsHint',
  icon: IconBuildingCommunity,
};
const areas: NavItem = { to: '/areas', label: 'nav.areas', description: 'nav.areasHint', icon: IconMap2 };
const outcomes: NavItem = {
  to: '/mentoring/outcomes',
  label: 'nav.outcomes',
  description: 'nav.outcomesHint',
  icon: IconChartBar,
};
const coverage: NavItem = {
  to: '/mentoring/coverage',
  label: 'nav.coverage',
  description: 'nav.coverageHint',
  icon: IconMapPins,
};
const audit: NavItem = { to: '/audit', label: 'nav.audit', description: 'nav.auditHint', icon: IconHistory };
/** The seller's side of the marketplace (features/marketplace). */
const shop: NavItem = {
  to: '/shop',
  label: 'nav.shop',
  description: 'nav.shopHint',
  icon: IconBuildingStore,
};
/** The officers' side: shops to approve, products, campaigns. */
const market: NavItem = {
  to: '/market',
  label: 'nav.market',
  description: 'nav.marketHint',
  icon: IconBuildingCommunity,
};
/** An owner's Home is their businesses (features/owner). */
const my: NavItem = { to: '/', label: 'nav.my', description: 'nav.myHint', icon: IconBuildingStore };

/** What each role may open; the server enforces the same rules. */
export function navItemsFor(role: Role): NavItem[] {
  switch (role) {
    case 'admin':
      return [
        home,
        businesses,
        mentoring,
        mentors,
        coverage,
        outcomes,
        recovery,
        market,
        aid,
        imports,
        users,
        institutions,
        areas,
        audit,
      ];
    case 'institution_admin':
      return [
        home,
        businesses,
        mentoring,
        mentors,
        coverage,
        outcomes,
        { ...aid, description: 'nav.aidHintMentor' },
        { ...imports, description: 'nav.importsHintInstitution' },
        areas,
      ];
    case 'area_officer':
      return [
        home,
        businesses,
        mentoring,
        mentors,
        coverage,
        outcomes,
        recovery,
        market,
        aid,
        imports,
        areas,
      ];
    case 'mentor':
      return [
        home,
        { ...mentoring, description: 'nav.mentoringHintMentor' },
        businesses,
        { ...outcomes, description: 'nav.outcomesHintMentor' },
        { ...mentors, label: 'nav.mentorProfile', description: 'nav.mentorProfileHint' },
        { ...aid, description: 'nav.aidHintMentor' },
        { ...imports, description: 'nav.importsHintMentor' },
        areas,
      ];
    case 'business_owner':
      return [my, shop, { ...aid, description: 'nav.aidHintOwner' }];
  }
}
