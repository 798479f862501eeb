/**
 * The shops `npm run compare` runs both planners on: the example shop on its demo day, and seeded random shops made
 * by the example generator (tools/make-example.ts) on a random day, then varied the way owners' workbooks vary —
 * fewer customers, headers written as their aliases, optional columns missing, the columns in another order, and
 * other settings.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CellValue, SheetData, SpreadsheetData } from '../../test/fakes';
import { DEMO_DAY } from '../example/demo-day';
import { isoOf, parseIsoDay } from '../example/days';
import { Random } from '../example/random';
import { buildExample } from '../make-example';
import { readWorkbook } from '../xlsx';
import { ROOT } from '../root';

export interface Shop {
  /** How the report names it: 「見本の店」 or 「店#3（seed 1003, 2027-03-14, 120人）」. */
  name: string;
  /** YYYY-MM-DD: the first day run. */
  firstDay: string;
  data: SpreadsheetData;
  /** What was varied, for the report. */
  varied: string[];
}

export async function exampleShop(): Promise<Shop> {
  const { data } = await readWorkbook(join(ROOT, 'examples/sample-shop.xlsx'));
  return { name: '見本の店', firstDay: DEMO_DAY, data, varied: [] };
}

/** Headers an owner may write instead (labels.ts CUSTOMER_COLUMNS aliases). */
const ALIASES: Record<string, string> = {
  顧客ID: '会員番号',
  氏名: 'お名前',
  メール: 'メールアドレス',
  電話: '電話番号',
  住所: 'ご住所',
  最終来店日: '前回来店日',
  来店回数: '来店数',
  カテゴリ: 'カテゴリー',
  購入金額: '金額',
  メモ: '備考',
};

/** Columns a shop may not keep (the rules that read them have nothing to go on, or fall back). */
const OPTIONAL = [
  'フリガナ',
  '敬称',
  'LINEユーザーID',
  '担当',
  '満足度',
  'キャンセル日',
  'クレーム対応日',
  '改善内容',
  '常連',
  'メール同意',
  '電話許可',
  'メモ',
];

/** 設定 rows (項目 → values to pick from); '' leaves the cell empty (the default applies). */
const SETTINGS: Record<string, readonly CellValue[]> = {
  定休日: ['水', '', '日,月', '第2・第4火曜', '火'],
  祝日休業: [false, true],
  休眠日数: [90, 60, 120, 180, ''],
  休眠フォローの対象: ['3年以内', '1年以内', '全員', ''],
  常連来店回数: [3, 2, 5, ''],
  高額購入金額: [30000, 10000, 50000, ''],
  LINE目安月回数: [1, 2, 0, ''],
  LINE上限月回数: [4, 2, 8, ''],
  空き枠案内の間隔日数: [7, 3, 14, ''],
  空き枠案内の最大人数: [3, 1, 5, ''],
  '1日の手紙上限': [20, 3, 8, ''],
  '1日の電話上限': [10, 2, 0, ''],
  '1日のメール上限': [50, 5, 15, ''],
  半年後の特典の渡し方: ['別送', '次回ご来店時', ''],
  感謝の金券: ['', 'お茶券 1,000円分'],
  ニュースレターの郵送: ['メールで届かない世帯のみ', '全員', ''],
  半年後の特典: ['三軒茶屋の老舗和菓子店の季節の焼き菓子', '', '季節の入浴剤'],
};

/** The first and last day a random shop may start on (the example generator's stories fit any day). */
const FIRST = parseIsoDay('2026-01-05');
const LAST = parseIsoDay('2027-12-20');

