import type { MessageTemplate } from '../../templates';

/**
 * S10 季節のご挨拶: the default テンプレート rows of this rule (conventions in core/templates.ts). Greeting postcards
 * follow their own form (followup-rules.md section 2, テンプレート): the greeting itself, no 拝啓 or 敬具 and no
 * separate 時候の挨拶, dated 「令和○年 元旦」, 「令和○年 一月」 or 「令和○年 盛夏」 ({{挨拶状の日付}}).
 */
export const TEMPLATES: readonly MessageTemplate[] = [
  {
    scenario: '季節のご挨拶',
    step: '年賀状',
    channel: '手紙',
    subject: '',
    body: `謹賀新年
旧年中は{{店名}}を格別にご愛顧いただき、誠にありがとうございました。
{{お祈りの言葉}}
本年もどうぞよろしくお願い申し上げます。
{{挨拶状の日付}}`,
  },
  {
    scenario: '季節のご挨拶',
    step: '寒中見舞い',
    channel: '手紙',
    subject: '',
    body: `寒中お見舞い申し上げます
ご服喪中と伺い、年頭のご挨拶は控えさせていただきました。
お寂しい新年をお迎えのことと存じます。
寒さ厳しき折、どうぞご自愛くださいませ。
本年もどうぞよろしくお願い申し上げます。
{{挨拶状の日付}}`,
  },
  {
    scenario: '季節のご挨拶',
    step: '暑中見舞い',
    channel: '手紙',
    subject: '',
    body: `{{暑中見舞いの挨拶}}
日頃より{{店名}}をご愛顧いただき、誠にありがとうございます。
まだまだ暑い日が続きますが、どうぞお体を大切にお過ごしください。
またのご来店を心よりお待ちしております。
{{挨拶状の日付}}`,
  },
];
