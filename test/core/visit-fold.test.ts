/**
 * 来店履歴 kept small (issue 19, item 3): visits of a year that ended longer ago than the longest interval any rule
 * reads fold into one row per customer and year, and the facts the planner merges come out the same.
 */
import fc from 'fast-check';
import { mergeVisits } from '../../src/core/import/facts';
import {
  DORMANT_CLAMP_DAYS,
  foldedCount,
  foldHorizonDays,
  foldLeftovers,
  lastFoldableYear,
  planFolds,
} from '../../src/core/import/fold';
import { planVisitWrite, type KeyedVisit, type VisitRow } from '../../src/core/import/visit-log';
import type { Customer } from '../../src/core/types';
import { categories, customer, d, settings } from './builders';

const TODAY = d('2026-12-01');
const HORIZON = foldHorizonDays(settings());

let nextIndex = 0;
function visit(day: string, extra: Partial<VisitRow> = {}): VisitRow {
  return {
    index: nextIndex++,
    at: { day: d(day), minutes: 600 },
    customerId: 'C1',
    name: '佐藤 美咲',
    phone: '090-1234-5678',
    menu: 'カット',
    category: '美容室',
    amount: 4400,
    source: 'Airレジ 2024/01/10取込',
    externalId: 'A-001',
    keys: [`air:${day}`],
    ...extra,
  };
}

/** The rows after folding, as the sheet would hold them (folded rows where their first row was). */
function folded(rows: VisitRow[], owner?: Customer): VisitRow[] {
  const folds = planFolds(rows, new Map([['C1', owner?.lastVisit]]), TODAY, HORIZON);
  const head = new Map(folds.map((f) => [f.from[0], f.row]));
  const gone = new Set(folds.flatMap((f) => f.from.slice(1)));
  return rows.filter((r) => !gone.has(r)).map((r) => head.get(r) ?? r);
}

const FACTS = [
  'lastVisit',
  'firstVisit',
  'visits',
  'product',
  'amount',
  'category',
  'nextBooking',
  'regular',
] as const;
const options = { categories, regularVisits: 3, today: TODAY };
function facts(c: Customer, rows: VisitRow[]) {
  const merged = mergeVisits(c, rows, options);
  return Object.fromEntries(FACTS.map((f) => [f, merged[f]]));
}

