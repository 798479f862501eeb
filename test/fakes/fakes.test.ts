import { createHash } from 'node:crypto';
import { FakeClock } from './clock';
import { loadBundle } from './host';
import { type FakeServices, createFakeServices, exportState, parseState } from './index';
import type { SpreadsheetData } from './model';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

function workbook(values: SpreadsheetData['sheets'][number]['values'] = []): SpreadsheetData {
  return { id: 'sheet-id', name: 'つなぐテスト', timeZone: 'Asia/Tokyo', sheets: [{ name: '顧客', values }] };
}

function setup(
  options: Partial<Parameters<typeof createFakeServices>[0]> = {},
): FakeServices & { sheet: Sheet } {
  const services = createFakeServices({
    spreadsheet: workbook(),
    clock: new FakeClock('2024-04-01T00:00:00Z'),
    ...options,
  });
  const ss = services.spreadsheetApp.getActiveSpreadsheet();
  return Object.assign(services, { sheet: ss.getSheets()[0] });
}

describe('Spreadsheet fake', () => {
  test('a new sheet is 1000 x 26 and ranges outside it throw like Apps Script', () => {
    const { sheet } = setup();
    expect([sheet.getMaxRows(), sheet.getMaxColumns()]).toEqual([1000, 26]);
    expect(() => sheet.getRange(1001, 1)).toThrow(
      'The coordinates of the range are outside the dimensions of the sheet.',
    );
    expect(() => sheet.getRange(1, 1, 1, 27)).toThrow('outside the dimensions');
    expect(() => sheet.getRange(0, 1)).toThrow('The starting row of the range is too small.');
    expect(() => sheet.getRange(1, 1, 0, 1)).toThrow('The number of rows in the range must be at least 1.');
    sheet.insertRowsAfter(1000, 5);
    expect(sheet.getRange(1001, 1, 5, 1).getNumRows()).toBe(5);
    expect(sheet.getMaxRows()).toBe(1005);
  });

  test('a loaded sheet is at least its data extent', () => {
    const rows = Array.from({ length: 1500 }, (_, i) => [i]);
    const { sheet } = setup({ spreadsheet: workbook(rows) });
    expect(sheet.getMaxRows()).toBe(1500);
    expect(sheet.getLastRow()).toBe(1500);
  });

  test('setValues checks the data against the range', () => {
    const { sheet } = setup();
    const range = sheet.getRange(1, 1, 2, 2);
    expect(() => range.setValues([[1, 2]])).toThrow(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
    expect(() => range.setValues([[1, 2], [3]])).toThrow(
      'The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.',
    );
  });

  test('getValues/setValues round trip pads with empty strings and stores values the way Sheets does', () => {
    const { sheet, spreadsheet } = setup();
    const when = new Date('2024-04-01T03:00:00Z');
    sheet.getRange('B2:E2').setValues([[when, null, '=SUM(A1)', "'=literal"]]);
    sheet.getRange('B3:E3').setValues([['0123', 'true', '2024-05-06', undefined]]);
    const values = sheet.getRange(1, 1, 3, 5).getValues();
    expect(values[0]).toEqual(['', '', '', '', '']);
    expect(values[1]).toEqual(['', when, '', '=SUM(A1)', '=literal']);
    expect(values[2][1]).toBe(123);
    expect(values[2][2]).toBe(true);
    expect((values[2][3] as Date).toISOString()).toBe('2024-05-05T15:00:00.000Z');
    expect(values[2][4]).toBe('');
    expect(spreadsheet.sheet('顧客')?.formulaCells()).toEqual({ D2: '=SUM(A1)' });

    sheet.getRange('A5').setNumberFormat('@');
    sheet.getRange('A5').setValue('0123');
    expect(sheet.getRange('A5').getValue()).toBe('0123');
    expect(() => sheet.getRange('A6').setValue('x'.repeat(50_001))).toThrow('maximum of 50000 characters');
  });

  test('dates: realm copies out, typed-in dates get a date format, overwriting clears the date', () => {
    const { sheet, spreadsheet } = setup();
    const when = new Date('2024-04-01T00:00:00Z');
    sheet.getRange('A1').setValue(when);
    when.setFullYear(2000); // the sheet keeps its own copy
    expect((sheet.getRange('A1').getValue() as Date).toISOString()).toBe('2024-04-01T00:00:00.000Z');
    sheet.getRange('A1').setValue(42);
    expect(sheet.getRange('A1').getValue()).toBe(42);
    sheet.getRange('B1').setValue('2024/04/05');
    expect(sheet.getRange('B1').getNumberFormat()).toBe('yyyy/mm/dd');
    expect(sheet.getRange('B1').getDisplayValue()).toBe('2024/04/05');
    const exported = spreadsheet.toData().sheets[0];
    expect(exported.values[0][1]).toEqual(new Date('2024-04-04T15:00:00Z'));
    expect(exported.numberFormats).toEqual([['', 'yyyy/mm/dd']]);
  });

  test('inserting rows in the middle moves values, formats and notes down', () => {
    const { sheet } = setup({ spreadsheet: workbook([['a'], ['b'], ['c']]) });
    sheet.getRange('A3').setNote('note').setBackground('#ff0000');
    sheet.insertRowsAfter(1, 2);
    expect(sheet.getRange('A1:A5').getValues().flat()).toEqual(['a', '', '', 'b', 'c']);
    expect(sheet.getRange('A5').getNote()).toBe('note');
    expect(sheet.getRange('A5').getBackground()).toBe('#ff0000');
    expect(sheet.getMaxRows()).toBe(1002);
    sheet.getRange('A4:A5').clearContent();
    expect(sheet.getLastRow()).toBe(1);
  });

  test('A1 notation forms', () => {
    const { sheet } = setup();
    expect(sheet.getRange('B:C').getA1Notation()).toBe('B1:C1000');
    expect(sheet.getRange('2:3').getNumColumns()).toBe(26);
    expect(sheet.getRange("'顧客'!$B$2").getA1Notation()).toBe('B2');
    expect(() => sheet.getRange('他!A1')).toThrow('Range not found');
    expect(sheet.getRange(2, 2, 3, 2).offset(1, 0, 1, 1).getA1Notation()).toBe('B3');
  });

  test('getValues returns fresh arrays', () => {
    const { sheet } = setup({ spreadsheet: workbook([['a']]) });
    const first = sheet.getRange('A1').getValues();
    first[0][0] = 'changed';
    expect(sheet.getRange('A1').getValue()).toBe('a');
  });

  test('getLastRow and getLastColumn follow non-empty cells', () => {
    const { sheet } = setup();
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([0, 0]);
    sheet.getRange(7, 3).setValue('x');
    sheet.getRange(2, 5).setValue('y');
    expect([sheet.getLastRow(), sheet.getLastColumn()]).toEqual([7, 5]);
    sheet.getRange(7, 3).setValue('');
    expect(sheet.getLastRow()).toBe(2);
    expect(sheet.getDataRange().getA1Notation()).toBe('A1:E2');
  });

  test('display values follow number formats', () => {
    const { sheet } = setup();
    sheet.getRange('A1:C1').setValues([[new Date('2024-04-01T15:00:00Z'), 1234.5, 0.25]]);
    sheet.getRange('A1:C1').setNumberFormats([['yyyy-mm-dd (ddd)', '#,##0.00"円"', '0%']]);
    expect(sheet.getRange('A1:C1').getDisplayValues()).toEqual([['2024-04-02 (Tue)', '1,234.50円', '25%']]);
    expect(sheet.getRange('D1').getNumberFormat()).toBe('0.###############');
  });

  test('display values pad whole numbers to the zeros of the format: 12 under 0000 shows 0012', () => {
    const { sheet } = setup();
    sheet.getRange('A1:D1').setValues([[12, 12, 12345, 3.5]]);
    sheet.getRange('A1:D1').setNumberFormats([['0000', '"C"000', '0000', '000.0']]);
    expect(sheet.getRange('A1:D1').getDisplayValues()).toEqual([['0012', 'C012', '12345', '003.5']]);
    expect(sheet.getRange('A1:D1').getValues()).toEqual([[12, 12, 12345, 3.5]]);
  });

  test('list validation: rejecting rules refuse other values, and export keeps them', () => {
    const { sheet, spreadsheetApp, spreadsheet } = setup();
    const rule = spreadsheetApp
      .newDataValidation()
      .requireValueInList(['未', '済'], true)
      .setAllowInvalid(false)
      .build();
    sheet.getRange('B2:B10').setDataValidation(rule);
    sheet.getRange('B2').setValue('済');
    expect(() => sheet.getRange('B3').setValue('x')).toThrow(
      'The data you entered in cell B3 violates the data validation rules set on this cell.',
    );
    const exported = spreadsheet.toData().sheets[0];
    expect(exported.validations).toEqual({ 'B2:B10': ['未', '済'] });
    expect(exported.validationsRejectInvalid).toEqual(['B2:B10']);
    expect(rule.getCriteriaValues()).toEqual([['未', '済'], true]);
  });

  test('sheets: insert, duplicate names, delete, formatting export', () => {
    const { spreadsheetApp, spreadsheet } = setup();
    const ss = spreadsheetApp.getActiveSpreadsheet();
    const log = ss.insertSheet('ログ', 0);
    expect(ss.getSheets().map((s) => s.getName())).toEqual(['ログ', '顧客']);
    expect(() => ss.insertSheet('ログ')).toThrow('A sheet with the name "ログ" already exists.');
    log.setFrozenRows(1);
    log
      .getRange('A1:C1')
      .setValues([['a', 'b', 'c']])
      .setFontWeight('bold');
    log.getRange('A1:B1').merge();
    log.setColumnWidth(2, 240);
    const data = spreadsheet.toData().sheets[0];
    expect(data).toMatchObject({
      name: 'ログ',
      frozenRows: 1,
      bold: ['A1:C1'],
      merges: ['A1:B1'],
      columnWidths: { 2: 240 },
    });
    expect(data.values).toEqual([['a', '', 'c']]);
    ss.deleteSheet(log);
    expect(() => ss.deleteSheet(ss.getSheets()[0])).toThrow("You can't remove all the sheets in a document.");
  });

  test('getUi is refused outside a user context when configured so', () => {
    const { spreadsheetApp, ui } = setup();
    spreadsheetApp.getUi().createAddonMenu().addItem('開く', 'openSidebar').addToUi();
    expect(ui.menus[0].items).toEqual([{ caption: '開く', functionName: 'openSidebar' }]);
    spreadsheetApp.uiAvailable = false;
    expect(() => spreadsheetApp.getUi()).toThrow('Cannot call SpreadsheetApp.getUi() from this context.');
  });

  test('one getValues on a 1000-row range is one call', () => {
    const { sheet, calls } = setup();
    calls.reset();
    sheet.getRange(1, 1, 1000, 5).getValues();
    expect(calls.count('SpreadsheetApp', 'Range.getValues')).toBe(1);
    expect(calls.total('SpreadsheetApp')).toBe(2);
    expect(calls.byMethod()).toEqual({
      'SpreadsheetApp.Sheet.getRange': 1,
      'SpreadsheetApp.Range.getValues': 1,
    });
  });

  // How fast is the bench's business (npm run bench), not a timed unit test's: a shared machine makes those flaky.
  test('100,000 rows read and written per column block keep every value', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => [
      i,
      `顧客${i}`,
      new Date(1_700_000_000_000 + i * 1000),
      '',
      true,
    ]);
    const { sheet } = setup({ spreadsheet: workbook(rows) });
    const values = sheet.getRange(1, 1, 100_000, 5).getValues();
    sheet.getRange(1, 6, 100_000, 2).setValues(values.map((row) => [row[1], row[2]]));
    sheet.getRange(1, 8, 100_000, 1).setValues(values.map((row) => [row[0]]));
    expect(sheet.getRange(100_000, 6, 1, 3).getValues()[0]).toEqual([
      '顧客99999',
      new Date(1_700_000_000_000 + 99_999_000),
      99_999,
    ]);
  });
});

