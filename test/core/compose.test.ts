import { composeMessage, type ComposeContext } from '../../src/core/compose';
import type { DueContact } from '../../src/core/plan';
import { DEFAULT_TEMPLATES, RULES } from '../../src/core/registry';
import { fieldsUsed, MERGE_FIELDS, type FieldName, type MessageTemplate } from '../../src/core/templates';
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

  test('without a sender name of its own, the talking points leave the name for the owner to say', () => {
    // Never 「ここち堂のここち堂です」 (a second reading of the example day).
    for (const rows of [[['差出人名', 'ここち堂']], []] as [string, unknown][][]) {
      const message = composeMessage(call, context(rows));
      expect(message.problems).toEqual([]);
      expect(message.body).toContain('「ここち堂の（お名前）です。');
    }
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
    expect(message.subject).toBe('ご利用後のご様子伺い（ここち堂）');
    expect(message.body.startsWith('佐藤 美咲 様\n\nここち堂です。')).toBe(true);
    expect(message.body).toContain('骨盤調整60分について、その後いかがでしょうか。');
    expect(message.body).not.toMatch(/お試し|使い方|お選び/);
  });

  test('the 提案 email carries the 提案文 and names the topic in its subject', () => {
    const text = '前回の施術から少し経ち、お体が元の癖に戻りやすい頃です。';
    const message = composeMessage(
      due('提案', 'メール', { 提案: text, 提案の例: '次回の施術' }),
      context([['差出人名', '山本']]),
    );
    expect(message.problems).toEqual([]);
    expect(message.subject).toBe('次回の施術のご案内（ここち堂）');
    expect(message.body).toContain(`\n\n${text}\n\n`);
    expect(message.body).not.toContain('「次回の施術」');
  });

  test('when no one could ask how it went, the 提案 asks first; when the customer was satisfied, it does not', () => {
    const asking = { ...due('提案', 'LINE', { 提案: '次のご提案です。' }) };
    asking.step = { ...asking.step, asksOutcome: true };
    const asked = composeMessage(asking, context([]));
    expect(asked.body).toContain('骨盤調整60分について、その後いかがですか？');
    expect(asked.body.indexOf('いかがですか')).toBeLessThan(asked.body.indexOf('次のご提案です。'));
    const told = composeMessage(due('提案', 'LINE', { 提案: '次のご提案です。' }), context([]));
    expect(told.body).not.toContain('いかがですか');
    expect(told.body).toBe(
      '佐藤様、ここち堂です。いつもありがとうございます。\n次のご提案です。\nご予約やご相談は、このLINEへのお返事か、ご来店の際にどうぞ。',
    );
  });

  test("a blank 提案文 holds the 提案 as the shop's problem, said once, naming the category", () => {
    const message = composeMessage(due('提案', 'メール', { 提案: '', カテゴリ: 'ヨガ' }), context([]));
    expect(message.problems).toEqual([]);
    expect(message.shopProblems).toEqual([expect.stringContaining('カテゴリ「ヨガ」の提案文が空のため')]);
  });
});

/** The rule behind each シナリオ, as the registry declares it. */
const RULE_OF = new Map<string, StepCandidate['rule']>(RULES.map((r) => [r.scenario, r.id]));

/** The merge fields a rule gives its steps (MERGE_FIELDS from 'step') that this template uses, with example values. */
function stepFieldsOf(template: MessageTemplate): Record<string, string> {
  return Object.fromEntries(
    fieldsUsed(`${template.subject}\n${template.body}`)
      .filter((name) => (MERGE_FIELDS as Record<string, { from: string }>)[name]?.from === 'step')
      .map((name) => [name, MERGE_FIELDS[name as FieldName].example]),
  );
}

