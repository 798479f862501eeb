import { readPhoneAllowed } from './vocabulary';
import { normalizeText, parseCount } from './parse';
import type { Category } from './types';

export const CATEGORY_HEADERS = [
  'カテゴリ',
  '初回フォロー日数',
  '電話確認日数',
  '提案日数',
  '電話',
  '提案の例',
  '提案文',
  'キーワード',
] as const;

/*
 * キーワード: words of an imported visit's メニュー that make it this category (contract section 2, 来店履歴): the
 * first category, in the sheet's order, one of whose words the メニュー contains.
 */
const DEFAULT_KEYWORDS: Readonly<Record<string, string>> = {
  服: '服、シャツ、ブラウス、パンツ、スカート、ワンピース、コート、ジャケット、ニット',
  和菓子: '和菓子、大福、どら焼き、羊羹、団子、饅頭、最中',
  車: '納車、新車、中古車',
  包丁: '包丁',
  歯科: '歯科、歯のクリーニング、検診、ホワイトニング',
  マッサージ: 'マッサージ、もみほぐし、リラク、アロマ',
  整体: '整体、骨盤、矯正、姿勢',
  美容室: 'カット、カラー、パーマ、トリートメント、ヘッドスパ、縮毛',
  健康食品: 'サプリ、健康食品、青汁、酵素',
  飲食: 'ランチ、ディナー、お食事、宴会',
};

/** The default キーワード of a category ('' for one not in the defaults). */
export function defaultKeywords(category: string): string {
  return DEFAULT_KEYWORDS[category.trim()] ?? '';
}

/*
 * 提案文: the proposal itself, what a customer of that category reads in 提案 (followup-rules.md 2, カテゴリ;
 * message-style.md: a proposal is never sent without content). Each is one or two sentences that read naturally
 * after a line asking how the customer is, for a treatment as well as for goods, and sell gently (seed 004: propose
 * the next step once the purchase has served; seed 001: what the customer wants, not what the shop wants to sell).
 */
const DEFAULT_PROPOSALS: Readonly<Record<string, string>> = {
  服: '季節が変わり、新しいコーディネートを楽しめる頃になりました。お手持ちのお洋服に合わせやすいものも入ってきておりますので、お近くにお越しの際はお気軽にご覧ください。',
  和菓子:
    '季節の新作が店頭に並び始めました。お茶の時間や、ちょっとした手土産にもお選びいただけますので、よろしければお立ち寄りください。',
  車: 'お車にもすっかり慣れてこられた頃かと思います。この季節のおすすめのドライブコースのご紹介や、遠出の前の点検のご相談も承っておりますので、お気軽にお声がけください。',
  包丁: 'お使いいただいて半年ほど経つと、切れ味が少しずつ落ちてくる頃です。ご自宅で手軽にお手入れしていただける研ぎ石のセットもございますので、気になるようでしたらご相談ください。',
  マッサージ:
    '肩や腰の重さが戻ってきやすい頃ですので、よろしければ骨盤矯正で体の土台から整えることもご検討ください。お体の状態に合わせてご提案いたします。',
  整体: '前回の施術から少し経ち、お体が元の癖に戻りやすい頃です。よい状態を保てるよう、そろそろ次回の施術をご検討いただければと思います。',
  美容室:
    '前回のカットから一か月ほど経ち、そろそろ毛先が気になり始める頃かと思います。次回のご予約はいつでも承っておりますので、ご都合のよいときにお知らせください。',
  健康食品:
    'お手元の分が少なくなってくる頃かと思います。続けていただく場合のお取り置きや、一緒にお使いいただける組み合わせのご相談も承っております。',
};

/** The default 提案文 of a category ('' for one without a 提案 or not in the defaults). */
export function defaultProposal(category: string): string {
  return DEFAULT_PROPOSALS[category.trim()] ?? '';
}

/** The contract's default table, as an owner would see it typed in the カテゴリ sheet. */
export const DEFAULT_CATEGORY_ROWS: readonly (readonly string[])[] = [
  ['服', '7', '5', '90 (次の季節)', '可', '新しいコーディネート', DEFAULT_PROPOSALS.服, DEFAULT_KEYWORDS.服],
  ['和菓子', '1', '5', '14', '可', '新作', DEFAULT_PROPOSALS.和菓子, DEFAULT_KEYWORDS.和菓子],
  ['車', '30', '5', '90', '可', 'ドライブのおすすめ', DEFAULT_PROPOSALS.車, DEFAULT_KEYWORDS.車],
  ['包丁', '7', '5', '180', '可', '研ぎ石セット', DEFAULT_PROPOSALS.包丁, DEFAULT_KEYWORDS.包丁],
  ['歯科', '2', '5', '—', '可', '—', '—', DEFAULT_KEYWORDS.歯科],
  ['マッサージ', '2', '5', '30', '可', '骨盤矯正', DEFAULT_PROPOSALS.マッサージ, DEFAULT_KEYWORDS.マッサージ],
  ['整体', '2', '5', '14', '可', '次回の施術', DEFAULT_PROPOSALS.整体, DEFAULT_KEYWORDS.整体],
  ['美容室', '3', '—', '35', '不可', '次回のカット', DEFAULT_PROPOSALS.美容室, DEFAULT_KEYWORDS.美容室],
  [
    '健康食品',
    '10',
    '5',
    '30 (使い切る頃)',
    '可',
    '組み合わせ商品',
    DEFAULT_PROPOSALS.健康食品,
    DEFAULT_KEYWORDS.健康食品,
  ],
  ['飲食', '1', '—', '—', '不可', '—', '—', DEFAULT_KEYWORDS.飲食],
];

