/**
 * The version (issue 16, item 1) through dist/Code.js built with and without `--template-id`: 診断 says this copy's
 * version, and how it stands against the version in the template's 「はじめに」 sheet, read as CSV from Google
 * Sheets' data source URL (the template is shared "anyone with the link can view"); the template's own script
 * writes that version with publishTemplateVersion.
 */
import { join } from 'node:path';
import { INTRO_SHEET, VERSION_LABEL } from '../../src/core/version';
import { bundleCode, versionLabel } from '../../tools/build';
import { readWorkbook } from '../../tools/xlsx';
import type { CellValue, FetchRequest, FetchResponse, SheetData } from '../fakes';
import { C1_MAIL, customerSheet, loadTsunagu, settingsSheet, SHOP_SETTINGS, type Tsunagu } from './harness';

const ROOT = join(__dirname, '../..');
/** A spreadsheet id as Google gives them (the harness's own spreadsheet is 'test-sheet'). */
const TEMPLATE_ID = '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-tmpl';
const FETCH_SCOPE = 'https://www.googleapis.com/auth/script.external_request';
const MINE = versionLabel(ROOT);
const SHOWN = MINE.replace(' (', '（').replace(/\)$/, '）');

interface Line {
  mark: '✓' | '！' | '✗';
  topic: string;
  text: string;
}

let plainCode: string;
let copyCode: string;
let templateCode: string;
let intro: SheetData;

beforeAll(async () => {
  [plainCode, copyCode, templateCode] = await Promise.all([
    bundleCode(),
    bundleCode({ templateId: TEMPLATE_ID }),
    // Built for the harness's spreadsheet: this bundle runs in the template itself.
    bundleCode({ templateId: 'test-sheet' }),
  ]);
  const { data } = await readWorkbook(join(ROOT, 'examples/template.xlsx'));
  intro = data.sheets.find((s) => s.name === INTRO_SHEET) as SheetData;
});

/** 「はじめに」 of the committed template with its version row saying `version`. */
function introWith(version: string): CellValue[][] {
  return intro.values.map((row) => (row[0] === VERSION_LABEL ? [row[0], version, row[2] ?? ''] : row));
}

/** Google's CSV of a sheet: every field in double quotes, "" inside, one line per row. */
function csv(rows: readonly (readonly CellValue[])[]): string {
  const width = Math.max(...rows.map((r) => r.length));
  return rows
    .map((r) =>
      Array.from({ length: width }, (_, i) => `"${String(r[i] ?? '').replace(/"/g, '""')}"`).join(','),
    )
    .join('\n');
}

/** Google Sheets as the copy reaches it: the template's 「はじめに」, or how Google answers when it cannot. */
function google(answer: 'shared' | 'private' | 'gone', version = MINE) {
  return (request: FetchRequest): FetchResponse => {
    const url = new URL(request.url);
    if (url.host !== 'docs.google.com') throw new Error(`unexpected ${request.url}`);
    if (answer === 'gone') return { status: 404, body: '<html>Not Found</html>' };
    if (answer === 'private')
      // Not shared with anyone who has the link: Google sends the request to its sign-in page.
      return {
        status: 302,
        headers: {
          Location: `https://accounts.google.com/ServiceLogin?continue=${encodeURIComponent(request.url)}`,
        },
        body: '',
      };
    return { status: 200, headers: { 'Content-Type': 'text/csv' }, body: csv(introWith(version)) };
  };
}

function copy(fetch?: (request: FetchRequest) => FetchResponse, withheldScopes?: string[]): Tsunagu {
  return loadTsunagu({
    code: copyCode,
    sheets: [customerSheet([{ ...C1_MAIL }]), settingsSheet(SHOP_SETTINGS)],
    today: '2026-12-07',
    hour: 10,
    fetch,
    withheldScopes,
  });
}

const versionLine = (t: Tsunagu) =>
  t.call<Line[]>('getDiagnosis').find((l) => l.topic === 'バージョン') as Line;

