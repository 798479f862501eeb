import {
  dashboardFigures,
  dashboardRows,
  DASHBOARD_CHART_TITLE,
  type DashboardLayout,
} from '../core/dashboard-figures';
import type { Day } from '../core/day';
import type { ContactRecord, Customer, Settings } from '../core/types';
import { SHEET } from '../labels';
import { ensureRows, ensureWidth, setTextValues } from '../sheets/table';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface DashboardSource {
  today: Day;
  /** The spreadsheet's time zone: today and every 日時 in records are calendar days there. */
  timeZone: string;
  customers: readonly Customer[];
  records: readonly ContactRecord[];
  settings: Settings;
  /** The LINE plan's messages per month; null shows the free plan's 200 as the reference. */
  lineLimit: number | null;
}

/**
 * Rebuilds 集計: the figures in one block (formats, weights and values one call each) and Tsunagu's one chart,
 * replaced rather than updated so its range follows the table when the list of シナリオ grows.
 */
export function rebuildDashboard(ss: Spreadsheet, source: DashboardSource): void {
  const layout = dashboardRows(dashboardFigures(source));
  const sheet = ss.getSheetByName(SHEET.dashboard) ?? createDashboard(ss);
  // clearContents keeps the column widths; the whole block gets its formats again below.
  sheet.clearContents();
  const rowCount = layout.rows.length;
  ensureRows(sheet, Math.max(rowCount, layout.chart.anchor.row));
  ensureWidth(sheet, Math.max(layout.width, layout.chart.anchor.column));
  const block = sheet.getRange(1, 1, rowCount, layout.width);
  // Formats before values: the text cells are '@', so a シナリオ typed like a number stays as typed (and is
  // written without the apostrophe other cells need).
  block.setNumberFormats(layout.numberFormats);
  block.setFontWeights(layout.fontWeights);
  setTextValues(block, layout.rows, layout.numberFormats);
  replaceChart(sheet, layout);
}

function createDashboard(ss: Spreadsheet): Sheet {
  const sheet = ss.insertSheet(SHEET.dashboard, ss.getNumSheets());
  sheet.setColumnWidth(1, 240);
  sheet.setColumnWidths(2, 4, 90);
  return sheet;
}

/** Tsunagu's chart is the one with its title: a chart the owner adds to 集計 stays. */
function replaceChart(sheet: Sheet, layout: DashboardLayout): void {
  for (const chart of sheet.getCharts()) {
    if (chart.getOptions().get('title') === DASHBOARD_CHART_TITLE) sheet.removeChart(chart);
  }
  const { table, anchor, title, width, height } = layout.chart;
  const chart = sheet
    .newChart()
    .setChartType(Charts.ChartType.COLUMN)
    .addRange(sheet.getRange(table.row, table.column, table.numRows, table.numColumns))
    .setNumHeaders(1)
    .setPosition(anchor.row, anchor.column, 0, 0)
    .setOption('title', title)
    .setOption('legend.position', 'bottom')
    .setOption('colors', ['#4285f4', '#34a853'])
    .setOption('width', width)
    .setOption('height', height)
    .build();
  sheet.insertChart(chart);
}
