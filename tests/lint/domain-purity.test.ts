/** The lint rule that keeps src/domain pure fails on a platform, store or HTTP import. */
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

describe('domain purity lint rule', () => {
  it.each([
    'botbuilder',
    '@microsoft/agents-hosting',
    '@slack/bolt',
    'mongodb',
    'express',
    'mingo',
    '../store/case-repository.js',
    'node:fs',
  ])('refuses %s in src/domain', async (pkg) => {
    const messages = await lint(
      `import x from '${pkg}';\nexport const y = x;\n`,
      'src/domain/leak.ts',
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]?.message).toContain('src/domain is pure');
  });

  it('allows the same import outside the domain, and pure libraries inside it', async () => {
    expect(
      await lint(`import x from 'mongodb';\nexport const y = x;\n`, 'src/store/mongo/ok.ts'),
    ).toHaveLength(0);
    expect(
      await lint(
        `import { DateTime } from 'luxon';\nexport const y = DateTime;\n`,
        'src/domain/ok.ts',
      ),
    ).toHaveLength(0);
  });
});

describe('the MongoDB driver is loaded only by the MongoDB adapter', () => {
  it('refuses a static import of mongodb elsewhere in src, allows it in src/store/mongo', async () => {
    const code = `import { MongoClient } from 'mongodb';\nexport const y = MongoClient;\n`;
    expect((await lint(code, 'src/store/open.ts'))[0]?.message).toContain(
      'only src/store/mongo imports the MongoDB driver',
    );
    expect(await lint(code, 'src/store/mongo/other.ts')).toHaveLength(0);
  });
});

describe('platform code reaches the store through src/app only', () => {
  it.each(['better-sqlite3', 'mongodb', '../../store/case-repository.js', '../../store/port.js'])(
    'refuses %s in src/bots',
    async (pkg) => {
      const messages = await lint(
        `import x from '${pkg}';\nexport const y = x;\n`,
        'src/bots/slack/leak.ts',
      );
      expect(messages).toHaveLength(1);
      expect(messages[0]?.message).toContain('through src/app only');
    },
  );
});
