import type { MessageTemplate } from '../../templates';

/**
 * S11 ご予約前日のご案内: the default テンプレート rows of this rule (conventions in core/templates.ts). A service
 * message, not an offer: the booked date and time as a date (「12月5日（土）14:00」, never 「明日」, which is wrong the
 * moment it is read a day late), where the shop is, and how to change the booking.
 */
export const TEMPLATES: readonly MessageTemplate[] = [
  {
    scenario: 'ご予約前日のご案内',
    step: '前日のご案内',
    channel: 'LINE',
    subject: '',
    body: `{{姓}}{{敬称}}、{{店名}}です。
{{予約日時}}のご予約を承っております。お会いできるのを楽しみにお待ちしております。
場所: {{店舗住所}}
ご都合が変わったときは、{{予約変更の連絡先}}までお気軽にご連絡ください。`,
  },
  {
    scenario: 'ご予約前日のご案内',
    step: '前日のご案内',
    channel: 'メール',
    subject: 'ご予約の確認（{{予約日時}}・{{店名}}）',
    body: `{{氏名}} {{敬称}}

{{店名}}です。いつもありがとうございます。
次のとおりご予約を承っております。

日時: {{予約日時}}
場所: {{店舗住所}}

ご都合が悪くなったときは、お手数ですが{{予約変更の連絡先}}までご連絡ください。
お会いできるのを楽しみにお待ちしております。

{{署名}}`,
  },
];
