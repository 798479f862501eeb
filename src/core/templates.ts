import type { Channel } from '../labels';

export type { Channel };

export interface MessageTemplate {
  scenario: string;
  step: string;
  channel: Channel;
  /** Email subject; for a phone call, the call's purpose; '' for LINE and letters. */
  subject: string;
  body: string;
}

/** Where a merge field's value comes from. */
type FieldSource = 'customer' | 'shop' | 'step' | 'sentence';

interface FieldSpec {
  from: FieldSource;
  /** A sentence Tsunagu writes that the shop may have nothing for: alone on its line, an empty one takes the line. */
  optional?: boolean;
  /**
   * When it is empty, the shop's problem to say once (message-style.md), named for the category a step is of; a
   * field without one is the customer's problem, said on their row.
   */
  shop?: (category: string) => string;
  /** A value as a shop would have it: the tests render every default template with these. */
  example: string;
}

const SETTING_BLANK = (item: string, then: string) =>
  `設定「${item}」が空のため、その欄を使う文面を準備していません。${then}`;

/**
 * The merge fields (followup-rules.md 2, テンプレート): the one registry compose fills (a value for each, checked by
 * the compiler), renderTemplate knows, and the tests render with.
 */
export const MERGE_FIELDS = {
  氏名: { from: 'customer', example: '山田 花子' },
  姓: { from: 'customer', example: '山田' },
  敬称: { from: 'customer', example: '様' },
  購入商品: { from: 'customer', example: 'カット' },
  カテゴリ: { from: 'customer', example: '美容室' },
  最終来店日: { from: 'customer', example: '11月1日' },
  改善内容: { from: 'customer', example: 'ご予約の前日に確認のご連絡をするようにしました' },
  店名: {
    from: 'shop',
    example: '美容室さくら',
    shop: () => SETTING_BLANK('店名', '設定シートに店名を入れてください'),
  },
  差出人名: {
    from: 'shop',
    example: '佐藤',
    shop: () => SETTING_BLANK('差出人名', '設定シートに差出人名（お店の方のお名前）を入れてください'),
  },
  店舗電話: {
    from: 'shop',
    example: '03-1234-5678',
    shop: () => SETTING_BLANK('店舗電話', '設定シートにお店の電話番号を入れてください'),
  },
  署名: {
    from: 'shop',
    example: '美容室さくら　店主 佐藤',
    shop: () =>
      '設定「店名」「差出人名」「署名」がどれも空のため、署名を入れられず、文面を準備していません。設定シートに店名を入れてください',
  },
  時候の挨拶: {
    from: 'shop',
    example: '朝夕の冷え込みが日ごとに増してまいりましたが、お変わりなくお過ごしでしょうか。',
  },
  特典: {
    from: 'shop',
    example: '近所の公園の紅葉マップ',
    shop: () =>
      '設定「半年後の特典」が空のため、クレーム後フォロー（その後の確認）を準備していません。お贈りする品（お店と関係のない物。割引券は不可）を入れてください',
  },
  お役立ち情報: {
    from: 'shop',
    example: 'ドライヤーは根元から乾かすと、まとまりやすくなります。',
    shop: () =>
      '設定「お役立ち情報」が空のため、休眠客フォローを準備していません。お客様のお役に立つ話題を入れてください',
  },
  ニュースレター本文: {
    from: 'shop',
    example: '今月は店の前の花壇にパンジーを植えました。',
    shop: () =>
      '設定「ニュースレター本文」が空のため、ニュースレターを準備していません。今月の本文を入れてください',
  },
  空き枠1: { from: 'step', example: '11月25日（水）10:00〜11:00' },
  空き枠2: { from: 'step', example: '11月26日（木）14:00〜15:00' },
  空き枠3: { from: 'step', example: '11月28日（土）11:00〜12:00' },
  空き枠: { from: 'step', example: '11月27日（金）15:00〜16:00' },
  特別価格: { from: 'step', example: '通常6,000円のところ4,500円' },
  提案: {
    from: 'step',
    example: '前回のカットから一か月ほど経ち、そろそろ毛先が気になり始める頃かと思います。',
    shop: (category) =>
      `カテゴリ「${category}」の提案文が空のため、「提案」を準備していません。カテゴリシートの「提案文」に、ご提案の内容を1〜2文で入れてください`,
  },
  提案の例: { from: 'step', example: '次回のカット' },
  号: { from: 'step', example: '11月号' },
  ご様子伺い: { from: 'sentence', optional: true, example: 'カットについて、その後いかがでしょうか。' },
  特別価格のご案内: {
    from: 'sentence',
    optional: true,
    example: 'この枠に限り、通常6,000円のところ4,500円でご用意できます。',
  },
  特典のお渡し: {
    from: 'sentence',
    example: 'ささやかではございますが、近所の公園の紅葉マップを別便にてお送りいたします。',
    shop: () =>
      '設定「半年後の特典」が空のため、クレーム後フォロー（その後の確認）を準備していません。お贈りする品（お店と関係のない物。割引券は不可）を入れてください',
  },
  金券のご案内: {
    from: 'sentence',
    optional: true,
    example: '心ばかりのお礼のしるしとして、1,000円分の金券を同封いたしました。有効期限はございません。',
  },
} as const satisfies Record<string, FieldSpec>;

