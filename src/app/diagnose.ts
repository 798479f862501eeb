import { menuPath } from './menu-path';
import { dayOfInstant, hourOfInstant, instantOfDay, isoDay } from '../core/day';
import { botInfo, knownQuota, lineConfig } from '../channels/line-api';
import {
  CUSTOMER_COLUMNS,
  FRIEND_COLUMNS,
  LOG_COLUMNS,
  OUTBOX_COLUMNS,
  SETTINGS_HEADERS,
  SHEET,
  MENU,
  VISIT_COLUMNS,
  type ColumnLabel,
  type VisitField,
} from '../labels';
import { firstDataRow, HEADER_SEARCH_ROWS, headerRowIndex, matchHeaders, readTable } from '../sheets/table';
import { readVisitLog } from './import';
import { newestSource } from './settings-panel';
import { sameCustomerId } from '../core/line-links';
import { ambiguousMessage, findCustomerSheet } from '../sheets/find-sheets';
import { chosenCustomerSheet, foundCustomerSheet } from './properties';
import { CHOOSE_CUSTOMER_SHEET, categoriesOf, settingsOf } from './workbook';
import { describeCalendar } from '../core/calendar';
import { spreadsheetZone, zonedNow } from './zone';
import type { DiagnosisLine } from '../shared/sidebar-types';
import { currentAccount, ownerAccount, recordedAutoRun } from './owner';
import { runLock } from './lock';
import { missingFor, missingScopes, permissionMessage, SCOPE, scopeLabel } from './scopes';
import { ownTriggerCount } from './auto-run';
import { lostLog, lostLogText } from './log-guard';
import { QUEUE_LIMIT, webhookQueueState, webhookSecret } from './webhook';
import { versionCheck } from './version-check';
import { cellAdvice, cellsUsedText, cellUsage, CELLS_CLOSE, CELLS_WARN } from './cells';

/**
 * 「診断」: what only the shop's real spreadsheet can tell, one Japanese line per check with what to do. Every check
 * is read-only and runs on its own: one that throws becomes a ✗ line, never a stack trace, and the rest still run.
 */
export type { DiagnosisLine };

type Check = (ss: GoogleAppsScript.Spreadsheet.Spreadsheet, now: Date) => DiagnosisLine | DiagnosisLine[];

/** How old the newest webhook delivery may be before 診断 says to check LINE's side. */
const QUIET_DAYS = 14;
const DAY_MS = 86_400_000;

const ok = (topic: string, text: string): DiagnosisLine => ({ mark: '✓', topic, text });
const warn = (topic: string, text: string): DiagnosisLine => ({ mark: '！', topic, text });
const bad = (topic: string, text: string): DiagnosisLine => ({ mark: '✗', topic, text });

/** 診断 as the menu shows it: the report as text, one line per check. */
export function runDiagnosis(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, now: Date): string {
  return diagnosisText(getDiagnosis(ss, now));
}

/** 診断 as the 設定 tab shows it: one line per check, with its mark. */
export function getDiagnosis(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, now: Date): DiagnosisLine[] {
  const checks: [string, Check][] = [
    ['バージョン', (spreadsheet) => versionCheck(spreadsheet)],
    ['タイムゾーン', timeZoneCheck],
    ['同時実行', lockCheck],
    ['オーナーと自動実行', ownerCheck],
    ['Gmail', gmailCheck],
    ['LINE', lineCheck],
    ['Webhook', webhookCheck],
    ['権限', permissionCheck],
    ['シート', sheetChecks],
    ['セル数', cellCheck],
    ['営業日', calendarCheck],
    ['連絡履歴', logCheck],
    ['来店履歴', visitLogCheck],
  ];
  return checks.flatMap(([topic, check]) => {
    try {
      return check(ss, now);
    } catch (error) {
      // Apps Script's own words are English and for a developer: they go to the log, the owner reads Japanese.
      console.warn(`診断 ${topic}: ${messageOf(error)}`);
      return [
        bad(
          topic,
          '確認できませんでした。時間をおいてもう一度「診断」を押してください。続くときは、この画面をつなぐを導入した人（開発者）に見せてください。',
        ),
      ];
    }
  });
}

