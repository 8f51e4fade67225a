import type { Command } from 'commander';
import type { z } from 'zod';

/**
 * Rejects option values that fail the module's schema the way commander rejects a bad option:
 * `error: invalid --email: Invalid email address`, exit code 1, before the database is opened.
 */
export function rejectInput(command: Command, error: z.ZodError, optionOf: Record<string, string>): never {
  const problems = error.issues.map((issue) => {
    const field = String(issue.path[0] ?? '');
    return `${optionOf[field] ?? field}: ${issue.message}`;
  });
  return command.error(`error: invalid ${problems.join('; ')}`);
}
