import { dayOfInstant, hourOfInstant, instantOfDay, isoDay } from '../core/day';
import { botInfo, knownQuota, lineConfig } from '../channels/line-api';
import {
  CUSTOMER_COLUMNS,
  FRIEND_COLUMNS,
  LOG_COLUMNS,
  OUTBOX_COLUMNS,
  SETTINGS_HEADERS,
  SHEET,
  type ColumnLabel,
} from '../labels';
import { matchHeaders } from '../sheets/table';
import type { DiagnosisLine } from '../shared/sidebar-types';
import { currentAccount, ownerAccount, recordedAutoRun } from './owner';
import { missingFor, missingScopes, permissionMessage } from './scopes';
import { ownTriggerCount } from './triggers';
import { WEBHOOK_SECRET_PROPERTY, webhookQueueState } from './webhook';

/** Set by tools/build.ts: package.json's version and the commit this copy was built from. */
declare const TSUNAGU_VERSION: string;

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

export function diagnose(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, now: Date): DiagnosisLine[] {
  const checks: [string, Check][] = [
    ['バージョン', () => ok('バージョン', `このコピーは つなぐ ${TSUNAGU_VERSION} です。`)],
    ['タイムゾーン', timeZoneCheck],
    ['ロック', lockCheck],
    ['オーナーと自動実行', ownerCheck],
    ['Gmail', gmailCheck],
    ['LINE', lineCheck],
    ['Webhook', webhookCheck],
    ['権限', permissionCheck],
    ['シート', sheetChecks],
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
          '確認できませんでした。時間をおいてもう一度「診断」を押してください。続くときは、この画面を開発者に見せてください。',
        ),
      ];
    }
  });
}

/** The report as the menu shows it: one line per check. */
export function diagnosisText(lines: readonly DiagnosisLine[]): string {
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
      `日付の計算が Google と合いません（Google ${expected}、つなぐ ${ours}、${zone}）。自動実行は安全のため止まります。開発者に連絡してください。`,
    );
  return ok(topic, `${zone} で ${expected}時。Google の日付・時刻と一致しています。`);
}

/** The script lock that serialises runs and sidebar actions. */
function lockCheck(): DiagnosisLine {
  const lock = LockService.getScriptLock();
  if (!lock.tryLock(1000))
    return warn(
      'ロック',
      'いま別の処理（自動実行など）が動いています。数分後にもう一度「診断」を押してください。',
    );
  lock.releaseLock();
  return ok('ロック', '処理の順番待ち（スクリプトのロック）は使えます。');
}

/** Which account owns the hourly trigger, and whether it is the recorded owner. */
function ownerCheck(): DiagnosisLine[] {
  const me = currentAccount();
  const owner = ownerAccount();
  const mine = ownTriggerCount();
  if (!owner) {
    return [
      warn(
        'オーナー',
        `まだ決まっていません。Gmailの下書きと自動実行を使うアカウント（今は ${me || '不明'}）で「自動実行をオン」を押すと、そのアカウントがオーナーになります。`,
      ),
      mine > 0
        ? warn(
            '自動実行',
            `このアカウントのトリガーが${mine}件あります。「自動実行をオン」を押し直してください。`,
          )
        : warn('自動実行', 'オフです。毎朝の準備を任せるなら「自動実行をオン」を押してください。'),
    ];
  }
  if (me.toLowerCase() !== owner.toLowerCase()) {
    return [
      warn(
        'オーナー',
        `オーナーは ${owner} です。このアカウント（${me || '不明'}）では、トリガーとGmailの下書きを確認できません。${owner} で開いて「診断」を押してください。`,
      ),
      mine > 0
        ? warn(
            '自動実行',
            `このアカウントにも自動実行のトリガーが${mine}件あります。オーナー以外のトリガーは何もしません。このアカウントで「自動実行をオフ」を押して消してください。`,
          )
        : ok('自動実行', `オーナーの設定では${recordedAutoRun() ? 'オン' : 'オフ'}です。`),
    ];
  }
  const lines = [
    ok(
      'オーナー',
      `${owner}（このアカウント）です。Gmailの下書きと毎朝のお知らせはこのアカウントで行います。`,
    ),
  ];
  if (mine === 1)
    lines.push(ok('自動実行', 'オンです（1時間ごとのトリガーが1件、このアカウントで動いています）。'));
  else if (mine === 0)
    lines.push(
      recordedAutoRun()
        ? bad('自動実行', 'オンのはずですがトリガーがありません。「自動実行をオン」を押し直してください。')
        : warn('自動実行', 'オフです。毎朝の準備を任せるなら「自動実行をオン」を押してください。'),
    );
  else
    lines.push(
      warn('自動実行', `トリガーが${mine}件あります。「自動実行をオン」を押し直すと1件になります。`),
    );
  return lines;
}

