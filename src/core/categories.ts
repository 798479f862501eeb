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
] as const;

/** The contract's default table, as an owner would see it typed in the カテゴリ sheet. */
export const DEFAULT_CATEGORY_ROWS: readonly (readonly string[])[] = [
  ['服', '7', '5', '90 (次の季節)', '可', '新しいコーディネート'],
  ['和菓子', '1', '5', '14', '可', '新作'],
  ['車', '30', '5', '90', '可', 'ドライブのおすすめ'],
  ['包丁', '7', '5', '180', '可', '研ぎ石セット'],
  ['歯科', '2', '5', '—', '可', '—'],
  ['マッサージ', '2', '5', '30', '可', '骨盤矯正'],
  ['整体', '2', '5', '14', '可', '次回の施術'],
  ['美容室', '3', '—', '35', '不可', '次回のカット'],
  ['健康食品', '10', '5', '30 (使い切る頃)', '可', '組み合わせ商品'],
  ['飲食', '1', '—', '—', '不可', '—'],
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
  for (const [nameCell, firstCell, checkCell, proposalCell, phoneCell, exampleCell] of rows) {
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
    });
  }
  return { categories, problems };
}

function isDash(text: string): boolean {
  return /^[—\-－ー―‐]*$/.test(text);
}
