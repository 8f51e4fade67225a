import fs from 'node:fs';
import type { Command } from 'commander';
import { describeDatabase, withDatabase } from '../context.ts';
import { CliError, note, printJson, say } from '../output.ts';

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

export function registerBackupCommands(program: Command) {
  program
    .command('backup')
    .description(
      'Write a backup of the whole database to FILE (gzip): a consistent snapshot, taken while the server runs',
    )
    .argument('<file>', 'the backup file to write (refused if it exists, unless --force)')
    .option('--force', 'overwrite FILE if it exists')
    .option('--json', 'print the result as JSON: {file, bytes, tables, rows, createdAt}')
    .addHelpText('after', '\nExample:\n  bangkit backup bangkit-2026-12-06.backup')
    .action(async (file: string, options: { force?: boolean; json?: boolean }) => {
      if (fs.existsSync(file) && !options.force) {
        throw new CliError(`${file} exists: choose another name, or add --force to overwrite it`);
      }
      const { writeBackup } = await import('../../server/db/backup.ts');
      const result = await withDatabase(({ config, database }) =>
        writeBackup(database, file, config.version),
      );
      if (options.json) return printJson(result);
      say(
        `Backed up ${result.rows.toLocaleString('en')} rows of ${result.tables} tables to ${result.file} ` +
          `(${mb(result.bytes)}), as the database was at ${result.createdAt}`,
      );
    });

  program
    .command('restore')
    .description(
      'Restore a backup made by "bangkit backup" into the configured database (the server may keep running)',
    )
    .argument('<file>', 'the backup file')
    .option('--force', 'replace a database that holds data (everything in it is deleted first)')
    .option('--json', 'print the result as JSON: {tables, rows, backupCreatedAt, backupVersion, replaced}')
    .addHelpText(
      'after',
      '\nA database that holds data is refused, with what it holds, unless --force.\nExample:\n  bangkit restore bangkit-2026-12-06.backup',
    )
    .action(async (file: string, options: { force?: boolean; json?: boolean }) => {
      if (!fs.existsSync(file)) throw new CliError(`${file}: no such file`);
      const { readBackupHeader, restoreBackup } = await import('../../server/db/restore.ts');
      // A file that is not a backup is refused before the database is opened.
      await readBackupHeader(file);
      const { result, where } = await withDatabase(
        async ({ config, database }) => ({
          result: await restoreBackup(database, file, { force: options.force }),
          where: describeDatabase(config),
        }),
        note,
        { prepare: false },
      );
      if (options.json) return printJson(result);
      say(
        `Restored ${result.rows.toLocaleString('en')} rows of ${result.tables} tables into ${where}, ` +
          `from the backup of ${result.backupCreatedAt} (Bangkit ${result.backupVersion})`,
      );
    });
}
