import type { MessageTemplate } from '../../templates';

/** S7 ニュースレター: the default テンプレート rows of this rule (conventions in core/templates.ts). */
export const TEMPLATES: readonly MessageTemplate[] = [
  {
    scenario: 'ニュースレター',
    step: 'ニュースレター',
    channel: '手紙',
    subject: '',
    body: `日頃より{{店名}}をご愛顧いただき、誠にありがとうございます。「{{店名}}だより {{号}}」をお届けいたします。
{{ニュースレター本文}}
最後までお読みいただき、ありがとうございました。ご感想やご質問がございましたら、お電話やご来店の折にお聞かせください。`,
  },
  {
    scenario: 'ニュースレター',
    step: 'ニュースレター',
    channel: 'メール',
    subject: '{{店名}}だより {{号}}',
    body: `{{氏名}} {{敬称}}

{{店名}}です。
「{{店名}}だより {{号}}」をお届けします。

{{ニュースレター本文}}

最後までお読みいただき、ありがとうございました。
ご感想やご質問など、お気軽にご返信ください。

{{署名}}`,
  },
];
