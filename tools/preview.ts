/**
 * npm run preview: the 今日のフォロー sidebar in a browser, against the example workbook, for people without a
 * Google account. The workbook lives in memory: clicks change it as they would in Sheets, and nothing is saved.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_DAY } from './example/demo-day';
import { exampleDay } from './runner';
import { serveSidebar, sidebarPage } from './sidebar-host';
import { ROOT } from './root';

const PORT = Number(process.env.PORT ?? 8080);

async function main(): Promise<void> {
  // 10:00, after the morning run and inside LINE's sending hours.
  const bundle = await exampleDay(10);
  const page = sidebarPage(readFileSync(join(ROOT, 'dist/Sidebar.html'), 'utf8'));
  await serveSidebar(page, (name, args) => bundle.call(name, ...args), PORT);
  console.log(`つなぐ サイドバーのプレビュー（ここち堂、${DEMO_DAY}）: http://127.0.0.1:${PORT}/`);
  console.log('変更はメモリ上だけで、ブックには保存しません。Ctrl+C で終了します。');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
