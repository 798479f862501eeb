import fc from 'fast-check';
import { DEFAULT_TEMPLATES, messageKinds, ruleOf, type RuleId } from '../../src/core/registry';
import { DEFAULT_CATEGORY_ROWS } from '../../src/core/categories';
import { familyName } from '../../src/core/compose';
import { parseIsoDay, type Day } from '../../src/core/day';
import { newsletterIssues } from '../../src/core/rules/newsletter';
import { readSettings } from '../../src/core/settings';
import {
  KNOWN_FIELDS,
  MERGE_FIELDS,
  emailFooter,
  findTemplate,
  footerProblems,
  renderTemplate,
  toHtml,
  type MessageTemplate,
} from '../../src/core/templates';

/**
 * Every scenario/step and the channels its preference list can reach, as the rule registry declares them
 * (registry.ts): a step a rule adds without a template fails here.
 */
const COMBINATIONS = messageKinds().map(({ scenario, step, channel }) => [scenario, step, channel] as const);

test('the registry covers every rule step of the contract (section 3)', () => {
  const contract = new Set(
    ['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8'].map((id) => ruleOf(id as RuleId).scenario),
  );
  expect(COMBINATIONS.filter(([scenario]) => contract.has(scenario)).length).toBe(37);
  expect(COMBINATIONS).toContainEqual(['サンキューレター', 'お礼（お伺い）', 'LINE']);
  expect(COMBINATIONS).toContainEqual(['サンキューレター', 'お礼', '手紙']);
});

/** Every merge field with the example value the registry gives it (templates.ts MERGE_FIELDS). */
const FULL_FIELDS: Record<string, string> = Object.fromEntries(
  KNOWN_FIELDS.map((name) => [name, MERGE_FIELDS[name].example]),
);

const PLACEHOLDER_IN_DEFAULTS = /\{\{([^{}|]+)(?:\|[^{}]+)?\}\}/g;

function templatesOf(scenario: string, step?: string): MessageTemplate[] {
  return DEFAULT_TEMPLATES.filter((t) => t.scenario === scenario && (step === undefined || t.step === step));
}

function fullText(t: MessageTemplate): string {
  return `${t.subject}\n${t.body}`;
}