describe('which visits fold', () => {
  test('the horizon is S4’s 730-day clamp, or 休眠フォローの対象 / 挨拶状の対象 when longer', () => {
    expect(
      foldHorizonDays(
        settings([
          ['休眠フォローの対象', '全員'],
          ['挨拶状の対象', '全員'],
        ]),
      ),
    ).toBe(DORMANT_CLAMP_DAYS);
    // The defaults: 3年以内 and 2年以内.
    expect(HORIZON).toBe(1098);
    // A year folds once its 12-31 is older than that: on 2026-12-01, 2022 and before.
    expect(lastFoldableYear(TODAY, HORIZON)).toBe(2022);
    expect(lastFoldableYear(TODAY, DORMANT_CLAMP_DAYS)).toBe(2023);
  });

  test('one row per customer and year, its count in 出典, every 取込キー kept; never the latest visit, a booking or a list’s 来店回数', () => {
    const rows = [
      visit('2021-03-01'),
      visit('2021-05-01', { amount: 6600 }),
      visit('2021-07-01', { menu: 'カラー' }),
      visit('2022-02-01'),
      visit('2022-04-01', { nextBooking: { day: d('2022-05-01'), minutes: 600 } }),
      visit('2022-06-01'),
      visit('2026-10-01'),
    ];
    const folds = planFolds(rows, new Map(), TODAY, HORIZON);
    expect(folds).toHaveLength(2);
    expect(folds[0].row).toMatchObject({
      at: rows[0].at,
      source: 'Airレジ 2024/01/10取込（2021年の来店3回をまとめた行）',
      keys: ['air:2021-03-01', 'air:2021-05-01', 'air:2021-07-01'],
      menu: 'カット、カラー',
      amount: 15400,
      folded: 3,
    });
    expect(foldedCount(folds[0].row.source)).toBe(3);
    // 2022: the row with a booking stays as it is.
    expect(folds[1].from.map((r) => r.keys[0])).toEqual(['air:2022-02-01', 'air:2022-06-01']);
    // A customer last seen in 2021: that visit is their latest, and stays.
    const gone = [visit('2021-03-01'), visit('2021-05-01')];
    expect(planFolds(gone, new Map(), TODAY, HORIZON)).toEqual([]);
  });

  test('the facts the planner merges come out the same (owner’s cells blank, or cutting a year in two)', () => {
    const rows = () => [
      visit('2020-01-15'),
      visit('2020-06-01'),
      visit('2021-03-01'),
      visit('2021-05-01'),
      visit('2021-07-01'),
      visit('2021-09-01'),
      visit('2026-10-01', { menu: 'カット＆カラー', amount: 9900 }),
    ];
    const blank = customer({ id: 'C1', lastVisit: undefined, firstVisit: undefined, visits: undefined });
    expect(facts(blank, folded(rows()))).toEqual(facts(blank, rows()));
    expect(folded(rows())).toHaveLength(3);
    // The owner's 最終来店日 falls inside 2021: that year folds on each side of it, and 来店回数 still adds only the
    // visits after it.
    const owner = customer({ id: 'C1', lastVisit: d('2021-06-01'), firstVisit: d('2019-01-01'), visits: 8 });
    const after = folded(rows(), owner);
    expect(after.filter((r) => r.folded !== undefined).map((r) => r.folded)).toEqual([2, 2, 2]);
    expect(facts(owner, after)).toEqual(facts(owner, rows()));
    expect(facts(owner, after).visits).toBe(8 + 3);
  });

  test('folding again adds the rows of a year folded before, and leaves a folded year alone otherwise', () => {
    const once = folded([visit('2020-01-15'), visit('2020-06-01'), visit('2026-10-01')]);
    expect(planFolds(once, new Map(), TODAY, HORIZON)).toEqual([]);
    const more = [...once, visit('2020-09-01')];
    const [fold] = planFolds(more, new Map(), TODAY, HORIZON);
    expect(fold.row).toMatchObject({
      folded: 3,
      source: 'Airレジ 2024/01/10取込（2020年の来店3回をまとめた行）',
    });
  });
});

/**
 * A fold stopped half-way: the folded rows written (each where its first row was), and of the rows they replace only
 * those in `deleted` gone — what app/fold-visits.ts leaves when Apps Script stops the run among its deleteRows, or the
 * run's time budget leaves the rest for the next pass.
 */
function interrupted(rows: VisitRow[], deleted: (r: VisitRow) => boolean, owner?: Customer): VisitRow[] {
  const folds = planFolds(rows, new Map([['C1', owner?.lastVisit]]), TODAY, HORIZON);
  const head = new Map(folds.map((f) => [f.from[0], { ...f.row, index: f.from[0].index }]));
  const gone = new Set(folds.flatMap((f) => f.from.slice(1)).filter(deleted));
  return rows.filter((r) => !gone.has(r)).map((r) => head.get(r) ?? r);
}

