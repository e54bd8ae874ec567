/** The lint rule that keeps platform and web code off the case repository: they ask CaseService in domain words. */
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });
// Loading the linter, its configuration and the TypeScript parser is set-up, not the rule under test.
beforeAll(() => eslint.lintText('export {};\n', { filePath: 'src/warm-up.ts' }), 20_000);
// That the tree as it stands has no such access is `npm run lint`'s to prove (eslint . fails on it, in `npm test`);
// these tests prove the rule can fail, on small fixture texts.

async function lint(code: string, filePath: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-syntax');
}

const leaks = [
  'export const f = (service: { repo: { load(id: string): unknown } }) => service.repo.load("x");\n',
  "export const f = (service: Record<string, unknown>) => service['repo'];\n",
  'export const f = ({ repo }: { repo: unknown }) => repo;\n',
  'export function f(service: { repo: unknown }) {\n  const { repo } = service;\n  return repo;\n}\n',
];

describe('platform repository lint rule', () => {
  it.each(['src/bots/slack/leak.ts', 'src/bots/teams/leak.ts', 'src/web/leak.ts'])(
    'refuses every way of reaching the repository in %s',
    async (file) => {
      for (const code of leaks) {
        const messages = await lint(code, file);
        expect(messages, code).toHaveLength(1);
        expect(messages[0]?.message).toContain('never its repository');
      }
    },
  );

  it('allows the same code in src/app, and a CaseService method in src/bots', async () => {
    for (const code of leaks) expect(await lint(code, 'src/app/ok.ts')).toHaveLength(0);
    const ok =
      'export const f = (service: { recorded(id: string): unknown; repository?: unknown }) => [service.recorded("x"), service.repository];\n';
    expect(await lint(ok, 'src/bots/slack/ok.ts')).toHaveLength(0);
  });
});
