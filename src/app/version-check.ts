/**
 * 診断's バージョン line (issue 16, item 1): this copy's version and, when the build names the template
 * (`npm run build -- --template-id ID`), how it stands against the version in the template's 「はじめに」 sheet.
 *
 * How the copy learns the template's version, with no network beyond Google: the template is shared "anyone with
 * the link can view", so its 「はじめに」 sheet can be read as CSV from Google Sheets' own data source URL
 * (https://developers.google.com/chart/interactive/docs/spreadsheets: a chart, and so any request that does not
 * carry the viewer's authorization, reads a spreadsheet only when it is visible to everyone; the query protocol's
 * `tqx=out:csv` asks for CSV, https://developers.google.com/chart/interactive/docs/dev/implementing_data_source).
 * SpreadsheetApp.openById would need the full spreadsheets scope (every spreadsheet of the owner's, "See, edit,
 * create and delete"), where the copy asks only for spreadsheets.currentonly: one UrlFetchApp request (a scope the
 * copy already has for LINE) costs the owner no new permission.
 *
 * The template's own script writes its label into that sheet: the maintainer runs publishTemplateVersion once
 * after each clasp push to the template (README).
 */
import { parseVersion, compareVersions, INTRO_SHEET, VERSION_LABEL, versionText } from '../core/version';
import type { DiagnosisLine } from '../shared/sidebar-types';
import { BUILD_VERSION, TEMPLATE_ID } from './build-flags';
import { missingFor, SCOPE, scopeLabel } from './scopes';

const TOPIC = 'バージョン';
/** Where the owner's guide says how a copy is brought up to date. */
const HOW_TO_UPDATE = '更新の方法は使い方ガイドの『更新』を見てください';

/** The data source URL of the template's 「はじめに」 sheet, as CSV, every row a row (no header guessing). */
export function templateSheetUrl(templateId: string): string {
  return `https://docs.google.com/spreadsheets/d/${encodeURIComponent(templateId)}/gviz/tq?tqx=out:csv&headers=0&sheet=${encodeURIComponent(INTRO_SHEET)}`;
}

export function versionCheck(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  version = BUILD_VERSION,
  templateId = TEMPLATE_ID,
): DiagnosisLine {
  const mine = `つなぐのバージョンは ${versionText(version)} です。`;
  if (!templateId) return { mark: '✓', topic: TOPIC, text: mine };
  if (ss.getId() === templateId) return templateItself(ss, version, mine);
  const read = templateVersion(templateId);
  if (typeof read !== 'string')
    return {
      mark: '！',
      topic: TOPIC,
      text: `${mine}テンプレートの版を確かめられませんでした（${read.why}）。時間をおいてもう一度「診断」を押してください。`,
    };
  const own = parseVersion(version);
  const template = parseVersion(read);
  if (!own || !template)
    return {
      mark: '！',
      topic: TOPIC,
      text: `${mine}テンプレートの版を確かめられませんでした（テンプレートの版「${read}」を読めません）。`,
    };
  const theirs = versionText(template.text);
  switch (compareVersions(own, template)) {
    case 'same':
      return { mark: '✓', topic: TOPIC, text: `${mine}テンプレートと同じ版で、最新です。` };
    case 'newer':
      return {
        mark: '✓',
        topic: TOPIC,
        text: `${mine}テンプレート（${theirs}）より新しい版です（このコピーのために直した版です）。`,
      };
    case 'older':
      return {
        mark: '！',
        topic: TOPIC,
        text: `${mine}テンプレートより古い版です（テンプレートは ${theirs}）：${HOW_TO_UPDATE}。`,
      };
    case 'different':
      return {
        mark: '！',
        topic: TOPIC,
        text: `${mine}テンプレートと違う版です（テンプレートは ${theirs}）：${HOW_TO_UPDATE}。`,
      };
  }
}

