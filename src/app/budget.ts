/**
 * The time budget of one execution. Apps Script stops a script after 6 minutes
 * (https://developers.google.com/apps-script/guides/services/quotas, "Script runtime: 6 min / execution"), and that
 * stop cannot be caught. So no new piece of work starts once 4.5 minutes are spent: what is left is finished by the
 * next hourly run, and the 1.5 minutes kept back are for the piece under way and for writing back.
 */
export const BUDGET_MS = 4.5 * 60 * 1000;

export class Budget {
  /** `startedAt`: when the execution began (the entry point's `new Date()`, before waiting for the lock). */
  constructor(
    readonly startedAt: number,
    readonly limitMs = BUDGET_MS,
  ) {}

  spentMs(): number {
    return Date.now() - this.startedAt;
  }

  /** True once the budget is spent: start nothing new. */
  over(): boolean {
    return !(this.spentMs() <= this.limitMs);
  }
}