describe('DEFAULT_TEMPLATES', () => {
  test.each(COMBINATIONS)('%s / %s / %s has a default', (scenario, step, channel) => {
    expect(findTemplate(DEFAULT_TEMPLATES, scenario, step, channel)).toBeDefined();
  });

  test('has no duplicates and nothing outside the contract', () => {
    const keys = DEFAULT_TEMPLATES.map((t) => `${t.scenario}|${t.step}|${t.channel}`);
    expect(new Set(keys).size).toBe(keys.length);
    const wanted = new Set(COMBINATIONS.map((c) => c.join('|')));
    expect(keys.filter((k) => !wanted.has(k))).toEqual([]);
  });

  test('use only known merge fields, in canonical {{name}} form', () => {
    for (const t of DEFAULT_TEMPLATES) {
      for (const [, name] of fullText(t).matchAll(PLACEHOLDER_IN_DEFAULTS)) {
        expect(KNOWN_FIELDS).toContain(name);
      }
      expect(fullText(t).replace(PLACEHOLDER_IN_DEFAULTS, '')).not.toMatch(/[{}｛｝]/);
    }
  });

  test.each(DEFAULT_TEMPLATES.map((t) => [t.scenario, t.step, t.channel, t] as const))(
    'rendering %s / %s / %s with every field leaves no braces and no problems',
    (_s, _st, _c, t) => {
      const out = renderTemplate(t, FULL_FIELDS);
      expect(out.problems).toEqual([]);
      expect(out.subject + out.body).not.toMatch(/[{}｛｝]/);
    },
  );

  test('the newsletter email names its issue: 「{{店名}}だより {{号}}」, and each issue carries its 号', () => {
    const mail = DEFAULT_TEMPLATES.find((t) => t.scenario === 'ニュースレター' && t.channel === 'メール');
    expect(mail?.subject).toContain('{{号}}');
    const settings = readSettings([['ニュースレター配信日', 15]], 'Asia/Tokyo').settings;
    const issues = newsletterIssues(
      settings,
      parseIsoDay('2026-11-20') as Day,
      parseIsoDay('2026-01-01') as Day,
    );
    expect(issues.map((i) => i.fields['号'])).toEqual(['11月号', '12月号']);
  });

  test('every LINE opens with the family name and 敬称 (message-style.md), never the full name as a mail merge would', () => {
    const lines = DEFAULT_TEMPLATES.filter((t) => t.channel === 'LINE');
    expect(lines.length).toBeGreaterThan(5);
    for (const t of lines) expect(t.body.startsWith('{{姓}}{{敬称}}、')).toBe(true);
  });

  test.each([
    ['阿部 大翔', '様', '阿部'],
    ['阿部　大翔', '様', '阿部'],
    ['佐々木花子', '様', '佐々木花子'],
    ['長谷川 一郎', '様', '長谷川'],
    ['株式会社 ここち', '御中', '株式会社 ここち'],
  ])('{{姓}} of 「%s」 (%s) is 「%s」: split at a space only, never guessed', (name, honorific, family) => {
    expect(familyName(name, honorific)).toBe(family);
  });

  test('emails have a subject, start with the name and end with the signature', () => {
    const emails = DEFAULT_TEMPLATES.filter((t) => t.channel === 'メール');
    expect(emails.length).toBeGreaterThan(0);
    for (const t of emails) {
      expect(t.subject.trim()).not.toBe('');
      expect(t.body.startsWith('{{氏名}} {{敬称}}\n')).toBe(true);
      expect(t.body.endsWith('{{署名}}')).toBe(true);
    }
  });

  test('LINE messages are short and are not letters', () => {
    for (const t of DEFAULT_TEMPLATES.filter((x) => x.channel === 'LINE')) {
      const rendered = renderTemplate(t, FULL_FIELDS).body;
      expect(rendered.length).toBeLessThan(300);
      expect(t.body).not.toContain('拝啓');
      expect(t.subject).toBe('');
    }
  });

  test('letters hold only the body: composeLetter adds the frame', () => {
    for (const t of DEFAULT_TEMPLATES.filter((x) => x.channel === '手紙')) {
      expect(t.body).not.toMatch(/拝啓|敬具|{{時候の挨拶}}|{{署名}}/);
    }
  });

  test('phone templates are talking points with what not to say', () => {
    for (const t of DEFAULT_TEMPLATES.filter((x) => x.channel === '電話')) {
      expect(t.subject.trim()).not.toBe('');
      expect(t.body).toContain('・');
      expect(t.body).toContain('【言わないこと】');
    }
  });

  test('cancellation follow-up never says "any time", never asks why, and offers three slots', () => {
    const cancellation = templatesOf('キャンセルフォロー');
    expect(cancellation).toHaveLength(4);
    for (const t of cancellation) {
      expect(fullText(t)).not.toContain('いつでも');
      expect(fullText(t)).not.toContain('なぜ');
      for (const slot of ['{{空き枠1}}', '{{空き枠2}}', '{{空き枠3}}']) expect(t.body).toContain(slot);
    }
  });

  test('complaint aftercare never sells a discount', () => {
    const complaint = templatesOf('クレーム後フォロー');
    expect(complaint).toHaveLength(8);
    for (const t of complaint) {
      expect(fullText(t)).not.toMatch(/割引|クーポン|%OFF|％OFF|値引/i);
    }
  });

  test('complaint aftercare at 6 months carries the benefit, at 1 year the improvement and a voucher without expiry', () => {
    // The gift and the voucher are said only through the sentences the step's gift fills in (message-style.md: no
    // promise nothing arranges), never in the template's own words.
    for (const t of templatesOf('クレーム後フォロー', 'その後の確認')) {
      expect(t.body).toContain('{{特典のお渡し}}');
      expect(t.body).not.toMatch(/同封|お送り|お届けいたします|別送/);
      // Once at most (the issue: 「その後」 three times in three lines).
      expect(t.body.split('その後').length).toBeLessThanOrEqual(2);
      expect(t.body).not.toContain('問題');
    }
    for (const t of templatesOf('クレーム後フォロー', '感謝')) {
      expect(t.body).toContain('{{改善内容|');
      expect(t.body).toContain('{{金券のご案内}}');
      expect(t.body.replace('{{金券のご案内}}', '')).not.toMatch(/同封|金券|有効期限/);
    }
  });

  test('the other scenarios carry their merge fields', () => {
    for (const t of templatesOf('休眠客フォロー')) expect(t.body).toContain('{{お役立ち情報}}');
    for (const t of templatesOf('空き枠案内')) {
      expect(t.body).toContain('{{空き枠}}');
      expect(t.body).toContain('{{特別価格のご案内}}');
      // Another customer's cancellation is not the shop's fault (message-style.md), and 3 people are asked.
      expect(t.body).toContain('急にご予約に空きが出ましたので');
      expect(t.body).not.toMatch(/こちらの都合|空きが出てしまい|先着1名/);
    }
    for (const t of templatesOf('ニュースレター')) expect(t.body).toContain('{{ニュースレター本文}}');
    for (const t of templatesOf('お手紙確認メール')) expect(t.body).toContain('お手元に届きましたでしょうか');
  });
});

