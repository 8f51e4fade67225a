export const TEMPLATE_DB = 'bangkit_test_template';

/** The same server and credentials as `url`, another database. */
export function databaseUrlFor(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