/** Shop number `index` of the run seeded `seed`: the same arguments make the same shop. */
export async function randomShop(seed: number, index: number): Promise<Shop> {
  const shopSeed = seed * 1000 + index;
  const rng = new Random(shopSeed);
  const firstDay = isoOf(rng.int(FIRST, LAST));
  const data = await exampleData(firstDay, shopSeed);
  const varied: string[] = [];
  const customers = sheet(data, '顧客');
  const log = sheet(data, '連絡履歴');

  // Fewer customers (their 連絡履歴 rows go with them; rows of no customer stay, as an owner's stray rows would).
  const share = rng.pick([1, 1, 0.6, 0.3, 0.12]);
  if (share < 1) {
    const id = customers.values[0].indexOf('顧客ID');
    const all = new Set(customers.values.slice(1).map((r) => String(r[id])));
    const keep = customers.values.map((_, r) => r === 0 || rng.chance(share));
    customers.values = customers.values.filter((_, r) => keep[r]);
    customers.numberFormats = customers.numberFormats?.filter((_, r) => keep[r]);
    const kept = new Set(customers.values.slice(1).map((r) => String(r[id])));
    const logId = log.values[0].indexOf('顧客ID');
    log.values = log.values.filter(
      (row, r) => r === 0 || kept.has(String(row[logId])) || !all.has(String(row[logId])),
    );
    log.numberFormats = undefined;
    customers.maxRows = undefined;
    log.maxRows = undefined;
  }
  // Columns: some missing, some headed by an alias, then perhaps all in another order.
  for (const header of OPTIONAL)
    if (rng.chance(0.12)) {
      dropColumn(customers, header);
      varied.push(`${header}なし`);
    }
  for (const [header, alias] of Object.entries(ALIASES)) {
    const col = customers.values[0].indexOf(header);
    if (col >= 0 && rng.chance(0.25)) {
      customers.values[0][col] = alias;
      varied.push(`${header}→${alias}`);
    }
  }
  if (rng.chance(0.5)) {
    shuffleColumns(customers, rng);
    varied.push('列の順序');
  }
  // Settings.
  const settings = sheet(data, '設定');
  for (const [item, values] of Object.entries(SETTINGS)) {
    if (!rng.chance(0.4)) continue;
    const value = rng.pick(values);
    setSetting(settings, item, value);
    varied.push(`${item}=${value === '' ? '空' : String(value)}`);
  }
  if (rng.chance(0.2)) {
    setSetting(settings, 'ニュースレター配信日', '');
    varied.push('ニュースレターなし');
  } else if (rng.chance(0.5)) {
    const day = rng.int(1, 28);
    setSetting(settings, 'ニュースレター配信日', day);
    varied.push(`ニュースレター配信日=${day}`);
  }
  const people = customers.values.length - 1;
  return { name: `店#${index + 1}（seed ${shopSeed}, ${firstDay}, ${people}人）`, firstDay, data, varied };
}

/** The example generator's workbook for `today`, read back as the runner reads a workbook. */
async function exampleData(today: string, seed: number): Promise<SpreadsheetData> {
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-shop-'));
  try {
    const path = join(dir, `shop-${seed}.xlsx`);
    await buildExample({ today, seed }).workbook.xlsx.writeFile(path);
    return (await readWorkbook(path)).data;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function sheet(data: SpreadsheetData, name: string): SheetData {
  const found = data.sheets.find((s) => s.name === name);
  if (!found) throw new Error(`the example has no ${name} sheet`);
  return found;
}

/** Only the values and their formats are kept in step; widths and the like of 顧客 are let go. */
function forgetLayout(s: SheetData): void {
  for (const key of ['columnWidths', 'merges', 'validations', 'validationsRejectInvalid', 'bold'] as const)
    delete s[key];
  s.maxColumns = undefined;
}

function dropColumn(s: SheetData, header: string): void {
  const col = s.values[0].indexOf(header);
  if (col < 0) return;
  s.values = s.values.map((row) => row.filter((_, c) => c !== col));
  s.numberFormats = s.numberFormats?.map((row) => row.filter((_, c) => c !== col));
  forgetLayout(s);
}

function shuffleColumns(s: SheetData, rng: Random): void {
  const order = s.values[0].map((_, c) => c);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  s.values = s.values.map((row) => order.map((c) => row[c] ?? ''));
  s.numberFormats = s.numberFormats?.map((row) => order.map((c) => row[c] ?? ''));
  forgetLayout(s);
}

function setSetting(s: SheetData, item: string, value: CellValue): void {
  const row = s.values.find((r, i) => i > 0 && r[0] === item);
  if (row) row[1] = value;
  else s.values.push([item, value]);
}