describe('DEFAULT_TEMPLATES read naturally for a treatment as well as for goods', () => {
  /** 購入商品 as owners type it: treatments, a haircut, a meal, and goods. */
  const PRODUCTS = [
    '骨盤調整60分',
    '全身もみほぐし90分',
    'ヘッドスパ30分',
    'カット',
    'ランチコース',
    '包丁',
    '軽自動車',
    '乳酸菌サプリ30日分',
    'どら焼き詰め合わせ',
  ];
  const PURCHASE_SCENARIOS = ['購入後フォロー', '休眠客フォロー', 'サンキューレター'];
  const purchaseTemplates = DEFAULT_TEMPLATES.filter((t) => PURCHASE_SCENARIOS.includes(t.scenario));

  test('no wording that assumes a physical product', () => {
    expect(purchaseTemplates.length).toBeGreaterThan(0);
    for (const t of purchaseTemplates) {
      const text = fullText(t);
      expect(text).not.toMatch(/お試し|使い方|お使いいただ|お使いになる|長く快適|お買い上げ|ご好評/);
      // The product is never the object of a verb that only fits goods (or only services).
      expect(text).not.toMatch(/\{\{購入商品\}\}(を|で)(お選び|お使い|お試し|お求め|お買い|ご利用)/);
    }
  });

  test.each(PRODUCTS)('the post-purchase お伺い reads naturally with 「%s」', (product) => {
    const fields = { ...FULL_FIELDS, 購入商品: product };
    const email = renderTemplate(
      findTemplate(DEFAULT_TEMPLATES, '購入後フォロー', 'お伺い', 'メール')!,
      fields,
    );
    expect(email.subject).toBe('ご利用後のご様子伺い（美容室さくら）');
    expect(email.body).toContain(`ありがとうございました。\n\n${product}について、その後いかがでしょうか。`);
    const line = renderTemplate(findTemplate(DEFAULT_TEMPLATES, '購入後フォロー', 'お伺い', 'LINE')!, fields);
    expect(line.body).toContain(`${product}について、その後いかがですか？`);
  });

  test('without 購入商品 (an optional column) the お伺い says 「先日のご利用」 and holds nothing', () => {
    const fields = { ...FULL_FIELDS, 購入商品: '' };
    for (const channel of ['メール', '手紙', 'LINE'] as const) {
      const out = renderTemplate(
        findTemplate(DEFAULT_TEMPLATES, '購入後フォロー', 'お伺い', channel)!,
        fields,
      );
      expect(out.problems).toEqual([]);
      expect(out.body).toContain('先日のご利用について、その後いかが');
    }
  });

  test('the call to check on a purchase covers both a treatment and goods, and does not sell', () => {
    const call = findTemplate(DEFAULT_TEMPLATES, '購入後フォロー', '電話確認', '電話')!;
    expect(call.body).toContain('「{{店名}}の{{差出人名|（お名前）}}です。');
    expect(call.body).toMatch(/施術なら.+品物なら/);
    expect(call.body).toContain('売り込みの電話ではありません');
  });

  test('letters leave the wishing-well to the frame: no second お過ごしでしょうか after ご清祥', () => {
    for (const t of DEFAULT_TEMPLATES.filter((x) => x.channel === '手紙')) {
      expect(t.body).not.toContain('お過ごしでしょうか');
    }
  });

  const proposals = templatesOf('購入後フォロー', '提案');

  test("提案 carries the category's 提案文 as its own paragraph, and its subject names the topic", () => {
    expect(proposals).toHaveLength(3);
    for (const t of proposals) {
      expect(t.body).toMatch(/^\{\{提案\}\}$/m);
      expect(t.body).toMatch(/^\{\{ご様子伺い\}\}$/m);
      expect(fullText(t)).not.toContain('「{{提案}}」');
      expect(fullText(t)).not.toMatch(/ご好評|好評|そろそろ\{\{提案\}\}について/);
    }
  });

  const examples = DEFAULT_CATEGORY_ROWS.filter((row) => row[5] !== '—').map((row) => [
    row[0],
    row[5],
    row[6],
  ]);

  test.each(examples)(
    '提案 for %s proposes 「%s」 with its 提案文, not the bare example word',
    (_c, example, text) => {
      expect(examples.length).toBe(8);
      expect(text.length).toBeGreaterThan(20);
      expect(text).toMatch(/。$/);
      for (const t of proposals) {
        const out = renderTemplate(t, {
          ...FULL_FIELDS,
          購入商品: '骨盤調整60分',
          提案: text,
          提案の例: example,
        });
        expect(out.problems).toEqual([]);
        expect(out.body).toContain(text);
        if (t.channel === 'メール') expect(out.subject).toBe(`${example}のご案内（美容室さくら）`);
      }
    },
  );

  test('a 提案 whose 提案文 is blank is held: a proposal is never sent without content', () => {
    for (const t of proposals) {
      const out = renderTemplate(t, { ...FULL_FIELDS, 提案: '' });
      expect(out.problems).toEqual(['差し込み項目「提案」が空です']);
    }
  });
});

