import { CHANNELS } from '../labels';
import type { DailyRunSummary } from './daily-run';
import { examplesLine } from '../core/examples';

/** The run's outcome in one or two sentences an owner reads at a glance. */
export function summaryText(s: DailyRunSummary): string {
  // A stopped run (連絡履歴 lost) has only what to do.
  if (s.stopped) return s.setupProblems.join('\n');
  const counts = CHANNELS.map((c) => `${c} ${s.prepared[c]}件`).join('・');
  const head = s.preview
    ? `プレビュー: ${s.customers}人中${s.planned}人に次回連絡日を入れました（今日の対象 ${s.dueToday}件。準備はまだしていません）。`
    : `${s.customers}人中${s.planned}人に次回連絡日を入れ、今日の分を準備しました（${counts}）。`;
  const tail = [
    ...s.forecast,
    s.skipped > 0 ? `期限切れ・上限超過でスキップ ${s.skipped}件。` : '',
    s.optedOutDrafts > 0
      ? `配信停止（メール）になったお客様のGmailの下書き${s.optedOutDrafts}件を削除しました（連絡履歴の備考に記録しました）。`
      : '',
    s.gmailLimit
      ? `Gmailの1日の利用上限に達したため、メール${s.mailFailed}件の下書きは次の実行で作ります。`
      : s.mailOwnerOnly
        ? `メール${s.mailFailed}件の下書きは作っていません。${s.mailOwnerOnly}`
        : s.mailFailed > 0
          ? `Gmailの下書きを作れなかったメール${s.mailFailed}件は、次の実行でもう一度試します（連絡履歴の備考に理由があります）。`
          : '',
    s.interrupted > 0
      ? `時間内に終わらなかった${s.interrupted}件は、1時間後の自動実行で続きを準備します（自動実行がオフのときは、もう一度「今すぐ計画を更新」を押してください）。`
      : '',
    s.unfinished.length > 0
      ? `時間内に終わらなかった${s.unfinished.join('・')}は、1時間後の自動実行で行います（自動実行がオフのときは、もう一度「今すぐ計画を更新」を押してください）。`
      : '',
    s.held > 0 ? `文面に直すところがあるため準備を保留 ${s.held}件。` : '',
    archivedLine(s),
    s.lineAllowance ?? '',
    s.needsAttention > 0 ? `要確認 ${s.needsAttention}人。顧客シートの「要確認」列をご覧ください。` : '',
    ...s.setupProblems,
    examplesLine(s.examples ?? 0),
  ];
  return [head, ...tail].filter(Boolean).join('\n');
}

/** The month's archiving, on the day it ran: what moved where (README: 連絡履歴アーカイブ). */
function archivedLine(s: DailyRunSummary): string {
  const archived = s.archived;
  const moved = archived?.moved ?? 0;
  const written = archived?.written ?? moved;
  // The rows a folded row stands for (each removed from the sheet, or left to count nothing until the next pass).
  const fold = archived?.folded;
  const folded = fold ? (fold.rows ?? fold.before - fold.after + fold.folds) : 0;
  const later = '残りは次の実行で移します。';
  return [
    moved > 0
      ? `連絡履歴の古い行${moved}件を「連絡履歴アーカイブ」に移しました（お客様ごと・年ごとに1行）。${archived?.leftInLog ? later : ''}`
      : written > 0
        ? `連絡履歴の古い行${written}件を「連絡履歴アーカイブ」に写しました。連絡履歴からは次の実行で消します。`
        : '',
    folded > 0 && fold
      ? `来店履歴の古い来店${folded}件を、お客様ごと・年ごとの${fold.folds}行にまとめました。${fold.stopped ? '元の行の残りは次の実行で消します。' : ''}`
      : '',
  ].join('');
}
