/**
 * Who the customers of ここち堂 are and what each of them is due on --today: a table of stories per rule (so that
 * `npm run demo` has something for every rule to do), then plain regulars and dormant customers, then the owner's
 * typing habits on top.
 */
import { IMPROVEMENTS, LONG_MEMO, categoryDays, type ShopCategory } from './data';
import { TEXT_DATE_STYLES, addMonths, dayOfYmd, isoOf, ymdOf, type DateStyle, type Day } from './days';
import { People, type Customer, type LogEntry, type Needs, type Outcome } from './people';
import type { Random } from './random';

export const CUSTOMER_COUNT = 300;

/** S1 購入後フォロー. Offsets are days before --today. */
interface PostPurchaseStory {
  story: string;
  category: ShopCategory;
  visitAgo: number;
  inquiry?: { doneAgo: number; channel: 'メール' | '手紙' | 'LINE（手入力）' };
  check?: { doneAgo: number; result: Outcome };
  proposalDoneAgo?: number;
  /** The お伺い's window closed with nothing done, and a previous run logged it. */
  inquiryExpired?: true;
  style?: DateStyle;
  needs?: Needs;
  optOut?: string;
}

// prettier-ignore
const POST_PURCHASE_STORIES: readonly PostPurchaseStory[] = [
  { story: 'S1 お伺い 今日', category: '整体', visitAgo: 2, style: 'slash' },
  { story: 'S1 お伺い 今日', category: '整体', visitAgo: 2 },
  { story: 'S1 お伺い 今日', category: 'マッサージ', visitAgo: 2 },
  { story: 'S1 お伺い 今日', category: '健康食品', visitAgo: 10 },
  { story: 'S1 お伺い 期限超過（21日以内）', category: '整体', visitAgo: 5 },
  { story: 'S1 お伺い 期限超過（21日以内）', category: '整体', visitAgo: 9, style: 'kanji' },
  { story: 'S1 お伺い 期限超過（21日以内）', category: '整体', visitAgo: 16 },
  { story: 'S1 お伺い 期限超過（21日以内）', category: 'マッサージ', visitAgo: 4 },
  { story: 'S1 お伺い 期限超過（21日以内・配信停止 メール）', category: 'マッサージ', visitAgo: 12, needs: { email: true }, optOut: 'メール' },
  { story: 'S1 お伺い 期限超過（21日以内）', category: '健康食品', visitAgo: 25 },
  { story: 'S1 お伺い 近日', category: '整体', visitAgo: 1, style: 'reiwa' },
  { story: 'S1 お伺い 近日', category: '整体', visitAgo: 0 },
  { story: 'S1 お伺い 近日', category: 'マッサージ', visitAgo: 1 },
  { story: 'S1 お伺い 近日', category: '健康食品', visitAgo: 7 },
  { story: 'S1 お伺い 近日', category: '健康食品', visitAgo: 3 },
  { story: 'S1 電話確認 今日', category: '整体', visitAgo: 7, inquiry: { doneAgo: 5, channel: 'メール' }, style: 'reiwaShort' },
  { story: 'S1 電話確認 今日', category: 'マッサージ', visitAgo: 8, inquiry: { doneAgo: 5, channel: 'メール' } },
  { story: 'S1 電話確認 今日', category: '健康食品', visitAgo: 15, inquiry: { doneAgo: 5, channel: '手紙' } },
  { story: 'S1 電話確認 期限超過（1回目は不在）', category: '整体', visitAgo: 10, inquiry: { doneAgo: 8, channel: 'メール' }, check: { doneAgo: 3, result: '不在' } },
  { story: 'S1 電話確認 期限超過', category: 'マッサージ', visitAgo: 9, inquiry: { doneAgo: 7, channel: '手紙' }, style: 'iso' },
  { story: 'S1 電話確認 近日', category: '整体', visitAgo: 4, inquiry: { doneAgo: 2, channel: 'メール' } },
  { story: 'S1 電話確認 近日', category: '健康食品', visitAgo: 12, inquiry: { doneAgo: 1, channel: 'メール' } },
  { story: 'S1 電話確認 近日（お伺いはLINE・手入力）', category: 'マッサージ', visitAgo: 6, inquiry: { doneAgo: 4, channel: 'LINE（手入力）' }, needs: { line: true } },
  { story: 'S1 提案 今日（電話確認 満足）', category: '整体', visitAgo: 14, inquiry: { doneAgo: 12, channel: 'メール' }, check: { doneAgo: 7, result: '満足' }, style: 'fullWidth' },
  { story: 'S1 提案 近日（電話確認 満足）', category: 'マッサージ', visitAgo: 20, inquiry: { doneAgo: 18, channel: 'メール' }, check: { doneAgo: 13, result: '満足' } },
  { story: 'S1 改善フォロー 今日（電話確認 不満）', category: 'マッサージ', visitAgo: 12, inquiry: { doneAgo: 10, channel: 'メール' }, check: { doneAgo: 1, result: '不満' } },
  { story: 'S1 お伺い期間外・提案 期限超過', category: '整体', visitAgo: 33, inquiryExpired: true },
  { story: 'S1 お伺い期間外・提案 期限超過', category: 'マッサージ', visitAgo: 38 },
  { story: 'S1 お伺い期間外・提案 期限超過', category: '健康食品', visitAgo: 50, inquiry: { doneAgo: 40, channel: '手紙' }, check: { doneAgo: 35, result: '満足' } },
  { story: 'S1 すべて完了', category: '整体', visitAgo: 45, inquiry: { doneAgo: 43, channel: 'メール' }, check: { doneAgo: 38, result: '満足' }, proposalDoneAgo: 31 },
];

