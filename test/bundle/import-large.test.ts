/**
 * A 20,000-row export imported inside Apps Script's limits (issue 17, item 6): through the one driver the sidebar and
 * the local runner use, on the bundle, every part one server call of bounded size; the same file again adds nothing;
 * an import interrupted after part k and resumed by importing the same file again ends with exactly the 来店履歴 of an
 * uninterrupted one.
 */
import { importServerOver, PART_ROWS, type ImportServer } from '../../src/shared/import-driver';
import { BOOKING_LIST, exportBytes, type ExportLayout, type ExportRow } from '../../tools/make-export';
import { bundleImportServer, importBytes, RunFailure, type ImportedFile } from '../../tools/runner';
import { dayOfYmd } from '../../tools/example/days';
import { customerSheet, dateCell, loadTsunagu, settingsSheet, SHOP_SETTINGS, type Tsunagu } from './harness';
import type { CellValue } from '../fakes';

const TODAY = '2026-11-24';
const CUSTOMERS = 1000;
const VISITS_EACH = 20;
/** Two people the shop has never seen, with visits spread over the whole file (so over every part). */
const NEWCOMERS = 2;
/**
 * Bound on one call's argument, as JSON: google.script.run documents no size limit
 * (https://developers.google.com/apps-script/guides/html/communication), so the parts are kept far below anything a
 * browser or Apps Script would balk at.
 */
const MAX_PAYLOAD = 200_000;

const phoneOf = (i: number) =>
  `090-${String(1000 + Math.floor(i / 10000)).padStart(4, '0')}-${String(i % 10000).padStart(4, '0')}`;
const idOf = (i: number) => `C${String(i + 1).padStart(5, '0')}`;

function customers(): Record<string, CellValue>[] {
  return Array.from({ length: CUSTOMERS }, (_, i) => ({
    顧客ID: idOf(i),
    氏名: `客 ${i + 1}`,
    電話: phoneOf(i),
    最終来店日: dateCell('2024-12-01'),
    来店回数: 3,
    カテゴリ: '整体',
    購入商品: '骨盤調整60分',
  }));
}

/** 20,000 visits: every customer 20 times from 2025-01 on, and two newcomers among them; ordered by day. */
function exportRows(): ExportRow[] {
  const start = dayOfYmd(2025, 1, 6);
  const rows: ExportRow[] = [];
  const people = CUSTOMERS + NEWCOMERS;
  for (let n = 0; n < CUSTOMERS * VISITS_EACH; n++) {
    const who = n % people;
    const visit = Math.floor(n / people);
    rows.push({
      day: start + Math.floor((n * 650) / (CUSTOMERS * VISITS_EACH)),
      minutes: 600 + (n % 48) * 10,
      status: 'visited',
      bookingNo: `R${n + 1}`,
      memberNo: String(500000 + who),
      name: who < CUSTOMERS ? `客 ${who + 1}` : `新しい客 ${who - CUSTOMERS + 1}`,
      kana: '',
      phone: who < CUSTOMERS ? phoneOf(who) : `080-9999-000${who - CUSTOMERS}`,
      email: '',
      menu: visit % 2 === 0 ? '骨盤調整60分' : '全身もみほぐし60分',
      amount: 5500 + (n % 5) * 1100,
      staff: '山本',
    });
  }
  return rows;
}

const ROWS = exportRows();
const UTF8: ExportLayout = { ...BOOKING_LIST, encoding: 'UTF-8' };
const FILES = {
  'UTF-8': exportBytes(UTF8, ROWS),
  Shift_JIS: exportBytes(BOOKING_LIST, ROWS),
};

function shop(): Tsunagu {
  return loadTsunagu({
    today: TODAY,
    sheets: [customerSheet(customers()), settingsSheet(SHOP_SETTINGS)],
  });
}

