/** The lint rule that keeps src/web off the store: it reaches cases through src/app only. */
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });
// Loading the linter, its configuration and the TypeScript parser is set-up, not the rule under test.
beforeAll(() => eslint.lintText('export {};\n', { filePath: 'src/warm-up.ts' }), 20_000);
// That the tree as it stands has no such access is `npm run lint`'s to prove (eslint . fails on it, in `npm test`);
// these tests prove the rule can fail, on small fixture texts.

async function lint(code: string, filePath: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports');
}

describe('web layering lint rule', () => {
  it.each(['../store/case-repository.js', '../store/web-access-store.js', 'mongodb'])(
    'refuses %s in src/web',
    async (pkg) => {
      const messages = await lint(
        `import x from '${pkg}';\nexport const y = x;\n`,
        'src/web/leak.ts',
      );
      expect(messages).toHaveLength(1);
      expect(messages[0]?.message).toContain('reaches the store through src/app only');
    },
  );

  it('allows src/app in src/web', async () => {
    expect(
      await lint(
        `import { loadDashboard } from '../app/dashboard.js';\nexport const y = loadDashboard;\n`,
        'src/web/ok.ts',
      ),
    ).toHaveLength(0);
  });
});