/** Everyone in a story can be written to and called, so the story plays whatever the step's channel. */
const REACHABLE: Needs = { address: true, phone: true };

/** 電話確認 comes this many days after the お伺い was done, clamped to 2–10 as the contract says. */
function phoneCheckDays(category: ShopCategory): number {
  return Math.min(10, Math.max(2, categoryDays(category, 2)));
}

export class ExampleBuilder {
  readonly customers: Customer[] = [];
  readonly log: LogEntry[] = [];
  private readonly people: People;

  constructor(
    private readonly rng: Random,
    private readonly today: Day,
  ) {
    this.people = new People(rng, today);
  }

  build(): void {
    POST_PURCHASE_STORIES.forEach((story) => this.postPurchase(story));
    this.lineAtCap();
    this.thankYous();
    this.cancellations();
    this.complaints();
    this.dormantLetters();
    this.unknownCategories();
    this.companies();
    this.fill();
    this.pastVacancyOffer();
    this.markCancellationsWithLaterVisits(9);
    this.ownerQuirks();
    this.birthdays();
    this.mourning();
    this.assignIds();
  }

  private add(c: Customer): Customer {
    this.customers.push(c);
    return c;
  }

  private ago(days: number): Day {
    return this.today - days;
  }

  /** A time of day in opening hours, for rows a run wrote. */
  private time(): number {
    return this.rng.int(10 * 60, 19 * 60);
  }

