import ExcelJS from 'exceljs';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLocal } from '../../tools/runner';

const LINE_ID = `U${'9f'.repeat(16)}`;

/** A LINE-compatible stand-in on 127.0.0.1, in its own process (the runner's HTTP is synchronous). */
const STUB = `
const http = require('http');
const fs = require('fs');
const log = process.argv[1];
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    fs.appendFileSync(log, JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }) + '\\n');
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/v2/bot/message/quota') return res.end('{"type":"limited","value":200}');
    if (req.url === '/v2/bot/message/quota/consumption') return res.end('{"totalUsage":5}');
    if (req.url === '/v2/bot/message/push') return res.end('{"sentMessages":[{"id":"1","quoteToken":"q"}]}');
    res.statusCode = 404;
    res.end('{}');
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
setTimeout(() => process.exit(0), 60000);
`;

describe('the local runner pushes approved LINE to a LINE-compatible server on 127.0.0.1', () => {
  let stub: ChildProcess;
  let port: number;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsunagu-line-'));
    stub = spawn(process.execPath, ['-e', STUB, join(dir, 'requests.jsonl')]);
    port = await new Promise<number>((ok, fail) => {
      stub.stdout?.once('data', (d) => ok(Number(String(d).trim())));
      stub.once('error', fail);
    });
  });
  afterAll(() => stub.kill());

  test("with LINE自動送信, the day's LINE goes out at the trigger's hour, with its retry key", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('顧客').addRows([
      ['顧客ID', '氏名', 'LINEユーザーID', '最終来店日', '来店回数', 'カテゴリ', '購入商品'],
      ['C3', '高橋 花子', LINE_ID, '2026/11/20', 3, '整体', 'ヘッドスパ'],
    ]);
    wb.addWorksheet('設定').addRows([
      ['項目', '値'],
      ['店名', 'ここち堂'],
      ['店舗住所', '東京都世田谷区太子堂2-14-3'],
      ['店舗電話', '03-5432-1234'],
      ['LINE自動送信', 'TRUE'],
      ['毎日の実行時刻', '10'],
    ]);
    const input = join(dir, 'shop.xlsx');
    await wb.xlsx.writeFile(input);
    const props = join(dir, 'props.json');
    writeFileSync(
      props,
      JSON.stringify({
        document: { 'tsunagu.line.token': 'loopback-token' },
        script: { 'tsunagu.line.baseUrl': `http://127.0.0.1:${port}` },
      }),
    );
    const result = await runLocal({
      workbook: input,
      today: '2026-11-22',
      out: join(dir, 'out.xlsx'),
      props,
      // The stand-in is outside appsscript.json's urlFetchWhitelist: the test names it.
      allowFetch: [`http://127.0.0.1:${port}/`],
    });
    const requests = readFileSync(join(dir, 'requests.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const pushes = requests.filter((r) => r.url === '/v2/bot/message/push');
    expect(pushes).toHaveLength(1);
    expect(pushes[0].headers.authorization).toBe('Bearer loopback-token');
    expect(pushes[0].headers['x-line-retry-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(pushes[0].body)).toEqual({
      to: LINE_ID,
      messages: [{ type: 'text', text: expect.stringContaining('高橋様、') }],
    });
    const outbox = result.services.spreadsheet.toData().sheets.find((s) => s.name === 'LINE送信');
    expect(outbox?.values[1]).toContain('送信済');
  });
});
