/** The one row (id 1) the health check writes to prove that the database takes writes. */
export interface HealthCheckTable {
  id: number;
  checked_at: Date;
}
