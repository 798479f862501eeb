/**
 * A salon on 2026-11-22 whose morning notice has something in every part: four calls (numbers typed as owners type
 * them: with hyphens, in full-width digits with brackets, in the +81 form, with the IME's long-vowel mark as dash), an email, a
 * LINE to approve and a letter to print. One caller's name carries markup and runs long without a space. Shared by
 * the notice's bundle tests and its Chromium test.
 */
import type { CellValue } from '../fakes';
import {
  C1_MAIL,
  C4_CALLER,
  C4_INQUIRY_SENT,
  customerSheet,
  lineStandIn,
  logSheet,
  SECOND_VISIT,
  settingsSheet,
  SHOP_SETTINGS,
  type Options,
} from './harness';

export const NOTICE_DAY = '2026-11-22';
export const LINE_ID = `U${'0123456789abcdef'.repeat(2)}`;
export const OWNER_LINE = `U${'f'.repeat(32)}`;
export const MARKUP_NAME = '<img src=x onerror="window.pwned=1">';
export const LONG_NAME = `長谷川${'MaximilianusBartholomaeus'.repeat(3)}`;

/** A regular who allows calls and whose お伺い went out on 2026-11-17: their 電話確認 is due on 2026-11-22. */
function caller(id: string, name: string, phone: string): Record<string, CellValue>[] {
  return [
    { ...C4_CALLER, 顧客ID: id, 氏名: name, メール: '', 電話: phone },
    { ...C4_INQUIRY_SENT, 顧客ID: id, 氏名: name, キー: `${id}|S1|お伺い|2026-11-10` },
  ];
}

const CALLERS = [
  caller('C5', MARKUP_NAME, '０３（５４３２）９８７６'),
  caller('C6', LONG_NAME, '+81 90-3333-4444'),
  caller('C7', '山本 さくら', '０４５ー６７８ー９０１２'),
];

export function noticeShop(extraSettings: [string, CellValue][] = []): Options {
  return {
    sheets: [
      customerSheet([
        C1_MAIL,
        {
          顧客ID: 'C2',
          氏名: '鈴木 一郎',
          郵便番号: '154-0004',
          住所: '東京都世田谷区太子堂1-2-3',
          ...SECOND_VISIT,
        },
        { 顧客ID: 'C3', 氏名: '高橋 花子', LINEユーザーID: LINE_ID, ...SECOND_VISIT },
        C4_CALLER,
        ...CALLERS.map(([customer]) => customer),
      ]),
      settingsSheet([...SHOP_SETTINGS, ...extraSettings]),
      logSheet([C4_INQUIRY_SENT, ...CALLERS.map(([, sent]) => sent)]),
    ],
    today: NOTICE_DAY,
    fetch: lineStandIn({ limit: 200, used: 12 }).handler,
    documentProperties: { 'tsunagu.line.token': 'channel-token', 'tsunagu.line.ownerUserId': OWNER_LINE },
  };
}
