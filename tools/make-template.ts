/**
 * npm run template: writes examples/template.xlsx, the workbook a shop owner copies (issue 16, item 1).
 *
 * It is made the way an owner's copy is: the bundle clasp pushes (dist/Code.js, run on the fakes as `npm run local`
 * runs it) does its own 初期設定 on an empty spreadsheet, so every sheet, header, dropdown and default row is
 * exactly what 初期設定 makes. Then three example customers are added to 顧客 (顧客ID 「例…」, 配信停止 すべて:
 * never contacted, counted apart) showing how each column may be filled, and a 「はじめに」 sheet goes first with
 * the owner's first steps and the version row 診断 reads (src/core/version.ts).
 *
 *   npm run build && npm run template [-- --out examples/template.xlsx]
 *
 * The same build writes the same cells: the clock is fixed and the version row holds package.json's version only
 * (the template's own script writes its full label there when 診断 runs in it).
 */
import ExcelJS from 'exceljs';
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CUSTOMER_COLUMNS, MENU, SHEET } from '../src/labels';
import { INTRO_SHEET, VERSION_LABEL } from '../src/core/version';
import { FakeClock, type CellValue, type SheetData, type SpreadsheetData } from '../test/fakes';
import { instantOf } from '../test/fakes/clock';
import { bundleOn } from './runner';
import { ROOT } from './root';
import { DEFAULT_TIME_ZONE, writeWorkbook } from './xlsx';

export const TEMPLATE_OUT = 'examples/template.xlsx';
/** The wall time 初期設定 runs at: fixed, so that the same build writes the same cells. */
const SETUP_AT = { year: 2026, month: 12, day: 1, hour: 9 } as const;
/** The one sheet of a new Google spreadsheet made in Japanese. */
const FIRST_SHEET = 'シート1';
const DATE_FORMAT = 'yyyy/mm/dd';

/** 顧客 cells of one example customer, by header; what is left out stays blank. */
type ExampleRow = Partial<Record<string, CellValue>>;

const day = (year: number, month: number, date: number): Date =>
  new Date(instantOf(DEFAULT_TIME_ZONE, year, month, date));

/**
 * Three example customers, each showing other ways an owner may write a value: a date cell and dates typed as
 * text (2026/11/15, 2026-11-20, 令和7年6月20日, R8.10.3, 2026年9月1日), amounts as a number or 「12,000円」,
 * booleans as TRUE, ○ and はい, a category of カテゴリ, and a company addressed 御中.
 */
export const EXAMPLE_CUSTOMERS: readonly ExampleRow[] = [
  {
    顧客ID: '例1',
    氏名: '見本 花子',
    ふりがな: 'みほん はなこ',
    敬称: '様',
    メール: 'hanako@example.com',
    電話: '090-0000-0001',
    郵便番号: '〒154-0004',
    住所: '東京都世田谷区太子堂9-9-9 見本ハイツ101',
    初回来店日: day(2025, 4, 10),
    最終来店日: '2026/11/15',
    来店回数: 5,
    カテゴリ: '整体',
    購入商品: '骨盤調整60分',
    購入金額: 6600,
    満足度: '満足',
    電話許可: true,
    メール同意: true,
    配信停止: 'すべて',
    メモ: '見本の行です（連絡しません）。日付は日付のセルでも「2026/11/15」のような文字でも読めます。喪中はがきが届いたら、喪中の列にその年（令和8年、2026）を入れます。',
    誕生日: '5月3日',
    喪中: '令和8年',
  },
  {
    顧客ID: '例2',
    氏名: '見本 太郎',
    ふりがな: 'みほん たろう',
    電話: '03-0000-0002',
    初回来店日: '令和7年6月20日',
    最終来店日: 'R8.10.3',
    来店回数: 2,
    カテゴリ: '美容室',
    購入商品: 'カット＋カラー',
    購入金額: '12,000円',
    キャンセル日: '2026-11-20',
    電話許可: false,
    メール同意: false,
    配信停止: 'すべて',
    次回予約日: '2026/12/20 14:00',
    誕生日: '昭和55年8月21日',
    メモ: '見本の行です（連絡しません）。和暦（令和7年6月20日、R8.10.3）や 2026-11-20 の形も読めます。メールのない方は空欄のままで大丈夫です。',
  },
  {
    顧客ID: '例3',
    氏名: '株式会社見本商事',
    ふりがな: 'みほんしょうじ',
    敬称: '御中',
    メール: 'info@example.co.jp',
    電話: '03-0000-0003',
    郵便番号: '150-0001',
    住所: '東京都渋谷区神宮前9-9-9 見本ビル3階',
    初回来店日: '2024年5月1日',
    最終来店日: '2026年9月1日',
    来店回数: 12,
    カテゴリ: '車',
    購入商品: '社用車の定期点検',
    購入金額: 45000,
    クレーム対応日: '2026/6/10',
    改善内容: '点検のあいだ待合室で使える電源を用意しました',
    電話許可: '○',
    常連: true,
    メール同意: 'はい',
    配信停止: 'すべて',
    メモ: '見本の行です（連絡しません）。会社あては敬称を「御中」にします。',
  },
];

