/**
 * README "Adding a rule" (issue 15): a new rule is one folder under src/core/rules/ and one entry in the registry.
 * This test does exactly that to a copy of src/ and test/ — a throwaway rule S90 with its templates and its test —
 * then type-checks the copy, runs the unit tests that check every rule (registry, templates, compose) on it, and
 * runs the bundle built from it through the fakes: the rule's contact is planned (次回連絡日), composed from its own
 * template and prepared (a Gmail draft, its 連絡履歴 row). Nothing else had to change.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleCode } from '../../tools/build';
import { ROOT } from '../../tools/root';
import {
  customerSheet,
  dateCell,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
} from '../bundle/harness';

// Inside the repository (tmp-*/ is ignored by git and eslint) so the copy resolves the repository's node_modules.
const COPY = join(ROOT, `tmp-adding-a-rule-${process.pid}`);

const RULE = `import { addDays, isoDay, slashDay } from '../../day';
import { defineRule, type Rule, type StepDef } from '../rule';
import { NO_STEPS, stepFor } from '../step';
import { TEMPLATES } from './templates';

const STEPS: readonly StepDef[] = [{ label: 'ご挨拶', channels: ['メール'] }];

/** A throwaway rule: a greeting by email the day after each visit. */
export const greeting: Rule<'S90'> = defineRule({
  id: 'S90',
  scenario: 'ご来店のご挨拶',
  kind: 'customer',
  anchor: 'row',
  steps: STEPS,
  triggers: [{ field: 'lastVisit', header: '最終来店日' }],
  reads: ['最終来店日'],
  templates: TEMPLATES,
  plan(customer) {
    const visit = customer.lastVisit;
    if (visit === undefined) return NO_STEPS;
    const due = addDays(visit, 1);
    const step = stepFor(customer.id, greeting, 'ご挨拶', isoDay(visit), {
      due,
      last: addDays(due, 14),
      because: \`最終来店日（\${slashDay(visit)}）の翌日\`,
    });
    return { steps: [step], problems: [] };
  },
});
`;

const TEST = `import { greeting } from '.';
import { customer, d, ruleContext } from '../../../../test/core/builders';

test('a greeting the day after each visit', () => {
  const { steps } = greeting.plan(customer({ lastVisit: d('2026-11-20') }), ruleContext({ today: d('2026-11-21') }));
  expect(steps.map((s) => s.key)).toEqual(['C0001|S90|ご挨拶|2026-11-20']);
});
`;

const TEMPLATES = `import type { MessageTemplate } from '../../templates';

export const TEMPLATES: readonly MessageTemplate[] = [
  {
    scenario: 'ご来店のご挨拶',
    step: 'ご挨拶',
    channel: 'メール',
    subject: 'ご来店ありがとうございました（{{店名}}）',
    body: \`{{氏名}} {{敬称}}

{{店名}}です。昨日はご来店ありがとうございました。
またお会いできるのを楽しみにしております。

{{署名}}\`,
  },
];
`;

/** The copy of src/ with the rule's folder and its line in the registry: nothing else is touched. */
function addRule(): void {
  rmSync(COPY, { recursive: true, force: true });
  mkdirSync(COPY);
  cpSync(join(ROOT, 'src'), join(COPY, 'src'), { recursive: true });
  cpSync(join(ROOT, 'test'), join(COPY, 'test'), {
    recursive: true,
    filter: (path) => !path.includes(`${join(ROOT, 'test/artifacts')}`),
  });
  cpSync(join(ROOT, 'package.json'), join(COPY, 'package.json'));
  // A link, not a copy (src/ reaches some files in node_modules by a relative path); rmSync removes only the link.
  symlinkSync(join(ROOT, 'node_modules'), join(COPY, 'node_modules'));
  const folder = join(COPY, 'src/core/rules/greeting');
  mkdirSync(folder);
  writeFileSync(join(folder, 'index.ts'), RULE);
  writeFileSync(join(folder, 'templates.ts'), TEMPLATES);
  writeFileSync(join(folder, 'greeting.test.ts'), TEST);
  const registry = join(COPY, 'src/core/rules/../registry.ts');
  const text = readFileSync(registry, 'utf8')
    .replace("import { dormant } from './rules/dormant';", "$&\nimport { greeting } from './rules/greeting';")
    .replace(/(\n {2}newsletter,\n)(\] as const;)/, '$1  greeting,\n$2');
  expect(text).toContain('  greeting,\n] as const;');
  writeFileSync(registry, text);
  writeFileSync(
    join(COPY, 'tsconfig.json'),
    JSON.stringify({
      extends: '../tsconfig.json',
      include: ['src', 'test/core', 'test/zones.setup.ts'],
    }),
  );
  writeFileSync(
    join(COPY, 'jest.config.js'),
    `module.exports = ${JSON.stringify({
      rootDir: COPY,
      testEnvironment: 'node',
      roots: ['<rootDir>/test/core', '<rootDir>/src/core/rules'],
      testMatch: [
        '**/test/core/registry.test.ts',
        '**/test/core/templates.test.ts',
        '**/test/core/compose.test.ts',
        '**/greeting/*.test.ts',
      ],
      // Types are checked by the tsc run on the copy; here the tests only run.
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: join(COPY, 'tsconfig.json'), diagnostics: false }] },
      setupFiles: ['<rootDir>/test/zones.setup.ts'],
    })};`,
  );
}

