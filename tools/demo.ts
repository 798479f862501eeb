/**
 * npm run demo: import the example shop's booking export (examples/stores-reserve-export.csv, as 「CSVを取り込む」
 * would with no uncertain match confirmed), then plan the shop's follow-ups for a fixed day and print a short
 * Japanese summary. The owner then answers November's 年賀状 question with 「送る」 in the sidebar, and the next part
 * runs the same workbook on 12月10日, the first day of 年賀状: the cards, and the 喪中 household's 寒中見舞い.
 */
import { join } from 'node:path';
import { CHANNELS, SCENARIO } from '../src/labels';
import type { ActionResult } from '../src/shared/sidebar-types';
import { DEMO_DAY, MIDWINTER_CARDS_DAY, NEW_YEAR_CARDS_DAY } from './example/demo-day';
import { DEFAULT_EXPORT_OUT } from './make-export';
import { importLine, runLocal, type RunResult } from './runner';
import { ROOT } from './root';

async function main(): Promise<void> {
  const result = await runLocal({
    workbook: join(ROOT, 'examples/sample-shop.xlsx'),
    today: DEMO_DAY,
    out: join(ROOT, 'out/sample-shop.xlsx'),
    imports: [join(ROOT, DEFAULT_EXPORT_OUT)],
    // Having read the day, the owner answers the November question in the sidebar: 「送る」.
    after: [{ name: 'answerNewYearCards', args: [true] }],
  });
  printDay(result, DEMO_DAY);
  console.log('');
  console.log(
    '（サイドバーで年賀状を「送る」と答えました。毎朝の自動実行が続き、その朝の手紙とはがきを印刷します）',
  );
  for (const reply of result.replies as ActionResult[]) console.log(`  → ${reply.message}`);
  console.log('');
  await december();
}

/**
 * 12月10日, the first day of 年賀状, after the morning runs of every day since (the owner prints each morning's
 * letters and cards): the cards on the はがき sheet. Then 1月8日, after 松の内: the 喪中 household's 寒中見舞い.
 */
async function december(): Promise<void> {
  const printing = [{ name: 'markLettersPrinted' }];
  const first = await runLocal({
    workbook: join(ROOT, 'out/sample-shop.xlsx'),
    today: dayAfter(DEMO_DAY),
    until: NEW_YEAR_CARDS_DAY,
    out: join(ROOT, 'out/sample-shop-12-10.xlsx'),
    eachDay: printing,
  });
  printDay(first, NEW_YEAR_CARDS_DAY);
  const cards = rows(first, '連絡履歴').filter((r) => r['ステップ'] === '年賀状');
  console.log(
    `年賀状: 今日までに はがき ${cards.length}枚を用意（「はがき」シートで印刷、12月15日〜25日に投函）`,
  );
  console.log('');
  const january = await runLocal({
    workbook: join(ROOT, 'out/sample-shop-12-10.xlsx'),
    today: dayAfter(NEW_YEAR_CARDS_DAY),
    until: MIDWINTER_CARDS_DAY,
    out: join(ROOT, 'out/sample-shop-01-08.xlsx'),
    eachDay: printing,
  });
  console.log(`つなぐ デモ — ここち堂（${MIDWINTER_CARDS_DAY}、松の内が明けて）`);
  const sent = rows(january, '連絡履歴').filter((r) => r['シナリオ'] === SCENARIO.seasonal);
  const count = (step: string) => sent.filter((r) => r['ステップ'] === step).length;
  console.log(`この季節のはがき: 年賀状 ${count('年賀状')}枚、寒中見舞い ${count('寒中見舞い')}枚`);
  mourningLines(january);
}