/** 「はじめに」: the owner's first steps, in the order they take them, and the version row last. */
function introRows(version: string): CellValue[][] {
  const menu = (item: string) => `メニュー「${MENU.title}」→「${item}」`;
  return [
    ['つなぐ — はじめに'],
    [
      'このスプレッドシートは、お店のお客様へのお礼・お伺い・ご案内を忘れずに続けるための「つなぐ」です。上から順に進めてください。くわしくは「使い方ガイド」をご覧ください。',
    ],
    [],
    ['手順', '内容'],
    [
      '1. コピーを作る',
      '受け取ったリンクを開き、「コピーを作成」を押します。できたコピーが、お店のスプレッドシートです（このひな形には入力しないでください）。',
    ],
    [
      '2. 承認する',
      `コピーで${menu(MENU.setup)}を押します。初めてのときだけ、Googleの「承認が必要です」という画面が出ます。お店のGoogleアカウントを選び、許可する内容を確かめて許可してください。「このアプリは Google で確認されていません」と出る理由と、許可する内容の一つひとつは、使い方ガイドの『承認』にあります。`,
    ],
    [
      '3. 初期設定',
      `承認が済んだら、もう一度${menu(MENU.setup)}を押します。右側に「初期設定」の案内が開きます。「お客様の表」「お店のこと」「例のお客様」「はじめの1週間」の順に進めます（くわしくは使い方ガイドの『初期設定』）。`,
    ],
    [
      '4. お店のこと',
      '初期設定の「お店のこと」で、店名・差出人名・店舗住所・店舗電話・店舗メール・定休日を入れます。あとから「設定」タブで直せます。',
    ],
    [
      '5. お客様を入れる',
      '「顧客」シートに、1行に1人ずつお客様を入れます。必ず要るのは顧客IDと氏名だけです。顧客IDが「例」で始まり配信停止が「すべて」の行は見本です（連絡しません）。書き方を確かめたら、初期設定の「例のお客様」で削除できます。',
    ],
    [
      '予約・レジのCSV',
      `予約システムやレジを使っているときは、そこから書き出したCSVの来店を${menu(MENU.importCsv)}で取り込めます。来店日・来店回数・買われたもの・次のご予約を「${SHEET.visits}」シートに入れ、「顧客」シートのセルは書き換えません（くわしくは使い方ガイドの『CSVを取り込む（予約・レジのデータを入れる）』）。`,
    ],
    [
      '6. 計画を見る',
      `初期設定の「はじめの1週間」で、最初の1週間に何件の連絡があるかと郵便代が出ます。お客様ごとに次回連絡日が入りますが、最初はプレビューで、下書きや手紙はまだ作りません。${menu(MENU.today)}で今日の分を確かめ、よければ「準備する」を押します。`,
    ],
    ['7. 毎日の自動実行', `${menu(MENU.autoOn)}を押すと、毎朝の計画と準備をつなぐが行います。`],
    [
      '8. LINEを使うとき',
      'LINE公式アカウントとMessaging APIの準備が要ります。使い方ガイドの『LINE をつなぐ』の手順に沿って進めてください。',
    ],
    ['困ったとき', `${menu(MENU.diagnose)}で、つなぐの状態と直し方を確かめられます。`],
    [],
    [
      VERSION_LABEL,
      version,
      'このひな形のつなぐの版です。コピーでは、コピーしたときの版のまま変わりません（いまの版は「診断」で確かめられます）。',
    ],
  ];
}