describe('renderTemplate', () => {
  test('replaces fields, tolerating spaces and full-width braces', () => {
    const out = renderTemplate(
      { subject: '{{ 店名 }}より', body: '｛｛氏名｝｝{{敬称}}、{{　空き枠１　}}' },
      { 店名: 'さくら', 氏名: '山田', 敬称: '様', 空き枠1: '10:00' },
    );
    expect(out).toEqual({ subject: 'さくらより', body: '山田様、10:00', problems: [] });
  });

  test('reports an unknown field and never leaks its braces', () => {
    const out = renderTemplate({ subject: '', body: 'こんにちは{{お名前}}さん' }, { 氏名: '山田' });
    expect(out.body).toBe('こんにちはさん');
    expect(out.problems).toEqual(['テンプレートの差し込み項目「{{お名前}}」は使えません']);
  });

  test('reports an empty or missing value, naming the field, once', () => {
    const out = renderTemplate(
      { subject: '{{氏名}}様', body: '{{氏名}}様 {{購入商品}}' },
      { 氏名: '  ', 購入商品: undefined },
    );
    expect(out.subject).toBe('様');
    expect(out.body).toBe('様 ');
    expect(out.problems).toEqual(['差し込み項目「氏名」が空です', '差し込み項目「購入商品」が空です']);
  });

  test('a field with a fallback says it when the value is empty, and reports nothing', () => {
    const out = renderTemplate(
      {
        subject: '{{購入商品|ご利用}}の件',
        body: '{{購入商品｜先日のご利用}}はいかがでしたか。{{ 購入商品 | 施術 }}',
      },
      { 購入商品: ' ' },
    );
    expect(out.subject).toBe('ご利用の件');
    expect(out.body).toBe('先日のご利用はいかがでしたか。施術');
    expect(out.problems).toEqual([]);
    const filled = renderTemplate({ subject: '', body: '{{購入商品|先日のご利用}}' }, { 購入商品: '包丁' });
    expect(filled.body).toBe('包丁');
  });

  test('an unknown field with a fallback is still reported, and says its fallback', () => {
    const out = renderTemplate({ subject: '', body: '{{お名前|お客様}}へ' }, {});
    expect(out.body).toBe('お客様へ');
    expect(out.problems).toEqual(['テンプレートの差し込み項目「{{お名前}}」は使えません']);
  });

  test('drops and reports stray braces in the template', () => {
    const out = renderTemplate({ subject: '', body: '{{氏名 様 }} {{{敬称}}}' }, { 氏名: 'A', 敬称: '様' });
    expect(out.body).not.toMatch(/\{\{|\}\}/);
    expect(out.body).toContain('様');
    expect(out.problems.length).toBeGreaterThan(0);
  });

  const tricky = fc.constantFrom(
    '{{氏名}}',
    '｛｛敬称｝｝',
    '}}{{',
    '{',
    '<script>alert(1)</script>',
    '😀👨‍👩‍👧‍👦',
    'か\u3099',
    'e\u0301',
    '　',
    '',
  );
  const anyValue = fc
    .array(fc.oneof(fc.string({ unit: 'grapheme' }), tricky), { maxLength: 4 })
    .map((parts) => parts.join(''));
  const anyFields = fc.record(Object.fromEntries(KNOWN_FIELDS.map((name) => [name, anyValue])));

  /** What rendering must produce: each canonical placeholder replaced by its value, nothing else touched. */
  function expected(text: string, fields: Record<string, string>): string {
    return text.replace(/\{\{([^{}|]+)(?:\|([^{}]+))?\}\}/g, (_m, name: string, fallback?: string) => {
      const value = fields[name];
      return value.trim() === '' ? (fallback ?? '') : value;
    });
  }

  test('property: values are inserted verbatim and never re-expanded', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DEFAULT_TEMPLATES), anyFields, (template, fields) => {
        const out = renderTemplate(template, fields);
        expect(out.subject).toBe(expected(template.subject, fields));
        expect(out.body).toBe(expected(template.body, fields));
      }),
      { numRuns: 300 },
    );
  });

  test('property: any template text with brace-free values yields no {{ or }}', () => {
    const token = fc.constantFrom(
      '{{',
      '}}',
      '{',
      '}',
      '｛｛',
      '｝｝',
      '｛',
      '｝',
      '氏名',
      '敬称',
      ' ',
      'あ',
      'x',
    );
    const template = fc.array(token, { maxLength: 20 }).map((t) => t.join(''));
    const fields = Object.fromEntries(KNOWN_FIELDS.map((name) => [name, '値']));
    fc.assert(
      fc.property(template, template, (subject, body) => {
        const out = renderTemplate({ subject, body }, fields);
        for (const text of [out.subject, out.body]) expect(text).not.toMatch(/[{｛][{｛]|[}｝][}｝]/);
      }),
      { numRuns: 500 },
    );
  });
});