describe('every default template, for a customer with only the required columns and one way to be reached', () => {
  // followup-rules.md 2 (テンプレート): every optional column a default template uses has a fallback.
  const bare = (channel: Channel) =>
    customer({
      name: '青木 花子',
      email: channel === 'メール' ? 'hanako@example.jp' : undefined,
      phone: channel === '電話' ? '090-0000-0000' : undefined,
      lineUserId: channel === 'LINE' ? `U${'b'.repeat(32)}` : undefined,
      postalCode: channel === '手紙' ? '154-0004' : undefined,
      address: channel === '手紙' ? '東京都世田谷区太子堂1-1-1' : undefined,
      firstVisit: undefined,
      lastVisit: undefined,
      visits: undefined,
      category: '',
      product: '',
      improvement: '',
      amount: undefined,
    });
  const shop = context([
    ['差出人名', '店主 山本'],
    ['半年後の特典', '季節の焼き菓子'],
    ['感謝の金券', '1,000円分のお食事券'],
    ['ニュースレター本文', '今月は店先に花を植えました。'],
  ]);

  test.each(DEFAULT_TEMPLATES.map((t) => [t.scenario, t.step, t.channel, t] as const))(
    '%s（%s）by %s holds nothing, merges nothing empty and shows no internal code',
    (scenario, step, channel, template) => {
      const rule = RULE_OF.get(scenario) as StepCandidate['rule'];
      const fields = stepFieldsOf(template);
      const contact: DueContact = {
        customer: bare(channel),
        step: {
          rule,
          scenario,
          step,
          anchor: '2026-11-20',
          key: `C0001|${rule}|${step}|2026-11-20`,
          due: d('2026-11-24'),
          channels: [channel],
          because: 'テスト',
          fields,
          asksOutcome: step === '提案',
          gift:
            step === 'その後の確認'
              ? { what: '季節の焼き菓子', how: '来店時' }
              : step === '感謝'
                ? { what: '1,000円分のお食事券', how: '金券' }
                : undefined,
        },
        channel,
        daysLate: 0,
        reason: '',
      };
      const message = composeMessage(contact, shop);
      expect(message.problems).toEqual([]);
      expect(message.shopProblems).toEqual([]);
      const text = `${message.subject}\n${message.body}`;
      expect(text).not.toMatch(/[{}｛｝]|undefined|null|NaN/);
      // No internal code: keys, rule ids, ISO anchors, column names in brackets.
      expect(text).not.toMatch(/C0001|\|S\d|\bS\d\b|2026-11-20|差し込み/);
      expect(text).not.toMatch(/「」|（）|様様|、、|。。|\n{3,}/);
      if (channel === 'LINE') expect(message.body.startsWith('青木様、')).toBe(true);
      if (channel === 'メール') expect(message.body.startsWith('青木 花子 様\n\n')).toBe(true);
    },
  );
});

describe('composeMessage: S3 gifts are tasks for the owner, and only what is arranged is promised', () => {
  const complaint = (step: string, channel: Channel, gift?: StepCandidate['gift']): DueContact => {
    const contact = due(step, channel, { 特典: '季節の焼き菓子' });
    contact.step = { ...contact.step, rule: 'S3', scenario: 'クレーム後フォロー', gift };
    return contact;
  };
  const shop = context([['半年後の特典', '季節の焼き菓子']]);

  test.each(['LINE', '手紙', 'メール'] as const)(
    '別送 on %s: the message says it is sent separately, and the owner gets the 【別送】 task',
    (channel) => {
      const message = composeMessage(
        complaint('その後の確認', channel, { what: '季節の焼き菓子', how: '別送' }),
        shop,
      );
      expect(message.problems).toEqual([]);
      expect(message.body).toMatch(/季節の焼き菓子を別便(で|にて)お送り/);
      expect(message.task).toEqual({ how: '別送', what: '季節の焼き菓子' });
    },
  );

  test('at the next visit: the message offers it then, promises no delivery, and says so to the owner', () => {
    const message = composeMessage(
      complaint('その後の確認', 'LINE', { what: '季節の焼き菓子', how: '来店時' }),
      shop,
    );
    expect(message.body).toContain('次にお越しの際に');
    expect(message.body).not.toMatch(/お送り|別便|同封|お届け/);
    expect(message.task).toEqual({ how: '来店時', what: '季節の焼き菓子' });
  });

  test("no 半年後の特典: the step waits for the setting (the shop's problem, once), promising nothing", () => {
    const message = composeMessage(complaint('その後の確認', 'LINE', undefined), context([]));
    expect(message.problems).toEqual([]);
    expect(message.shopProblems).toEqual([expect.stringContaining('設定「半年後の特典」が空のため')]);
  });

  test('感謝 by letter encloses the voucher (【同封】); by LINE the message is the voucher; none set, none said', () => {
    const voucher = { what: '1,000円分のお食事券', how: '金券' } as const;
    const letter = composeMessage(complaint('感謝', '手紙', voucher), shop);
    expect(letter.body).toContain('1,000円分のお食事券を同封いたしました');
    expect(letter.task).toEqual({ how: '同封', what: '1,000円分のお食事券' });
    const line = composeMessage(complaint('感謝', 'LINE', voucher), shop);
    expect(line.body).toContain('ご来店の際にこのLINEをお見せください');
    expect(line.task).toBeUndefined();
    const none = composeMessage(complaint('感謝', '手紙', undefined), shop);
    expect(none.problems).toEqual([]);
    expect(none.body).not.toMatch(/金券|同封|有効期限/);
    expect(none.task).toBeUndefined();
  });

  test("the shop's own words merged in (改善内容, お役立ち情報) are not read for promises: only the template is", () => {
    const contact = complaint('感謝', 'LINE', undefined);
    contact.customer = customer({ improvement: 'ご注文の品を翌日にお送りするようにしました' });
    expect(composeMessage(contact, shop).problems).toEqual([]);
  });

  test('改善内容 written as a sentence with its own 。 reads once', () => {
    const contact = complaint('感謝', 'LINE', undefined);
    contact.customer = customer({ improvement: '予約の前日にご連絡するようにしました。' });
    expect(composeMessage(contact, shop).body).toContain('当店では予約の前日にご連絡するようにしました。\n');
  });

  test.each([
    ['同封', '金券を同封いたしました。'],
    ['お送り', '粗品をお送りします。'],
    ['別送', '記念品は別送いたします。'],
  ])(
    "an owner's template that says 「%s」 with nothing arranged is held for them to look at",
    (_word, said) => {
      const owner = {
        scenario: '購入後フォロー',
        step: 'お伺い',
        channel: 'LINE' as const,
        subject: '',
        body: `{{姓}}{{敬称}}、${said}`,
      };
      const message = composeMessage(due('お伺い', 'LINE'), {
        ...context([]),
        templates: [owner, ...DEFAULT_TEMPLATES],
      });
      expect(message.problems).toEqual([expect.stringContaining('テンプレートの文面を直してください')]);
    },
  );
});