export type FieldName = keyof typeof MERGE_FIELDS;

export const KNOWN_FIELDS = Object.keys(MERGE_FIELDS) as FieldName[];

/**
 * Fields that hold a whole sentence the shop may have nothing to say for: on a line of its own, an empty one takes
 * its line away instead of holding the message.
 */
export const OPTIONAL_SENTENCES: readonly string[] = KNOWN_FIELDS.filter(
  (name) => (MERGE_FIELDS[name] as FieldSpec).optional === true,
);

/** The shop's problem when a field is empty (said once), or undefined when it is the customer's. */
export function shopProblemOf(name: string, category: string): string | undefined {
  const spec = (MERGE_FIELDS as Record<string, FieldSpec>)[name];
  return spec?.shop?.(category);
}

/** The fields whose emptiness is the shop's problem: compose looks for exactly their reports. */
export const SHOP_FIELDS: readonly FieldName[] = KNOWN_FIELDS.filter(
  (name) => (MERGE_FIELDS[name] as FieldSpec).shop !== undefined,
);

/*
 * The default テンプレート rows, written to ../shared/docs/message-style.md. Conventions (checked by the tests):
 * - メール: a subject that says what it is about; the body starts with 「{{氏名}} {{敬称}}」 on its own line and ends
 *   with {{署名}} (the legal footer is added later).
 * - LINE: short, no 拝啓, no subject; it opens with {{姓}}{{敬称}}、 (the family name + 様).
 * - 手紙: only the body paragraphs; composeLetter adds 拝啓, the one 時候の挨拶, the closing, 敬具, date and signature
 *   (whose last line is the shop's telephone, so a body says 「お電話」 without the number).
 * - 電話: talking points for the owner (the subject is the call's purpose), starting with 【目的】 and 【言わないこと】.
 * - Every optional customer column has a fallback ({{購入商品|先日のご利用}}): a customer with only 氏名 and one way
 *   to be reached gets a whole message. Sentences the shop may have nothing to say for ({{ご様子伺い}},
 *   {{特別価格のご案内}}, {{金券のご案内}}) stand on a line of their own, which goes when it is empty.
 * - A message says it encloses or sends something only through {{特典のお渡し}} / {{金券のご案内}}, which the step's
 *   gift fills in, so the owner is always given the task.
 */
