/**
 * What a rule is (issue 15 item 1): one folder, rules/<name>/, whose index declares everything the planner needs —
 * its id, シナリオ and ステップ labels, each step's channels and flags, its kind, what it starts from and reads on the
 * row, which rules speak first, its default templates — and decides its steps. The registry (core/registry.ts)
 * lists the rules in collision priority order and derives every other list from their declarations.
 */
import type { Channel } from '../../labels';
import type { Moment, Slot } from '../slots';
import type { MessageTemplate } from '../templates';
import type {
  Category,
  ContactRecord,
  Customer,
  RuleContext,
  RuleResult,
  Settings,
  StepCandidate,
} from '../types';
import type { Day } from '../day';
import type { MonthDay } from '../parse';

export interface StepDef {
  readonly label: string;
  readonly channels: readonly Channel[];
  /** Marketing email (contract 4.3): needs メール同意. */
  readonly marketing?: boolean;
  /** Non-urgent LINE (contract 4.2): only while the customer's 30-day count is below LINE目安月回数. */
  readonly nonUrgentLine?: boolean;
  /**
   * An offer the customer may decline by not agreeing to marketing email: no 要確認 when メール同意 is missing
   * (S1's 提案), where a step that must reach the customer reports that it cannot.
   */
  readonly declinable?: boolean;
  /** More channels its message may go by, with a template each (S6's handwritten letter). */
  readonly alsoBy?: readonly Channel[];
  /** Its letter is one the owner writes by hand (手書き推奨: S6's お礼 to a high-value first visit). */
  readonly handwritten?: boolean;
  /** It may hand over something the owner arranges (同封 / 別送 / 次回ご来店時: S3's 特典 and 金券). */
  readonly gift?: boolean;
  /** An apology: a letter goes straight to the matter, with no 時候の挨拶 (S3's お詫び, S1's 改善フォロー). */
  readonly apology?: boolean;
  /** A call that may reach anyone with a number, not only who allowed calls (S3's apology call, contract 4.5). */
  readonly callsAnyone?: boolean;
  /**
   * Steps of other rules its message may carry, each with its own template 「ステップ（carried）」 on the step's
   * channels (S6's お礼 carrying S1's お伺い for a first visit).
   */
  readonly carries?: readonly string[];
  /**
   * When the owner should post its letters, as the 手紙 list, the cover page and the notice say it (S10's 年賀状:
   * 「12月15日〜25日」, posted then they arrive on 元日): a task 【投函】 on every letter of the step.
   */
  readonly postBetween?: string;
}

/** A 顧客 column the rule starts from: without it, Tsunagu cannot tell that one of its contacts is not needed. */
export interface Trigger<Field extends keyof Customer = keyof Customer> {
  readonly field: Field;
  readonly header: string;
}

/** The 顧客 fields that hold a day: a rule anchored on its row starts from one of them. */
export type DayField = {
  [K in keyof Customer]-?: NonNullable<Customer[K]> extends Day ? K : never;
}[keyof Customer];

/** The 顧客 fields that hold a month and day without a year (誕生日): a yearly rule starts from one (S9). */
export type MonthDayField = {
  [K in keyof Customer]-?: NonNullable<Customer[K]> extends MonthDay ? K : never;
}[keyof Customer];

/**
 * Per customer; per household (one letter per household key: S7, the coming S10); shop-wide per occurrence (one
 * slot offered to a few regulars: S5). A rule whose occurrences are the shop's (S5's slot, S7's issue) works them
 * out once per plan in `shared`.
 */
export type RuleKind = 'customer' | 'household' | 'shop';

/**
 * Where a step's anchor (the date in its key) comes from: a date on the customer's row that the owner may correct
 * (S1, S2, S3, S6: the first trigger), an occurrence Tsunagu counts (a month, a slot, an issue), or 連絡履歴 itself
 * (S8: the day a letter was printed).
 */
export type AnchorSource = 'row' | 'occurrence' | 'history';

/** What a rule's shop-wide work may ask of the planner, once per plan before any customer is planned. */
export interface ShopContext {
  readonly today: Day;
  readonly now: Moment;
  readonly introDay: Day;
  readonly settings: Settings;
  readonly customers: readonly Customer[];
  readonly records: readonly ContactRecord[];
  readonly slots: readonly Slot[];
  historyOf(customer: Customer): readonly ContactRecord[];
  /** Headers a rule reads that the workbook lacks this run (PlanInput.missingHeaders): 喪中 for S10's 年賀状. */
  readonly missingHeaders?: ReadonlySet<string>;
  /** A line for the run's summary (a slot held back, a newsletter without its 本文). */
  notice(text: string): void;
  /** The customer's day as the rules this one speaks after leave it (S5 asks this of the likeliest regulars). */
  trial(customer: Customer, rule: string): Trial;
}