/**
 * Gmail access with the granted scope. Today's remaining sending quota is not read: MailApp.getRemainingDailyQuota
 * needs a scope of its own (script.send_mail) that Tsunagu does not ask for.
 */
function gmailCheck(): DiagnosisLine {
  const topic = 'Gmail';
  const owner = ownerAccount();
  const me = currentAccount();
  if (owner && me.toLowerCase() !== owner.toLowerCase())
    return warn(topic, `下書きはオーナー（${owner}）のGmailに作ります。このアカウントでは確認しません。`);
  const missing = missingFor('email');
  if (missing.length > 0) return bad(topic, permissionMessage('email', missing));
  try {
    const drafts = GmailApp.getDrafts().length;
    return ok(
      topic,
      `使えます（下書き${drafts}件）。1日に作れる下書きの残り数は、今の権限では確認できません（上限に達した日は、残りを翌日に作ります）。`,
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
        '使っていません（チャネルアクセストークンが未設定です。使うときは「設定」タブで保存してください）。',
      ),
    ];
  const info = botInfo(config);
  if ('status' in info) {
    const why =
      info.status === 401
        ? 'チャネルアクセストークンが正しくないか、失効しています。LINE Developersで発行し直して「設定」タブで保存してください。'
        : info.status === 0
          ? 'LINEのサーバーにつながりませんでした。時間をおいてもう一度「診断」を押してください。'
          : `LINEが応答コード${info.status}を返しました。時間をおいてもう一度「診断」を押してください。`;
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
  const secret = PropertiesService.getScriptProperties().getProperty(WEBHOOK_SECRET_PROPERTY);
  const oldSecret = PropertiesService.getDocumentProperties().getProperty(WEBHOOK_SECRET_PROPERTY);
  if (!secret && !oldSecret)
    return ok(
      topic,
      '未設定です（友だち追加・ブロックを自動で記録するには、「設定」タブでウェブアプリのURLを貼り付けて Webhook URL を作ってください）。',
    );
  const { waiting, lastDelivery } = webhookQueueState();
  const queued =
    waiting > 0 ? `未反映のイベントが${waiting}件あります（次の実行で「LINE友だち」に反映します）。` : '';
  if (!lastDelivery)
    return warn(
      topic,
      `URLは作られていますが、LINEからまだ一度も届いていません。LINE Developers の「Webhook URL」に貼り付けて「検証」を押し、「Webhookの利用」をオンにしてください。${queued}`,
    );
  const days = Math.floor((now.getTime() - lastDelivery.getTime()) / DAY_MS);
  const when = days <= 0 ? '今日' : `${days}日前`;
  if (days > QUIET_DAYS)
    return warn(
      topic,
      `最後にLINEから届いたのは${when}です。LINE Developers で「検証」を押してください。エラーになる場合は、ウェブアプリを「新しいデプロイ」ではなく既存のデプロイの新バージョンとして公開し直し、Webhook URL を作り直してください（LINEはエラーが続くWebhookを止めることがあります）。${queued}`,
    );
  return ok(topic, `LINEからの通知は${when}も届いています。${queued}`);
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
      `「${label}」が許可されていないため、${features.join('・')}ができません。メニュー「フォローアップ」から操作して、Google の許可画面でこの項目にチェックを入れてください。`,
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
  return sheets.map(([name, spec, needed]) => {
    const sheet = ss.getSheetByName(name);
    if (!sheet)
      return needed
        ? bad(
            `「${name}」`,
            'シートがありません。メニュー「初期設定」で作るか、シート名を「顧客」にしてください。',
          )
        : ok(`「${name}」`, 'まだありません（必要になったときに作ります）。');
    const width = Math.max(1, sheet.getLastColumn());
    const header = sheet.getRange(1, 1, 1, width).getValues()[0];
    const { columns, missingRequired } = matchHeaders(header, spec);
    if (missingRequired.length > 0)
      return bad(
        `「${name}」`,
        `1行目に見出し「${missingRequired.join('」「')}」がありません。見出しを追加してください。`,
      );
    const found = Object.keys(columns).length;
    return ok(`「${name}」`, `${Math.max(0, sheet.getLastRow() - 1)}行、見出し${found}個を確認しました。`);
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