export const DEFAULT_TEMPLATES: readonly MessageTemplate[] = [
  // ── S1 購入後フォロー ──────────────────────────────────────────────
  // {{購入商品}} may be a treatment (骨盤調整60分, カット, a meal) or goods (包丁, 車, 健康食品): every sentence must read
  // naturally for both, so the product is never the object of お選び/お使い/お試し.
  {
    scenario: '購入後フォロー',
    step: 'お伺い',
    channel: 'メール',
    subject: 'ご利用後のご様子伺い（{{店名}}）',
    body: `{{氏名}} {{敬称}}

{{店名}}です。このたびは誠にありがとうございました。

{{購入商品|先日のご利用}}について、その後いかがでしょうか。
ご期待にお応えできていたか気にかかり、ご連絡いたしました。

「思っていたのと少し違った」「ここが少し気になる」といったことがございましたら、どんな小さなことでもお聞かせください。
ちょっとしたご相談やアドバイスなど、私どもにできる限りのことをさせていただきます。

このメールにそのままご返信いただければ大丈夫です。
今後ともどうぞよろしくお願いいたします。

{{署名}}`,
  },
  {
    scenario: '購入後フォロー',
    step: 'お伺い',
    channel: '手紙',
    subject: '',
    body: `このたびは誠にありがとうございました。
{{購入商品|先日のご利用}}について、その後いかがでしょうか。ご期待にお応えできていたか気にかかり、お便りいたしました。
もし「思っていたのと少し違った」「ここが少し気になる」と感じられることがございましたら、どうぞご遠慮なくお知らせください。ちょっとしたご相談やアドバイスなど、できる限りのことをさせていただきます。
お電話でも、ご来店の折にでも、お気軽にお声がけいただければ幸いです。`,
  },
  {
    scenario: '購入後フォロー',
    step: 'お伺い',
    channel: 'LINE',
    subject: '',
    body: `{{姓}}{{敬称}}、{{店名}}です。
このたびはありがとうございました。
{{購入商品|先日のご利用}}について、その後いかがですか？
気になるところや「ちょっと違ったかも」ということがあれば、このLINEにお気軽にお返事ください。できる限りお手伝いいたします。`,
  },
  {
    scenario: '購入後フォロー',
    step: '電話確認',
    channel: '電話',
    subject: 'ご利用後のご様子伺い',
    body: `【目的】{{購入商品|先日のご利用}}にご満足いただけているかの確認です。売り込みの電話ではありません。
【言わないこと】
・別の商品やサービスのおすすめ（ご満足を確かめてから、別の機会に）
・「まだ試していないんですか」「続けないと効きませんよ」など、お客様を責める言い方
【はじめに】
・「{{店名}}の{{差出人名|（お名前）}}です。先日はご利用いただき、ありがとうございました」と名乗る
・「今、少しだけよろしいですか」と都合を伺い、難しければかけ直す時間を伺う
【伺うこと】
・ご期待どおりだったか（施術ならその後のお体の具合、品物ならお使い心地や味など）
・気になっていること、困っていることはないか
・先日のお便り（メール・お手紙・LINE）が届いていたか（読んでいなくても気にしない）
【ご不満があったら】
・さえぎらずに最後までお聞きし、まずお詫びする
・無料での調整やお直し、日頃のお手入れや過ごし方のアドバイス、品物なら交換など、店でできることをご提案する
・その場で答えられないことは、いつまでにご連絡するかをお約束する
【終わったら】
・結果を「満足／不満／不在」で記録する
・留守番電話には、名乗って「またご連絡します」とだけ残す`,
  },
  {
    scenario: '購入後フォロー',
    step: '電話確認',
    channel: 'メール',
    subject: 'その後のご様子はいかがですか（{{店名}}）',
    body: `{{氏名}} {{敬称}}

{{店名}}です。いつもありがとうございます。
少し日が経ちましたが、お変わりなくお過ごしでしょうか。

{{購入商品|先日のご利用}}について、気づかれたことや気になっている点はございませんか。
「期待していたほどではなかった」ということでも、ご遠慮なくお聞かせいただけると助かります。
ちょっとしたご相談やアドバイスなど、私どもにできることを一緒に考えさせていただきます。

もちろん、ご満足いただけているようでしたら何よりです。
ひとことご返信いただけましたら、大変励みになります。

{{署名}}`,
  },
  {
    scenario: '購入後フォロー',
    step: '電話確認',
    channel: '手紙',
    subject: '',
    body: `少し日が経ちましたが、{{購入商品|先日のご利用}}について、気づかれたことや気になっている点はございませんか。
「期待していたほどではなかった」ということでも、ご遠慮なくお聞かせいただけますと幸いです。ちょっとしたご相談やアドバイスなど、私どもにできることを一緒に考えさせていただきます。
もちろん、ご満足いただけているようでしたら何よりです。
お電話でも、ご来店の折にでも、お声がけをお待ちしております。`,
  },
  {
    // {{提案}} is the category's 提案文 (カテゴリ sheet); {{ご様子伺い}} asks how things went first when no one could
    // ask (the 電話確認 did not reach them), and goes when the customer already said they are satisfied.
    scenario: '購入後フォロー',
    step: '提案',
    channel: 'メール',
    subject: '{{提案の例|次回}}のご案内（{{店名}}）',
    body: `{{氏名}} {{敬称}}

{{店名}}です。いつもありがとうございます。
{{ご様子伺い}}

{{提案}}

ご予約やご相談は、このメールへのご返信か、ご来店の折にどうぞ。
無理におすすめするものではございませんので、ご参考までにお読みいただければ幸いです。

{{署名}}`,
  },
  {
    scenario: '購入後フォロー',
    step: '提案',
    channel: '手紙',
    subject: '',
    body: `いつも{{店名}}にお越しいただき、誠にありがとうございます。
{{ご様子伺い}}
{{提案}}
ご予約やご相談は、お電話やご来店の折にどうぞ。無理におすすめするものではございませんので、ご参考までにお読みいただければ幸いです。`,
  },
  {
    scenario: '購入後フォロー',
    step: '提案',
    channel: 'LINE',
    subject: '',
    body: `{{姓}}{{敬称}}、{{店名}}です。いつもありがとうございます。
{{ご様子伺い}}
{{提案}}
ご予約やご相談は、このLINEへのお返事か、ご来店の際にどうぞ。`,
  },
  {
    scenario: '購入後フォロー',
    step: '改善フォロー',
    channel: '電話',
    subject: 'ご不満の解消に向けたご相談',
    body: `【目的】{{購入商品|先日のご利用}}についてのご不満を、店でできる方法で解消することです。
【言わないこと】
・「やり方が悪い」「通う回数が足りない」など、お客様のせいにする言い方
・別の商品やサービスのおすすめ（今回は解決が先です）
【はじめに】
・名乗って、先日お話を聞かせていただいたお礼を伝える
・ご期待に沿えなかったことを、まずお詫びする
【伺うこと・ご提案すること】
・今いちばんお困りのこと（前回お聞きしたときから変わったか）
・無料での調整やお直し、日頃のお手入れや過ごし方のアドバイス、品物なら交換など、店でできること
・ご来店が難しければ、こちらから伺うなど、方法をご相談する
【終わったら】
・結果を「満足／不満／不在」で記録し、お約束したことは必ず期日までに行う`,
  },
  {
    scenario: '購入後フォロー',
    step: '改善フォロー',
    channel: 'メール',
    subject: '先日のご利用の件につきまして（{{店名}}）',
    body: `{{氏名}} {{敬称}}

{{店名}}です。
先日は{{購入商品|ご利用いただいた内容}}について率直なお声をお聞かせいただき、誠にありがとうございました。
ご期待に沿えなかったこと、心よりお詫び申し上げます。

少しでもご満足いただけますよう、私どもにできることをご提案させてください。
無料での調整やお直し、ちょっとしたアドバイスなど、できる限りの対応をさせていただきます。
ご来店が難しい場合も、ご都合に合わせた方法をご相談させてください。

ご都合のよい方法やお日にちを、このメールにご返信いただけましたら幸いです。

{{署名}}`,
  },
  {
    scenario: '購入後フォロー',
    step: '改善フォロー',
    channel: '手紙',
    subject: '',
    body: `先日は{{購入商品|ご利用いただいた内容}}について率直なお声をお聞かせいただき、誠にありがとうございました。ご期待に沿えなかったこと、心よりお詫び申し上げます。
少しでもご満足いただけますよう、私どもにできることをご提案させてください。無料での調整やお直し、ちょっとしたアドバイスなど、できる限りの対応をさせていただきます。ご来店が難しい場合も、ご都合に合わせた方法をご相談させてください。
お手数をおかけしますが、ご都合のよい方法やお日にちを、お電話にてお聞かせいただけましたら幸いです。`,
  },

  // ── S2 キャンセルフォロー（責めない・受け止める・空き枠を3つ） ──────────
  // Sent days after the cancellation (or a no-show): it opens with concern for the customer, never with
  // 「承知いたしました」 and never with thanks for a call a no-show did not make.
  {
    scenario: 'キャンセルフォロー',
    step: 'ご連絡',
    channel: 'LINE',
    subject: '',
    body: `{{姓}}{{敬称}}、{{店名}}です。
その後、お変わりなくお過ごしでしょうか。先日のご予約の件は、どうぞお気になさらないでくださいね。
もしよろしければ、次のお時間でしたらご用意できます。
・{{空き枠1}}
・{{空き枠2}}
・{{空き枠3}}
ご都合の合うお時間があれば、このLINEにお返事ください。ほかのお日にちのご相談も、お気軽にどうぞ。`,
  },
  {
    scenario: 'キャンセルフォロー',
    step: 'ご連絡',
    channel: 'メール',
    subject: '空いているお日にちのご案内（{{店名}}）',
    body: `{{氏名}} {{敬称}}

{{店名}}です。いつもありがとうございます。
その後、お変わりなくお過ごしでしょうか。先日のご予約の件は、どうぞお気になさらないでください。

もしよろしければ、次のお時間でしたらご用意できます。

・{{空き枠1}}
・{{空き枠2}}
・{{空き枠3}}

ご都合の合うお時間がございましたら、このメールにご返信ください。
ほかのお日にちをご希望の場合も、お気軽にご相談ください。

{{署名}}`,
  },
  {
    scenario: 'キャンセルフォロー',
    step: 'ご連絡',
    channel: '電話',
    subject: 'キャンセル後のご様子伺いと空き枠のご案内',
    body: `【目的】ご様子を気にかけていることを伝えて、次のご予約の候補をお伝えすることです。
【言わないこと】
・キャンセルの理由を聞く、来られなかった訳を問いただす言い方
・「ご都合のよいときに」だけで終わらせること（必ず日時を具体的に）
・キャンセル料や次回の念押しなど、負担に感じさせる話
【はじめに】
・名乗って、その後お変わりないかを伺う
・「先日のご予約の件は、どうぞお気になさらず」と伝える
【ご案内すること】
・空いているお時間を3つ、具体的にお伝えする
・候補：{{空き枠1}}／{{空き枠2}}／{{空き枠3}}
・合わなければ、ご希望の日時を伺う
【終わったら】
・予約が入ればご予約表に、入らなければ結果を記録する`,
  },
  {
    scenario: 'キャンセルフォロー',
    step: 'ご連絡',
    channel: '手紙',
    subject: '',
    body: `その後のご様子が、少し気にかかっておりました。先日のご予約の件は、どうぞお気になさらないでください。
もしよろしければ、次のお時間でしたらご用意できます。
・{{空き枠1}}
・{{空き枠2}}
・{{空き枠3}}
お手紙が届くまでに埋まってしまうこともございますので、お手数ですがお電話にてご確認ください。ほかのお日にちをご希望の場合も、お気軽にご相談ください。`,
  },

  // ── S3 クレーム後フォロー（売り込まない・値引きを持ち出さない） ──────────
  {
    scenario: 'クレーム後フォロー',
    step: 'お詫びと確認',
    channel: '電話',
    subject: '先日の件の再度のお詫びとご様子伺い',
    body: `【目的】先日の件を改めてお詫びし、その後困っていることがないかを確かめることです。
【言わないこと】
・言い訳や、お客様の受け取り方を正すような言い方
・商品やサービスのご案内、お得な話などの売り込み
【はじめに】
・名乗って、改めてお詫びを伝える
・「貴重なご指摘をありがとうございました」とお礼を伝える
【伺うこと】
・同じことや別の不都合が起きていないか
・まだ気になっていることが残っていないか
【お伝えすること】
・いただいたお声を店内で共有し、どう改めたか（決まっていれば）
【終わったら】
・伺った内容を記録し、お約束したことは必ず期日までに行う`,
  },
  {
    // An apology: composeLetter gives it no 時候の挨拶.
    scenario: 'クレーム後フォロー',
    step: 'お詫びと確認',
    channel: '手紙',
    subject: '',
    body: `先日は、私どもの至らなさにより、大変なご迷惑とご不快な思いをおかけいたしましたこと、改めて心よりお詫び申し上げます。また、貴重なご指摘をいただきましたことに、深く感謝いたしております。
あれから不都合なことが起きていないか、気にかかっております。
もし気になる点が残っているようでしたら、どんな小さなことでも、お電話にてお知らせください。すぐに対応させていただきます。
いただいたお声は店内で共有し、同じことを繰り返さぬよう努めてまいります。`,
  },
  {
    scenario: 'クレーム後フォロー',
    step: 'その後の確認',
    channel: 'LINE',
    subject: '',
    body: `{{姓}}{{敬称}}、{{店名}}です。
早いもので、あれから半年ほどが経ちました。お変わりなくお過ごしでしょうか。あのときのことが、ずっと気にかかっておりました。
{{特典のお渡し}}
何かございましたら、このLINEにお気軽にお返事ください。`,
  },
  {
    scenario: 'クレーム後フォロー',
    step: 'その後の確認',
    channel: '手紙',
    subject: '',
    body: `早いもので、あの折から半年ほどが経ちました。その節は大変ご迷惑をおかけいたしました。その後、お変わりはございませんでしょうか。ずっと気にかかっておりました。
{{特典のお渡し}}
お気づきの点がございましたら、どんな小さなことでも、お電話やご来店の折にお聞かせください。`,
  },
  {
    scenario: 'クレーム後フォロー',
    step: 'その後の確認',
    channel: 'メール',
    subject: 'お変わりございませんか（{{店名}}）',
    body: `{{氏名}} {{敬称}}

{{店名}}です。
早いもので、あの折から半年ほどが経ちました。お変わりなくお過ごしでしょうか。
その節は大変ご迷惑をおかけいたしました。ずっと気にかかっておりました。

{{特典のお渡し}}

お気づきの点がございましたら、どんな小さなことでも、このメールにご返信ください。

{{署名}}`,
  },
  {
    // 感謝の金券 is enclosed in the letter (the letter comes first for that reason: contract S3).
    scenario: 'クレーム後フォロー',
    step: '感謝',
    channel: '手紙',
    subject: '',
    body: `早いもので、貴重なご指摘をいただいてから一年が経ちました。
あのときいただいたお声をきっかけに、当店では{{改善内容|接客や段取りを一つひとつ見直してまいりました}}。
これもひとえに、率直なお声をお寄せくださったおかげと、心より感謝いたしております。いただいたお声を、これからも大切にしてまいります。
{{金券のご案内}}`,
  },
  {
    scenario: 'クレーム後フォロー',
    step: '感謝',
    channel: 'LINE',
    subject: '',
    body: `{{姓}}{{敬称}}、{{店名}}です。
貴重なご指摘をいただいてから、一年が経ちました。あのときのお声をきっかけに、当店では{{改善内容|接客や段取りを一つひとつ見直してまいりました}}。
率直なお声をいただけたおかげです。本当にありがとうございました。
{{金券のご案内}}`,
  },
  {
    scenario: 'クレーム後フォロー',
    step: '感謝',
    channel: 'メール',
    subject: '一年前のご指摘へのお礼（{{店名}}）',
    body: `{{氏名}} {{敬称}}

{{店名}}です。
早いもので、貴重なご指摘をいただいてから一年が経ちました。
あのときいただいたお声をきっかけに、当店では{{改善内容|接客や段取りを一つひとつ見直してまいりました}}。

これもひとえに、率直なお声をお寄せくださったおかげです。本当にありがとうございました。
いただいたお声を、これからも大切にしてまいります。

{{金券のご案内}}

{{署名}}`,
  },

  // ── S4 休眠客フォロー（売り込まず、役に立つことだけ） ──────────────────
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

  // ── S5 空き枠案内（いつもお越しの常連のお客様へ。店の落ち度ではない言い方で） ─────
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

  // ── S6 サンキューレター（初回のお礼。高額のお客様には手書きのお手紙も） ──────
  {
    scenario: 'サンキューレター',
    step: 'お礼',
    channel: 'LINE',
    subject: '',
    body: `{{姓}}{{敬称}}、先日は{{店名}}にお越しいただき、本当にありがとうございました。
数あるお店の中から選んでいただけたこと、とてもうれしく思っております。
気になることやご不明な点があれば、このLINEにお気軽にお返事ください。
またお会いできるのを楽しみにしております。`,
  },
  {
    scenario: 'サンキューレター',
    step: 'お礼',
    channel: 'メール',
    subject: 'ご来店ありがとうございました（{{店名}}）',
    body: `{{氏名}} {{敬称}}

先日は{{店名}}にお越しいただき、本当にありがとうございました。
数あるお店の中から選んでいただけたこと、心からうれしく思っております。

気になることやご不明な点がございましたら、このメールにお気軽にご返信ください。
{{購入商品|ご利用いただいた内容}}のことでも、それ以外のことでも、喜んでお手伝いいたします。

またお会いできる日を、楽しみにしております。

{{署名}}`,
  },
  {
    // The 手書き推奨 letter for a high-value first purchase: short enough to write by hand.
    scenario: 'サンキューレター',
    step: 'お礼',
    channel: '手紙',
    subject: '',
    body: `先日は{{店名}}にお越しいただき、誠にありがとうございました。
初めてお目にかかれましたこと、大変うれしく思っております。
{{購入商品|ご利用いただいた内容}}のことはもちろん、お気づきのことがございましたら、どうぞお気軽にお声がけください。末永くお役に立てますよう、心を込めてお手伝いさせていただきます。
またお会いできる日を、心より楽しみにしております。`,
  },

  // The お礼 of a first visit that also carries the 購入後フォロー's お伺い (due within 3 days of it): one message.
  {
    scenario: 'サンキューレター',
    step: 'お礼（お伺い）',
    channel: 'LINE',
    subject: '',
    body: `{{姓}}{{敬称}}、{{店名}}です。
先日は初めてお越しいただき、本当にありがとうございました。数あるお店の中から選んでいただけたこと、とてもうれしく思っております。
{{購入商品|ご利用いただいた内容}}について、その後いかがですか？気になるところや「ちょっと違ったかも」ということがあれば、このLINEにお気軽にお返事ください。
またお会いできるのを楽しみにしております。`,
  },
  {
    scenario: 'サンキューレター',
    step: 'お礼（お伺い）',
    channel: 'メール',
    subject: 'ご来店のお礼とその後のご様子伺い（{{店名}}）',
    body: `{{氏名}} {{敬称}}

{{店名}}です。先日は初めてお越しいただき、本当にありがとうございました。
数あるお店の中から選んでいただけたこと、心からうれしく思っております。

{{購入商品|ご利用いただいた内容}}について、その後いかがでしょうか。
「思っていたのと少し違った」「ここが少し気になる」といったことがございましたら、このメールにお気軽にご返信ください。どんな小さなことでも、喜んでお答えいたします。

またお会いできる日を、楽しみにしております。

{{署名}}`,
  },

  // ── S7 ニュースレター ─────────────────────────────────────────────
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

  // ── S8 お手紙確認メール ───────────────────────────────────────────
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

export interface RenderedMessage {
  subject: string;
  body: string;
  problems: string[];
}

/** What an empty field without a fallback is reported as. */
export function emptyFieldProblem(name: string): string {
  return `差し込み項目「${name}」が空です`;
}

// {{氏名}}, {{ 氏名 }}, ｛｛氏名｝｝ (and mixed widths): owners type these in a cell, often with an IME.
const PLACEHOLDER = /[{｛]{2}([^{}｛｝]*)[}｝]{2}/g;
const BRACE_RUN = /[{}｛｝]{2,}/g;
const BRACE = /[{}｛｝]/;
const KNOWN: ReadonlySet<string> = new Set(KNOWN_FIELDS);

/**
 * Fills {{…}} merge fields in one pass, so a value is inserted verbatim and never expanded again.
 * Unknown or empty fields become '' and are reported; stray braces from the template are dropped and reported.
 */
export function renderTemplate(
  template: { subject: string; body: string },
  fields: Readonly<Record<string, string | undefined>>,
): RenderedMessage {
  const problems = new Set<string>();
  const subject = fill(template.subject, fields, problems);
  const body = fill(template.body, fields, problems);
  return { subject, body, problems: [...problems] };
}

function fill(
  text: string,
  fields: Readonly<Record<string, string | undefined>>,
  problems: Set<string>,
): string {
  const pieces: string[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const start = match.index ?? 0;
    pieces.push(cleanLiteral(text.slice(last, start), last > 0, true, problems));
    pieces.push(fieldValue(match[1], fields, problems));
    last = start + match[0].length;
  }
  pieces.push(cleanLiteral(text.slice(last), last > 0, false, problems));
  return pieces.join('');
}

/**
 * One merge field: `{{購入商品}}`, or `{{購入商品|先日のご利用}}` whose text after the bar (half- or full-width, as an
 * IME types it) is said when the value is empty (followup-rules.md 2, テンプレート). The fallback is the template's own
 * text: it is never looked up as a field.
 */
function fieldValue(
  rawField: string,
  fields: Readonly<Record<string, string | undefined>>,
  problems: Set<string>,
) {
  const bar = rawField.search(/[|｜]/);
  const rawName = bar < 0 ? rawField : rawField.slice(0, bar);
  const fallback = bar < 0 ? undefined : rawField.slice(bar + 1).trim();
  const name = rawName.normalize('NFKC').trim();
  if (!KNOWN.has(name)) {
    problems.add(`テンプレートの差し込み項目「{{${rawName.trim()}}}」は使えません`);
    return fallback ?? '';
  }
  const value = fields[name];
  if (value === undefined || value.trim() === '') {
    if (fallback) return fallback;
    problems.add(emptyFieldProblem(name));
    return '';
  }
  return value;
}

/** The field names a template's text uses (without their fallbacks). */
export function fieldsUsed(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1].split(/[|｜]/)[0].normalize('NFKC').trim());
}

