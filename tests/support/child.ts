/**
 * How long a test lets a child process (the bot or the CLI under tsx) run. A start-up is 1–2 s of CPU;
 * on a 2-core machine shared with other work it can take twenty times that in wall time. The limit
 * only stops a process that hangs (which fails the test), so it is generous.
 */
export const CHILD_MS = 60_000;