/** 診断 in the template itself: whether its 「はじめに」 says the version its script is (the copies read it). */
function templateItself(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  version: string,
  mine: string,
): DiagnosisLine {
  const written = versionCell(ss)?.getValue();
  if (String(written ?? '').trim() === version)
    return {
      mark: '✓',
      topic: TOPIC,
      text: `${mine}これはテンプレートで、「${INTRO_SHEET}」の版も同じです。`,
    };
  return {
    mark: '！',
    topic: TOPIC,
    text: `${mine}これはテンプレートですが、「${INTRO_SHEET}」シートの版は「${String(written ?? '')}」です。Apps Script エディタで publishTemplateVersion を実行して、コピーが読む版を書き直してください。`,
  };
}

/** The cell right of 「つなぐの版」 in 「はじめに」, or null when the sheet or the row is missing. */
function versionCell(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
): GoogleAppsScript.Spreadsheet.Range | null {
  const sheet = ss.getSheetByName(INTRO_SHEET);
  if (!sheet || sheet.getLastRow() === 0) return null;
  const labels = sheet.getRange(1, 1, sheet.getLastRow(), 1).getValues();
  const row = labels.findIndex((r) => String(r[0]).trim() === VERSION_LABEL);
  return row < 0 ? null : sheet.getRange(row + 1, 2);
}

/**
 * publishTemplateVersion (run by the maintainer in the template's Apps Script editor after clasp push): writes
 * this script's version into the template's 「はじめに」 sheet, where the copies' 診断 reads it. Only in the
 * template the build names: in any other spreadsheet it writes nothing.
 */
export function publishTemplateVersion(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  version = BUILD_VERSION,
  templateId = TEMPLATE_ID,
): string {
  if (!templateId)
    return 'この版はテンプレートのIDなしで作られています。npm run build -- --template-id <テンプレートのID> で作り直し、clasp push してから実行してください。';
  if (ss.getId() !== templateId)
    return `このスプレッドシートはテンプレート（${templateId}）ではありません。何も書き込みませんでした。`;
  const cell = versionCell(ss);
  if (!cell)
    return `「${INTRO_SHEET}」シートに「${VERSION_LABEL}」の行がありません。npm run template で作ったひな形をもとにしてください。何も書き込みませんでした。`;
  cell.setNumberFormat('@').setValue(version);
  return `「${INTRO_SHEET}」シートの版を ${version} にしました。コピーの「診断」はこの版と比べます。`;
}

/** The template's version label as its 「はじめに」 says it, or why it could not be read. */
function templateVersion(templateId: string): string | { why: string } {
  if (missingFor('line').includes(SCOPE.fetch))
    return { why: `「${scopeLabel(SCOPE.fetch)}」が許可されていません` };
  let response: GoogleAppsScript.URL_Fetch.HTTPResponse;
  try {
    // A template that is not shared answers with a redirect to Google's sign-in: not followed, it says so.
    response = UrlFetchApp.fetch(templateSheetUrl(templateId), {
      muteHttpExceptions: true,
      followRedirects: false,
    });
  } catch (error) {
    console.warn(`テンプレートの版: ${error instanceof Error ? error.message : String(error)}`);
    return { why: 'Googleに接続できませんでした' };
  }
  const code = response.getResponseCode();
  if (code === 404) return { why: 'テンプレートが見つかりません。削除されたかもしれません' };
  if ((code >= 300 && code < 400) || code === 401 || code === 403)
    return { why: 'テンプレートが「リンクを知っている全員」に公開されていません' };
  if (code !== 200) return { why: `Googleの応答が ${code} でした` };
  const body = response.getContentText();
  if (/^\s*</.test(body)) return { why: 'テンプレートが「リンクを知っている全員」に公開されていません' };
  const row = parseCsv(body).find((cells) => (cells[0] ?? '').trim() === VERSION_LABEL);
  const value = row?.[1]?.trim();
  return value
    ? value
    : { why: `テンプレートの「${INTRO_SHEET}」シートに「${VERSION_LABEL}」の行がありません` };
}

/** RFC 4180 CSV: fields optionally in double quotes, "" for a quote inside one, CRLF or LF between records. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