  private postPurchase(s: PostPurchaseStory): void {
    const c = this.add(this.people.customer(s.story, { ...REACHABLE, ...s.needs }));
    const visit = this.ago(s.visitAgo);
    this.people.visitHistory(c, visit, this.rng.int(2, 9), this.rng.int(21, 45));
    this.people.purchase(c, s.category);
    // Calls need 電話許可 (or 常連); these customers said yes at the counter.
    if (s.inquiry) c.phoneAllowed = true;
    if (s.style) c.typed.lastVisit = s.style;
    c.optOut = s.optOut;
    const key = { rule: 'S1', anchor: isoOf(visit) };
    const scenario = '購入後フォロー';
    const inquiryDue = visit + categoryDays(s.category, 1);
    if (s.inquiry?.channel === 'LINE（手入力）') {
      const content = 'LINEで「その後いかがですか」と送った';
      this.log.push({
        customer: c,
        day: this.ago(s.inquiry.doneAgo),
        scenario,
        step: 'お伺い',
        channel: 'LINE',
        state: '送信済',
        content,
      });
    } else if (s.inquiry) {
      const { doneAgo, channel } = s.inquiry;
      this.log.push({
        customer: c,
        day: this.ago(doneAgo),
        minutes: this.time(),
        scenario,
        step: 'お伺い',
        channel,
        state: channel === '手紙' ? '印刷済' : '送信済',
        due: inquiryDue,
        key,
        content: `${c.product}のその後はいかがですか`,
      });
    }
    if (s.inquiryExpired) {
      const day = inquiryDue + 22;
      this.log.push({
        customer: c,
        day,
        minutes: 8 * 60 + 5,
        scenario,
        step: 'お伺い',
        channel: 'メール',
        state: 'スキップ',
        due: inquiryDue,
        content: '',
        key,
        note: '期限切れ',
      });
    }
    if (s.check && s.inquiry) {
      const { doneAgo, result } = s.check;
      const content: Record<Outcome, string> = {
        満足: '施術後は腰の張りがかなり楽になったとのこと',
        不満: '揉み返しが2日続いたとのこと。お詫びし、次回は圧を弱めるとお約束',
        不在: '留守番電話。メッセージは残さず',
      };
      const due = this.ago(s.inquiry.doneAgo) + phoneCheckDays(s.category);
      this.log.push({
        customer: c,
        day: this.ago(doneAgo),
        minutes: this.time(),
        scenario,
        step: '電話確認',
        channel: '電話',
        state: '完了',
        due,
        result,
        content: content[result],
        key,
      });
    }
    if (s.proposalDoneAgo !== undefined) {
      const due = visit + categoryDays(s.category, 3);
      this.log.push({
        customer: c,
        day: this.ago(s.proposalDoneAgo),
        minutes: this.time(),
        scenario,
        step: '提案',
        channel: 'メール',
        state: '送信済',
        due,
        content: '次回の施術のご提案',
        key,
      });
    }
  }

  /** A regular who talks to the shop on LINE only: four hand-typed LINE rows in 30 days reach LINE上限 4. */
  private lineAtCap(): void {
    const story = 'S1 お伺い 期限超過（LINEのみ・月4回の上限で延期）';
    const c = this.add(
      this.people.customer(story, { email: false, address: false, line: true, phone: false }),
    );
    this.people.visitHistory(c, this.ago(9), 14, 28);
    this.people.purchase(c, 'マッサージ', '全身もみほぐし60分');
    c.regular = true;
    const chats: readonly [number, string][] = [
      [28, 'ご予約の確認'],
      [20, '次回のご予約ありがとうございます'],
      [9, 'お忘れ物（傘）のご連絡'],
      [2, '年末の営業日のお知らせ'],
    ];
    for (const [ago, content] of chats) {
      this.log.push({
        customer: c,
        day: this.ago(ago),
        scenario: '',
        step: '',
        channel: 'LINE',
        state: '送信済',
        content,
        note: '手入力',
      });
    }
  }