/** True when the template says `{{name}}` with no fallback, so an empty value holds the message. */
export function needsField(text: string, name: string): boolean {
  return [...text.matchAll(PLACEHOLDER)].some((m) => {
    const [field, ...rest] = m[1].split(/[|｜]/);
    return field.normalize('NFKC').trim() === name && rest.join('').trim() === '';
  });
}

/**
 * Template text between placeholders must not yield `{{` or `}}`: runs of braces go, and so does a single brace
 * touching a placeholder (it would join with a neighbouring brace once an empty field collapses).
 */
function cleanLiteral(
  text: string,
  afterField: boolean,
  beforeField: boolean,
  problems: Set<string>,
): string {
  let cleaned = text.replace(BRACE_RUN, '');
  if (afterField && BRACE.test(cleaned.charAt(0))) cleaned = cleaned.slice(1);
  if (beforeField && BRACE.test(cleaned.charAt(cleaned.length - 1))) cleaned = cleaned.slice(0, -1);
  if (cleaned !== text)
    problems.add('テンプレートに対になっていない「{{」「}}」があったため、取り除きました');
  return cleaned;
}

/**
 * The owner's テンプレート rows win over the defaults: the caller passes them first. A row whose 本文 is blank is
 * an unfinished edit, so it does not hide the default.
 */
