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
