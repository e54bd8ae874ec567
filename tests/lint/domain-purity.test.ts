/** The lint rule that keeps src/domain pure fails on a platform, store or HTTP import. */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function lint(code: string, filePath: string) {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports');
}

describe('domain purity lint rule', () => {
  it.each(['botbuilder', '@microsoft/agents-hosting', '@slack/bolt', 'mongodb', 'express', 'mingo', '../store/case-repository.js', 'node:fs'])(
    'refuses %s in src/domain',
    async (pkg) => {
      const messages = await lint(`import x from '${pkg}';\nexport const y = x;\n`, 'src/domain/leak.ts');
      expect(messages).toHaveLength(1);
      expect(messages[0]?.message).toContain('src/domain is pure');
    },
  );

  it('allows the same import outside the domain, and pure libraries inside it', async () => {
    expect(await lint(`import x from 'mongodb';\nexport const y = x;\n`, 'src/store/ok.ts')).toHaveLength(0);
    expect(await lint(`import { DateTime } from 'luxon';\nexport const y = DateTime;\n`, 'src/domain/ok.ts')).toHaveLength(0);
  });

  it('finds no such import in the domain as it stands', async () => {
    const results = await eslint.lintFiles(['src/domain/**/*.ts']);
    const leaks = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => `${r.filePath}: ${m.message}`));
    expect(leaks).toEqual([]);
  });
});
