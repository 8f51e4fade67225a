import {
  type Icon,
  IconBuildingCommunity,
  IconHistory,
  IconHome,
  IconMap2,
  IconUsers,
} from '@tabler/icons-react';
import type { Role } from '../api/types.ts';

export interface NavItem {
  to: string;
  label: 'nav.home' | 'nav.users' | 'nav.mentors' | 'nav.institutions' | 'nav.areas' | 'nav.audit';
  description:
    | 'nav.homeHint'
    | 'nav.usersHint'
    | 'nav.mentorsHint'
    | 'nav.institutionsHint'
    | 'nav.areasHint'
    | 'nav.auditHint';
  icon: Icon;
}

const home: NavItem = { to: '/', label: 'nav.home', description: 'nav.homeHint', icon: IconHome };
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
const audit: NavItem = { to: '/audit', label: 'nav.audit', description: 'nav.auditHint', icon: IconHistory };

/** What each role may open; the server enforces the same rules. */
export function navItemsFor(role: Role): NavItem[] {
  switch (role) {
    case 'admin':
      return [home, users, institutions, areas, audit];
    case 'institution_admin':
      return [home, mentors, areas];
    case 'area_officer':
    case 'mentor':
    case 'business_owner':
      return [home, areas];
  }
}