  /** S6 サンキューレター: new customers (来店回数 1). Their S1 お伺い runs alongside. */
  private thankYous(): void {
    const due: readonly [string, number, ShopCategory, string][] = [
      ['S6 お礼 今日', 1, '整体', '骨盤調整60分'],
      ['S6 お礼 今日（高額・手書きの手紙も）', 1, '整体', '姿勢改善プログラム（5回券）'],
      ['S6 お礼 期限超過', 4, 'マッサージ', '全身もみほぐし90分'],
      ['S6 お礼 近日', 0, '健康食品', '乳酸菌サプリ30日分'],
    ];
    for (const [story, ago, category, product] of due) {
      const c = this.add(this.people.customer(story, { ...REACHABLE, line: ago === 4 ? undefined : true }));
      this.people.visitHistory(c, this.ago(ago), 1, 0);
      this.people.purchase(c, category, product);
    }
    // Thanked two months ago: one by LINE; a high-value one also by a letter the owner wrote and logged by hand.
    const done: readonly [number, ShopCategory, string][] = [
      [62, 'マッサージ', '全身もみほぐし60分'],
      [70, '健康食品', '健康食品定期便（3か月セット）'],
    ];
    for (const [ago, category, product] of done) {
      const c = this.add(this.people.customer('S6 お礼 済み', { ...REACHABLE, line: true }));
      this.people.visitHistory(c, this.ago(ago), 1, 0);
      this.people.purchase(c, category, product);
      const [scenario, step] = ['サンキューレター', 'お礼'];
      this.log.push({
        customer: c,
        day: this.ago(ago - 1),
        minutes: this.time(),
        scenario,
        step,
        channel: 'LINE',
        state: '送信済',
        due: this.ago(ago - 1),
        content: 'ご来店ありがとうございました',
        key: { rule: 'S6', anchor: isoOf(this.ago(ago)) },
      });
      if (c.amount >= 30000) {
        const content = '手書きのお礼状を投函';
        this.log.push({
          customer: c,
          day: this.ago(ago - 2),
          scenario,
          step,
          channel: '手紙',
          state: '完了',
          content,
          note: '手書き',
        });
      }
    }
  }

  /** S2 キャンセルフォロー: recent cancellations with no visit since (the rest of the 5% came again later). */
  private cancellations(): void {
    const stories: readonly [string, number, number][] = [
      ['S2 ご連絡 今日', 1, 62],
      ['S2 ご連絡 今日', 1, 75],
      ['S2 ご連絡 期限超過', 4, 66],
      ['S2 ご連絡 近日', 0, 90],
      ['S2 期間外（ご連絡 済み）', 20, 70],
      ['S2 期間外（ご連絡 済み・電話を手入力）', 18, 100],
    ];
    stories.forEach(([story, cancelAgo, visitAgo], i) => {
      const c = this.add(
        this.people.customer(story, { ...REACHABLE, email: true, line: i % 2 === 0 || undefined }),
      );
      this.people.visitHistory(c, this.ago(visitAgo), this.rng.int(3, 12), this.rng.int(35, 60));
      this.people.purchase(c, this.rng.pick(['整体', 'マッサージ'] as const));
      c.cancelDate = this.ago(cancelAgo);
      const [scenario, step] = ['キャンセルフォロー', 'ご連絡'];
      if (cancelAgo === 20) {
        this.log.push({
          customer: c,
          day: this.ago(19),
          minutes: this.time(),
          scenario,
          step,
          channel: c.lineUserId ? 'LINE' : 'メール',
          state: '送信済',
          due: this.ago(19),
          key: { rule: 'S2', anchor: isoOf(c.cancelDate) },
          content: 'キャンセルのご連絡ありがとうございました（空き枠3件のご案内）',
        });
      }
      if (cancelAgo === 18) {
        c.phoneAllowed = true;
        const content = 'お体を気遣うお電話。来月また連絡くださるとのこと';
        this.log.push({
          customer: c,
          day: this.ago(17),
          scenario,
          step,
          channel: '電話',
          state: '完了',
          content,
        });
      }
    });
  }