afterAll(() => process.env.KEEP_COPY || rmSync(COPY, { recursive: true, force: true }));

describe('adding a rule: one folder and one entry in the registry', () => {
  let code = '';
  beforeAll(async () => {
    addRule();
    code = await bundleCode({ root: COPY });
  });

  test('the unit tests that check every rule pass on the copy: its templates, its declaration, its own test', () => {
    const jest = join(ROOT, 'node_modules/jest/bin/jest.js');
    const config = join(COPY, 'jest.config.js');
    const run = spawnSync(
      process.execPath,
      [jest, '--config', config, '--ci', '--verbose', '--maxWorkers=1'],
      {
        encoding: 'utf8',
        env: { ...process.env, TZ: 'UTC' },
      },
    );
    // On failure, the failing tests' names and messages (the whole verbose run would bury them).
    const failures = run.stderr.split('\n').filter((line) => /✕|●|Expected|Received|Error/.test(line));
    expect({ status: run.status, failures }).toEqual({ status: 0, failures: [] });
    // The new rule was among what they checked: its template composed, its own test run.
    expect(run.stderr).toContain('ご来店のご挨拶（ご挨拶）by メール holds nothing');
    expect(run.stderr).toMatch(/PASS .*greeting\/greeting\.test\.ts/);
  });

  test('the copy type-checks as it is: the new id is a RuleId everywhere, no other list to extend', () => {
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    expect(() =>
      execFileSync(process.execPath, [tsc, '--noEmit', '-p', COPY], { encoding: 'utf8' }),
    ).not.toThrow();
  });

  test('its contact is planned, composed from its template and prepared as a Gmail draft', () => {
    const t = loadTsunagu({
      code,
      sheets: [
        customerSheet([
          {
            顧客ID: 'C1',
            氏名: '佐藤 美咲',
            メール: 'misaki@example.jp',
            最終来店日: dateCell('2026-11-20'),
          },
        ]),
        settingsSheet(SHOP_SETTINGS),
        logSheet([]),
      ],
      today: '2026-11-20',
    });
    t.call('runDailyFollowUps');
    const c1 = t.records('顧客')[0];
    expect(c1['次回連絡日']).toEqual(dateCell('2026-11-21'));
    expect(c1['次回連絡内容']).toContain('ご来店のご挨拶');
    expect(c1['理由']).toContain('最終来店日（2026/11/20）の翌日');
    t.at('2026-11-21');
    t.call('runDailyFollowUps');
    const row = t.records('連絡履歴').find((r) => r['シナリオ'] === 'ご来店のご挨拶');
    expect(row).toMatchObject({
      キー: 'C1|S90|ご挨拶|2026-11-20',
      ステップ: 'ご挨拶',
      チャネル: 'メール',
      状態: '下書き',
    });
    const draft = t.services.gmail
      .draftRecords()
      .find((d) => d.message.subject.startsWith('ご来店ありがとう'));
    expect(draft?.message.subject).toBe('ご来店ありがとうございました（ここち堂）');
    expect(draft?.message.plainBody).toContain('佐藤 美咲 様');
    expect(draft?.message.plainBody).toContain('昨日はご来店ありがとうございました。');
    expect(draft?.message.plainBody).not.toMatch(/S90|\{\{|｛｛/);
  });

  test('the build the repository ships has no such rule: the test changed only its copy', () => {
    expect(code).toContain('ご来店のご挨拶');
    expect(readFileSync(join(ROOT, 'dist/Code.js'), 'utf8')).not.toContain('ご来店のご挨拶');
  });
});
