import { normalizeText } from './parse';

/**
 * The owner's own words for the few fixed choices Tsunagu reads from the sheets (contract 2): 空き枠 状態, カテゴリ 電話
 * and the 電話リスト 結果. A word is compared after width, spaces, surrounding brackets and a trailing です / でした are
 * (and ました / ます: 「埋まりました」) set aside; a word Tsunagu does not know is kept as the owner wrote it, reported, and read as the safe choice
 * (a slot not open, no call, no outcome).
 */
export function wordOf(value: unknown): string {
  let text = normalizeText(value).normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  for (let changed = true; changed;) {
    const before = text;
    text = text
      .replace(/[。．.!！]+$/u, '')
      .replace(/(です|でした|ました|ます)$/u, '')
      .replace(/^[「『(（[［【〈《](.*)[」』)）\]］】〉》]$/u, '$1');
    changed = text !== before;
  }
  return text;
}

export interface Reading<T> {
  value: T;
  /** The owner's word when it is not one Tsunagu knows (read as the safe choice), for the report. */
  unknown?: string;
}

function reader<T>(words: ReadonlyMap<string, T>, safe: T): (value: unknown) => Reading<T> {
  return (value) => {
    const word = wordOf(value);
    const known = words.get(word);
    return known !== undefined ? { value: known } : { value: safe, unknown: normalizeText(value) };
  };
}

function vocabulary<T>(entries: readonly (readonly [T, readonly string[]])[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const [value, words] of entries) for (const w of words) map.set(wordOf(w), value);
  return map;
}

/** 空き枠 状態: open (空き, 空, ○, あり, blank) or taken (埋まり, 予約済, 満席, ×, 済, なし); anything else taken. */
export const readSlotOpen = reader(
  vocabulary([
    [true, ['', '空き', '空', 'あき', '空きあり', 'あり', '有', '○', '◯', '可', '空いてる', '空いています']],
    [
      false,
      [
        '埋まり',
        '埋',
        '予約済',
        '予約済み',
        '予約あり',
        '満席',
        '満',
        '×',
        '✕',
        'x',
        '済',
        '済み',
        'なし',
        '無し',
        '不可',
        '休み',
        '休',
        '締切',
      ],
    ],
  ]),
  false,
);

/** カテゴリ 電話: 可 (○, OK, はい) allows calls; 不可 (×, NG, いいえ, なし, 不要) and anything unreadable forbid them. */
export const readPhoneAllowed = reader(
  vocabulary([
    [true, ['可', '○', '◯', 'ok', 'はい', '可能', 'する', 'あり', '有']],
    [
      false,
      [
        '不可',
        '×',
        '✕',
        'x',
        'ng',
        'いいえ',
        'なし',
        '無し',
        '不要',
        'しない',
        'だめ',
        'ダメ',
        '禁止',
        '無',
        '-',
        '—',
        'ー',
      ],
    ],
  ]),
  false,
);

/** A call's outcome as written on 電話リスト: 満足 / 不満 / 不在, or made with no outcome given (○, 済, 完了 …). */
export type CallResult = '満足' | '不満' | '不在' | '完了';

export const readCallResult = reader<CallResult | null>(
  vocabulary<CallResult>([
    ['満足', ['満足', '良い', 'よい', '良かった', 'よかった', '好評', '◎', '喜んでいた', '喜んでいました']],
    ['不満', ['不満', '不満足', 'クレーム', '苦情', '悪い', '不評']],
    [
      '不在',
      [
        '不在',
        '留守',
        '留守電',
        '留守番電話',
        'つながらず',
        'つながらない',
        '繋がらず',
        '繋がらない',
        '出ない',
        '出ず',
        '出なかった',
        '話し中',
        '応答なし',
      ],
    ],
    ['完了', ['○', '◯', '済', '済み', '完了', '電話した', '電話済', '連絡済', '連絡した', 'した']],
  ]),
  null,
);
