/**
 * Synthetic shops for the benchmark: the example shop's 300 customers (every rule has something to do) repeated
 * with new 顧客ID, addresses and LINE ids up to the size asked, with their 連絡履歴 rows, and a year of older
 * contacts added until there are about three per customer.
 */
import { join } from 'node:path';
import type { CellValue, SheetData, SpreadsheetData } from '../../test/fakes';
import { readWorkbook } from '../xlsx';
import { ROOT } from '../root';

const DAY_MS = 86_400_000;
/** Contacts per customer in a year of 連絡履歴. */
const CONTACTS_PER_CUSTOMER = 3;

let example: SpreadsheetData | null = null;

async function exampleShop(): Promise<SpreadsheetData> {
  example ??= (await readWorkbook(join(ROOT, 'examples/sample-shop.xlsx'))).data;
  return example;
}

/**
 * A string as getValues returns it: read off the wire, in one piece. A string built here by concatenation would
 * be a chain of pieces in V8, which every Map lookup of a 顧客ID would first have to join — a cost no real sheet has.
 */
function flat(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

export async function syntheticShop(customers: number, today: Date): Promise<SpreadsheetData> {
  const base = await exampleShop();
  const sheet = (name: string) => base.sheets.find((s) => s.name === name) as SheetData;
  const people = sheet('顧客');
  const log = sheet('連絡履歴');
  const copies = Math.ceil(customers / (people.values.length - 1));
  const col = (s: SheetData, header: string) => s.values[0].indexOf(header);
  const [id, email, line, address] = ['顧客ID', 'メール', 'LINEユーザーID', '住所'].map((h) =>
    col(people, h),
  );
  const [logId, logKey, logName, logAt, logScenario, logStep, logChannel, logState] = [
    '顧客ID',
    'キー',
    '氏名',
    '日時',
    'シナリオ',
    'ステップ',
    'チャネル',
    '状態',
  ].map((h) => col(log, h));

  const renamed = (value: CellValue, copy: number) => (copy === 0 ? value : flat(`${String(value)}-${copy}`));
  const customerRows: CellValue[][] = [];
  const formats: string[][] = [];
  for (let copy = 0; copy < copies && customerRows.length < customers; copy++) {
    people.values.slice(1).forEach((row, r) => {
      if (customerRows.length >= customers) return;
      const next = [...row];
      next[id] = renamed(row[id], copy);
      if (copy > 0) {
        if (row[email]) next[email] = flat(String(row[email]).replace('@', `+${copy}@`));
        if (row[line]) next[line] = flat(`U${(copy * 1000 + r).toString(16).padStart(32, '0')}`);
        if (row[address]) next[address] = flat(`${String(row[address])} ${copy}号`);
      }
      customerRows.push(next);
      formats.push(people.numberFormats?.[r + 1] ?? []);
    });
  }

  const logRows: CellValue[][] = [];
  const ids = new Set(customerRows.map((r) => String(r[id])));
  for (let copy = 0; copy < copies; copy++) {
    for (const row of log.values.slice(1)) {
      const next = [...row];
      next[logId] = renamed(row[logId], copy);
      if (!ids.has(String(next[logId]))) continue;
      if (copy > 0 && row[logKey])
        next[logKey] = flat(String(row[logKey]).replace(/^[^|]+/, String(next[logId])));
      logRows.push(next);
    }
  }
  // A year of earlier newsletters and letters, older than the LINE caps' 30 days, up to ~3 per customer.
  const width = log.values[0].length;
  for (let i = 0; logRows.length < customers * CONTACTS_PER_CUSTOMER; i++) {
    const customer = customerRows[i % customerRows.length];
    const daysAgo = 35 + ((i * 37) % 330);
    const row: CellValue[] = new Array<CellValue>(width).fill('');
    row[logAt] = new Date(today.getTime() - daysAgo * DAY_MS);
    row[logId] = customer[id];
    row[logName] = customer[col(people, '氏名')];
    row[logScenario] = 'ニュースレター';
    row[logStep] = 'ニュースレター';
    row[logChannel] = customer[email] ? 'メール' : '手紙';
    row[logState] = '送信済';
    logRows.push(row);
  }

  // Grids as Sheets would hold them: the rows in use, and 連絡履歴 as Tsunagu makes it (no spare columns).
  return {
    ...base,
    sheets: base.sheets.map((s) => {
      if (s === people)
        return {
          ...s,
          values: [s.values[0], ...customerRows],
          numberFormats: [s.numberFormats?.[0] ?? [], ...formats],
          maxRows: customerRows.length + 1,
        };
      if (s === log)
        return {
          ...s,
          values: [s.values[0], ...logRows],
          numberFormats: undefined,
          maxRows: logRows.length + 1,
          maxColumns: width,
        };
      return s;
    }),
  };
}
