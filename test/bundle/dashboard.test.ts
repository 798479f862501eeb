import { RULES } from '../../src/core/registry';
import type { CellValue, ChartData } from '../fakes';
import {
  C1_MAIL,
  customerSheet,
  dateCell,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from './harness';

const LINE_ID = `U${'0123456789abcdef'.repeat(2)}`;

/** C1 active, C2 dormant (last visit in January), C3 配信停止 すべて; November's log already has some work done. */
function shop() {
  return [
    customerSheet([
      { ...C1_MAIL, LINEユーザーID: LINE_ID },
      {
        顧客ID: 'C2',
        氏名: '鈴木 一郎',
        郵便番号: '154-0004',
        住所: '東京都世田谷区太子堂1-2-3',
        最終来店日: dateCell('2026-01-10'),
        来店回数: 2,
        カテゴリ: '整体',
        購入商品: '全身もみほぐし',
      },
      {
        顧客ID: 'C3',
        氏名: '高橋 花子',
        メール: 'hanako@example.jp',
        最終来店日: dateCell('2026-11-01'),
        来店回数: 4,
        カテゴリ: '整体',
        購入商品: 'ヘッドスパ',
        配信停止: 'すべて',
      },
    ]),
    settingsSheet(SHOP_SETTINGS),
    logSheet([
      sent('2026-11-02', 'C1', 'サンキューレター', 'LINE', '送信済'),
      sent('2026-11-03', 'C1', 'サンキューレター', '手紙', '印刷済', '購入金額のため手書き推奨'),
      sent('2026-11-05', 'C3', '購入後フォロー', '手紙', '印刷済'),
      sent('2026-10-15', 'C3', '購入後フォロー', 'メール', '送信済'),
    ]),
  ];
}

function sent(
  day: string,
  customerId: string,
  scenario: string,
  channel: string,
  state: string,
  note = '',
): Record<string, CellValue> {
  return {
    日時: dateCell(day),
    顧客ID: customerId,
    シナリオ: scenario,
    チャネル: channel,
    状態: state,
    備考: note,
  };
}

const dashboard = (t: Tsunagu) => t.services.spreadsheet.sheet('集計');
const rowOf = (t: Tsunagu, label: string) => (t.values('集計') ?? []).find((row) => row[0] === label);
const charts = (t: Tsunagu): ChartData[] => dashboard(t)?.chartsForTests() ?? [];

describe('集計 after the daily run', () => {
  let t: Tsunagu;
  beforeAll(() => {
    t = loadTsunagu({ sheets: shop(), today: '2026-11-24' });
    t.call('runDailyFollowUps');
  });

  it('is added at the end of the workbook', () => {
    const names = t.services.spreadsheet.allSheets().map((s) => s.nameForTests);
    expect(names[names.length - 1]).toBe('集計');
  });

  it('shows customers by state, this month’s LINE and letters with their postage', () => {
    expect(rowOf(t, '有効')?.[1]).toBe(1);
    expect(rowOf(t, '休眠')?.[1]).toBe(1);
    expect(rowOf(t, '配信停止（すべて）')?.[1]).toBe(1);
    expect(rowOf(t, '送信済み')?.[1]).toBe(1);
    expect(rowOf(t, '月の上限（無料プランなら200通）')?.[1]).toBe(200);
    // The handwritten お礼状 is a 封書 too: postage from the one table of rates.
    expect(rowOf(t, 'はがき')?.slice(0, 4)).toEqual(['はがき', 0, 85, 0]);
    expect(rowOf(t, '封書（定形郵便）')?.slice(0, 4)).toEqual(['封書（定形郵便）', 2, 110, 220]);
  });

  it('counts this month’s completed contacts per シナリオ (October’s email is left out)', () => {
    expect(rowOf(t, 'サンキューレター')?.[2]).toBe(2);
    expect(rowOf(t, '購入後フォロー')?.[2]).toBe(1);
  });

  it('formats yen, and puts the headers in bold', () => {
    const sheet = dashboard(t);
    const values = t.values('集計') ?? [];
    const postcardRow = values.findIndex((row) => row[0] === '封書（定形郵便）') + 1;
    expect(sheet?.cell(postcardRow, 4).numberFormat).toBe('¥#,##0');
    expect(sheet?.cell(1, 1).bold).toBe(true);
  });

  it('has one column chart reading the シナリオ table', () => {
    const [chart, ...others] = charts(t);
    expect(others).toEqual([]);
    expect(chart.type).toBe('COLUMN');
    expect(chart.options.title).toBe('今月のフォロー（シナリオ別）');
    const values = t.values('集計') ?? [];
    const header = values.findIndex((row) => row[0] === 'シナリオ' && row[1] === '準備') + 1;
    // One row per rule (the registry's), below the header: S9 お誕生日 among them.
    expect(values.slice(header, header + RULES.length).map((row) => row[0])).toContain('お誕生日');
    expect(chart.ranges).toEqual([`A${header}:C${header + RULES.length}`]);
  });

  it('still has exactly one chart after the next run', () => {
    t.at('2026-11-25');
    t.call('runDailyFollowUps');
    expect(charts(t)).toHaveLength(1);
    expect(t.services.spreadsheet.allSheets().filter((s) => s.nameForTests === '集計')).toHaveLength(1);
  });
});