describe('Embedded charts', () => {
  function chartSetup() {
    const summary = [
      ['シナリオ', '準備'],
      ['S1', 3],
      ['S2', 1],
    ];
    const sheets = [
      { name: '集計', values: summary },
      { name: '顧客', values: [] },
    ];
    const services = setup({ spreadsheet: { ...workbook(), sheets } });
    const Charts = services.globals.Charts as GoogleAppsScript.Charts.Charts;
    return { ...services, Charts };
  }

  test('newChart … build, insertChart: exported with its type, ranges, position and options', () => {
    const { sheet, spreadsheet, calls, Charts } = chartSetup();
    const other = spreadsheet.getSheets()[1];
    const chart = sheet
      .newChart()
      .setChartType(Charts.ChartType.COLUMN)
      .addRange(sheet.getRange('A1:B3'))
      .addRange(other.getRange('A1:A2'))
      .setNumHeaders(1)
      .setPosition(2, 5, 10, 20)
      .setOption('title', '今月')
      .setOption('colors', ['#4285f4'])
      .build();
    expect(chart.getChartId()).toBeNull();
    expect(sheet.getCharts()).toHaveLength(0);
    sheet.insertChart(chart);
    expect(chart.getChartId()).toBe(1);
    expect(() => sheet.insertChart(chart)).toThrow('already been inserted');

    const [inserted] = sheet.getCharts();
    expect(inserted.getRanges().map((r) => r.getA1Notation())).toEqual(['A1:B3', 'A1:A2']);
    expect(inserted.getOptions().get('title')).toBe('今月');
    expect(inserted.getOptions().get('missing')).toBeNull();
    const container = inserted.getContainerInfo();
    expect([
      container.getAnchorRow(),
      container.getAnchorColumn(),
      container.getOffsetX(),
      container.getOffsetY(),
    ]).toEqual([2, 5, 10, 20]);
    expect(spreadsheet.toData().sheets[0].charts).toEqual([
      {
        type: 'COLUMN',
        ranges: ['A1:B3', "'顧客'!A1:A2"],
        position: { row: 2, column: 5, offsetX: 10, offsetY: 20 },
        options: { title: '今月', colors: ['#4285f4'] },
        numHeaders: 1,
        id: 1,
      },
    ]);
    expect(calls.count('SpreadsheetApp', 'Sheet.newChart')).toBe(1);
    expect(calls.count('SpreadsheetApp', 'EmbeddedChartBuilder.setOption')).toBe(2);
    expect(calls.count('SpreadsheetApp', 'ChartOptions.get')).toBe(2);
  });

  test('modify + updateChart replaces the chart in place; removeChart removes it', () => {
    const { sheet, Charts } = chartSetup();
    const build = (title: string) =>
      sheet
        .newChart()
        .setChartType(Charts.ChartType.PIE)
        .addRange(sheet.getRange('A1:B3'))
        .setOption('title', title)
        .build();
    sheet.insertChart(build('one'));
    sheet.insertChart(build('two'));
    const [first] = sheet.getCharts();
    const changed = first
      .modify()
      .clearRanges()
      .addRange(sheet.getRange('A2:B3'))
      .setOption('title', 'uno')
      .build();
    sheet.updateChart(changed);
    expect(
      sheet
        .getCharts()
        .map((c) => [c.getChartId(), c.getOptions().get('title'), c.getRanges()[0].getA1Notation()]),
    ).toEqual([
      [1, 'uno', 'A2:B3'],
      [2, 'two', 'A1:B3'],
    ]);
    sheet.removeChart(sheet.getCharts()[1]);
    expect(sheet.getCharts().map((c) => c.getChartId())).toEqual([1]);
    expect(() => sheet.removeChart(build('never inserted'))).toThrow('not on this sheet');
  });

  test('the builder refuses what Apps Script refuses', () => {
    const { sheet } = chartSetup();
    expect(() => sheet.newChart().build()).toThrow('chart type');
    expect(() => sheet.newChart().setChartType('DONUT' as never)).toThrow('Invalid argument: type');
    expect(() => sheet.newChart().addRange({} as never)).toThrow('Invalid argument: range');
    expect(() => sheet.newChart().setPosition(0, 1, 0, 0)).toThrow('outside the dimensions');
  });

  test('charts survive toData → fromData, and new ids never collide with restored ones', () => {
    const { sheet, spreadsheet, Charts } = chartSetup();
    sheet.insertChart(
      sheet.newChart().setChartType(Charts.ChartType.COLUMN).addRange(sheet.getRange('A1:B3')).build(),
    );
    const data = spreadsheet.toData();
    const next = setup({ spreadsheet: data });
    const restored = next.spreadsheet.getSheets()[0];
    expect(next.spreadsheet.toData().sheets[0].charts).toEqual(data.sheets[0].charts);
    restored.insertChart(
      restored.newChart().setChartType(Charts.ChartType.LINE).addRange(restored.getRange('A1:A3')).build(),
    );
    expect(restored.getCharts().map((c) => c.getChartId())).toEqual([1, 2]);
  });
});

