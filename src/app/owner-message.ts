import { OwnerError } from '../core/errors';

/**
 * What the owner reads when something fails: Apps Script's own errors (English, technical) become Japanese that
 * says what happened and what to do next. Tsunagu's own errors are already written that way and pass through.
 */
const KNOWN: readonly [RegExp, string][] = [
  [
    /above the limit of 10000000 cells/i,
    'スプレッドシートのセル数が上限（1,000万セル）に近いため、つなぐのシートを作れません。使っていない行・列・シートを削除してから、もう一度お試しください。',
  ],
  [
    /protected cell or object/i,
    'つなぐが書き込む列やシート（次回連絡日などの列、連絡履歴など）が保護されています。保護を外すか、この操作をする人を編集者に加えてから、もう一度お試しください。',
  ],
  [/too many times for one day: gmail/i, 'Gmailの1日の利用上限に達しました。残りは明日の実行で続けます。'],
  [
    /too many times for one day/i,
    'Googleのサービスの1日の利用上限に達しました。残りは明日の実行で続けます。',
  ],
  [
    /Exceeded maximum execution time/i,
    '時間がかかりすぎて途中で止まりました。1時間後の自動実行（または「今すぐ計画を更新」）で続きを行います。',
  ],
];

export function ownerMessage(error: unknown): string {
  // Tsunagu's own errors are written for the owner already.
  if (error instanceof OwnerError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  for (const [pattern, said] of KNOWN) if (pattern.test(message)) return said;
  return `思わぬエラーが起きました（${message}）。もう一度お試しください。続くときは開発者に連絡してください。`;
}
