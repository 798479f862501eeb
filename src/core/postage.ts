/**
 * Postage: ONE table of the rates Tsunagu shows the owner (the forecast of a long letter queue, and later the
 * season's postcards), each with where the rate comes from. Pure: no Apps Script globals.
 *
 * The rates are Japan Post's since 2024-10-01, as gathered in ../shared/docs/field-notes.md ("Postcards and
 * letters (Japan Post)"): 「はがき (and 年賀はがき) 85 円; 定形 letters 110 円 up to 50 g」 (the notes say to confirm
 * against Japan Post's fee page, 日本郵便「手紙・はがきの料金」, before showing 2026 costs: the forecast says 約).
 * A new rate or kind of mail is one row here.
 */

/** What a piece of mail is, for its postage. */
export type MailKind = 'letter' | 'postcard';

export interface PostageRate {
  /** Yen per piece. */
  yen: number;
  /** What the owner would call it. */
  name: string;
  /** Since when the rate applies (YYYY-MM-DD). */
  since: string;
  /** Where the rate comes from. */
  source: string;
}

export const POSTAGE: Readonly<Record<MailKind, PostageRate>> = Object.freeze({
  letter: {
    yen: 110,
    name: '定形郵便（50gまで）',
    since: '2024-10-01',
    source:
      '日本郵便 国内郵便料金（2024年10月1日改定）: 定形郵便物 50gまで110円 — field-notes.md「Postcards and letters (Japan Post)」',
  },
  postcard: {
    yen: 85,
    name: '通常はがき',
    since: '2024-10-01',
    source:
      '日本郵便 国内郵便料金（2024年10月1日改定）: 通常はがき・年賀はがき85円 — field-notes.md「Postcards and letters (Japan Post)」',
  },
});

/** The postage of `count` pieces of one kind, in yen. */
export function postageOf(kind: MailKind, count: number): number {
  return POSTAGE[kind].yen * count;
}

/** 18,700円: yen with thousands separators, written out (no Intl: the same text everywhere). */
export function yenText(yen: number): string {
  return `${String(Math.round(yen)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}円`;
}