describe('Gmail fake', () => {
  test('sending a draft keeps its thread and gives the message a new id', () => {
    const { gmail, clock } = setup();
    const draft = gmail.createDraft('customer@example.jp', '件名', '本文', { name: '店' });
    const message = draft.getMessage();
    const threadId = message.getThread().getId();
    expect(message.isDraft()).toBe(true);
    expect(gmail.getDraft(draft.getId()).getMessage().getSubject()).toBe('件名');
    clock.advance(60_000);
    const sent = draft.send();
    expect(sent.getThread().getId()).toBe(threadId);
    expect(sent.getId()).not.toBe(message.getId());
    expect(sent.isDraft()).toBe(false);
    expect(gmail.getDrafts()).toHaveLength(0);
    expect(gmail.getMessageById(message.getId())).toBeNull();
    expect(
      gmail
        .getThreadById(threadId)
        .getMessages()
        .map((m) => m.getId()),
    ).toEqual([sent.getId()]);
    expect(sent.getDate().toISOString()).toBe('2024-04-01T00:01:00.000Z');
  });

  test('sendEmail with options.htmlBody keeps the body argument as the plain part and the HTML for getBody', () => {
    // https://developers.google.com/apps-script/reference/gmail/gmail-app#sendEmail(String,String,String,Object)
    const { gmail } = setup();
    gmail.sendEmail('owner@example.jp', '件名', '本文です', { name: 'つなぐ', htmlBody: '<p>本文です</p>' });
    gmail.sendEmail('owner@example.jp', '件名2', '文字だけ');
    const [html, plain] = gmail.sentRecords();
    expect(html).toMatchObject({ plainBody: '本文です', htmlBody: '<p>本文です</p>', name: 'つなぐ' });
    expect(plain.htmlBody).toBeUndefined();
    const message = (id: string) => gmail.getMessageById(id);
    expect(message(html.id).getBody()).toBe('<p>本文です</p>');
    expect(message(html.id).getPlainBody()).toBe('本文です');
    expect(message(plain.id).getBody()).toBe('文字だけ');
  });

  test('the owner sending or deleting a draft in Gmail', () => {
    const { gmail } = setup();
    const a = gmail.createDraft('a@example.jp', 'A', 'a');
    const b = gmail.createDraft('b@example.jp', 'B', 'b');
    const sent = gmail.ownerSendsDraft(a.getId());
    gmail.ownerDeletesDraft(b.getId());
    expect(gmail.getDrafts()).toHaveLength(0);
    expect(() => gmail.getDraft(b.getId())).toThrow();
    expect(gmail.sentRecords().map((m) => m.threadId)).toEqual([sent.threadId]);
  });

  test('an edited draft keeps its draft id and thread but its message gets a new id; a new subject starts a new thread', () => {
    const { gmail, clock } = setup();
    const draft = gmail.createDraft('hanako@example.com', '件名', '本文');
    const before = draft.getMessage();
    const threadId = before.getThread().getId();
    clock.advance(60_000);
    gmail.ownerEditsDraft(draft.getId(), { to: '山田 花子 <hanako@example.com>', body: '直した本文' });
    const edited = gmail.getDraft(draft.getId());
    expect(edited.getMessageId()).not.toBe(before.getId());
    expect(edited.getMessage().getId()).toBe(edited.getMessageId());
    // A draft listed before the edit keeps the message id it was listed with (drafts.list gives both ids).
    expect(draft.getMessageId()).toBe(before.getId());
    expect(edited.getMessage().getTo()).toBe('山田 花子 <hanako@example.com>');
    expect(edited.getMessage().getPlainBody()).toBe('直した本文');
    expect(edited.getMessage().getThread().getId()).toBe(threadId);
    expect(gmail.getMessageById(before.getId())).toBeNull();

    gmail.ownerEditsDraft(draft.getId(), { subject: '別の件名' });
    const moved = gmail.getDraft(draft.getId()).getMessage().getThread().getId();
    expect(moved).not.toBe(threadId);
    expect(gmail.getThreadById(threadId)).toBeNull();
  });

  test("a customer's reply lands in the owner's thread, from the customer, after the owner's message", () => {
    const { gmail, clock } = setup();
    const draft = gmail.createDraft('山田 花子 <hanako@example.com>, b@example.jp', 'ご様子', '本文');
    const sent = gmail.ownerSendsDraft(draft.getId());
    clock.advance(3 * 86_400_000);
    gmail.customerReplies(sent.threadId, 'ありがとうございます');
    const messages = gmail.getThreadById(sent.threadId).getMessages();
    expect(messages.map((m) => m.getFrom())).toEqual(['owner@example.com', '山田 花子 <hanako@example.com>']);
    expect(messages[1].getTo()).toBe('owner@example.com');
    expect(messages[1].getSubject()).toBe('Re: ご様子');
    expect(messages[1].getDate().toISOString()).toBe('2024-04-04T00:00:00.000Z');
    expect(messages.map((m) => m.isDraft())).toEqual([false, false]);
    expect(() => gmail.customerReplies('nope', 'x')).toThrow();
  });

  test('a deleted conversation stays in the Trash until it is emptied; then its thread is null', () => {
    const { gmail } = setup();
    const sent = gmail.ownerSendsDraft(gmail.createDraft('a@example.jp', 'A', 'a').getId());
    gmail.ownerDeletesThread(sent.threadId);
    const thread = gmail.getThreadById(sent.threadId);
    expect(thread.isInTrash()).toBe(true);
    expect(thread.getMessages()[0].isInTrash()).toBe(true);
    expect(gmail.search('in:sent')).toHaveLength(0);
    expect(gmail.search('in:trash')).toHaveLength(1);
    expect(gmail.search('in:anywhere to:a@example.jp')).toHaveLength(1);
    gmail.ownerEmptiesTrash();
    expect(gmail.getThreadById(sent.threadId)).toBeNull();
    expect(gmail.search('in:anywhere')).toHaveLength(0);
  });

  test('search understands in:, to:, from:, subject:"…", after:/before: and pages threads newest first', () => {
    const { gmail, clock } = setup(); // 2024-04-01T00:00Z is 2024-03-31 17:00 in PST
    const first = gmail.ownerSendsDraft(
      gmail.createDraft('山田 花子 <hanako@example.com>', '【ここち堂】その後 いかがですか', '本文').getId(),
    );
    clock.advance(86_400_000);
    gmail.createDraft('hanako@example.com', '【ここち堂】下書き', 'x');
    const other = gmail.ownerSendsDraft(gmail.createDraft('ken@example.jp', '別件', 'y').getId());
    gmail.customerReplies(first.threadId, 'お返事');
    const ids = (query: string, start?: number, max?: number) =>
      (start === undefined ? gmail.search(query) : gmail.search(query, start, max ?? 1)).map((t) =>
        t.getId(),
      );
    expect(ids('in:sent to:hanako@example.com')).toEqual([first.threadId]);
    expect(ids('in:sent to:HANAKO@example.com subject:"その後 いかがですか"')).toEqual([first.threadId]);
    expect(ids('in:sent subject:"その後 いかが でした"')).toEqual([]);
    expect(ids('in:drafts to:hanako@example.com')).toHaveLength(1);
    expect(ids('in:inbox from:hanako@example.com')).toEqual([first.threadId]);
    expect(ids('from:me to:ken@example.jp')).toEqual([other.threadId]);
    expect(ids('to:hanako')).toHaveLength(2);
    // Dates are midnight in PST; seconds are exact.
    expect(ids('in:sent after:2024/03/31')).toHaveLength(2);
    expect(ids('in:sent after:2024/04/01')).toEqual([other.threadId]);
    expect(ids('in:sent before:2024/04/01')).toEqual([first.threadId]);
    expect(ids(`in:sent after:${Date.parse('2024-04-01T12:00:00Z') / 1000}`)).toEqual([other.threadId]);
    // The newest conversation first (the reply made the first one newest), paged by start and max.
    expect(ids('in:anywhere')).toHaveLength(3);
    expect(ids('in:sent', 0, 1)).toEqual([other.threadId]);
    expect(ids('in:sent', 1, 5)).toEqual([first.threadId]);
    expect(() => gmail.search('has:attachment')).toThrow('does not model');
  });

  test('reading the mailbox past the daily quota throws Apps Script’s words', () => {
    const { gmail } = setup();
    gmail.dailyReadQuota = 2;
    gmail.getDrafts();
    gmail.search('in:sent');
    expect(() => gmail.getThreadById('x')).toThrow('Service invoked too many times for one day: gmail.');
  });

  test('daily quota error matches Apps Script', () => {
    const { gmail } = setup({ gmailDailyQuota: 2 });
    gmail.createDraft('a@example.jp', 's', 'b');
    gmail.sendEmail('a@example.jp', 's', 'b');
    expect(() => gmail.createDraft('a@example.jp', 's', 'b')).toThrow(
      'Service invoked too many times for one day: gmail.',
    );
    expect(() => gmail.sendEmail('not-an-address', 's', 'b')).toThrow('Invalid email: not-an-address');
  });
});

