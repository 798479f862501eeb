import {
  currentAccount,
  ownerAccount,
  ownerOnlyMessage,
  recordAutoRun,
  recordedAutoRun,
  recordOwner,
  runsAsOwner,
} from './owner';
import { PUBLISHED_AS_ADDON } from './build-flags';
import { setPreparing } from './properties';
import { missingFor, permissionMessage } from './scopes';

const HANDLER = 'runScheduled';

export interface AutoRunState {
  on: boolean;
  message: string;
}

/**
 * One hourly trigger does all background work (an editor add-on may have one per document and user). It runs as
 * the account that creates it, so that account becomes the owner: its Gmail holds the drafts and gets the notice.
 * Another editor cannot add a second trigger or remove the owner's (getProjectTriggers() shows each account only
 * its own, https://developers.google.com/apps-script/reference/script/script-app#getProjectTriggers()).
 */
export function installAutoRunTrigger(): AutoRunState {
  // Triggers need 「自分がいないときにこのアプリケーションを実行できるようにする」 (script.scriptapp).
  const missing = missingFor('autoRun');
  if (missing.length > 0) return { on: false, message: permissionMessage('autoRun', missing) };
  if (!runsAsOwner()) return { on: recordedAutoRun(), message: ownerOnlyMessage('自動実行のオン・オフ') };
  const me = currentAccount();
  if (!me)
    return {
      on: false,
      message:
        'Googleアカウントを確認できませんでした。スプレッドシートを自分のアカウントで開き直して、もう一度お試しください。',
    };
  // The new trigger first, then the old ones, so a refused create leaves the old trigger running rather than none;
  // an add-on may hold only one clock trigger per user and document, so there the old one must go first.
  const create = () => ScriptApp.newTrigger(HANDLER).timeBased().everyHours(1).create();
  let created: GoogleAppsScript.Script.Trigger;
  try {
    created = create();
  } catch {
    removeTriggers();
    created = create();
  }
  removeTriggers(created.getUniqueId());
  recordOwner(me);
  recordAutoRun(true);
  setPreparing(true);
  return {
    on: true,
    message: `自動実行をオンにしました。設定「毎日の実行時刻」に計画と準備を行います。Gmailの下書きは ${me} のGmailに作られ、毎朝のお知らせも ${me} に届きます。`,
  };
}

export function removeAutoRunTrigger(): AutoRunState {
  const missing = missingFor('autoRun');
  if (missing.length > 0) return { on: false, message: permissionMessage('autoRun', missing) };
  if (!runsAsOwner()) {
    // Only this account's own leftover trigger can go: the owner's is the owner's to turn off.
    const leftover = removeTriggers();
    const message = ownerOnlyMessage('自動実行のオン・オフ');
    return {
      on: recordedAutoRun(),
      message:
        leftover > 0
          ? `このアカウントに残っていた以前の自動実行の設定（${leftover}件）を消しました。${message}`
          : message,
    };
  }
  const removed = removeTriggers();
  recordAutoRun(false);
  return {
    on: false,
    message: removed > 0 ? '自動実行をオフにしました。' : '自動実行はもともとオフです。',
  };
}

export function getAutoRunState(): AutoRunState {
  const missing = missingFor('autoRun');
  if (missing.length > 0) return { on: false, message: permissionMessage('autoRun', missing) };
  if (!runsAsOwner()) {
    const on = recordedAutoRun();
    return {
      on,
      message: `${on ? '自動実行はオンです' : '自動実行はオフです'}（オーナーの ${ownerAccount()} で動きます。オン・オフは ${ownerAccount()} で開いて操作してください）。`,
    };
  }
  const on = ownTriggers().length > 0;
  return { on, message: on ? '自動実行はオンです（1時間ごとに確認）' : '自動実行はオフです' };
}

/** Whose trigger runs the hourly job, as far as this account can tell (for 診断). */
export function ownTriggerCount(): number {
  return ownTriggers().length;
}

function removeTriggers(keepId = ''): number {
  const ours = ownTriggers().filter((t) => t.getUniqueId() !== keepId);
  ours.forEach((t) => ScriptApp.deleteTrigger(t));
  return ours.length;
}

/**
 * This account's hourly triggers for this spreadsheet: getProjectTriggers() in the bound script; in a published
 * add-on, whose project spans every document it is used in, getUserTriggers(this spreadsheet)
 * (https://developers.google.com/apps-script/reference/script/script-app#getUserTriggers(Spreadsheet)).
 */
function ownTriggers(): GoogleAppsScript.Script.Trigger[] {
  const all = PUBLISHED_AS_ADDON
    ? ScriptApp.getUserTriggers(SpreadsheetApp.getActiveSpreadsheet())
    : ScriptApp.getProjectTriggers();
  return all.filter((t) => t.getHandlerFunction() === HANDLER);
}
