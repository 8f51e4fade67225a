import { z } from 'zod';

export const WORK_ITEM_SEVERITIES = ['urgent', 'warning', 'info'] as const;

export const WorkItemSchema = z
  .object({
    key: z
      .string()
      .describe('What waits, as a text key the web app translates (e.g. aid.awaitingVerification)'),
    count: z.number().int().positive().describe('How many records wait; the linked list shows exactly these'),
    params: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .describe('Values for the text (a program’s name, a business’s name)'),
    link: z.string().describe('The app’s list filtered to these records (a path of the web app)'),
    severity: z.enum(WORK_ITEM_SEVERITIES),
  })
  .meta({ id: 'WorkItem' });
export type WorkItem = z.infer<typeof WorkItemSchema>;

export const WorkQueueSchema = z
  .object({
    items: z.array(WorkItemSchema).describe('Only items with something waiting, most urgent first'),
    unavailable: z
      .array(z.string())
      .describe('Providers that could not answer this time (the rest of the queue is still given)'),
  })
  .meta({ id: 'WorkQueue' });
export type WorkQueueDto = z.infer<typeof WorkQueueSchema>;
