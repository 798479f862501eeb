import { CONTACT_STATES } from '../labels';
import { normalizeText } from './parse';
import type { Channel, ContactState, Outcome } from './types';

/**
 * The owner's own words for the few fixed choices Tsunagu reads from the sheets (contract 2): 空き枠 状態, カテゴリ 電話
 * and the 電話リスト 結果. A word is compared after width, spaces, surrounding brackets and a trailing です / でした are
 * (and a past ました: 「埋まりました」, 「電話しました」; never a future ます) set aside; a word Tsunagu does not know is kept as the owner wrote it, reported, and read as the safe choice
 * (a slot not open, no call, no outcome).
 */
export function wordOf(value: unknown): string {
  // 〇 (the IME's maru, U+3007) and ◯ are the owner's ○.
  let text = normalizeText(value).normalize('NFKC').replace(/\s+/g, '').replace(/[〇◯]/gu, '○').toLowerCase();
  for (let changed = true; changed;) {
    const before = text;
    text = text
      .replace(/[。．.!！]+$/u, '')
      // A past ました reads as done (電話しました = 電話した; 埋まりました = 埋まり), never a future ます (送ります).
      .replace(/しました$/u, 'した')
      .replace(/(です|でした|ました)$/u, '')
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
  const read = (value: unknown): Reading<T> => {
    const word = wordOf(value);
    const known = words.get(word);
    return known !== undefined ? { value: known } : { value: safe, unknown: normalizeText(value) };
  };
  const readText = remembering(read);
  return (value) => (typeof value === 'string' ? readText(value) : read(value));
}

/** Distinct cell texts a reader remembers; beyond it (free text in a vocabulary column) each is read afresh. */
const READER_CACHE_LIMIT = 2000;

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

/**
 * 連絡履歴 状態 in the owner's words (contract 2, "States of a contact"): done (済, 送った, 印刷した, 電話した …),
 * skipped (不要, 見送り …) or one of Tsunagu's own pending states. A word Tsunagu does not know reads as null: the
 * row is held (its customer is not contacted for that step until the word is fixed), never as done or open.
 */
export const CONTACT_STATE_WORDS: readonly (readonly [ContactState, readonly string[]])[] = [
  [
    '完了',
    [
      '完了',
      '済',
      '済み',
      '終了',
      '対応済',
      '対応済み',
      '対応した',
      '連絡済',
      '連絡済み',
      '連絡した',
      '電話した',
      '電話済',
      '電話済み',
      '訪問した',
      'お伺いした',
      'した',
      'やった',
      '○',
      '◯',
      'ok',
      'done',
    ],
  ],
  [
    '送信済',
    [
      '送信済',
      '送信済み',
      '送信した',
      '送った',
      '送りました',
      '送付済',
      '送付済み',
      '送付した',
      '送信完了',
      '配信済',
      '配信した',
      'メールした',
      'lineした',
      '返信した',
    ],
  ],
  [
    '印刷済',
    [
      '印刷済',
      '印刷済み',
      '印刷した',
      '投函済',
      '投函済み',
      '投函した',
      '郵送済',
      '郵送済み',
      '郵送した',
      '発送済',
      '発送済み',
      '発送した',
      '出した',
    ],
  ],
  [
    'スキップ',
    ['スキップ', 'skip', '不要', '見送り', '見送った', '見送る', 'やめた', '中止', '取りやめ', '対象外'],
  ],
  ...CONTACT_STATES.map((s) => [s, [s]] as const),
  ['承認済', ['承認済み']],
];

export const readContactState = reader<ContactState | null>(vocabulary(CONTACT_STATE_WORDS), null);

/** チャネル in the owner's words, also with a particle after it (メールで, 電話にて, LINEから). */
export const CHANNEL_WORDS: readonly (readonly [Channel, readonly string[]])[] = [
  ['メール', ['メール', 'eメール', 'email', 'e-mail', 'mail', 'gmail', 'メール送信']],
  ['LINE', ['line', 'ライン', 'らいん', 'lineメッセージ']],
  ['手紙', ['手紙', 'お手紙', '郵送', 'dm', 'はがき', 'ハガキ', '葉書', '封書', '郵便', 'レター', '手書き']],
  ['電話', ['電話', 'tel', 'でんわ', '架電', '訪問', '来店時', '店頭']],
];

/** The particles owners put after a channel: メールで, 電話にて, LINEから, 郵送より. */
export const CHANNEL_PARTICLES = ['', 'で', 'にて', 'から', 'より'] as const;

export const readChannel = reader<Channel | null>(
  vocabulary(
    CHANNEL_WORDS.map(
      ([channel, words]) => [channel, words.flatMap((w) => CHANNEL_PARTICLES.map((p) => w + p))] as const,
    ),
  ),
  null,
);

/** 結果 in the owner's words: a call's outcome (留守電 → 不在 …) or 宛先不明 (戻ってきた, 不達 …). */
export function readOutcome(value: unknown): Reading<Outcome | null> {
  return typeof value === 'string' ? outcomeOfText(value) : outcomeOf(value);
}

function outcomeOf(value: unknown): Reading<Outcome | null> {
  const word = wordOf(value);
  if (word === '') return { value: null };
  if (UNDELIVERED.has(word)) return { value: '宛先不明' };
  const call = readCallResult(value);
  return call.value === '完了' ? { value: null } : (call as Reading<Outcome | null>);
}

/**
 * A function of cell text that remembers its answers: a sheet repeats a handful of words over thousands of rows,
 * and each is read once per run (beyond READER_CACHE_LIMIT distinct texts, each is read afresh).
 */
export function remembering<T>(read: (text: string) => T): (text: string) => T {
  const seen = new Map<string, T>();
  return (text) => {
    const cached = seen.get(text);
    if (cached !== undefined) return cached;
    const answer = read(text);
    if (seen.size < READER_CACHE_LIMIT) seen.set(text, answer);
    return answer;
  };
}

const outcomeOfText = remembering(outcomeOf);

export const UNDELIVERED_WORDS = [
  '宛先不明',
  '宛所不明',
  'あて先不明',
  '戻り',
  '戻ってきた',
  '返送',
  '返送された',
  '不達',
  '届かない',
  'バウンス',
];

const UNDELIVERED = new Set(UNDELIVERED_WORDS.map(wordOf));
