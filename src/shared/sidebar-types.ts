/** Types that cross google.script.run: JSON-safe, dates as YYYY-MM-DD strings. Used by the server and the sidebar. */

export type ChannelName = 'メール' | 'LINE' | '手紙' | '電話';

export interface FollowUpItem {
  key: string;
  customerId: string;
  name: string;
  /** `シナリオ: ステップ` */
  title: string;
  channel: ChannelName;
  /** YYYY-MM-DD the contact is planned for (today for overdue ones). */
  date: string;
  daysLate: number;
  /** YYYY-MM-DD: the last day of the step's window, the latest day it may be snoozed to; null when open-ended. */
  lastDate: string | null;
  reason: string;
  /** 連絡履歴 state, or '' when not prepared yet. */
  state: string;
  preview: string;
}

export interface FollowUpGroup {
  channel: ChannelName;
  items: FollowUpItem[];
}

export interface TodayView {
  today: string;
  preview: boolean;
  autoRun: boolean;
  groups: FollowUpGroup[];
  total: number;
  /** The next date something is planned, when nothing is due today. */
  nextDate: string | null;
  problems: string[];
}

export interface ActionResult {
  ok: boolean;
  message: string;
}

export type CallOutcomeName = '満足' | '不満' | '不在';

/** What the owner did with one follow-up in the sidebar. */
export type FollowUpAction =
  | { key: string; action: 'called'; outcome: CallOutcomeName }
  | { key: string; action: 'skip' }
  /** date: YYYY-MM-DD, after today and no later than the item's lastDate. */
  | { key: string; action: 'snooze'; date: string };

/** An action's outcome and, when it changed something, the list as it is now (one round trip). */
export interface ActionReply extends ActionResult {
  view?: TodayView;
}