/**
 * A lost 連絡履歴 (deleted, or emptied of every row) stops preparing: say so, and how to bring it back (the sheet
 * checks above already say whether it is there and its headers are whole).
 */
function logCheck(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): DiagnosisLine[] {
  const lost = lostLog(ss);
  return lost ? [bad('連絡履歴', lostLogText(lost))] : [];
}

/**
 * 来店履歴 (issue 17, contract section 2): its rows and the newest import, and what keeps rows from counting — a
 * 顧客ID no longer in 顧客, a 日時 or 次回予約日 that cannot be read, the カテゴリ sheet without キーワード (imported
 * menus then keep 顧客's カテゴリ), a header renamed (the next import stops). Read as a run reads it.
 */
function visitLogCheck(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): DiagnosisLine {
  const topic = '来店履歴';
  const log = readVisitLog(ss, spreadsheetZone(ss));
  if (!log.sheet || !log.table)
    return ok(
      topic,
      `まだありません（予約やレジのCSVを${menuPath(MENU.importCsv)}で取り込むと、来店がここに入ります）。`,
    );
  const problems: string[] = [];
  const fields = Object.keys(VISIT_COLUMNS) as VisitField[];
  const lacking = fields
    .filter((f) => log.table?.columns[f] === undefined)
    .map((f) => VISIT_COLUMNS[f].header);
  if (lacking.length > 0)
    problems.push(
      `見出しの行に「${lacking.join('」「')}」がありません。次の取り込みができないので、見出しを元の名前に戻してください。`,
    );
  const first = firstDataRow(log.table);
  const unreadable = log.rows.filter((r) => r.unreadable);
  if (unreadable.length > 0)
    problems.push(
      `日時か次回予約日を読めない行が${unreadable.length}行あります（${rowList(unreadable.map((r) => first + r.index))}）。その行の来店は使っていません。「2026/11/20 13:05」の形に直してください。`,
    );
  const known = customerIds(ss);
  if (known) {
    const orphans = log.rows.filter((r) => r.customerId !== '' && !known.has(sameCustomerId(r.customerId)));
    if (orphans.length > 0) {
      const ids = [...new Set(orphans.map((r) => r.customerId))];
      problems.push(
        `「${SHEET.customers}」にいない顧客IDの行が${orphans.length}行あります（${ids.slice(0, 3).join('、')}${ids.length > 3 ? ' など' : ''}）。その来店は使っていません。顧客IDを直したときは、「${SHEET.visits}」の顧客IDも同じに直してください。`,
      );
    }
  }
  const { categorySheet, categories } = categoriesOf(ss);
  const withoutKeywords = categorySheet?.missing.includes('キーワード')
    ? 'ない'
    : [...categories.values()].every((c) => (c.keywords ?? []).length === 0)
      ? '空の'
      : '';
  if (withoutKeywords && log.rows.some((r) => r.menu !== ''))
    problems.push(
      `「${SHEET.categories}」シートの「キーワード」が${withoutKeywords}ため、取り込んだメニューからカテゴリを決められません（お客様のカテゴリは「${SHEET.customers}」のままです）。${withoutKeywords === 'ない' ? `${menuPath(MENU.setup)}を押すと、業種ごとのキーワードを入れた列を足します。` : 'カテゴリごとに、メニューに含まれる言葉（例: カット、カラー）を「、」で区切って入れてください。'}`,
    );
  const rows = log.rows.length;
  const latest = newestSource(log.rows.map((r) => r.source));
  const state = `${rows}行です${latest ? `（いちばん新しい取り込みは「${latest}」）` : ''}。`;
  return problems.length > 0 ? warn(topic, `${state}${problems.join('')}`) : ok(topic, state);
}

/** Sheet rows as the owner finds them: 「12行目、15行目」, the first five. */
function rowList(rows: readonly number[]): string {
  const shown = rows.slice(0, 5).map((r) => `${r}行目`);
  return `${shown.join('、')}${rows.length > 5 ? ' など' : ''}`;
}