describe('composeMessage: an owner template whose empty line joins stray braces (review of the fields worked out)', () => {
  // Taking out an empty optional sentence's line can join a stray {{ and }} into a placeholder of another field: it
  // is filled, or taken out in turn, as when every field was worked out for every message.
  function withBody(body: string, fields: Record<string, string> = {}) {
    const owner = {
      scenario: '購入後フォロー',
      step: 'お伺い',
      channel: 'メール' as const,
      subject: 'ご様子伺い',
      body,
    };
    return composeMessage(due('お伺い', 'メール', fields), {
      ...context([]),
      templates: [owner, ...DEFAULT_TEMPLATES],
    });
  }

  test("a name the removal joins is the customer's name", () => {
    const message = withBody('{{\n{{ご様子伺い}}\n氏名}} 様\n{{署名}}');
    expect(message.problems).toEqual([]);
    expect(message.body.startsWith('佐藤 美咲 様\n')).toBe(true);
  });

  test('an optional sentence the removal joins is said when it has something to say', () => {
    const message = withBody('本文\n{{\n{{ご様子伺い}}\n特別価格のご案内}}\n以上', { 特別価格: '4,500円' });
    expect(message.body.startsWith('本文\n・料金：4,500円（この枠に限ったご案内です）\n以上')).toBe(true);
  });
});

describe('composeMessage: S5 without a 特別価格', () => {
  test('the slot is offered without a price line, and no empty merge is left', () => {
    const contact = due('ご案内', 'LINE', { 空き枠: '11月26日（木）10:00', 特別価格: '' });
    contact.step = { ...contact.step, rule: 'S5', scenario: '空き枠案内' };
    const message = composeMessage(contact, context([]));
    expect(message.problems).toEqual([]);
    expect(message.body).toBe(
      '佐藤様、いつもありがとうございます。ここち堂です。\n急にご予約に空きが出ましたので、いつもお越しいただいている方にご案内しております。\n11月26日（木）10:00\n先着順となりますので、ご都合が合えばこのLINEにお返事ください。ご無理のない範囲で大丈夫です。',
    );
  });
});

describe('composeMessage: the LINE invitation on letters (review 4)', () => {
  const invited: ComposeContext = {
    ...context([['差出人名', '店主 山本']]),
    lineInvites: new Map([['C0001', 'BCD2-FG']]),
    lineBasicId: '@123abcde',
  };
  /** A letter of any rule's step, as declared in the registry. */
  function letterOf(ruleId: string, label: string, extra: Partial<StepCandidate> = {}): string {
    const rule = RULES.find((r) => r.id === ruleId);
    const def = rule?.steps.find((s) => s.label === label);
    if (!rule || !def) throw new Error(`${ruleId} ${label}`);
    const candidate: StepCandidate = {
      rule: rule.id,
      scenario: rule.scenario,
      step: label,
      anchor: '2026-05-20',
      key: `C0001|${rule.id}|${label}|2026-05-20`,
      due: d('2026-11-24'),
      channels: ['手紙'],
      because: 'テスト',
      fields: { 特典: '次回10%引き', 改善内容: '予約の確認を前日に' },
      ...(def.apology ? { apology: true } : {}),
      ...extra,
    };
    const contact = {
      customer: customer(),
      step: candidate,
      channel: '手紙' as const,
      daysLate: 0,
      reason: '',
    };
    return composeMessage(contact, invited).body;
  }

  test('an ordinary letter carries the code', () => {
    expect(letterOf('S1', 'お伺い')).toContain('「連携コード BCD2-FG」とお送りください');
  });

  test('a letter the owner writes by hand does not (the code would be copied by hand)', () => {
    expect(letterOf('S1', 'お伺い', { handwritten: true })).not.toContain('連携コード');
  });

  test.each(
    RULES.filter((r) => r.aftercare).flatMap((r) =>
      r.steps.filter((s) => s.channels.includes('手紙')).map((s) => [r.id, s.label] as const),
    ),
  )('no step of an aftercare rule does: %s %s', (ruleId, label) => {
    const body = letterOf(ruleId, label);
    expect(body).toContain('拝啓');
    expect(body).not.toContain('連携コード');
  });
});