  /** S3 クレーム後フォロー, one customer at each of its three steps (and one just resolved). */
  private complaints(): void {
    const sixMonthsAgo = addMonths(this.today, -6) - 4;
    const aYearAgo = addMonths(this.today, -12) + 6;
    const stories: readonly [string, Day, number, string | undefined][] = [
      ['S3 お詫びと確認 今日', this.ago(7), 62, IMPROVEMENTS[0]],
      ['S3 お詫びと確認 近日', this.ago(3), 64, undefined],
      ['S3 その後の確認 期限超過', sixMonthsAgo, 80, IMPROVEMENTS[1]],
      ['S3 感謝 近日', aYearAgo, 63, IMPROVEMENTS[2]],
    ];
    for (const [story, resolved, visitAgo, improvement] of stories) {
      const c = this.add(
        this.people.customer(story, { ...REACHABLE, line: resolved === aYearAgo || undefined }),
      );
      this.people.visitHistory(c, this.ago(visitAgo), this.rng.int(4, 15), this.rng.int(30, 50));
      this.people.purchase(c, 'マッサージ');
      c.complaintDate = resolved;
      c.improvement = improvement;
      const [scenario, key] = ['クレーム後フォロー', { rule: 'S3', anchor: isoOf(resolved) }];
      if (resolved < this.ago(30)) {
        this.log.push({
          customer: c,
          day: resolved + 7,
          minutes: this.time(),
          scenario,
          step: 'お詫びと確認',
          channel: '電話',
          state: '完了',
          due: resolved + 7,
          result: '満足',
          key,
          content: '改めてお詫び。その後は問題なくお過ごしとのこと',
        });
      }
      if (resolved === aYearAgo) {
        const due = addMonths(resolved, 6);
        this.log.push({
          customer: c,
          day: due,
          minutes: this.time(),
          scenario,
          step: 'その後の確認',
          channel: 'LINE',
          state: '送信済',
          due,
          content: '近所の紅葉の見頃のお知らせ',
          key,
        });
      }
    }
  }

  /**
   * Dormant customers a previous run wrote to: S4 letters printed 8 days ago (S8 確認メール now overdue for those
   * with メール同意), an older batch whose 確認メール went out, and a letter that came back.
   */
  private dormantLetters(): void {
    const letter = (c: Customer, ago: number, result?: '宛先不明'): void => {
      const due = this.ago(ago);
      this.log.push({
        customer: c,
        day: due,
        minutes: this.time(),
        scenario: '休眠客フォロー',
        step: 'お役立ち情報',
        channel: '手紙',
        state: '印刷済',
        due,
        result,
        key: { rule: 'S4', anchor: isoOf(due) },
        content: 'ここち堂だより（冬の冷え対策ストレッチ）',
        note: result && '郵便が戻ってきた',
      });
    };
    const dormant = (story: string, consent: boolean): Customer => {
      const c = this.add(this.people.customer(story, { address: true, email: consent || undefined }));
      this.dormantVisits(c);
      if (c.email) c.emailConsent = consent;
      return c;
    };
    for (let i = 0; i < 5; i++) {
      const consent = i < 3;
      const story = consent
        ? 'S8 確認メール 期限超過（S4 の手紙 8日前 印刷済）'
        : 'S4 手紙 8日前 印刷済（次回は30日後）';
      letter(dormant(story, consent), 8);
    }
    for (let i = 0; i < 2; i++) {
      const c = dormant('S4 次回 今日（前回の手紙と確認メール 済み）', true);
      letter(c, 40);
      this.log.push({
        customer: c,
        day: this.ago(35),
        minutes: this.time(),
        scenario: 'お手紙確認メール',
        step: '確認メール',
        channel: 'メール',
        state: '送信済',
        due: this.ago(35),
        content: 'お手紙はご覧いただけましたでしょうか',
        key: { rule: 'S8', anchor: isoOf(this.ago(40)) },
      });
    }
    letter(dormant('S4 次回 今日（前回の手紙が宛先不明→メール）', true), 40, '宛先不明');
  }

  /** ヨガ is not in the カテゴリ table: the planner has to say so in 要確認. */
  private unknownCategories(): void {
    for (const ago of [9, 200]) {
      const c = this.add(this.people.customer('カテゴリ不明（ヨガ）'));
      this.people.visitHistory(c, this.ago(ago), ago === 9 ? 1 : 3, 40);
      c.category = 'ヨガ';
      c.product = 'ヨガ体験レッスン';
      c.amount = 2000;
    }
  }

