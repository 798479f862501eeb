import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { ChartData, SheetData, SpreadsheetData } from '../fakes/model';
import { addCharts } from '../../tools/xlsx-chart';
import { readWorkbook, writeWorkbook } from '../../tools/xlsx';

/** A 1×1 PNG, for a sheet that already has a drawing of its own. */
const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

const SUMMARY: SheetData = {
  name: '集計',
  values: [
    ['シナリオ', '準備', '完了'],
    ['購入後フォロー', 3, 2],
    ['休眠客フォロー', 5, 4],
    ['合計', 8, 6],
  ],
};

const COLUMN_CHART: ChartData = {
  type: 'COLUMN',
  ranges: ['A1:C3'],
  position: { row: 2, column: 5, offsetX: 4, offsetY: 0 },
  options: {
    title: '今月のフォロー',
    'legend.position': 'bottom',
    colors: ['#4285f4', '#34a853'],
    width: 400,
  },
  numHeaders: 1,
  id: 1,
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tsunagu-chart-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The owner's workbook: one 顧客 sheet, optionally with a picture on it. */
async function ownerWorkbook(name: string, withPicture = false): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('顧客');
  sheet.getCell('A1').value = '顧客ID';
  sheet.getCell('A2').value = 'C1';
  if (withPicture) {
    const imageId = workbook.addImage({ buffer: PIXEL_PNG as never, extension: 'png' });
    sheet.addImage(imageId, { tl: { col: 3, row: 3 }, ext: { width: 10, height: 10 } });
  }
  const path = join(dir, `${name}.xlsx`);
  await workbook.xlsx.writeFile(path);
  return path;
}

/** Reads `source`, adds `sheets` as the run would, writes it through writeWorkbook and opens the result. */
async function writeWith(source: string, sheets: SheetData[], out: string) {
  const { workbook, data } = await readWorkbook(source);
  const after: SpreadsheetData = { ...data, sheets: [...data.sheets, ...sheets] };
  const path = join(dir, out);
  await writeWorkbook({ workbook, before: data, after, path });
  return { path, zip: await JSZip.loadAsync(await readFile(path)) };
}

async function part(zip: JSZip, name: string): Promise<string> {
  const entry = zip.file(name);
  if (!entry) throw new Error(`no part ${name}`);
  return entry.async('string');
}

/** The chart parts reached from a sheet: sheet → drawing → chart, through their relationships. */
async function chartsOfSheet(zip: JSZip, sheetPart: string): Promise<string[]> {
  const sheetXml = await part(zip, `xl/worksheets/${sheetPart}`);
  const drawingId = /<drawing r:id="([^"]+)"\/>/.exec(sheetXml)?.[1];
  const sheetRels = await part(zip, `xl/worksheets/_rels/${sheetPart}.rels`);
  const drawing = new RegExp(`Id="${drawingId}"[^>]*Target="\\.\\./drawings/([^"]+)"`).exec(sheetRels)?.[1];
  const drawingXml = await part(zip, `xl/drawings/${drawing}`);
  const drawingRels = await part(zip, `xl/drawings/_rels/${drawing}.rels`);
  const charts = [];
  for (const [, id] of drawingXml.matchAll(/<c:chart [^>]*r:id="([^"]+)"/g)) {
    const target = new RegExp(`Id="${id}"[^>]*Target="\\.\\./charts/([^"]+)"`).exec(drawingRels)?.[1];
    charts.push(await part(zip, `xl/charts/${target}`));
  }
  return charts;
}

