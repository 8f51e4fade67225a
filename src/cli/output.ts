/** Results go to stdout (with --json nothing else does); progress and errors go to stderr. */
export function say(line = '') {
  process.stdout.write(`${line}\n`);
}

export function printJson(value: unknown) {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function note(line: string) {
  process.stderr.write(`${line}\n`);
}

/** A refusal the command itself decides on (bad argument, missing file): printed as the one `error:` line. */
export class CliError extends Error {}

/** Ends a command with this exit code after it printed its answer (no error line): e.g. "unknown". */
export class CliExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

/** The one line an operator sees when a command fails. */
export function fail(message: string) {
  process.stderr.write(`error: ${message}\n`);
}

/** Rows as aligned columns under a header. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