  private companies(): void {
    const purchases: readonly [string, number, number][] = [
      ['出張もみほぐし（社員5名）', 27500, 200],
      ['青汁90包×5（まとめ買い）', 64800, 300],
      ['もみほぐしチケット20枚（福利厚生）', 99000, 420],
    ];
    purchases.forEach(([product, amount, ago], i) => {
      const c = this.add(this.people.company(i, '法人（御中）・休眠'));
      this.people.visitHistory(c, this.ago(ago), this.rng.int(2, 6), 60);
      c.category = i === 1 ? '健康食品' : 'マッサージ';
      c.product = product;
      c.amount = amount;
    });
  }

  /** Everyone else: regulars who come every month or two, twice-a-year regulars, dormant customers, families. */
  private fill(): void {
    let households = 0;
    let regulars = 0;
    while (this.customers.length < CUSTOMER_COUNT) {
      const household = households < 10 && this.rng.chance(0.15) ? this.people.household() : undefined;
      if (household) households++;
      const members = household ? Math.min(this.rng.int(2, 3), CUSTOMER_COUNT - this.customers.length) : 1;
      for (let i = 0; i < members; i++) {
        if (regulars < 30 && this.rng.chance(0.2)) {
          regulars++;
          this.activeRegular(this.add(this.people.customer('常連（最近来店・休眠でない）', {}, household)));
        } else {
          this.dormant(this.add(this.people.customer('休眠（S4 お役立ち情報）', {}, household)));
        }
      }
    }
  }

  /** Last visit 61–119 days ago, so S1 is over, yet their own rhythm keeps them from counting as dormant. */
  private activeRegular(c: Customer): void {
    const since = this.rng.int(61, 119);
    const interval = Math.ceil(since / 2) + this.rng.int(5, 30);
    this.people.visitHistory(c, this.ago(since), this.rng.int(4, 30), interval);
    this.people.purchase(c, this.randomCategory());
    if (c.visits >= 12 && this.rng.chance(0.5)) c.regular = true;
  }

  private dormant(c: Customer): void {
    if (this.rng.chance(0.05)) {
      // Twice a year: four months away is their normal rhythm, not dormancy.
      c.story = '年2回の常連（4か月空いても休眠でない）';
      this.people.visitHistory(
        c,
        this.ago(this.rng.int(125, 150)),
        this.rng.int(4, 8),
        this.rng.int(170, 190),
      );
      this.people.purchase(c, this.randomCategory());
      return;
    }
    this.dormantVisits(c);
    if (c.visits >= 15 && this.rng.chance(0.4)) c.regular = true;
  }

  /** Last visit 4–24 months ago, at most 55 days between visits: dormant by any threshold. */
  private dormantVisits(c: Customer): void {
    const rng = this.rng;
    const visits = rng.weighted([
      [1, 35],
      [2, 15],
      [rng.int(3, 5), 20],
      [rng.int(6, 12), 20],
      [rng.int(13, 30), 10],
    ]);
    this.people.visitHistory(c, this.ago(rng.int(125, 730)), visits, rng.int(14, 55));
    this.people.purchase(c, this.randomCategory());
  }

  private randomCategory(): ShopCategory {
    return this.rng.weighted<ShopCategory>([
      ['整体', 4],
      ['マッサージ', 4],
      ['健康食品', 2],
    ]);
  }

  /** A vacancy offer a previous run sent 12 days ago: these regulars get none again for 30 days. */
  private pastVacancyOffer(): void {
    const slot = this.ago(11);
    const { m, d } = ymdOf(slot);
    const offered = this.customers.filter((c) => c.story.startsWith('常連') && c.lineUserId).slice(0, 2);
    for (const c of offered) {
      c.story = '常連（12日前に空き枠案内 済み）';
      this.log.push({
        customer: c,
        day: this.ago(12),
        minutes: 9 * 60 + 30,
        scenario: '空き枠案内',
        step: 'ご案内',
        channel: 'LINE',
        state: '送信済',
        due: this.ago(12),
        key: { rule: 'S5', anchor: `${isoOf(slot)} 14:00` },
        content: `${m}/${d} 14:00 に空きが出ました（通常6,600円→4,900円）`,
      });
    }
  }

