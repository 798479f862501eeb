import type { Customer } from './types';
import { keyRule } from './keys';

/** What each rule starts from on the customer's row: without it, Tsunagu cannot tell that a contact is not needed. */
export const TRIGGERS: Readonly<Record<string, readonly [keyof Customer, string][]>> = {
  S1: [
    ['lastVisit', '最終来店日'],
    ['category', 'カテゴリ'],
  ],
  S2: [['cancelDate', 'キャンセル日']],
  S3: [['complaintDate', 'クレーム対応日']],
  S4: [['lastVisit', '最終来店日']],
  S6: [['lastVisit', '最終来店日']],
};

/** The header of the first missing trigger field of the record's rule, or '' when all are there. */
export function missingTrigger(key: string, customer: Customer): string {
  const rule = keyRule(key);
  for (const [field, header] of TRIGGERS[rule] ?? []) {
    const value = customer[field];
    if (value === undefined || value === null || value === '') return header;
  }
  return '';
}

/** The headers (of 顧客 and the カテゴリ sheet) each customer rule reads to decide its steps. */
export const RULE_HEADERS: Readonly<Record<string, readonly string[]>> = {
  S1: ['最終来店日', 'カテゴリ', '初回フォロー日数', '電話確認日数', '提案日数'],
  S2: ['キャンセル日', '最終来店日', '次回予約日'],
  S3: ['クレーム対応日'],
  S4: ['最終来店日', '来店回数', '初回来店日'],
  S6: ['最終来店日', '来店回数'],
};

/** Every header some customer rule reads (the workbook remembers which it has had). */
export const RULE_HEADER_NAMES: ReadonlySet<string> = new Set(Object.values(RULE_HEADERS).flat());