describe('findTemplate', () => {
  test("the owner's row wins over the default", () => {
    const own: MessageTemplate = {
      scenario: '休眠客フォロー',
      step: 'お役立ち情報',
      channel: 'メール',
      subject: 'S',
      body: 'B',
    };
    expect(findTemplate([own, ...DEFAULT_TEMPLATES], '休眠客フォロー', 'お役立ち情報', 'メール')).toBe(own);
  });

  test('a blank owner row falls back to the default; unknown combinations find nothing', () => {
    const blank: MessageTemplate = {
      scenario: '休眠客フォロー',
      step: 'お役立ち情報',
      channel: 'メール',
      subject: '',
      body: ' ',
    };
    const found = findTemplate([blank, ...DEFAULT_TEMPLATES], '休眠客フォロー', 'お役立ち情報', 'メール');
    expect(found).toBe(
      DEFAULT_TEMPLATES.find((t) => t.scenario === '休眠客フォロー' && t.channel === 'メール'),
    );
    expect(findTemplate(DEFAULT_TEMPLATES, '空き枠案内', 'ご案内', '手紙')).toBeUndefined();
  });
});

describe('emailFooter', () => {
  const shop = {
    shopName: '美容室さくら',
    address: '東京都杉並区1-2-3',
    phone: '03-1234-5678',
    email: 'info@example.jp',
  };

  test('carries the 特定電子メール法 items', () => {
    const footer = emailFooter(shop);
    for (const part of [
      shop.shopName,
      shop.address,
      shop.phone,
      shop.email,
      '配信停止',
      '配信を停止することができます',
    ]) {
      expect(footer).toContain(part);
    }
    expect(footerProblems(shop)).toEqual([]);
  });

  test('leaves out missing settings and reports them', () => {
    const partial = { ...shop, address: '', email: ' ' };
    expect(emailFooter(partial)).not.toContain('住所：');
    expect(emailFooter(partial)).toContain('配信停止');
    expect(footerProblems(partial)).toEqual([
      '設定「店舗住所」が空のため、メールの法定表示（送信者の住所）が不完全です',
      '設定「店舗メール」が空のため、メールの法定表示（配信停止の連絡先）が不完全です',
    ]);
    expect(footerProblems({ shopName: '', address: '', phone: '', email: '' })).toHaveLength(4);
  });
});

describe('toHtml', () => {
  test('escapes markup and turns newlines into <br>', () => {
    expect(toHtml(`<script>alert("x" & 'y')</script>\n2行目\r\n3行目`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;<br>2行目<br>3行目',
    );
  });

  test('property: no raw markup characters survive', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(toHtml(text).replace(/<br>/g, '')).not.toMatch(/[<>"']|&(?!amp;|lt;|gt;|quot;|#39;)/);
      }),
    );
  });
});