describe('charts in the written workbook', () => {
  it('adds a column chart reading the same cells, linked from the sheet and declared in [Content_Types]', async () => {
    const source = await ownerWorkbook('plain');
    const { zip } = await writeWith(source, [{ ...SUMMARY, charts: [COLUMN_CHART] }], 'plain-out.xlsx');

    const [chart, ...more] = await chartsOfSheet(zip, 'sheet2.xml');
    expect(more).toEqual([]);
    expect(chart).toContain('<c:barDir val="col"/>');
    expect(chart).toContain('<a:t>今月のフォロー</a:t>');
    expect(chart).toContain('<c:legendPos val="b"/>');
    expect([...chart.matchAll(/<c:f>([^<]+)<\/c:f>/g)].map((m) => m[1])).toEqual([
      "'集計'!$B$1",
      "'集計'!$A$2:$A$3",
      "'集計'!$B$2:$B$3",
      "'集計'!$C$1",
      "'集計'!$A$2:$A$3",
      "'集計'!$C$2:$C$3",
    ]);
    expect(chart).toContain('<c:pt idx="1"><c:v>5</c:v></c:pt>');
    expect(chart).toContain('<a:srgbClr val="34A853"/>');

    const drawing = await part(zip, 'xl/drawings/drawing1.xml');
    expect(drawing).toContain('<xdr:col>4</xdr:col><xdr:colOff>38100</xdr:colOff><xdr:row>1</xdr:row>');
    expect(drawing).toContain(`<xdr:ext cx="${400 * 9525}" cy="${371 * 9525}"/>`);
    const types = await part(zip, '[Content_Types].xml');
    expect(types).toContain(
      '<Override PartName="/xl/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>',
    );
    expect(types).toContain(
      '<Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>',
    );
    // <drawing> sits after the page setup, as the schema orders a worksheet's children.
    expect(await part(zip, 'xl/worksheets/sheet2.xml')).toMatch(
      /<pageSetup[^>]*\/><drawing r:id="rId\d+"\/><\/worksheet>$/,
    );
  });

  it('leaves a file readable by exceljs, and a second run still has one chart', async () => {
    const source = await ownerWorkbook('again');
    const first = await writeWith(source, [{ ...SUMMARY, charts: [COLUMN_CHART] }], 'again-1.xlsx');
    const { workbook, data } = await readWorkbook(first.path);
    expect(data.sheets.find((s) => s.name === '集計')?.values).toEqual(SUMMARY.values);

    const after = structuredClone(data);
    const summary = after.sheets.find((s) => s.name === '集計') as SheetData;
    summary.charts = [COLUMN_CHART];
    const path = join(dir, 'again-2.xlsx');
    await writeWorkbook({ workbook, before: data, after, path });
    const zip = await JSZip.loadAsync(await readFile(path));
    expect(await chartsOfSheet(zip, 'sheet2.xml')).toHaveLength(1);
    expect(zip.file(/^xl\/charts\/chart\d+\.xml$/)).toHaveLength(1);
  });

  it('adds to the drawing a sheet already has, keeping its picture', async () => {
    const source = await ownerWorkbook('picture', true);
    const { workbook, data } = await readWorkbook(source);
    const after = structuredClone(data);
    after.sheets[0].charts = [{ ...COLUMN_CHART, ranges: ["'集計'!A1:C3"] }];
    after.sheets.push(SUMMARY);
    const path = join(dir, 'picture-out.xlsx');
    await writeWorkbook({ workbook, before: data, after, path });
    const zip = await JSZip.loadAsync(await readFile(path));

    const drawing = await part(zip, 'xl/drawings/drawing1.xml');
    expect(drawing).toContain('<xdr:pic>');
    expect(drawing).toContain('<c:chart ');
    expect(zip.file(/^xl\/drawings\/drawing\d+\.xml$/)).toHaveLength(1);
    const [chart] = await chartsOfSheet(zip, 'sheet1.xml');
    expect(chart).toContain("<c:f>'集計'!$A$2:$A$3</c:f>");
  });

  it('writes nothing more when no sheet has a chart it can draw', async () => {
    const file = await readFile(await ownerWorkbook('none'));
    const data: SpreadsheetData = {
      id: 'x',
      name: 'x',
      timeZone: 'Asia/Tokyo',
      sheets: [{ name: '顧客', values: [] }],
    };
    const zip = await JSZip.loadAsync(await addCharts(file, data));
    expect(zip.file(/^xl\/(charts|drawings)\//)).toEqual([]);
    const pie = { ...COLUMN_CHART, type: 'PIE' };
    const withPie = await JSZip.loadAsync(
      await addCharts(file, { ...data, sheets: [{ name: '顧客', values: [], charts: [pie] }] }),
    );
    expect(withPie.file(/^xl\/charts\//)).toEqual([]);
  });
});
