import type { MessageTemplate } from '../../templates';

/** S5 空き枠案内（いつもお越しの常連のお客様へ。店の落ち度ではない言い方で）: the default テンプレート rows of this rule (conventions in core/templates.ts). */
export const TEMPLATES: readonly MessageTemplate[] = [
  {
    scenario: '空き枠案内',
    step: 'ご案内',
    channel: 'LINE',
    subject: '',
    body: `{{姓}}{{敬称}}、いつもありがとうございます。{{店名}}です。
急にご予約に空きが出ましたので、いつもお越しいただいている方にご案内しております。
{{空き枠}}
{{特別価格のご案内}}
先着順となりますので、ご都合が合えばこのLINEにお返事ください。ご無理のない範囲で大丈夫です。`,
  },
  {
    scenario: '空き枠案内',
    step: 'ご案内',
    channel: 'メール',
    subject: '急に空きが出ましたので、ご案内です（{{店名}}）',
    body: `{{氏名}} {{敬称}}

いつもありがとうございます。{{店名}}です。
急にご予約に空きが出ましたので、いつもお越しいただいている方にご案内しております。

・日時：{{空き枠}}
{{特別価格のご案内}}

先着順となりますので、ご都合が合いましたらこのメールにご返信ください。
急なお話ですので、どうぞご無理のない範囲でご検討ください。

{{署名}}`,
  },
];
