/**
 * The Microsoft 365 Agents Playground (`@microsoft/m365agentsplayground`, a dev dependency) as a
 * child process, the way `npm run playground` runs it but for a test: on a free port (its own
 * fallback when the asked one is taken; the port it listens on is read from its output), pointed at
 * the bot under test, with the committed `.m365agentsplayground.yml`, no browser opened
 * (`TEAMSAPPTESTER_BROWSER=none`), telemetry off and its log file in a temp directory. It serves its
 * web UI and a mocked Bot Connector on loopback only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export interface Playground {
  url: string;
  /** Everything it printed (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

const cli = join(
  createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/package.json'),
  '..',
  'cli.js',
);

export async function startPlayground(o: {
  appEndpoint: string;
  logDir: string;
}): Promise<Playground> {
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, '-e', o.appEndpoint, '-c', 'msteams', '-p', '0', '--disable-telemetry'],
    {
      cwd: process.cwd(),
      env: {
        ...process.env,
        TEAMSAPPTESTER_BROWSER: 'none',
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: join(process.cwd(), '.m365agentsplayground.yml'),
        M365_AGENTS_PLAYGROUND_LOGFILE: join(o.logDir, 'playground.log'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /Listening on (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`the Playground exited (${code}) before listening:\n${out}`)),
    );
    child.once('error', reject);
  });
  return {
    url: `http://localhost:${port}/`,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