  /** The rest of the ~5% who cancelled came again afterwards, so S2 has nothing to do for them. */
  private markCancellationsWithLaterVisits(count: number): void {
    const candidates = this.plainCustomers().filter((c) => c.visits >= 3);
    for (let marked = 0; marked < count;) {
      const c = this.rng.pick(candidates);
      if (c.cancelDate !== undefined || c.lastVisit === undefined) continue;
      c.cancelDate = c.lastVisit - this.rng.int(5, 40);
      marked++;
    }
  }

  /** Customers outside the stories, so every story still plays as described. */
  private plainCustomers(): Customer[] {
    return this.customers.filter((c) => c.story.startsWith('休眠') || c.story.startsWith('常連（最近'));
  }

  /** The owner's habits: text dates, counts typed with units, phones that lost their leading 0, ○ in a checkbox. */
  private ownerQuirks(): void {
    const rng = this.rng;
    // Only dormant customers: a lost first visit would make an active regular look dormant.
    const plain = this.customers.filter((c) => c.story.startsWith('休眠'));
    const touched = new Set<Customer>();
    const take = (): Customer => {
      for (;;) {
        const c = rng.pick(plain);
        if (!touched.has(c) && c.cancelDate === undefined) {
          touched.add(c);
          return c;
        }
      }
    };
    for (const style of [...TEXT_DATE_STYLES, 'slash', 'iso', 'kanji'] as const)
      take().typed.lastVisit = style;
    for (const style of ['slash', 'reiwa', 'iso'] as const) take().typed.firstVisit = style;
    this.impossibleDate(take());
    take().typed.lastVisit = 'empty';
    for (let i = 0; i < 4; i++) take().typed.visitsAsText = true;
    for (let i = 0; i < 4; i++) take().typed.amountAsText = true;
    for (let i = 0; i < 5; i++) {
      const c = take();
      c.phone ??= `090-${rng.int(1000, 9999)}-${rng.int(1000, 9999)}`;
      c.typed.phoneAsNumber = true;
    }
    for (const mark of ['○', '○', 'はい'] as const) {
      const c = take();
      c.phoneAllowed = true;
      c.typed.phoneAllowedMark = mark;
    }
    for (const optOut of ['LINE', 'LINE', 'メール', 'メール', '電話,郵送', 'すべて']) take().optOut = optOut;
    for (const satisfaction of ['満足', '満足', '満足', '不満', '満足', '満足'] as const) {
      take().satisfaction = satisfaction;
    }
    // Cards copied in from the old paper files never had a first visit.
    for (let i = 0; i < 4; i++) take().firstVisit = undefined;
    take().memo = LONG_MEMO;
  }