export interface Trial {
  /** The steps of those rules that are open for the customer (pending, due or upcoming). */
  readonly openSteps: readonly StepCandidate[];
  /** One of them has a contact today. */
  readonly busyToday: boolean;
  /** A step of a rule in complaint aftercare is open: no sales offer (contract S3). */
  readonly inAftercare: boolean;
  /** The step could be placed on its due day by the channel policy, around what those rules booked. */
  canPlace(step: StepCandidate): boolean;
}

export interface Rule<Id extends string = string, Shared = unknown> {
  readonly id: Id;
  readonly scenario: string;
  readonly kind: RuleKind;
  readonly anchor: AnchorSource;
  readonly steps: readonly StepDef[];
  /** The 顧客 columns it starts from, the first a day (its anchor date when `anchor` is 'row'). */
  readonly triggers?:
    readonly [Trigger<DayField>, ...Trigger[]] | readonly [Trigger<MonthDayField>, ...Trigger[]];
  /** Every header (of 顧客 and the カテゴリ sheet) it reads to decide: one missing holds its pending contacts. */
  readonly reads?: readonly string[];
  /**
   * Rules whose open steps keep this one quiet (S4), or whose contact that day leaves a customer out (S5: every rule
   * above it in the registry, whatever rules are added there later).
   */
  readonly speaksAfter?: readonly string[] | 'rules above';
  /** The シナリオ whose printed letters this rule follows up (S8). */
  readonly follows?: readonly string[];
  /** While one of its steps is open the customer is in aftercare: no sales offers (S3). */
  readonly aftercare?: boolean;
  /** Its letters are はがき (postage at the postcard rate); a letter is a 定形 封書 otherwise. */
  readonly postcard?: boolean;
  /** Its default テンプレート rows: one for every step and channel (a test checks). */
  readonly templates: readonly MessageTemplate[];
  /*
   * shared and plan are methods, so a Rule<'S5', VacancyOffers> is also a Rule of the registry's list (method
   * parameters are bivariant); the planner keeps each rule's shared work with that rule alone (plan/customer-run.ts
   * bind), so no rule is ever asked with another's.
   */
  /** Shop-wide work, once per plan before any customer is planned, in priority order; undefined: nothing today. */
  shared?(shop: ShopContext): Shared | undefined;
  /** The steps this rule wants for the customer (core/types.ts RuleResult). */
  plan(customer: Customer, ctx: RuleContext, shared?: Shared): RuleResult;
  /**
   * A later event on the row that ends a step even when the date it hangs on was corrected to an earlier day
   * (S2: a visit since the cancellation); `day` is that corrected date as the row has it now.
   */
  endedBy?(customer: Customer, day: Day): boolean;
  /**
   * Why it plans nothing for this customer when a setting the owner can change decided so (S4: last seen before
   * 休眠フォローの対象), for 理由; '' otherwise.
   */
  quietBecause?(customer: Customer, today: Day, settings: Settings): string;
  /** What the forecast of a long queue adds when this rule's contacts wait in it (S4: how to narrow them). */
  readonly queueHint?: string;
  /** Why the row cannot tell whether its contact is still wanted (S1: a カテゴリ not in the カテゴリ sheet), or ''. */
  unreadInput?(customer: Customer, categories: ReadonlyMap<string, Category>): string;
  /** A pending contact no run asks for that must still wait (S5: its slot has not passed). */
  keepsPending?(key: string, now: Moment): boolean;
  /**
   * At the moment of sending (contract 3, S11: checked again then), whether the customer's row as it is now still
   * wants the contact of this key: `close` (never to go: the booking moved, was cleared, cancelled or has passed)
   * or `hold` (the row cannot tell: a header gone), each with the owner's words; undefined to send.
   */
  atSending?(
    key: string,
    customer: Customer,
    now: Moment,
    lostHeader: (header: string) => boolean,
    /** 空き枠 as it is at that moment, read on the first ask. */
    slots: () => readonly Slot[],
  ): SendCheck;
}

/** What a rule says of its contact at the moment of sending (Rule.atSending). */
export type SendCheck = { close: string } | { hold: string } | undefined;

/**
 * A rule as the planner keeps it: every property present, in one order, so the eight (and more) rules share one
 * object shape and the planner's reads of them stay fast (100,000 customers, each asked by every rule).
 */
export function defineRule<Id extends string, Shared = unknown>(rule: Rule<Id, Shared>): Rule<Id, Shared> {
  const shaped: { [K in keyof Required<Rule<Id, Shared>>]: Rule<Id, Shared>[K] } = {
    id: rule.id,
    scenario: rule.scenario,
    kind: rule.kind,
    anchor: rule.anchor,
    steps: rule.steps,
    triggers: rule.triggers,
    reads: rule.reads,
    speaksAfter: rule.speaksAfter,
    follows: rule.follows,
    aftercare: rule.aftercare,
    postcard: rule.postcard,
    templates: rule.templates,
    shared: rule.shared,
    plan: rule.plan,
    endedBy: rule.endedBy,
    unreadInput: rule.unreadInput,
    keepsPending: rule.keepsPending,
    quietBecause: rule.quietBecause,
    queueHint: rule.queueHint,
    atSending: rule.atSending,
  };
  return shaped;
}
