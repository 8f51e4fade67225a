import type { WorkItemProvider } from '../../work-queue/work-queue.ts';
import { searchOrders } from './orders.service.ts';
import { searchShops } from './shops.service.ts';

/*
 * The marketplace's part of the work queue on Home (decision 0023). Each count is the total of the very list
 * its link opens (the same service and filter, page size 1), under that list's access rules: an officer's
 * shops through the area scope, a seller's orders through their own shops.
 */

const ONE = { page: 1, pageSize: 1 } as const;

/** The office (the whole city) and an area officer (their area): shop applications waiting for a decision. */
export const shopApprovalWorkItems: WorkItemProvider = {
  id: 'market.shops',
  roles: ['admin', 'area_officer'],
  async items({ db, config, user }) {
    const { total } = await searchShops(db, config, user, { ...ONE, state: 'pending' });
    return [
      {
        key: 'market.shopsAwaiting',
        count: total,
        params: {},
        link: '/market?state=pending',
        severity: 'warning',
      },
    ];
  },
};

/** A seller: order requests waiting for their answer (confirm or decline); the buyer is waiting. */
export const sellerOrderWorkItems: WorkItemProvider = {
  id: 'market.orders',
  roles: ['business_owner'],
  async items({ db, user }) {
    const { total } = await searchOrders(db, user, { ...ONE, state: 'requested' });
    return [
      {
        key: 'market.ordersRequested',
        count: total,
        params: {},
        link: '/shop/orders?state=requested',
        severity: 'urgent',
      },
    ];
  },
};
