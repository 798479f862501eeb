/**
 * The forecast of a long queue (contract 3, Step life cycle: "When the queue is long … the summary, the sidebar and
 * the owner's notice say how many days it takes and what the postage comes to"): one line per シナリオ in the
 * queue, 「休眠客フォロー 170件：1日20通で9日間、郵便代 約18,700円」, and how to spread or trim it. Pure.
 */
import { postageOf, yenText, type MailKind } from './postage';
import type { ChannelQueue } from './queue';
import { findRule, POSTCARD_RULES } from './registry';
import type { Channel } from './types';

/** Whether a letter of this rule goes as a はがき or a 封書 (its postage): the rule declares it (postcard). */
export function mailKindOf(rule: string): MailKind {
  return POSTCARD_RULES.has(rule) ? 'postcard' : 'letter';
}

const UNIT: Partial<Record<Channel, string>> = { 手紙: '通', メール: '通', 電話: '件' };

/** What the summary, the sidebar and the notice say of the queues (nothing when every queue fits in a day). */
export function forecastLines(queues: readonly ChannelQueue[]): string[] {
  const lines: string[] = [];
  for (const q of queues) {
    const unit = UNIT[q.channel] ?? '件';
    const pace = `1日${q.limit}${unit}で`;
    let postage = 0;
    let listed = 0;
    for (const s of q.byScenario) {
      const yen = q.channel === '手紙' ? postageOf(mailKindOf(s.rule), s.count) : 0;
      postage += yen;
      // A シナリオ none of whose contacts waits (a higher rule takes the first of each day) is only in the total.
      if (s.moved === 0) continue;
      listed++;
      // Letters are the usual queue (「休眠客フォロー 170件」); another channel says which it is.
      const name = q.channel === '手紙' ? s.scenario : `${s.scenario}（${q.channel}）`;
      lines.push(`${name} ${s.count}件：${pace}${s.days}日間${yen > 0 ? `、郵便代 約${yenText(yen)}` : ''}`);
    }
    if (q.byScenario.length > listed || listed > 1)
      lines.push(
        `${q.channel}の合計 ${q.total}件：${pace}${q.days}日間${postage > 0 ? `、郵便代 約${yenText(postage)}` : ''}`,
      );
    if (q.unfit > 0) lines.push(`${q.channel}のうち${q.unfit}件は、${pace}は期限までに準備できません`);
  }
  if (lines.length === 0) return [];
  const items = queues.map((q) => `「1日の${q.channel}上限」`).join('・');
  // What the rules in the queues say about narrowing them (S4: 休眠フォローの対象), each once.
  const hints = new Set<string>();
  for (const q of queues) for (const s of q.byScenario) hints.add(findRule(s.rule)?.queueHint ?? '');
  const narrow = [...hints].join('');
  return [
    '【順番待ちの見込み】1日の上限に合わせて、次回連絡日を準備する日にしています。',
    ...lines,
    `日数は設定${items}で変えられます（上げると早く終わり、下げると日をかけて分けられます）。${narrow}`,
  ];
}