export interface CategoriesResult {
  categories: Map<string, Category>;
  problems: string[];
}

/**
 * Reads カテゴリ rows in CATEGORY_HEADERS order. A blank or — cell means the step does not exist. `missing` names
 * the headers the sheet's header row lacks (a column the owner renamed), each said once: without カテゴリ nothing
 * is read; without a 日数 column that step is not taken for any category; without 電話 no category is called.
 */
export function readCategories(
  rows: ReadonlyArray<readonly unknown[]>,
  missing: readonly string[] = [],
): CategoriesResult {
  const categories = new Map<string, Category>();
  const problems: string[] = [];
  const lacks = (header: string) => missing.includes(header);
  const remedy = (header: string) =>
    `見出しの行に「${header}」の列を作るか、名前を変えた見出しを「${header}」に戻してください`;
  if (lacks('カテゴリ'))
    problems.push(
      `「カテゴリ」シートに「カテゴリ」の見出しがないため、カテゴリを読めません。カテゴリごとのフォローは行いません（${remedy('カテゴリ')}）`,
    );
  for (const header of ['初回フォロー日数', '電話確認日数', '提案日数'])
    if (lacks(header))
      problems.push(
        `「カテゴリ」シートに「${header}」の見出しがないため、どのカテゴリでもこのステップは行いません（${remedy(header)}）`,
      );
  if (lacks('電話'))
    problems.push(
      `「カテゴリ」シートに「電話」の見出しがないため、どのカテゴリのお客様にも電話しません（${remedy('電話')}。中身は 可 か 不可 です）`,
    );
  if (lacks('提案文'))
    problems.push(
      '「カテゴリ」シートに「提案文」の列がないため、どのカテゴリでも「提案」は準備しません（メニュー「初期設定」を押すと、既定の提案文を入れた「提案文」の列を足します。ご自分で列を作って、カテゴリごとにご提案の内容を1〜2文で入れることもできます）',
    );
  for (const [
    nameCell,
    firstCell,
    checkCell,
    proposalCell,
    phoneCell,
    exampleCell,
    textCell,
    keywordCell,
  ] of rows) {
    const name = normalizeText(nameCell);
    if (!name) continue;
    const days = (cell: unknown, header: string): number | undefined => {
      const parsed = parseCount(cell);
      if (parsed === null) return undefined;
      if (parsed.ok) return parsed.value;
      problems.push(
        `カテゴリ「${name}」の${header}「${normalizeText(cell)}」を読めません（このステップは行いません）`,
      );
      return undefined;
    };
    const phone = lacks('電話') ? { value: false } : readPhoneAllowed(phoneCell);
    if (phone.unknown !== undefined)
      problems.push(
        `カテゴリ「${name}」の電話「${phone.unknown || '空欄'}」を読めないため、このカテゴリのお客様には電話しません（可 か 不可 を入れてください）`,
      );
    const example = normalizeText(exampleCell);
    categories.set(name, {
      name,
      firstFollowDays: days(firstCell, '初回フォロー日数'),
      phoneCheckDays: days(checkCell, '電話確認日数'),
      proposalDays: days(proposalCell, '提案日数'),
      phoneAllowed: phone.value,
      proposalExample: isDash(example) ? '' : example,
      proposalText: isDash(normalizeText(textCell)) ? '' : String(textCell ?? '').trim(),
      keywords: normalizeText(keywordCell)
        .split(/[、,，・/／\s]+/)
        .filter((w) => w !== '' && !isDash(w)),
    });
  }
  return { categories, problems };
}

function isDash(text: string): boolean {
  return /^[—\-－ー―‐]*$/.test(text);
}

/**
 * The category of an imported visit's メニュー: the first category (in the sheet's order, among those the shop's
 * customers have when `used` names some) one of whose キーワード the メニュー contains (NFKC, case ignored); '' when
 * none does.
 */
export function categoryOfMenu(
  menu: string,
  categories: ReadonlyMap<string, Category>,
  used?: ReadonlySet<string>,
): string {
  const text = normalizeText(menu).toLowerCase();
  if (!text) return '';
  // The table ships with other trades' rows as examples: a shop's menus are its own categories' (those its
  // customers have), so a head spa at a 整体院 is not 美容室. With no category in use yet, every row counts.
  const own = used && [...used].some((name) => categories.has(name)) ? used : undefined;
  for (const category of categories.values())
    if (
      (!own || own.has(category.name)) &&
      (category.keywords ?? []).some((w) => text.includes(normalizeText(w).toLowerCase()))
    )
      return category.name;
  return '';
}
