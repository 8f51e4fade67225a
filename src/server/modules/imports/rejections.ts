/** A row an import refused: its number in the file, why (codes and Indonesian text), and its cells. */
export interface Rejection {
  rowNumber: number;
  reason: string;
  message: string;
  data: Record<string, string>;
}

/** What a job's summary says of the rejected rows it stored for download (a type: summaries are records). */
export type StoredRejections = {
  /** Rejected rows stored (the first ones of the file); the counts per reason cover them all. */
  rejectedStored: number;
  /** The most a job stores (BANGKIT_IMPORT_REJECTIONS_KEPT when it ran). */
  rejectedLimit: number;
  /** More rows were rejected than stored: the download holds the first `rejectedStored` only. */
  rejectedCapped: boolean;
};

/**
 * The rejected rows of one import: every one counted by reason, the first `limit` kept for the
 * download, so that a file of millions of bad rows costs memory and storage for `limit` rows only.
 */
export class RejectionLog {
  readonly kept: Rejection[] = [];
  readonly reasons: Record<string, number> = {};
  count = 0;

  constructor(readonly limit: number) {}

  /** Counts a rejected row under `reason`; `row` makes it, only while there is room to keep it. */
  add(reason: string, row: () => Omit<Rejection, 'reason'>) {
    this.count += 1;
    this.reasons[reason] = (this.reasons[reason] ?? 0) + 1;
    if (this.kept.length < this.limit) this.kept.push({ ...row(), reason });
  }

  stored(): StoredRejections {
    return {
      rejectedStored: this.kept.length,
      rejectedLimit: this.limit,
      rejectedCapped: this.count > this.kept.length,
    };
  }
}
