import {
  type Icon,
  IconBuildingCommunity,
  IconBuildingStore,
  IconChartLine,
  IconFileImport,
  IconHeartHandshake,
  IconHistory,
  IconHome,
  IconMap2,
  IconMapPins,
  IconUsers,
} from '@tabler/icons-react';
import type { Role } from '../api/types.ts';

type NavKey =
  | 'home'
  | 'businesses'
  | 'recovery'
  | 'aid'
  | 'imports'
  | 'users'
  | 'mentors'
  | 'institutions'
  | 'areas'
  | 'coverage'
  | 'audit';

export interface NavItem {
  to: string;
  label: `nav.${NavKey}`;
  description: `nav.${NavKey}Hint` | 'nav.importsHintMentor' | 'nav.aidHintMentor' | 'nav.aidHintOwner';
  icon: Icon;
}

const home: NavItem = { to: '/', label: 'nav.home', description: 'nav.homeHint', icon: IconHome };
const businesses: NavItem = {
  to: '/businesses',
  label: 'nav.businesses',
  description: 'nav.businessesHint',
  icon: IconBuildingStore,
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
  to: '/users',
  label: 'nav.mentors',
  description: 'nav.mentorsHint',
  icon: IconUsers,
};
const institutions: NavItem = {
  to: '/institutions',
  label: 'nav.institutions',
  description: 'nav.institutionsHint',
  icon: IconBuildingCommunity,
};
const areas: NavItem = { to: '/areas', label: 'nav.areas', description: 'nav.areasHint', icon: IconMap2 };
const coverage: NavItem = {
  to: '/mentoring/coverage',
  label: 'nav.coverage',
  description: 'nav.coverageHint',
  icon: IconMapPins,
};
const audit: NavItem = { to: '/audit', label: 'nav.audit', description: 'nav.auditHint', icon: IconHistory };

/** What each role may open; the server enforces the same rules. */
export function navItemsFor(role: Role): NavItem[] {
  switch (role) {
    case 'admin':
      return [home, businesses, recovery, aid, imports, users, institutions, coverage, areas, audit];
    case 'institution_admin':
      return [home, businesses, { ...aid, description: 'nav.aidHintMentor' }, mentors, coverage, areas];
    case 'area_officer':
      return [home, businesses, recovery, aid, imports, coverage, areas];
    case 'mentor':
      return [
        home,
        businesses,
        { ...aid, description: 'nav.aidHintMentor' },
        { ...imports, description: 'nav.importsHintMentor' },
        areas,
      ];
    case 'business_owner':
      return [home, businesses, { ...aid, description: 'nav.aidHintOwner' }, areas];
  }
}
