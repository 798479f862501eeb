import { setPreparing } from './properties';
import { missingFor, permissionMessage } from './scopes';

const HANDLER = 'runScheduled';

export interface AutoRunState {
  on: boolean;
  message: string;
}

/** One hourly trigger does all background work (an editor add-on may have one per document). */
export function installAutoRun(): AutoRunState {
  // Triggers need 「ユーザーが不在のときにこのアプリケーションを実行できるようにする」 (script.scriptapp).
  const missing = missingFor('autoRun');
  if (missing.length > 0) return { on: false, message: permissionMessage('autoRun', missing) };
  removeTriggers();
  ScriptApp.newTrigger(HANDLER).timeBased().everyHours(1).create();
  setPreparing(true);
  return { on: true, message: '自動実行をオンにしました。毎日の実行時刻に計画と準備を行います。' };
}

export function removeAutoRun(): AutoRunState {
  const missing = missingFor('autoRun');
  if (missing.length > 0) return { on: false, message: permissionMessage('autoRun', missing) };
  const removed = removeTriggers();
  return {
    on: false,
    message: removed > 0 ? '自動実行をオフにしました。' : '自動実行はもともとオフです。',
  };
}

export function autoRunState(): AutoRunState {
  const missing = missingFor('autoRun');
  if (missing.length > 0) return { on: false, message: permissionMessage('autoRun', missing) };
  const on = ScriptApp.getProjectTriggers().some((t) => t.getHandlerFunction() === HANDLER);
  return { on, message: on ? '自動実行はオンです（1時間ごとに確認）' : '自動実行はオフです' };
}

function removeTriggers(): number {
  const ours = ScriptApp.getProjectTriggers().filter((t) => t.getHandlerFunction() === HANDLER);
  ours.forEach((t) => ScriptApp.deleteTrigger(t));
  return ours.length;
}
