/**
 * `npm run build` (after tsc): the bot's code as `npm start` runs it, `src/main.ts` bundled by
 * esbuild into `dist/bot/main.js`. Why: on Node 20 each ES module costs a resolve, a file read
 * and a compile, and the bot is ~110 modules of its own plus zod's ~95; one file instead of
 * ~200 is most of the gap between its cold start and a bare Bolt app's (`npm run bench:cold`).
 *
 * Bundled: our code and the small pure-ESM libraries it loads at start (BUNDLED). Every other
 * package stays an ordinary import from node_modules: Bolt and express (as the bare app loads
 * them), native or worker-thread ones (better-sqlite3, pino), and the ones loaded only on first
 * use (the Teams SDK, the MongoDB driver, docx, date-holidays). Dynamic `import()`s become chunks
 * of their own, so what a Slack-only start loads stays what it loads unbundled. esbuild's
 * TypeScript transform is the one the tests already run on (tsx, vitest). Source maps are written
 * beside each file: `NODE_OPTIONS=--enable-source-maps` turns a stack trace back into src/ lines.
 */
import { build, type Metafile } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Packages bundled into the bot's own files: pure ESM, no native code, no files of their own. */
export const BUNDLED = ['zod', 'luxon', 'croner'];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The package a bare import names (`@scope/name/sub` → `@scope/name`). */
function packageOf(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Bundles `src/main.ts` into `outdir`; returns esbuild's account of the files written. */
export async function bundleBot(outdir = path.join(root, 'dist/bot')): Promise<Metafile> {
  fs.rmSync(outdir, { recursive: true, force: true }); // no chunk of an earlier build left behind
  const result = await build({
    absWorkingDir: root,
    entryPoints: ['src/main.ts'],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [
      {
        name: 'node-modules-external-but-bundled',
        setup(b) {
          // Every bare import (not ./relative, not node:) is left to Node, unless BUNDLED names it.
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('node:') || BUNDLED.includes(packageOf(args.path))
              ? undefined
              : { path: args.path, external: true },
          );
        },
      },
    ],
  });
  return result.metafile;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const meta = await bundleBot();
  const files = Object.keys(meta.outputs).filter((f) => f.endsWith('.js'));
  console.log(`bundled src/main.ts into ${files.length} files under dist/bot/`);
}