function introSheet(version: string): SheetData {
  const values = introRows(version);
  return {
    name: INTRO_SHEET,
    values,
    columnWidths: { 1: 160, 2: 640, 3: 360 },
    bold: ['A1', 'A4:B4', `A${values.length}`],
  };
}

/** package.json's version: the template's label until its own script writes the full one (see diagnose.ts). */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The template as data: 初期設定's sheets on an empty spreadsheet, the examples in 顧客, 「はじめに」 first. */
export function buildTemplate(version = packageVersion()): SpreadsheetData {
  const empty: SpreadsheetData = {
    id: 'tsunagu-template',
    name: 'つなぐ テンプレート',
    timeZone: DEFAULT_TIME_ZONE,
    sheets: [{ name: FIRST_SHEET, values: [] }],
  };
  const { year, month, day: date, hour } = SETUP_AT;
  const clock = new FakeClock(instantOf(DEFAULT_TIME_ZONE, year, month, date, hour));
  const bundle = bundleOn(empty, clock);
  const result = bundle.call('setupWorkbook') as { ok: boolean; message: string };
  if (!result.ok) throw new Error(`初期設定 failed: ${result.message}`);
  const after = bundle.services.spreadsheet.toData();
  const sheets = after.sheets.filter((s) => s.name !== FIRST_SHEET);
  const customers = sheets.find((s) => s.name === SHEET.customers);
  if (!customers) throw new Error(`初期設定 made no ${SHEET.customers} sheet`);
  addExamples(customers);
  // The tags 初期設定 put on sheets and columns are developer metadata, which an .xlsx cannot hold: the owner's
  // copy is tagged by its own 初期設定 (an empty system column is adopted as Tsunagu's).
  for (const sheet of sheets) delete sheet.developerMetadata;
  // Sheet ids are Google's to give when the file is uploaded.
  for (const sheet of sheets) delete sheet.sheetId;
  return { ...after, sheets: [introSheet(version), ...sheets] };
}

function addExamples(sheet: SheetData): void {
  const headers = (sheet.values[0] ?? []).map(String);
  const formats = (sheet.numberFormats ??= []);
  for (const example of EXAMPLE_CUSTOMERS) {
    const unknown = Object.keys(example).filter((h) => !headers.includes(h));
    if (unknown.length > 0) throw new Error(`顧客 has no column ${unknown.join(', ')}`);
    const r = sheet.values.length;
    sheet.values.push(headers.map((h) => example[h] ?? ''));
    formats[r] = headers.map((h) => (example[h] instanceof Date ? DATE_FORMAT : ''));
  }
  const known = new Set(Object.values(CUSTOMER_COLUMNS).map((c) => c.header as string));
  if (headers.some((h) => !known.has(h))) throw new Error('顧客 has a column 初期設定 did not make');
}

export async function writeTemplate(path = join(ROOT, TEMPLATE_OUT)): Promise<SpreadsheetData> {
  const data = buildTemplate();
  mkdirSync(dirname(path), { recursive: true });
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'つなぐ';
  workbook.lastModifiedBy = 'つなぐ';
  const at = new Date(Date.UTC(SETUP_AT.year, SETUP_AT.month - 1, SETUP_AT.day));
  workbook.created = at;
  workbook.modified = at;
  await writeWorkbook({ workbook, before: { ...data, sheets: [] }, after: data, path });
  return data;
}

if (/^make-template\.[cm]?[jt]s$/.test(basename(process.argv[1] ?? ''))) {
  const i = process.argv.indexOf('--out');
  const out = i >= 0 ? process.argv[i + 1] : join(ROOT, TEMPLATE_OUT);
  writeTemplate(out)
    .then((data) =>
      console.log(
        `${out}: ${data.sheets.map((s) => s.name).join('・')}（例のお客様 ${EXAMPLE_CUSTOMERS.length}人）`,
      ),
    )
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