  /**
   * S9 お誕生日: a few birthdays the demo day greets (today by LINE or email, a belated one, a letter a week ahead),
   * written every way owners write them, and about a fifth of the rest with a birthday somewhere in the year. Last,
   * so every other story plays as before.
   */
  private birthdays(): void {
    const rng = this.rng;
    const { y } = ymdOf(this.today);
    const plain = this.customers.filter(
      (c) => c.story.startsWith('休眠') || c.story.startsWith('常連（最近'),
    );
    const instant = plain.filter((c) => c.lineUserId || (c.email && c.emailConsent));
    const letterOnly = plain.filter((c) => !c.lineUserId && !c.email && c.address);
    const monthDay = (day: Day) => `${ymdOf(day).m}月${ymdOf(day).d}日`;
    const taken = new Set<Customer>();
    const pick = (from: Customer[]): Customer | undefined => {
      const free = from.filter((c) => !taken.has(c));
      if (free.length === 0) return undefined;
      const c = rng.pick(free);
      taken.add(c);
      return c;
    };
    const story = (c: Customer | undefined, text: string, birthday: Customer['birthday']) => {
      if (!c) return;
      // Kept in front: the booking export (tools/make-export.ts) picks its customers by it.
      c.story = `${c.story}・${text}`;
      c.birthday = birthday;
    };
    story(pick(instant), 'S9 お誕生日 今日（「5月3日」の形）', monthDay(this.today));
    story(pick(instant), 'S9 お誕生日 今日（Sheetsが年を足した日付セル）', { cell: this.today });
    const { m, d } = ymdOf(this.ago(2));
    story(pick(instant), 'S9 お誕生日 2日過ぎ（遅ればせながら）', `昭和${rng.int(40, 63)}年${m}月${d}日`);
    const ahead = ymdOf(this.today + 7);
    story(pick(letterOnly), 'S9 お誕生日 7日後（手紙を今日準備）', `${ahead.m}/${ahead.d}`);
    story(pick(plain), 'S9 誕生日が読めない（要確認）', '5月頃');
    for (const c of plain) {
      if (taken.has(c) || !rng.chance(0.2)) continue;
      const day = dayOfYmd(y, rng.int(1, 12), rng.int(1, 28));
      // Birthdays near the demo day are the stories' above: the rest fall a month or more away.
      if (Math.abs(day - this.today) < 30) continue;
      c.birthday = rng.chance(0.5)
        ? { cell: day }
        : `${String(ymdOf(day).m).padStart(2, '0')}-${String(ymdOf(day).d).padStart(2, '0')}`;
    }
  }

  /**
   * S10 季節のご挨拶: a family that sent a 喪中はがき this year (one member's 喪中 「令和8年」 covers the household: a
   * 寒中見舞い in January instead of a 年賀状), and a regular whose mourning was last year (「2025」: a 年賀状 again).
   * Last but one, so every other story plays as before.
   */
  private mourning(): void {
    const { y } = ymdOf(this.today);
    const recent = (c: Customer) => c.lastVisit !== undefined && c.lastVisit >= addMonths(this.today, -24);
    const homes = new Map<string, Customer[]>();
    for (const c of this.customers) {
      if (!c.address || !c.postalCode) continue;
      const key = `${c.postalCode}|${c.address}`;
      homes.set(key, [...(homes.get(key) ?? []), c]);
    }
    const family = [...homes.values()].find(
      (members) => members.length > 1 && members.some(recent) && members.every((m) => !m.optOut),
    );
    if (family) {
      const member = family[family.length - 1];
      // The year as a 喪中はがき writes it, in 和暦 (令和 began in 2019).
      member.mourning = `令和${y - 2018}年`;
      for (const m of family) m.story = `${m.story}・S10 喪中の世帯（寒中見舞い）`;
    }
    const single = this.customers.find(
      (c) =>
        recent(c) &&
        c.address &&
        !c.optOut &&
        !family?.includes(c) &&
        homes.get(`${c.postalCode}|${c.address}`)?.length === 1,
    );
    if (single) {
      single.mourning = String(y - 1);
      single.story = `${single.story}・S10 喪中は昨年（年賀状）`;
    }
  }

  /** `2/30`, typed for the last day of the latest February at least four months back. */
  private impossibleDate(c: Customer): void {
    const latest = this.ago(125);
    const { y } = ymdOf(latest);
    c.lastVisit = dayOfYmd(y, 2, 28) <= latest ? dayOfYmd(y, 2, 28) : dayOfYmd(y - 1, 2, 28);
    c.firstVisit = Math.min(c.firstVisit ?? c.lastVisit, c.lastVisit);
    c.typed.lastVisit = 'impossible';
  }

  /** IDs follow the order customers first came, as a shop numbers them; ties keep the order built. */
  private assignIds(): void {
    const order = this.customers.map((c, i) => ({ c, i, first: c.firstVisit ?? c.lastVisit ?? this.today }));
    order.sort((a, b) => a.first - b.first || a.i - b.i);
    order.forEach(({ c }, n) => (c.id = `C${String(n + 1).padStart(4, '0')}`));
    this.customers.sort((a, b) => a.id.localeCompare(b.id));
  }
}