/** The bundle's server, recording each call's name and argument size. */
function measured(t: Tsunagu, calls: { name: string; chars: number }[]): ImportServer {
  const server = bundleImportServer(t.bundle);
  return importServerOver((name, request) => {
    calls.push({ name, chars: JSON.stringify(request).length });
    return (server[name] as (r: unknown) => Promise<unknown>)(request);
  });
}

describe('a 20,000-row export, in parts', () => {
  const parts = Math.ceil((ROWS.length + 1) / PART_ROWS); // + the totals line
  let reference: Tsunagu;
  let first: ImportedFile;

  /** Imports one encoding into a new shop: every part one call, each call's argument under the bound. */
  async function importOnce(encoding: keyof typeof FILES): Promise<{ t: Tsunagu; done: ImportedFile }> {
    const t = shop();
    const calls: { name: string; chars: number }[] = [];
    const started = Date.now();
    const done = await importBytes(measured(t, calls), 'export.csv', FILES[encoding]);
    const ms = Date.now() - started;
    expect(done.encoding).toBe(encoding);
    expect(done.added).toBe(ROWS.length);
    expect(done.newCustomers).toBe(NEWCOMERS);
    expect(calls.filter((c) => c.name === 'checkImportPart')).toHaveLength(parts);
    expect(calls.filter((c) => c.name === 'writeImportPart')).toHaveLength(parts);
    const largest = Math.max(...calls.map((c) => c.chars));
    console.log(
      `${encoding}: ${FILES[encoding].length} bytes, ${calls.length} calls (${parts} parts of ${PART_ROWS} rows), ` +
        `largest argument ${largest} chars, ${ms} ms`,
    );
    for (const call of calls) expect(call.chars).toBeLessThan(MAX_PAYLOAD);
    expect(t.values('来店履歴')!.length - 1).toBe(ROWS.length);
    return { t, done };
  }

  test('UTF-8: every part one call under the bound; the same file again adds nothing', async () => {
    const { t, done } = await importOnce('UTF-8');
    [reference, first] = [t, done];
    const visits = t.values('来店履歴');
    const started = Date.now();
    const again = await importBytes(bundleImportServer(t.bundle), 'export.csv', FILES['UTF-8']);
    console.log(`UTF-8 again: ${Date.now() - started} ms`);
    expect(again).toMatchObject({ added: 0, merged: 0, newCustomers: 0, already: ROWS.length });
    expect(t.values('来店履歴')).toEqual(visits);
    expect(t.values('顧客')!.length).toBe(1 + CUSTOMERS + NEWCOMERS);
  }, 300_000);

  test('Shift_JIS: the same parts, and the same 来店履歴 and 顧客 as the UTF-8 file', async () => {
    const { t } = await importOnce('Shift_JIS');
    expect(t.values('来店履歴')).toEqual(reference.values('来店履歴'));
    expect(t.values('顧客')).toEqual(reference.values('顧客'));
  }, 300_000);

  test('interrupted after part k, then the same file again: the 来店履歴 and 顧客 of an uninterrupted import', async () => {
    // Half-way: the newcomers were added in an early part, and many parts remain.
    const k = Math.floor(parts / 2);
    const t = shop();
    const server = bundleImportServer(t.bundle);
    let writes = 0;
    const failing: ImportServer = {
      ...server,
      writeImportPart: (request) => {
        if (++writes > k) return Promise.reject(new Error('サーバーとの接続が切れました'));
        return server.writeImportPart(request);
      },
    };
    await expect(importBytes(failing, 'export.csv', FILES.Shift_JIS)).rejects.toThrow(RunFailure);
    expect(t.values('来店履歴')!.length - 1).toBe(k * PART_ROWS);

    const resumed = await importBytes(server, 'export.csv', FILES.Shift_JIS);
    expect(resumed).toMatchObject({ added: first.added - k * PART_ROWS, already: k * PART_ROWS });
    expect(t.values('来店履歴')).toEqual(reference.values('来店履歴'));
    expect(t.values('顧客')).toEqual(reference.values('顧客'));
  }, 300_000);
});
