import type { MessageTemplate } from '../../templates';

/** S8 お手紙確認メール: the default テンプレート rows of this rule (conventions in core/templates.ts). */
export const TEMPLATES: readonly MessageTemplate[] = [
  {
    scenario: 'お手紙確認メール',
    step: '確認メール',
    channel: 'メール',
    subject: 'お手紙はお手元に届きましたでしょうか（{{店名}}）',
    body: `{{氏名}} {{敬称}}

{{店名}}です。
先日、お便りを差し上げましたが、お手元に届きましたでしょうか。

お忙しい毎日かと存じますので、まだでしたら、お手すきの際に目を通していただけるとうれしいです。
もし届いていないようでしたら、お手数ですがこのメールにご一報ください。

{{署名}}`,
  },
];