/** 顧客's 顧客IDs as a run compares them; null when the list cannot be found (its own line says why). */
function customerIds(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): Set<string> | null {
  const search = findCustomerSheet(ss, chosenCustomerSheet(), foundCustomerSheet);
  if (search.kind !== 'found') return null;
  const table = readTable(search.sheet, CUSTOMER_COLUMNS);
  const column = table.columns.id;
  if (column === undefined) return null;
  return new Set(table.rows.map((row) => sameCustomerId(String(row[column] ?? ''))).filter(Boolean));
}

/**
 * 定休日, 休業日 and 祝日休業 as Tsunagu understood them (dates are moved off closed days by this reading), with
 * what it could not apply.
 */
function calendarCheck(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, now: Date): DiagnosisLine {
  const { settings, problems } = settingsOf(ss, spreadsheetZone(ss));
  const understood = describeCalendar(settings.calendar, zonedNow(ss, now).today);
  const notApplied = problems.filter((p) => /^設定「(定休日|休業日)」/.test(p));
  return notApplied.length > 0
    ? warn('営業日', [understood, ...notApplied].join('／'))
    : ok('営業日', understood);
}

/** The report as the menu shows it: one line per check. */
function diagnosisText(lines: readonly DiagnosisLine[]): string {
  return lines.map((l) => `${l.mark} ${l.topic}: ${l.text}`).join('\n');
}

/** Tsunagu's calendar arithmetic against Apps Script's own formatter, in the spreadsheet's time zone. */
function timeZoneCheck(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, now: Date): DiagnosisLine {
  const topic = 'タイムゾーン';
  const zone = ss.getSpreadsheetTimeZone();
  const expected = Utilities.formatDate(now, zone, 'yyyy-MM-dd HH');
  const day = dayOfInstant(now, zone);
  const hour = hourOfInstant(now, zone);
  const ours = `${isoDay(day)} ${String(hour).padStart(2, '0')}`;
  const midnight = Utilities.formatDate(instantOfDay(day, zone), zone, 'yyyy-MM-dd HH:mm');
  if (
    !Number.isFinite(day) ||
    !Number.isFinite(hour) ||
    ours !== expected ||
    midnight !== `${isoDay(day)} 00:00`
  )
    return bad(
      topic,
      `日付の計算がGoogleとずれています（Googleでは${readable(expected)}、つなぐでは${readable(ours)}、${zone}）。毎日の計画は安全のため止まります。つなぐを導入した人（開発者）に連絡してください。`,
    );
  return ok(topic, `${zone}で今は${readable(expected)}です。Googleの日付・時刻と一致しています。`);
}

/** 'yyyy-MM-dd HH' as an owner reads it: 11月22日3時. */
function readable(dayHour: string): string {
  const m = /^\d{4}-(\d{2})-(\d{2}) (\d{2})$/.exec(dayHour);
  return m ? `${Number(m[1])}月${Number(m[2])}日${Number(m[3])}時` : dayHour;
}

/** The script lock that serialises runs and sidebar actions. */
function lockCheck(): DiagnosisLine {
  const lock = runLock();
  if (!lock.tryLock(1000))
    return warn(
      '同時実行',
      'いま別の処理（自動実行など）が動いています。数分後にもう一度「診断」を押してください。',
    );
  lock.releaseLock();
  return ok('同時実行', 'ほかの処理と重なっていません（重なったときは順番に待ちます）。');
}

