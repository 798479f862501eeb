/**
 * npm run demo: import the example shop's booking export (examples/stores-reserve-export.csv, as 「CSVを取り込む」
 * would with no uncertain match confirmed), then plan the shop's follow-ups for a fixed day and print a short
 * Japanese summary.
 */
import { join } from 'node:path';
import { CHANNELS } from '../src/labels';
import { DEMO_DAY } from './example/demo-day';
import { DEFAULT_EXPORT_OUT } from './make-export';
import { importLine, runLocal } from './runner';
import { ROOT } from './root';

async function main(): Promise<void> {
  const result = await runLocal({
    workbook: join(ROOT, 'examples/sample-shop.xlsx'),
    today: DEMO_DAY,
    out: join(ROOT, 'out/sample-shop.xlsx'),
    imports: [join(ROOT, DEFAULT_EXPORT_OUT)],
  });
  const s = result.summary;
  const byChannel = CHANNELS.map((c) => `${c} ${s.prepared[c]}件`).join('、');
  const planned = result.customers.filter((c) => c.次回連絡日 !== null).length;
  console.log(`つなぐ デモ — ここち堂（${DEMO_DAY}）`);
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

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
