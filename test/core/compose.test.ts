import { composeMessage, type ComposeContext } from '../../src/core/compose';
import type { DueContact } from '../../src/core/plan';
import { DEFAULT_TEMPLATES } from '../../src/core/templates';
import type { Channel, StepCandidate } from '../../src/core/types';
import { customer, d, settings } from './builders';

const SHOP: [string, unknown][] = [
  ['店名', 'ここち堂'],
  ['店舗住所', '〒154-0004 東京都世田谷区太子堂2-14-3'],
  ['店舗電話', '03-5432-1234'],
  ['店舗メール', 'info@kokochido.example.jp'],
];

function context(rows: [string, unknown][]): ComposeContext {
  return { today: d('2026-11-24'), settings: settings([...SHOP, ...rows]), templates: DEFAULT_TEMPLATES };
}

function due(step: string, channel: Channel, fields: Record<string, string> = {}): DueContact {
  const candidate: StepCandidate = {
    rule: 'S1',
    scenario: '購入後フォロー',
    step,
    anchor: '2026-11-20',
    key: `C0001|S1|${step}|2026-11-20`,
    due: d('2026-11-24'),
    channels: [channel],
    because: 'テスト',
    fields,
  };
  return { customer: customer(), step: candidate, channel, daysLate: 0, reason: '' };
}

const call = due('電話確認', '電話');

describe('composeMessage: {{差出人名}}', () => {
  test('drops a leading 店名 from 差出人名, so the shop is named once', () => {
    const message = composeMessage(call, context([['差出人名', 'ここち堂 店主 山本 和也']]));
    expect(message.problems).toEqual([]);
    expect(message.body).toContain('「ここち堂の店主 山本 和也です。');
    expect(message.body).not.toContain('ここち堂のここち堂');
  });

  test('full-width spaces between the names are dropped too', () => {
    const message = composeMessage(call, context([['差出人名', 'ここち堂　店主　山本']]));
    expect(message.body).toContain('「ここち堂の店主　山本です。');
  });

  test('a sender name that does not start with 店名 is used as typed', () => {
    const message = composeMessage(call, context([['差出人名', '店主 山本 和也']]));
    expect(message.body).toContain('「ここち堂の店主 山本 和也です。');
  });

  test('falls back to the full sender name, then to 店名, when nothing else is left', () => {
    expect(composeMessage(call, context([['差出人名', 'ここち堂']])).body).toContain(
      '「ここち堂のここち堂です。',
    );
    const noSender = composeMessage(call, context([]));
    expect(noSender.problems).toEqual([]);
    expect(noSender.body).toContain('「ここち堂のここち堂です。');
  });
});

describe('composeMessage: signatures', () => {
  test('a letter is signed with the sender line alone when it already names the shop', () => {
    const message = composeMessage(due('お伺い', '手紙'), context([['差出人名', 'ここち堂 店主 山本 和也']]));
    const lines = message.body.split('\n');
    expect(lines.slice(lines.indexOf('敬具') + 2)).toEqual([
      'ここち堂 店主 山本 和也',
      '〒154-0004 東京都世田谷区太子堂2-14-3',
      '電話 03-5432-1234',
    ]);
  });

  test('a letter keeps both lines when the sender name does not include the shop', () => {
    const message = composeMessage(due('お伺い', '手紙'), context([['差出人名', '店主 山本 和也']]));
    const lines = message.body.split('\n');
    expect(lines.slice(lines.indexOf('敬具') + 2, lines.indexOf('敬具') + 4)).toEqual([
      'ここち堂',
      '店主 山本 和也',
    ]);
  });

  test('without a 署名 setting, the email signature names the shop once', () => {
    const message = composeMessage(
      due('お伺い', 'メール'),
      context([['差出人名', 'ここち堂 店主 山本 和也']]),
    );
    expect(message.problems).toEqual([]);
    expect(message.body).toContain('\n\nここち堂 店主 山本 和也\n03-5432-1234\n\n――');
    expect(message.body).not.toContain('ここち堂\nここち堂 店主');
  });

  test('an owner-written 署名 is used as is', () => {
    const message = composeMessage(
      due('お伺い', 'メール'),
      context([
        ['差出人名', 'ここち堂 店主 山本 和也'],
        ['署名', 'ここち堂\n店主 山本 和也'],
      ]),
    );
    expect(message.body).toContain('\n\nここち堂\n店主 山本 和也\n\n――');
  });
});

describe('composeMessage: default wording for a treatment', () => {
  test('the お伺い email for 骨盤調整60分 asks about the visit, not about using a product', () => {
    const message = composeMessage(due('お伺い', 'メール'), context([['差出人名', '山本']]));
    expect(message.subject).toBe('骨盤調整60分はいかがでしたか（ここち堂）');
    expect(message.body.startsWith('佐藤 美咲様\n\nこんにちは、ここち堂です。')).toBe(true);
    expect(message.body).toContain('骨盤調整60分はいかがでしたか。');
    expect(message.body).not.toMatch(/お試し|使い方|お選び/);
  });

  test('the 提案 email introduces the category example as a topic', () => {
    const message = composeMessage(
      due('提案', 'メール', { 提案: '次回の施術' }),
      context([['差出人名', '山本']]),
    );
    expect(message.problems).toEqual([]);
    expect(message.subject).toBe('次回の施術のご案内（ここち堂）');
    expect(message.body).toContain('そろそろ次回の施術について、ご案内させていただければと思い');
    expect(message.body).not.toContain('「次回の施術」');
  });
});