/** Which account owns the hourly trigger, and whether it is the recorded owner. */
function ownerCheck(): DiagnosisLine[] {
  const me = currentAccount();
  const owner = ownerAccount();
  const mine = ownTriggerCount();
  const turnOn = menuPath(MENU.autoOn);
  if (!me)
    return [
      bad(
        'オーナー',
        `いま開いているGoogleアカウントのメールアドレスがわかりません。下の「権限」の行のとおり「${scopeLabel(SCOPE.email)}」を許可してください。`,
      ),
    ];
  if (!owner) {
    return [
      warn(
        'オーナー',
        `まだ決まっていません。お店のGmailのアカウント（いま開いているのは ${me} です）で${turnOn}を押すと、そのアカウントがオーナーになり、Gmailの下書きと毎朝のお知らせもそのアカウントで行います。`,
      ),
      mine > 0
        ? warn(
            '自動実行',
            `このアカウントに自動実行の設定が${mine}件残っています。${turnOn}をもう一度押してください。`,
          )
        : warn('自動実行', `オフです。毎朝の準備を任せるなら${turnOn}を押してください。`),
    ];
  }
  if (me.toLowerCase() !== owner.toLowerCase()) {
    return [
      warn(
        'オーナー',
        `オーナーは ${owner} です。いま開いているアカウント（${me}）では、自動実行の設定とGmailの下書きを確かめられません。${owner} でログインしてこのスプレッドシートを開き、「診断」を押してください。`,
      ),
      mine > 0
        ? warn(
            '自動実行',
            `このアカウントにも以前の自動実行の設定が${mine}件残っています（動きはしません）。このアカウントで${menuPath(MENU.autoOff)}を押すと消えます。`,
          )
        : ok('自動実行', `オーナーの設定では${recordedAutoRun() ? 'オン' : 'オフ'}です。`),
    ];
  }
  const lines = [
    ok(
      'オーナー',
      `${owner}（いま開いているアカウント）です。Gmailの下書きはこのGmailに作られ、毎朝のお知らせもここに届きます。`,
    ),
  ];
  if (mine === 1) lines.push(ok('自動実行', 'オンです（このアカウントで1時間ごとに動いています）。'));
  else if (mine === 0)
    lines.push(
      recordedAutoRun()
        ? bad(
            '自動実行',
            `オンになっているはずですが、1時間ごとの実行が登録されていません。${turnOn}をもう一度押してください。`,
          )
        : warn('自動実行', `オフです。毎朝の準備を任せるなら${turnOn}を押してください。`),
    );
  else
    lines.push(
      warn(
        '自動実行',
        `自動実行が${mine}件重なって登録されています。${turnOn}をもう一度押すと1件にまとまります。`,
      ),
    );
  return lines;
}

/**
 * Gmail access with the granted scope. Today's remaining quota is not read: MailApp.getRemainingDailyQuota needs a
 * scope of its own (script.send_mail) that Tsunagu does not ask for.
 */
function gmailCheck(): DiagnosisLine {
  const topic = 'Gmail';
  const owner = ownerAccount();
  const me = currentAccount();
  if (owner && me.toLowerCase() !== owner.toLowerCase())
    return warn(
      topic,
      `下書きはオーナー（${owner}）のGmailに作ります。いま開いているアカウントでは確かめません。`,
    );
  const missing = missingFor('email');
  if (missing.length > 0) return bad(topic, permissionMessage('email', missing));
  try {
    const drafts = GmailApp.getDrafts().length;
    return ok(
      topic,
      `使えます（Gmailの下書きは今${drafts}件）。1日に作れる数には上限があり、上限に達した日は残りを翌日に作ります。`,
    );
  } catch (error) {
    console.warn(`診断 Gmail: ${messageOf(error)}`);
    return bad(topic, 'Gmailに接続できませんでした。時間をおいてもう一度「診断」を押してください。');
  }
}

