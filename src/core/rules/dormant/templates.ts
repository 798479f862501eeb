import type { MessageTemplate } from '../../templates';

/** S4 休眠客フォロー（売り込まず、役に立つことだけ）: the default テンプレート rows of this rule (conventions in core/templates.ts). */
export const TEMPLATES: readonly MessageTemplate[] = [
  {
    scenario: '休眠客フォロー',
    step: 'お役立ち情報',
    channel: '手紙',
    subject: '',
    body: `すっかりご無沙汰しております。
本日は、日々の暮らしに少しでもお役に立てばと思い、ささやかな話題をお届けいたします。
{{お役立ち情報}}
ご参考になれば幸いです。お近くにお越しの折には、どうぞお気軽にお立ち寄りください。`,
  },
  {
    scenario: '休眠客フォロー',
    step: 'お役立ち情報',
    channel: 'メール',
    subject: '季節のお便り（{{店名}}）',
    body: `{{氏名}} {{敬称}}

ご無沙汰しております。{{店名}}です。
お変わりなくお過ごしでしょうか。

今日は、日々の暮らしに少しでもお役に立てばと思い、ちょっとした話題をお届けします。

{{お役立ち情報}}

ご参考になればうれしいです。

{{署名}}`,
  },
  {
    scenario: '休眠客フォロー',
    step: 'お役立ち情報',
    channel: 'LINE',
    subject: '',
    body: `{{姓}}{{敬称}}、ご無沙汰しております。{{店名}}です。
お変わりなくお過ごしでしょうか？ちょっとした話題をお届けします。
{{お役立ち情報}}
少しでもお役に立てばうれしいです。`,
  },
];
