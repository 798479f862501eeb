/**
 * Step flags as data (issue 15 item 2): what the owner must do besides sending — write a letter by hand, enclose,
 * send or hand over a gift — and whether the step is an apology. They travel on the step, are written to 連絡履歴's
 * own column 「お店の作業」 with the contact, and are read back from there (the 手紙 sheet's banner and cover page, the
 * sidebar card, the morning notice); nothing reads 理由 or 備考 for them, except once, for rows written before the
 * column existed (legacyFlagsText). Pure: no Apps Script globals.
 */
import { SCENARIO, STEP } from '../labels';
import type { ContactRecord, StepCandidate } from './types';

/** A gift the owner hands over: enclosed in the letter, sent separately, or given at the next visit. */
export interface GiftTask {
  /** 投函: not a gift but when to post the letter (S10's 年賀状: 「12月15日〜25日」; StepDef.postBetween). */
  how: '同封' | '別送' | '来店時' | '投函';
  what: string;
}

/**
 * The task as the owner reads it (the letter's banner, the day's list, the notice, and 連絡履歴 備考, which keeps
 * it while a letter waits to be printed): 「【別送】季節の焼き菓子をお送りください」.
 */
export function taskText(task: GiftTask): string {
  switch (task.how) {
    case '同封':
      return `【同封】${task.what}を封筒に入れてください`;
    case '別送':
      return `【別送】${task.what}をお送りください`;
    case '来店時':
      return `【来店時】次のご来店の際に${task.what}をお渡しください`;
    case '投函':
      return `【投函】${task.what}に投函してください`;
  }
}

/** The task written by taskText into a 連絡履歴 備考, read back (undefined when there is none). */
export function taskOf(text: string): GiftTask | undefined {
  const post = /【投函】(.+?)に投函してください/u.exec(text);
  if (post) return { how: '投函', what: post[1] };
  const m = /【(同封|別送|来店時)】(?:次のご来店の際に)?(.+?)を(?:封筒に入れて|お送り|お渡し)ください/u.exec(
    text,
  );
  return m ? { how: m[1] as GiftTask['how'], what: m[2] } : undefined;
}

/** The flags a contact carries, as 連絡履歴 「お店の作業」 holds them. */
export interface ContactFlags {
  handwritten: boolean;
  task?: GiftTask;
  apology: boolean;
}

export const HANDWRITTEN = '手書き推奨';
export const APOLOGY = 'お詫び';

/** 「手書き推奨／【別送】季節の焼き菓子をお送りください」: what the cell says, '' for a contact with none. */
export function flagsText(step: Pick<StepCandidate, 'handwritten' | 'apology'>, task?: GiftTask): string {
  const parts: string[] = [];
  if (step.handwritten) parts.push(HANDWRITTEN);
  if (task) parts.push(taskText(task));
  if (step.apology) parts.push(APOLOGY);
  return parts.join('／');
}

/** The flags in a 「お店の作業」 cell. */
export function readFlags(text: string): ContactFlags {
  return {
    handwritten: text.includes(HANDWRITTEN),
    task: taskOf(text),
    apology: text.split('／').includes(APOLOGY),
  };
}

/**
 * The 「お店の作業」 a row written before the column existed should have, read once from what it had then: 手書き推奨
 * or a task in its 備考, or the 感謝 letter, which always enclosed its voucher. '' when there is nothing to set.
 */
export function legacyFlagsText(r: Pick<ContactRecord, 'note' | 'scenario' | 'step' | 'channel'>): string {
  const task =
    taskOf(r.note) ??
    (r.scenario === SCENARIO.complaint && r.step === STEP.gratitude && r.channel === '手紙'
      ? { how: '同封' as const, what: '金券（有効期限なし）' }
      : undefined);
  return flagsText({ handwritten: r.note.includes(HANDWRITTEN), apology: false }, task);
}