/** The channel access token (GET /v2/bot/info) and this month's quota. */
function lineCheck(): DiagnosisLine[] {
  const config = lineConfig();
  if (!config)
    return [
      ok(
        'LINE',
        '使っていません（使うときは、サイドバーの「設定」タブ（メニュー「設定」で開きます）でチャネルアクセストークンを保存してください）。',
      ),
    ];
  const missing = missingFor('line');
  if (missing.length > 0) return [bad('LINE', permissionMessage('line', missing))];
  const info = botInfo(config);
  if ('status' in info) {
    const why =
      info.status === 401
        ? 'チャネルアクセストークンが正しくないか、失効しています。LINE Developersで発行し直して、サイドバーの「設定」タブ（メニュー「設定」で開きます）で保存してください。'
        : info.status === 0
          ? 'LINEのサーバーにつながりませんでした。時間をおいてもう一度「診断」を押してください。'
          : `LINEから想定外の返事がありました（番号 ${info.status}）。時間をおいてもう一度「診断」を押し、続くときはこの番号をつなぐを導入した人（開発者）に伝えてください。`;
    return [bad('LINE', why)];
  }
  const quota = knownQuota();
  const left =
    quota === null
      ? '今月の残り通数は確認できませんでした。'
      : quota.remaining === null
        ? '今月の通数に上限は設定されていません。'
        : `今月の残りは${quota.remaining}通です${quota.remaining === 0 ? '（来月まで送れません）' : ''}。`;
  return [ok('LINE', `公式アカウント「${info.displayName}」につながります。${left}`)];
}

/** Whether the webhook secret is set and LINE's deliveries still arrive. */
function webhookCheck(_ss: GoogleAppsScript.Spreadsheet.Spreadsheet, now: Date): DiagnosisLine {
  const topic = 'Webhook';
  if (!webhookSecret())
    return ok(
      topic,
      '未設定です（友だち追加・ブロックを自動で記録するには、サイドバーの「設定」タブ（メニュー「設定」で開きます）でウェブアプリのURLを貼り付けて Webhook URL を作ってください）。',
    );
  const { waiting, lastDelivery, lastEvent } = webhookQueueState();
  if (waiting >= QUEUE_LIMIT / 2)
    return bad(
      topic,
      `「LINE友だち」に書けていない知らせが${waiting}件たまっています（${QUEUE_LIMIT}件を超えると、友だち追加の知らせは受け取れなくなります）。「LINE友だち」シートが保護されていないか確かめて、${menuPath(MENU.runNow)}を押してください。`,
    );
  const queued =
    waiting > 0 ? `まだ「LINE友だち」に書いていない知らせが${waiting}件あります（次の実行で書きます）。` : '';
  if (!lastDelivery)
    return warn(
      topic,
      `URLは作られていますが、LINEからまだ一度も届いていません。LINE Developers の「Messaging API設定」で「Webhook URL」に貼り付けて「更新」し、「Webhookの利用」をオンにして「検証」を押してから、もう一度「診断」を押してください（「検証」の 302 のエラーは問題ありません）。${queued}`,
    );
  const days = Math.floor((now.getTime() - lastDelivery.getTime()) / DAY_MS);
  const when = days <= 0 ? '今日' : `${days}日前`;
  if (days > QUIET_DAYS)
    return warn(
      topic,
      `2週間以上、LINEから知らせが届いていません（最後は${when}）。新しい友だちやブロックがなかっただけなら問題ありません。気になるときは LINE Developers で「検証」を押し、もう一度「診断」を押しても「今日」にならなければ、Apps Script の「デプロイ」→「デプロイを管理」→鉛筆アイコン→バージョン「新バージョン」→「デプロイ」で公開し直し、Webhook URL を作り直して LINE Developers に貼り直してください（LINEはエラーが続くWebhookを止めることがあります）。${queued}`,
    );
  // Only LINE's 検証 so far (it posts no event, and does so with 「Webhookの利用」 off): invitations wait.
  if (!lastEvent)
    return warn(
      topic,
      `LINEの「検証」は届いています（最後は${when}）。LINE Developers で「Webhookの利用」がオンになっているか確かめ、ご自分のスマートフォンのLINEでお店の公式アカウントを友だちに追加してください（すでに友だちのときは、お店のトークに「テスト」など何か一言送ってください）。その知らせが届くと設定が終わり、手紙に連携コードが載るようになります。${queued}`,
    );
  return ok(topic, `LINEからの知らせは届いています（最後は${when}）。${queued}`);
}