describe('other services', () => {
  test('lock contention', () => {
    const { locks, clock } = setup();
    const start = clock.now;
    locks.holdByOther('script');
    const lock = locks.getScriptLock();
    expect(lock.tryLock(1000)).toBe(false);
    expect(clock.now - start).toBe(1000);
    expect(() => lock.waitLock(5000)).toThrow(
      'Lock timeout: another process was holding the lock for too long.',
    );
    locks.holdByOther('script', clock.now + 300);
    expect(lock.tryLock(1000)).toBe(true);
    expect(lock.hasLock()).toBe(true);
    lock.releaseLock();
    expect(lock.hasLock()).toBe(false);
  });

  test('properties', () => {
    const { properties } = setup({ properties: { document: { a: '1' } } });
    const doc = properties.getDocumentProperties();
    expect(doc.getProperty('a')).toBe('1');
    expect(doc.getProperty('missing')).toBeNull();
    doc.setProperty('b', '2').deleteProperty('a');
    expect(doc.getProperties()).toEqual({ b: '2' });
    doc.setProperties({ c: '3' }, true);
    expect(doc.getKeys()).toEqual(['c']);
    expect(properties.getScriptProperties().getKeys()).toEqual([]);
  });

  test('triggers', () => {
    const { scriptApp, spreadsheetApp } = setup();
    const trigger = scriptApp.newTrigger('dailyRun').timeBased().everyDays(1).atHour(9).create();
    scriptApp.newTrigger('hourly').timeBased().everyHours(1).create();
    expect(() => scriptApp.newTrigger('x').timeBased().everyHours(3)).toThrow('everyHours');
    expect(scriptApp.getProjectTriggers().map((t) => t.getHandlerFunction())).toEqual(['dailyRun', 'hourly']);
    expect(String(trigger.getEventType())).toBe('CLOCK');
    expect(scriptApp.getUserTriggers(spreadsheetApp.getActiveSpreadsheet())).toHaveLength(2);
    scriptApp.deleteTrigger(trigger);
    expect(scriptApp.getProjectTriggers().map((t) => t.getUniqueId())).toHaveLength(1);
    expect(scriptApp.records()[0].schedule).toEqual({ everyHours: 1 });
  });

  test('Utilities.formatDate in Asia/Tokyo', () => {
    const { utilities } = setup();
    const date = new Date('2024-01-01T15:30:05Z');
    expect(utilities.formatDate(date, 'Asia/Tokyo', 'yyyy-MM-dd HH:mm:ss')).toBe('2024-01-02 00:30:05');
    expect(utilities.formatDate(date, 'Asia/Tokyo', "yyyy/MM/dd(E) 'at' h a XXX")).toBe(
      '2024/01/02(Tue) at 12 AM +09:00',
    );
    expect(utilities.formatDate(date, 'UTC', 'EEEE MMM d')).toBe('Monday Jan 1');
  });

  test('computeDigest returns signed bytes equal to Node crypto', () => {
    const { utilities } = setup();
    const signed = (buf: Buffer) => Array.from(new Int8Array(buf.buffer, buf.byteOffset, buf.length));
    const text = 'つなぐ';
    expect(
      utilities.computeDigest(
        utilities.DigestAlgorithm.SHA_256 as never,
        text,
        utilities.Charset.UTF_8 as never,
      ),
    ).toEqual(signed(createHash('sha256').update(text, 'utf8').digest()));
    expect(utilities.computeDigest(utilities.DigestAlgorithm.MD5 as never, text)).toEqual(
      signed(createHash('md5').update(text, 'utf8').digest()),
    );
    const digest = utilities.computeDigest(utilities.DigestAlgorithm.SHA_1 as never, text);
    expect(digest.every((b) => b >= -128 && b <= 127)).toBe(true);
  });

  test('sleep moves the fake clock', () => {
    const { utilities, clock } = setup();
    utilities.sleep(10_000);
    expect(clock.iso()).toBe('2024-04-01T00:00:10.000Z');
  });

  test('only what the product calls is faked: the unused Utilities methods are not there', () => {
    const { utilities } = setup();
    for (const method of [
      'parseDate',
      'formatString',
      'base64Encode',
      'newBlob',
      'computeHmacSha256Signature',
    ])
      expect(method in utilities).toBe(false);
  });

  test('UrlFetchApp delegates to the handler and throws on errors unless muted', () => {
    const { urlFetch } = setup({
      fetch: (req) =>
        req.url.endsWith('/ok') ? { status: 200, body: '{"ok":true}' } : { status: 404, body: 'nope' },
    });
    const ok = urlFetch.fetch('https://api.line.me/ok', {
      method: 'post',
      payload: '{}',
      contentType: 'application/json',
    });
    expect(JSON.parse(ok.getContentText())).toEqual({ ok: true });
    expect(urlFetch.requests[0]).toMatchObject({
      method: 'POST',
      contentType: 'application/json',
      payload: '{}',
    });
    expect(() => urlFetch.fetch('https://api.line.me/v2/missing')).toThrow(
      'Request failed for https://api.line.me returned code 404. Truncated server response: nope',
    );
    expect(urlFetch.fetch('https://api.line.me/x', { muteHttpExceptions: true }).getResponseCode()).toBe(404);
  });

  test('HtmlService files and what the Ui showed (no templates: the product uses none)', () => {
    const { html, spreadsheetApp, ui } = setup({ htmlFiles: { sidebar: '<p>hi</p>' } });
    spreadsheetApp.getUi().showSidebar(html.createHtmlOutputFromFile('sidebar').setTitle('つなぐ'));
    expect(ui.shown).toEqual([
      { kind: 'sidebar', title: 'つなぐ', html: '<p>hi</p>', width: undefined, height: undefined },
    ]);
    expect('createTemplateFromFile' in html).toBe(false);
    expect(() => html.createHtmlOutputFromFile('nope')).toThrow('No HTML file named nope was found.');
  });

  test('Session and ContentService', () => {
    const { session, content } = setup({ userEmail: 'shop@example.jp' });
    expect(session.getEffectiveUser().getEmail()).toBe('shop@example.jp');
    expect(session.getScriptTimeZone()).toBe('Asia/Tokyo');
    const out = content.createTextOutput('{}').setMimeType(content.MimeType.JSON as never);
    expect([out.getContent(), String(out.getMimeType())]).toEqual(['{}', 'JSON']);
  });
});

