import type { Customer } from './types';
import { keyRule } from './keys';
import { RULES, triggersOf } from './registry';

/** The header of the first missing trigger field of the record's rule, or '' when all are there. */
export function missingTrigger(key: string, customer: Customer): string {
  for (const { field, header } of triggersOf(keyRule(key))) {
    const value = customer[field];
    if (value === undefined || value === null || value === '') return header;
  }
  return '';
}

/** Every header (of 顧客 and the カテゴリ sheet) some rule reads (the workbook remembers which it has had). */
export const RULE_HEADER_NAMES: ReadonlySet<string> = new Set(RULES.flatMap((r) => r.reads ?? []));