/** The permissions granted on Google's consent screen (the owner may untick some). */
function permissionCheck(): DiagnosisLine[] {
  const missing = missingScopes();
  if (missing.length === 0) return [ok('権限', '必要な許可はすべてそろっています。')];
  // One line per permission, naming every feature that waits for it.
  const byLabel = new Map<string, string[]>();
  for (const m of missing) byLabel.set(m.label, [...(byLabel.get(m.label) ?? []), m.feature]);
  return [...byLabel].map(([label, features]) =>
    bad(
      '権限',
      `「${label}」が許可されていないため、${features.join('・')}ができません。${menuPath(MENU.diagnose)}を押すと、結果のあとに Google の許可画面が開くので、この項目にチェックを入れて「続行」を押してください。`,
    ),
  );
}

/** The sheets Tsunagu reads and writes, and their headers. */
function sheetChecks(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): DiagnosisLine[] {
  const settingsSpec = Object.fromEntries(
    SETTINGS_HEADERS.slice(0, 2).map((h) => [h, { header: h, required: true }]),
  ) as Record<string, ColumnLabel>;
  const sheets: [string, Record<string, ColumnLabel>, boolean][] = [
    [SHEET.customers, CUSTOMER_COLUMNS, true],
    [SHEET.settings, settingsSpec, false],
    [SHEET.log, LOG_COLUMNS, false],
    [SHEET.lineOutbox, OUTBOX_COLUMNS, false],
    [SHEET.lineFriends, FRIEND_COLUMNS, false],
  ];
  return sheets.map(([sheetName, spec, needed]) => {
    let name = sheetName;
    let sheet: GoogleAppsScript.Spreadsheet.Sheet | null;
    if (name !== SHEET.customers) sheet = ss.getSheetByName(name);
    else {
      // Found as a run finds it: the owner's choice, a name like 顧客リスト, or the headers 顧客ID and 氏名.
      const search = findCustomerSheet(ss, chosenCustomerSheet(), foundCustomerSheet);
      if (search.kind === 'ambiguous')
        return bad('顧客の一覧', ambiguousMessage(search.candidates, CHOOSE_CUSTOMER_SHEET));
      sheet = search.kind === 'found' ? search.sheet : null;
      if (sheet) name = sheet.getName();
    }
    if (!sheet)
      return needed
        ? bad(
            `「${name}」`,
            `シートがありません。顧客の一覧のシートを開いて${CHOOSE_CUSTOMER_SHEET}を押すか、${menuPath(MENU.setup)}で作ってください。`,
          )
        : name === SHEET.settings
          ? warn(
              `「${name}」`,
              'まだありません。メニュー「初期設定」で作り、店名などを入れてください（ないあいだは標準の値で動きます）。',
            )
          : ok(`「${name}」`, 'まだありません（必要になったときに作ります）。');
    const width = Math.max(1, sheet.getLastColumn());
    // The header row may sit below a title: looked for in the first rows, as a run reads the sheet.
    const top = sheet
      .getRange(1, 1, Math.max(1, Math.min(sheet.getLastRow(), HEADER_SEARCH_ROWS)), width)
      .getValues();
    const at = headerRowIndex(top, spec);
    const { columns, missingRequired } = matchHeaders(top[at], spec);
    if (missingRequired.length > 0)
      return bad(
        `「${name}」`,
        `見出しの行に「${missingRequired.join('」「')}」がありません。見出しを追加してください${spec === CUSTOMER_COLUMNS ? '（「顧客ID」は「顧客番号」「会員番号」、「氏名」は「お名前」なども使えます）' : ''}。`,
      );
    const found = Object.keys(columns).length;
    return ok(
      `「${name}」`,
      `${Math.max(0, sheet.getLastRow() - at - 1)}行、見出し${found}個を確認しました。`,
    );
  });
}

/** 診断's セル数: the workbook against Sheets' limit (cells.ts), with the largest sheets past CELLS_WARN. */
function cellCheck(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): DiagnosisLine {
  const usage = cellUsage(ss);
  const used = cellsUsedText(usage);
  if (usage.share < CELLS_WARN) return ok('セル数', used);
  return usage.share < CELLS_CLOSE
    ? warn('セル数', `${used}${cellAdvice(usage)}`)
    : bad('セル数', `${used}上限の目前です。${cellAdvice(usage)}`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