describe('診断: バージョン', () => {
  test('a build without --template-id says the version only, and asks Google nothing', () => {
    const t = loadTsunagu({
      code: plainCode,
      sheets: [customerSheet([{ ...C1_MAIL }]), settingsSheet(SHOP_SETTINGS)],
      today: '2026-12-07',
      fetch: () => {
        throw new Error('no request expected');
      },
    });
    expect(versionLine(t)).toEqual({
      mark: '✓',
      topic: 'バージョン',
      text: `つなぐのバージョンは ${SHOWN} です。`,
    });
    expect(t.services.urlFetch.requests).toEqual([]);
  });

  test("the template's version as its 「はじめに」 says it, read from the template's own CSV", () => {
    const t = copy(google('shared'));
    expect(versionLine(t)).toEqual({
      mark: '✓',
      topic: 'バージョン',
      text: `つなぐのバージョンは ${SHOWN} です。テンプレートと同じ版で、最新です。`,
    });
    const [request] = t.services.urlFetch.requests;
    const url = new URL(request.url);
    expect(url.pathname).toBe(`/spreadsheets/d/${TEMPLATE_ID}/gviz/tq`);
    expect(url.searchParams.get('tqx')).toBe('out:csv');
    expect(url.searchParams.get('sheet')).toBe(INTRO_SHEET);
    expect(request.method).toBe('GET');
  });

  test('older than the template: says so, with the template’s version and where the guide says how to update', () => {
    expect(versionLine(copy(google('shared', '9.0.0 (abcdef1)')))).toEqual({
      mark: '！',
      topic: 'バージョン',
      text: `つなぐのバージョンは ${SHOWN} です。テンプレートより古い版です（テンプレートは 9.0.0（abcdef1））：更新の方法は使い方ガイドの『更新』を見てください。`,
    });
  });

  test('the same version number from another commit cannot be ordered: said as a different version', () => {
    const sameNumber = `${MINE.split(' ')[0]} (0000000)`;
    const result = versionLine(copy(google('shared', sameNumber)));
    expect(result.mark).toBe('！');
    expect(result.text).toContain('テンプレートと違う版です');
    expect(result.text).toContain('使い方ガイドの『更新』');
  });

  test('newer than the template (a fix pushed to this copy): fine', () => {
    const result = versionLine(copy(google('shared', '0.0.1')));
    expect(result.mark).toBe('✓');
    expect(result.text).toContain('テンプレート（0.0.1）より新しい版です');
  });

  test('a template not shared: Google redirects to sign-in, which is not followed, and 診断 says why', () => {
    const t = copy(google('private'));
    expect(versionLine(t)).toEqual({
      mark: '！',
      topic: 'バージョン',
      text: `つなぐのバージョンは ${SHOWN} です。テンプレートの版を確かめられませんでした（テンプレートが「リンクを知っている全員」に公開されていません）。時間をおいてもう一度「診断」を押してください。`,
    });
    // Only the template was asked: the sign-in page is not fetched.
    expect(t.services.urlFetch.requests).toHaveLength(1);
  });

  test('a template deleted: not found', () => {
    expect(versionLine(copy(google('gone'))).text).toContain(
      'テンプレートの版を確かめられませんでした（テンプレートが見つかりません。削除されたかもしれません）',
    );
  });

  test('a template whose 「はじめに」 has no version row, or Google unreachable: said honestly', () => {
    const noRow = () => ({ status: 200, body: csv([['つなぐ — はじめに']]) });
    expect(versionLine(copy(noRow)).text).toContain(
      `「${INTRO_SHEET}」シートに「${VERSION_LABEL}」の行がありません`,
    );
    const down = () => {
      throw new Error('Address unavailable: https://docs.google.com');
    };
    expect(versionLine(copy(down)).text).toContain('（Googleに接続できませんでした）');
  });

  test('without permission to connect to outside services: says which permission, asks nothing', () => {
    const t = copy(google('shared'), [FETCH_SCOPE]);
    const result = versionLine(t);
    expect(result.mark).toBe('！');
    expect(result.text).toMatch(/テンプレートの版を確かめられませんでした（「.+」が許可されていません）/);
    expect(t.services.urlFetch.requests).toEqual([]);
  });
});

describe('publishTemplateVersion', () => {
  const templateSheets = (version: string): SheetData[] => [
    { name: INTRO_SHEET, values: introWith(version) },
    customerSheet([{ ...C1_MAIL }]),
    settingsSheet(SHOP_SETTINGS),
  ];

  test('in the template, writes its script’s version where the copies read it; 診断 there then agrees', () => {
    const t = loadTsunagu({ code: templateCode, sheets: templateSheets('0.1.0'), today: '2026-12-07' });
    expect(versionLine(t).mark).toBe('！');
    expect(versionLine(t).text).toContain('publishTemplateVersion');
    expect(t.call<string>('publishTemplateVersion')).toContain(MINE);
    const row = t.values(INTRO_SHEET)?.find((r) => r[0] === VERSION_LABEL);
    expect(row?.[1]).toBe(MINE);
    expect(versionLine(t)).toMatchObject({
      mark: '✓',
      text: expect.stringContaining('これはテンプレートで'),
    });
  });

  test('in a copy, or in a build without --template-id, writes nothing', () => {
    for (const code of [copyCode, plainCode]) {
      const t = loadTsunagu({ code, sheets: templateSheets('0.1.0'), today: '2026-12-07' });
      const before = t.values(INTRO_SHEET);
      expect(t.call<string>('publishTemplateVersion')).toMatch(/何も書き込みませんでした|template-id/);
      expect(t.values(INTRO_SHEET)).toEqual(before);
    }
  });
});