export function findTemplate(
  templates: readonly MessageTemplate[],
  scenario: string,
  step: string,
  channel: Channel,
): MessageTemplate | undefined {
  return templates.find(
    (t) =>
      t.scenario.trim() === scenario.trim() &&
      t.step.trim() === step.trim() &&
      t.channel === channel &&
      t.body.trim() !== '',
  );
}

export interface ShopContact {
  shopName: string;
  address: string;
  phone: string;
  email: string;
}

/**
 * The 特定電子メール法 display: sender's name, postal address, a contact for inquiries, and the statement that the
 * recipient can refuse further mail with the address to send that to. Missing settings are left out here and
 * reported through footerProblems.
 */
export function emailFooter(shop: ShopContact): string {
  const shopName = shop.shopName.trim();
  const address = shop.address.trim();
  const phone = shop.phone.trim();
  const email = shop.email.trim();
  const contacts = [phone && `電話 ${phone}`, email && `メール ${email}`].filter(Boolean).join('／');
  const lines = ['――――――――――――――――――――'];
  if (shopName) lines.push(`送信者：${shopName}`);
  if (address) lines.push(`住所：${address}`);
  if (contacts) lines.push(`お問い合わせ：${contacts}`);
  lines.push(
    '',
    '今後このようなメールがご不要の場合は、配信を停止することができます。',
    `ご希望の際は、このメールに「配信停止」とご返信いただくか、${email ? `${email} まで` : '上記まで'}ご連絡ください。`,
  );
  return lines.join('\n');
}

/** Settings the legal footer needs but are blank, as messages for the owner. */
export function footerProblems(shop: ShopContact): string[] {
  const problems: string[] = [];
  if (!shop.shopName.trim())
    problems.push('設定「店名」が空のため、メールの法定表示（送信者の名称）が不完全です');
  if (!shop.address.trim())
    problems.push('設定「店舗住所」が空のため、メールの法定表示（送信者の住所）が不完全です');
  if (!shop.email.trim()) {
    problems.push('設定「店舗メール」が空のため、メールの法定表示（配信停止の連絡先）が不完全です');
    if (!shop.phone.trim()) {
      problems.push('設定「店舗電話」も空のため、メールの法定表示（お問い合わせ先）が不完全です');
    }
  }
  return problems;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Plain text → the HTML alternative of an email body; customer-provided text can never become markup. */
export function toHtml(plain: string): string {
  return plain.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]).replace(/\r\n|\r|\n/g, '<br>');
}
