/** The benchmarks' child processes: start a script until its /healthz answers 200, and stop it. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Starts `script` as a child; resolves once /healthz answers 200, with the time that took and the child's RSS. */
export async function startChild(
  script: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<{ child: ChildProcess; port: number; ms: number; rssMb: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    const on = (d: Buffer) => {
      out += String(d);
      const m = /"port":(\d+)/.exec(out);
      if (m && /listening/.test(out)) resolve(Number(m[1]));
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
    child.stderr!.on('data', (d: Buffer) => {
      if (process.env.BENCH_VERBOSE)
        process.stderr.write(`[${path.basename(script)}] ${String(d)}`);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}: ${out.slice(-400)}`)));
  });
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const ms = performance.now() - t0;
  const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const rssMb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  return { child, port, ms, rssMb };
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** The middle value (the upper of the two middle ones for an even count). */
export const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
