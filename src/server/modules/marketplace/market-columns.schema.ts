import { z } from 'zod';

/** The marketplace's columns in the recovery figures (added beside the self-reported ones, never renaming). */
export const MarketColumns = {
  sellingOnline: z.number().int().describe('Businesses selling online (this marketplace or another channel)'),
  verifiedSales: z
    .number()
    .int()
    .describe('Verified marketplace sales of the period (completed orders), rupiah'),
  verifiedSellers: z.number().int().describe('Businesses with verified marketplace sales in the period'),
};
