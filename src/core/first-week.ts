/**
 * The first week after 初期設定 (issue 16 item 3, the wizard's last step): how many contacts the plan has from today
 * for seven days, on how many days, by channel, and what the letters' postage comes to. Read from the customers'
 * next contact (次回連絡日 … 次回チャネル, as the plan writes them), so it says what the owner will see on 顧客. Pure.
 */
import { CHANNELS, type Channel } from '../labels';
import { addDays, monthDayJa, type Day } from './day';
import { mailKindOf } from './forecast';
import { postageOf, yenText } from './postage';
import { RULES } from './registry';

/** A customer's next contact as the plan summarizes it (CustomerPlan). */
export interface NextContact {
  nextDay?: Day;
  /** `シナリオ（ステップ）` or the シナリオ alone. */
  nextContent: string;
  /** `メール`, or two channels of one step: `手紙, メール`. */
  nextChannel: string;
}

export const FIRST_WEEK_DAYS = 7;

export interface FirstWeek {
  from: Day;
  to: Day;
  /** Contacts in the week: a step planned on two channels counts twice (two things to prepare). */
  contacts: number;
  /** Customers with a contact in the week. */
  customers: number;
  /** Days of the week with at least one contact. */
  days: number;
  byChannel: { channel: Channel; count: number }[];
  /** Postage of the week's letters (a rule's postcards at the postcard rate), in yen. */
  postage: number;
}

/** The scenario a 次回連絡内容 names (`休眠客フォロー（ご無沙汰のご挨拶）` → 休眠客フォロー's rule), if Tsunagu has it. */
function ruleOfContent(content: string) {
  return RULES.find((r) => content === r.scenario || content.startsWith(`${r.scenario}（`));
}

export function firstWeek(customers: readonly NextContact[], today: Day): FirstWeek {
  const to = addDays(today, FIRST_WEEK_DAYS - 1);
  const counts = new Map<Channel, number>();
  const days = new Set<Day>();
  let contacts = 0;
  let people = 0;
  let postage = 0;
  for (const c of customers) {
    if (c.nextDay === undefined || c.nextDay > to) continue;
    const channels = c.nextChannel
      .split(',')
      .map((s) => s.trim())
      .filter((s): s is Channel => (CHANNELS as readonly string[]).includes(s));
    if (channels.length === 0) continue;
    people++;
    days.add(c.nextDay < today ? today : c.nextDay);
    for (const channel of channels) {
      contacts++;
      counts.set(channel, (counts.get(channel) ?? 0) + 1);
      if (channel === '手紙') {
        const rule = ruleOfContent(c.nextContent);
        postage += postageOf(rule ? mailKindOf(rule.id) : 'letter', 1);
      }
    }
  }
  return {
    from: today,
    to,
    contacts,
    customers: people,
    days: days.size,
    byChannel: CHANNELS.filter((c) => counts.has(c)).map((channel) => ({
      channel,
      count: counts.get(channel) as number,
    })),
    postage,
  };
}

const UNIT: Record<Channel, string> = { メール: '通', LINE: '通', 手紙: '通', 電話: '件' };

/** The week in the owner's words: 「11月22日〜11月28日：連絡 12件を5日に分けて（メール 6通・手紙 4通・電話 2件）」. */
export function firstWeekLines(week: FirstWeek): string[] {
  const span = `${monthDayJa(week.from)}〜${monthDayJa(week.to)}`;
  if (week.contacts === 0) return [`はじめの1週間（${span}）に予定している連絡はありません。`];
  const parts = week.byChannel.map((c) => `${c.channel} ${c.count}${UNIT[c.channel]}`).join('・');
  const lines = [
    `はじめの1週間（${span}）：${week.customers}人のお客様に、連絡 ${week.contacts}件を${week.days}日に分けて準備します（${parts}）。`,
  ];
  const letters = week.byChannel.find((c) => c.channel === '手紙')?.count ?? 0;
  if (letters > 0) lines.push(`手紙 ${letters}通の郵便代は 約${yenText(week.postage)}です。`);
  return lines;
}