/** Each household with a 喪中 written, and the card of this New Year it got, to whom. */
function mourningLines(result: RunResult): void {
  const customers = rows(result, '顧客');
  const log = rows(result, '連絡履歴').filter((r) => r['シナリオ'] === SCENARIO.seasonal);
  for (const c of customers.filter((row) => String(row['喪中'] ?? '').trim() !== '')) {
    const family = customers.filter((o) => o['郵便番号'] === c['郵便番号'] && o['住所'] === c['住所']);
    const ids = new Set(family.map((m) => m['顧客ID']));
    const got = log
      .filter((r) => ids.has(r['顧客ID']))
      .map((r) => {
        const to = String(r['内容'])
          .split('\n')
          .filter((line) => / 様$/.test(line))
          .join('・');
        return `${String(r['ステップ'])}（${to}あて、${String(r['状態'])}）`;
      });
    // 喪中 of an earlier year: the mourning is over, and the household gets its 年賀状 again.
    const over = /^\d{4}$/.test(String(c['喪中'])) && Number(c['喪中']) < ymdYear(MIDWINTER_CARDS_DAY) - 1;
    console.log(
      `  喪中「${String(c['喪中'])}」${over ? `（${String(c['喪中'])}年の喪中で、喪は明けています）` : ''}のご家庭（${family.length}人）: ` +
        (got.join('、') || 'はがきなし'),
    );
  }
}

/** What one day's run did, as the owner would read it. */
function printDay(result: RunResult, day: string): void {
  const s = result.summary;
  const byChannel = CHANNELS.map((c) => `${c} ${s.prepared[c]}件`).join('、');
  const planned = result.customers.filter((c) => c.次回連絡日 !== null).length;
  console.log(`つなぐ デモ — ここち堂（${day}）`);
  for (const done of result.imports) {
    console.log(importLine(done));
    if (done.summary) console.log(`  ${done.summary}`);
  }
  console.log(`お客様 ${s.customers}人のうち、次回連絡日が決まった方 ${planned}人`);
  console.log(`今日のフォロー ${s.dueToday}件のうち準備したもの: ${byChannel}`);
  const byRule = Object.entries(s.preparedByScenario)
    .map(([scenario, n]) => `${scenario} ${n}件`)
    .join('、');
  if (byRule) console.log(`  内訳: ${byRule}`);
  const upcoming = new Map<string, number>();
  for (const c of result.customers) {
    // 次回連絡内容 is 「シナリオ（ステップ）」 or the シナリオ alone.
    const scenario = c.次回連絡内容.replace(/（.*$/u, '');
    if (scenario) upcoming.set(scenario, (upcoming.get(scenario) ?? 0) + 1);
  }
  console.log(`次回の連絡（シナリオ別）: ${[...upcoming].map(([k, n]) => `${k} ${n}人`).join('、')}`);
  for (const line of s.forecast) console.log(line);
  if (s.held > 0) console.log(`文面に直すところがあり保留: ${s.held}件`);
  if (s.skipped > 0) console.log(`期限切れ・上限超過でスキップ: ${s.skipped}件`);
  console.log(`要確認の行: ${s.needsAttention}人（顧客シートの「要確認」列）`);
  for (const problem of s.setupProblems) console.log(`設定: ${problem}`);
  console.log(`出力: ${result.outPath}`);
  console.log(`  Gmail下書き ${result.drafts}件 → ${join(result.filesDir, 'drafts')}`);
  console.log(`  LINEメッセージ ${result.lineMessages}件 → ${join(result.filesDir, 'line')}`);
}

/** The year of a YYYY-MM-DD. */
function ymdYear(day: string): number {
  return Number(day.slice(0, 4));
}

/** YYYY-MM-DD of the day after. */
function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/** The rows of a sheet of the run's workbook, as records keyed by its header. */
function rows(result: RunResult, name: string): Record<string, unknown>[] {
  const sheet = result.services.spreadsheet.toData().sheets.find((sh) => sh.name === name);
  const [header = [], ...values] = sheet?.values ?? [];
  return values.map((row) => Object.fromEntries(header.map((h, i) => [String(h), row[i]])));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
