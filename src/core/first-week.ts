/**
 * The first week after 初期設定 (issue 16 item 3, the wizard's last step): how many contacts Tsunagu prepares from
 * today for seven days, on how many days, by channel, and what the letters' postage comes to. Pure.
 *
 * It is what seven chained daily runs prepare when the owner does each day's list that day: every email and LINE
 * sent, every letter printed, every call made and answered 満足. So a step that follows another inside the week is
 * counted too (S1's お伺い then its 電話確認 2–10 days later, S6's お礼 with an お伺い, a letter then S8's
 * お手紙確認メール) — the customer's single 次回連絡日 would miss it. It does not re-plan by hand: each day is the
 * planner's own (planFollowUps, daily limits and their queues included), given the days before as done.
 */
import { CHANNELS, type Channel } from '../labels';
import { addDays, monthDayJa, type Day } from './day';
import { mailKindOf } from './forecast';
import { isPendingState } from './history';
import { keyRule } from './keys';
import { planFollowUps, type DueContact, type PlanInput } from './plan';
import { postageOf, yenText } from './postage';
import type { ContactRecord, ContactState } from './types';

export const FIRST_WEEK_DAYS = 7;

export interface FirstWeek {
  from: Day;
  to: Day;
  /** Contacts prepared in the week: a step planned on two channels counts twice (two things to prepare). */
  contacts: number;
  /** Customers with a contact in the week. */
  customers: number;
  /** Days of the week with at least one contact. */
  days: number;
  byChannel: { channel: Channel; count: number }[];
  /** Postage of the week's letters (a rule's postcards at the postcard rate), in yen. */
  postage: number;
}

/** How the owner finishes a contact the day it is prepared (the state their own action writes in 連絡履歴). */
const DONE: Record<Channel, ContactState> = {
  メール: '送信済',
  LINE: '送信済',
  手紙: '印刷済',
  電話: '完了',
};

/** The 連絡履歴 row of a contact the owner finished on `day`: sent, printed, or a call answered 満足. */
function doneRecord(due: DueContact, day: Day, index: number): ContactRecord {
  const { customer, step, channel } = due;
  return {
    index,
    at: day,
    plannedDay: day,
    customerId: customer.id,
    name: customer.name,
    scenario: step.scenario,
    step: step.step,
    channel,
    state: DONE[channel],
    ...(channel === '電話' ? { result: '満足' as const } : {}),
    content: '',
    key: step.key,
    note: '',
    draftId: '',
    threadId: '',
  };
}

/** The 連絡履歴 row `r` as the owner leaves it once done on `day`: sent, printed, or a call answered 満足. */
function doneRow(r: ContactRecord, channel: Channel, day: Day): ContactRecord {
  const { result: _result, ...rest } = r;
  return {
    ...rest,
    at: day,
    state: DONE[channel],
    ...(channel === '電話' ? { result: '満足' as const } : {}),
  };
}

/**
 * Today's contacts already prepared (preparing on: 自動実行 or 「準備する」 ran before the wizard): open rows — 下書き,
 * 印刷待ち, 承認待ち, 予定… — planned on or before today. The planner has nothing due for them, so they are counted
 * here as today's, as the owner's list shows them. A row the planner places again today (失敗, 準備中, a 延期 whose
 * day came) is one of them too: done here, it is not counted twice. Rows Tsunagu cannot read are left as they are.
 */
function isTodaysOpenRow(r: ContactRecord, today: Day): r is ContactRecord & { channel: Channel } {
  return (
    isPendingState(r.state) &&
    r.channel !== undefined &&
    r.unreadable === undefined &&
    r.unknownCustomer === undefined &&
    (r.plannedDay ?? r.at ?? today) <= today
  );
}

/**
 * The week from `input.today`: today's open rows and the planner's due contacts of each day, each then finished by
 * the owner that day (a retried row becomes the finished one, as the owner's action would make it), LINE's
 * allowance spent as they go.
 */
export function firstWeek(input: PlanInput): FirstWeek {
  const today = input.today;
  const to = addDays(today, FIRST_WEEK_DAYS - 1);
  const counts = new Map<Channel, number>();
  const days = new Set<Day>();
  const people = new Set<string>();
  let contacts = 0;
  let postage = 0;
  let lineLeft = input.lineAllowance;
  const count = (customerId: string, channel: Channel, rule: string, day: Day): void => {
    contacts++;
    days.add(day);
    people.add(customerId);
    counts.set(channel, (counts.get(channel) ?? 0) + 1);
    if (channel === '手紙') postage += postageOf(mailKindOf(rule), 1);
  };
  // LINE's allowance is what is left to send today; a prepared LINE (承認待ち) has not spent it yet either.
  let records: ContactRecord[] = input.records.map((r) => {
    if (!isTodaysOpenRow(r, today)) return r;
    count(r.customerId, r.channel, r.key ? keyRule(r.key) : '', today);
    if (r.channel === 'LINE' && typeof lineLeft === 'number') lineLeft--;
    return doneRow(r, r.channel, today);
  });
  for (let day = today; day <= to; day = addDays(day, 1)) {
    const plan = planFollowUps({
      ...input,
      today: day,
      now: { day, minutes: input.now.minutes },
      records,
      lineAllowance: lineLeft,
    });
    if (plan.due.length === 0) continue;
    const retried = new Map<number, ContactRecord>();
    const added: ContactRecord[] = [];
    for (const due of plan.due) {
      count(due.customer.id, due.channel, due.step.rule, day);
      if (due.channel === 'LINE' && typeof lineLeft === 'number') lineLeft--;
      if (due.retryOf !== undefined) retried.set(due.retryOf, doneRecord(due, day, due.retryOf));
      else added.push(doneRecord(due, day, records.length + added.length));
    }
    records = [...records.map((r) => retried.get(r.index) ?? r), ...added];
  }
  return {
    from: today,
    to,
    contacts,
    customers: people.size,
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
  lines.push(
    '毎日の分をその日のうちに済ませた（メールとLINEは送信、手紙は印刷、電話はかけた）場合の見込みです。お伺いの数日後の電話確認のように、済ませた連絡に続く連絡も数えています。',
  );
  return lines;
}
