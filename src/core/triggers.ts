import type { Customer } from './types';

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
  const rule = key.split('|')[1];
  for (const [field, header] of TRIGGERS[rule] ?? []) {
    const value = customer[field];
    if (value === undefined || value === null || value === '') return header;
  }
  return '';
}