describe('a fold stopped between writing its row and deleting the rows it replaces', () => {
  const rows = () => [
    visit('2020-01-15', { keys: ['air:2020-01-15', 'stores:2020-01-15'] }),
    visit('2020-06-01', { amount: 6600 }),
    visit('2020-09-01', { menu: 'カラー' }),
    visit('2021-03-01'),
    visit('2026-10-01'),
  ];

  test('the rows left behind count nothing: the facts are those of the visits, and the next pass takes them out', () => {
    const blank = customer({ id: 'C1', lastVisit: undefined, firstVisit: undefined, visits: undefined });
    const none = interrupted(rows(), () => false);
    expect(none).toHaveLength(5);
    expect([...foldLeftovers(none)].map((r) => r.keys[0])).toEqual(['air:2020-06-01', 'air:2020-09-01']);
    expect(facts(blank, none)).toEqual(facts(blank, rows()));
    expect(facts(blank, none).visits).toBe(5);
    // The next pass: the folded row as it was, the rows it left deleted.
    const [again] = planFolds(none, new Map(), TODAY, HORIZON);
    expect(again.row).toMatchObject({
      folded: 3,
      amount: 15400,
      menu: 'カット、カラー',
      keys: ['air:2020-01-15', 'stores:2020-01-15', 'air:2020-06-01', 'air:2020-09-01'],
      source: 'Airレジ 2024/01/10取込（2020年の来店3回をまとめた行）',
    });
    expect(again.from.map((r) => r.keys[0])).toEqual(['air:2020-01-15', 'air:2020-06-01', 'air:2020-09-01']);
    expect(folded(none)).toEqual(folded(rows()).map((r, i) => ({ ...r, index: folded(none)[i].index })));
  });

  test('a row another import added to a folded year is counted; a row of another customer with the same キー is not left behind', () => {
    const none = interrupted(rows(), () => false);
    const added = visit('2020-11-01');
    const other = visit('2020-06-01', { customerId: 'C2' });
    expect(foldLeftovers([...none, added, other]).has(added)).toBe(false);
    expect(foldLeftovers([...none, added, other]).has(other)).toBe(false);
  });

  const blank = () => customer({ id: 'C1', lastVisit: undefined, firstVisit: undefined, visits: undefined });

  test('visits the owner typed (no 取込キー) never fold: nothing could tell one left behind from a visit', () => {
    nextIndex = 0;
    const typed = [
      visit('2020-01-15', { keys: [], source: '' }),
      visit('2020-06-01', { keys: [], source: '' }),
      visit('2020-09-01', { keys: [], source: '' }),
      visit('2026-10-01'),
    ];
    expect(planFolds(typed, new Map(), TODAY, HORIZON)).toEqual([]);
  });

  test('an earlier folded row the new one holds is left behind too: sorted newest first and stopped twice, the facts hold', () => {
    nextIndex = 0;
    const rows = [visit('2020-01-15'), visit('2020-06-01'), visit('2020-09-01'), visit('2026-10-01')];
    const truth = facts(blank(), rows);
    const first = interrupted(rows, () => false);
    // The owner sorts 来店履歴 by 日時, newest first: the next folded row is written above the first one.
    const sorted = [...first]
      .sort((a, b) => (b.at?.day ?? 0) - (a.at?.day ?? 0))
      .map((r, i) => ({ ...r, index: i }));
    const second = interrupted(sorted, () => false);
    expect(second.filter((r) => r.folded !== undefined)).toHaveLength(2);
    expect(facts(blank(), second)).toEqual(truth);
    const third = folded(second);
    expect(third.filter((r) => r.folded !== undefined).map((r) => r.folded)).toEqual([3]);
    expect(facts(blank(), third)).toEqual(truth);
    // A row retyped to this customer above its folded row: the fold after it, stopped, counts each visit once.
    nextIndex = 0;
    const other = [visit('2020-03-01', { customerId: 'C9' }), ...rows.map((r) => ({ ...r }))];
    const retyped = interrupted(other, () => true).map((r) =>
      r.customerId === 'C9' ? { ...r, customerId: 'C1' } : r,
    );
    expect(
      facts(
        blank(),
        interrupted(retyped, () => false),
      ),
    ).toEqual(facts(blank(), retyped));
  });

  test('a row of another year carrying a folded row’s キー (an owner’s copy as a new visit) counts', () => {
    nextIndex = 0;
    const rows = [
      visit('2020-01-15'),
      visit('2020-06-01'),
      visit('2026-10-01', { keys: ['air:2020-06-01'], amount: 9900 }),
    ];
    expect(facts(blank(), folded(rows))).toEqual(facts(blank(), rows));
    expect(facts(blank(), folded(rows)).lastVisit).toBe(d('2026-10-01'));
  });

  test('a year split by the cell limit, stopped anywhere: the facts hold, and folding again leaves no row behind', () => {
    nextIndex = 0;
    const days: string[] = [];
    for (let m = 1; m <= 12; m++)
      for (let day = 1; day <= 28; day++)
        days.push(`2020-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
    const rows = [
      ...days.map((day) => visit(day, { keys: [`air:${day}:${'x'.repeat(200)}`] })),
      visit('2026-10-01'),
    ];
    expect(planFolds(rows, new Map(), TODAY, HORIZON).length).toBeGreaterThan(1);
    const truth = facts(blank(), rows);
    let n = 0;
    for (const kept of [() => false, () => n++ % 3 === 0]) {
      const half = interrupted(rows, kept);
      expect(facts(blank(), half)).toEqual(truth);
      const again = interrupted(half, () => true);
      expect(facts(blank(), again)).toEqual(truth);
      expect(again.filter((r) => r.folded === undefined)).toHaveLength(1);
    }
  });

  test('property: wherever the deletes stop, the facts are the same, and folding again ends where one fold does', () => {
    const day = fc
      .record({
        year: fc.integer({ min: 2018, max: 2026 }),
        month: fc.integer({ min: 1, max: 12 }),
        date: fc.integer({ min: 1, max: 28 }),
      })
      .map(
        ({ year, month, date }) =>
          `${year}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`,
      );
    fc.assert(
      fc.property(
        fc.uniqueArray(day, { minLength: 2, maxLength: 12 }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        fc.option(day, { nil: undefined }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        fc.boolean(),
        (days, kept, ownerLast, typed, sortBetween) => {
          nextIndex = 0;
          const visits = days.map((v, i) =>
            visit(v, {
              amount: 1000 * (i + 1),
              menu: i % 2 ? 'カラー' : 'カット',
              // Some rows typed by the owner, without 取込キー.
              ...(typed[i] ? { keys: [] } : {}),
            }),
          );
          const owner = customer({
            id: 'C1',
            lastVisit: ownerLast === undefined ? undefined : d(ownerLast),
            firstVisit: undefined,
            visits: ownerLast === undefined ? undefined : 4,
          });
          let n = 0;
          const half = interrupted(visits, () => kept[n++ % kept.length], owner);
          expect(facts(owner, half)).toEqual(facts(owner, visits));
          const whole = interrupted(visits, () => true, owner);
          const strip = (rs: VisitRow[]) => rs.map(({ index: _index, ...r }) => r);
          expect(strip(interrupted(half, () => true, owner))).toEqual(strip(whole));
          // The owner sorts 来店履歴 newest first, and the next pass stops too: still each visit once.
          const moved = sortBetween
            ? [...half]
                .sort((a, b) => (b.at?.day ?? 0) - (a.at?.day ?? 0))
                .map((r, i) => ({ ...r, index: i }))
            : half;
          const twice = interrupted(moved, () => kept[n++ % kept.length], owner);
          expect(facts(owner, twice)).toEqual(facts(owner, visits));
          expect(
            facts(
              owner,
              interrupted(twice, () => true, owner),
            ),
          ).toEqual(facts(owner, visits));
        },
      ),
    );
  });
});

describe('importing an old export again adds nothing', () => {
  const moment = (day: string) => ({ day: d(day), minutes: 600 });
  const incoming = (day: string, key: string): KeyedVisit => ({
    customerId: 'C1',
    key,
    visit: {
      line: 1,
      at: moment(day),
      customerId: '',
      externalId: 'A-001',
      name: '佐藤 美咲',
      kana: '',
      phone: '',
      email: '',
      menu: 'カット',
      amount: 4400,
    },
  });

  test('the same rows (by 取込キー), another source’s record of a folded year, and a new visit after it', () => {
    const sheet = folded([visit('2020-01-15'), visit('2020-06-01'), visit('2026-10-01')]);
    const plan = planVisitWrite(
      sheet,
      [
        incoming('2020-01-15', 'air:2020-01-15'),
        incoming('2020-06-01', 'air:2020-06-01'),
        incoming('2020-03-03', 'stores:2020-03-03'),
        incoming('2026-11-20', 'air:2026-11-20'),
      ],
      'Airレジ',
      moment('2026-12-01'),
      () => '',
    );
    expect(plan).toMatchObject({ added: 1, already: 3, merged: 0 });
    expect(plan.appends.map((r) => r.keys)).toEqual([['air:2026-11-20']]);
  });
});
