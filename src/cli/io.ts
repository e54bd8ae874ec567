/** Output and errors of the command line: a bad argument is a one-line message and exit code 2. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};