describe('state', () => {
  test('export → JSON → restore carries properties, Gmail and triggers to the next run', () => {
    const first = setup();
    first.properties.getDocumentProperties().setProperty('lastRun', '2024-04-01');
    const draft = first.gmail.createDraft('a@example.jp', 's', 'b');
    first.scriptApp.newTrigger('daily').timeBased().everyDays(1).atHour(8).create();
    const json = JSON.stringify(exportState(first));

    const next = setup({ state: parseState(json), clock: new FakeClock('2024-04-02T00:00:00Z') });
    expect(next.properties.getDocumentProperties().getProperty('lastRun')).toBe('2024-04-01');
    expect(next.gmail.getDraft(draft.getId()).getMessage().getDate().toISOString()).toBe(
      '2024-04-01T00:00:00.000Z',
    );
    expect(next.scriptApp.getProjectTriggers().map((t) => t.getHandlerFunction())).toEqual(['daily']);
    const another = next.gmail.createDraft('b@example.jp', 's', 'b');
    expect(another.getId()).not.toBe(draft.getId());

    const snapshot = next.snapshot();
    expect(snapshot.gmail.drafts).toHaveLength(2);
    expect(() => JSON.stringify(snapshot)).not.toThrow();
  });
});

describe('host', () => {
  const bundle = `
    function hello() {
      const ss = SpreadsheetApp.getActiveSpreadsheet();
      return [new Date().toISOString(), ss.getName(), new Date() instanceof Date,
        ss.getSheets()[0].getRange(1, 1).getValue() instanceof Date, Date.now()];
    }
    function fails() { SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange(0, 1); }
    function catches() {
      try { SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange(1, 1).setValue('x'); }
      catch (e) { return [e instanceof Error, e.message]; }
    }
    function globalsSeen() { return [typeof setTimeout, typeof MailApp, typeof console, new Date(0).toISOString()]; }
    var notAFunction = 1;
  `;

  function load() {
    const clock = new FakeClock('2024-04-01T00:00:00Z');
    const services = createFakeServices({
      clock,
      spreadsheet: workbook([[new Date('2024-03-31T15:00:00Z')]]),
    });
    return { clock, services, loaded: loadBundle({ code: bundle, filename: 'Code.js', services, clock }) };
  }

  test('frozen clock, realm Dates, declared functions', () => {
    const { clock, loaded } = load();
    expect(loaded.call('hello')).toEqual(['2024-04-01T00:00:00.000Z', 'つなぐテスト', true, true, clock.now]);
    clock.advance(90_000);
    expect((loaded.call('hello') as unknown[])[0]).toBe('2024-04-01T00:01:30.000Z');
    expect(loaded.globals().sort()).toEqual(['catches', 'fails', 'globalsSeen', 'hello']);
    expect(loaded.call('globalsSeen')).toEqual([
      'undefined',
      'undefined',
      'object',
      '1970-01-01T00:00:00.000Z',
    ]);
  });

  test('errors: host-realm Errors out of call, context-realm Errors inside', () => {
    const { services, loaded } = load();
    expect(() => loaded.call('fails')).toThrow('The starting row of the range is too small.');
    try {
      loaded.call('fails');
    } catch (error) {
      expect(error).toBeInstanceOf(Error);
    }
    services.calls.onCall = (_service, method) => {
      if (method === 'Range.setValue') throw new Error('injected');
    };
    expect(loaded.call('catches')).toEqual([true, 'injected']);
    expect(() => loaded.call('missing')).toThrow('The bundle declares no top-level function missing');
  });

  test('a builder receives makeDate for the context', () => {
    const clock = new FakeClock('2024-04-01T00:00:00Z');
    const loaded = loadBundle({
      code: bundle,
      clock,
      services: (makeDate) => createFakeServices({ clock, makeDate, spreadsheet: workbook([[new Date(0)]]) }),
    });
    expect((loaded.call('hello') as unknown[])[3]).toBe(true);
  });
});
