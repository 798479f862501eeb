/**
 * exceljs cannot write charts. After it has written the workbook, this adds each chart the fakes recorded as a
 * DrawingML chart reading the same cells, so Excel, LibreOffice and Google Sheets show 集計 with its chart.
 * Column and bar charts only (the kinds Tsunagu makes); other kinds are left out of the file.
 */
import { posix } from 'node:path';
import JSZip from 'jszip';
import type { CellValue, ChartData, SheetData, SpreadsheetData } from '../test/fakes/model';
import { columnLetters, parseA1 } from '../test/fakes/spreadsheet';

const NS = {
  relationships: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships',
  drawingRel: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing',
  chartRel: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart',
  chart: 'http://schemas.openxmlformats.org/drawingml/2006/chart',
  main: 'http://schemas.openxmlformats.org/drawingml/2006/main',
  spreadsheetDrawing: 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing',
  packageRels: 'http://schemas.openxmlformats.org/package/2006/relationships',
};
const CONTENT_TYPE = {
  chart: 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml',
  drawing: 'application/vnd.openxmlformats-officedocument.drawing+xml',
};
const BAR_DIRECTION: Record<string, 'col' | 'bar'> = { COLUMN: 'col', BAR: 'bar' };
/** Sheets' size for a new chart, and its palette for series without a colour. */
const DEFAULT_SIZE = { width: 600, height: 371 };
const PALETTE = ['4285F4', 'EA4335', 'FBBC04', '34A853', 'FF6D01', '46BDC6'];
const EMU_PER_PIXEL = 9525;
const LEGEND_POSITION: Record<string, string> = { bottom: 'b', top: 't', left: 'l', right: 'r' };
/** Worksheet children that must come after <drawing> (ECMA-376 CT_Worksheet order). */
const AFTER_DRAWING = [
  'legacyDrawing',
  'legacyDrawingHF',
  'drawingHF',
  'picture',
  'oleObjects',
  'controls',
  'webPublishItems',
  'tableParts',
  'extLst',
];

/** The xlsx file (as exceljs wrote it) with the charts of `data` added to their sheets; as it was when none. */
export async function addCharts(file: Buffer, data: SpreadsheetData): Promise<Buffer> {
  if (!data.sheets.some((sheet) => drawable(sheet).length > 0)) return file;
  const zip = await JSZip.loadAsync(file);
  const sheetPaths = await worksheetPaths(zip);
  let contentTypes = await text(zip, '[Content_Types].xml');
  for (const sheet of data.sheets) {
    const charts = drawable(sheet);
    const sheetPath = sheetPaths.get(sheet.name);
    if (charts.length === 0 || !sheetPath) continue;
    const drawing = await drawingOf(zip, sheetPath);
    if (drawing.created) contentTypes = withOverride(contentTypes, drawing.path, CONTENT_TYPE.drawing);
    let anchors = '';
    for (const chart of charts) {
      const chartPath = `xl/charts/chart${nextNumber(zip, /^xl\/charts\/chart(\d+)\.xml$/)}.xml`;
      zip.file(chartPath, chartXml(chart, sheet, data));
      contentTypes = withOverride(contentTypes, chartPath, CONTENT_TYPE.chart);
      const relId = await addRelationship(zip, drawing.path, NS.chartRel, chartPath);
      anchors += anchorXml(chart, relId, drawing.nextShapeId++);
    }
    zip.file(
      drawing.path,
      drawing.xml.replace(/<\/(\w+:)?wsDr>\s*$/, (end) => anchors + end),
    );
  }
  zip.file('[Content_Types].xml', contentTypes);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

function drawable(sheet: SheetData): ChartData[] {
  return (sheet.charts ?? []).filter((chart) => chart.type in BAR_DIRECTION && chart.ranges.length > 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Package parts

async function text(zip: JSZip, path: string): Promise<string> {
  const entry = zip.file(path);
  if (!entry) throw new Error(`xlsx: missing part ${path}`);
  return entry.async('string');
}

/** Sheet name → its part, e.g. 集計 → xl/worksheets/sheet7.xml. */
async function worksheetPaths(zip: JSZip): Promise<Map<string, string>> {
  const workbook = await text(zip, 'xl/workbook.xml');
  const targets = relationshipTargets(await text(zip, 'xl/_rels/workbook.xml.rels'), 'xl/workbook.xml');
  const paths = new Map<string, string>();
  for (const [, attributes] of workbook.matchAll(/<sheet\b([^>]*)\/?>/g)) {
    const name = attribute(attributes, 'name');
    const target = targets.get(attribute(attributes, 'r:id') ?? '');
    if (name !== undefined && target) paths.set(unescapeXml(name), target);
  }
  return paths;
}

/** Relationship id → the part it points at, as a zip path. */
function relationshipTargets(relsXml: string, source: string): Map<string, string> {
  const targets = new Map<string, string>();
  for (const [, attributes] of relsXml.matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const id = attribute(attributes, 'Id');
    const target = attribute(attributes, 'Target');
    if (id && target && attribute(attributes, 'TargetMode') !== 'External')
      targets.set(id, resolvePart(source, unescapeXml(target)));
  }
  return targets;
}

function resolvePart(source: string, target: string): string {
  return target.startsWith('/') ? target.slice(1) : posix.join(posix.dirname(source), target);
}

function relsPathOf(part: string): string {
  return posix.join(posix.dirname(part), '_rels', `${posix.basename(part)}.rels`);
}

/** Adds a relationship from `source` to `target` and returns its id. */
async function addRelationship(zip: JSZip, source: string, type: string, target: string): Promise<string> {
  const relsPath = relsPathOf(source);
  const relsXml =
    zip.file(relsPath) === null
      ? `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.packageRels}"></Relationships>`
      : await text(zip, relsPath);
  const used = new Set([...relsXml.matchAll(/\bId="([^"]*)"/g)].map((m) => m[1]));
  let n = used.size + 1;
  while (used.has(`rId${n}`)) n++;
  const id = `rId${n}`;
  const relative = posix.relative(posix.dirname(source), target);
  const relationship = `<Relationship Id="${id}" Type="${type}" Target="${escapeXml(relative)}"/>`;
  zip.file(relsPath, relsXml.replace('</Relationships>', `${relationship}</Relationships>`));
  return id;
}

interface Drawing {
  path: string;
  xml: string;
  created: boolean;
  nextShapeId: number;
}

/** The sheet's drawing part (exceljs makes one for images), or a new one linked from the sheet. */
async function drawingOf(zip: JSZip, sheetPath: string): Promise<Drawing> {
  const sheetXml = await text(zip, sheetPath);
  const existingId = /<drawing\b[^>]*\br:id="([^"]*)"/.exec(sheetXml)?.[1];
  const relsPath = relsPathOf(sheetPath);
  if (existingId && zip.file(relsPath)) {
    const path = relationshipTargets(await text(zip, relsPath), sheetPath).get(existingId);
    if (path && zip.file(path)) {
      const xml = await text(zip, path);
      const ids = [...xml.matchAll(/<(?:\w+:)?cNvPr\b[^>]*\bid="(\d+)"/g)].map((m) => Number(m[1]));
      return { path, xml, created: false, nextShapeId: Math.max(0, ...ids) + 1 };
    }
  }
  const path = `xl/drawings/drawing${nextNumber(zip, /^xl\/drawings\/drawing(\d+)\.xml$/)}.xml`;
  const xml =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<xdr:wsDr xmlns:xdr="${NS.spreadsheetDrawing}" xmlns:a="${NS.main}"></xdr:wsDr>`;
  zip.file(path, xml);
  const relId = await addRelationship(zip, sheetPath, NS.drawingRel, path);
  zip.file(sheetPath, withDrawingElement(sheetXml, relId));
  return { path, xml, created: true, nextShapeId: 1 };
}

/** Puts <drawing r:id> where the schema wants it: before the elements that follow it, else at the end. */
function withDrawingElement(sheetXml: string, relId: string): string {
  let xml = sheetXml;
  if (!/<worksheet\b[^>]*\sxmlns:r=/.test(xml))
    xml = xml.replace(/<worksheet\b/, `<worksheet xmlns:r="${NS.relationships}"`);
  const element = `<drawing r:id="${relId}"/>`;
  const follower = new RegExp(`<(${AFTER_DRAWING.join('|')})\\b`).exec(xml);
  if (follower) return xml.slice(0, follower.index) + element + xml.slice(follower.index);
  return xml.replace('</worksheet>', `${element}</worksheet>`);
}

function nextNumber(zip: JSZip, pattern: RegExp): number {
  const used = Object.keys(zip.files).map((name) => Number(pattern.exec(name)?.[1] ?? 0));
  return Math.max(0, ...used) + 1;
}

function withOverride(contentTypes: string, part: string, type: string): string {
  const partName = `/${part}`;
  if (contentTypes.includes(`PartName="${partName}"`)) return contentTypes;
  return contentTypes.replace('</Types>', `<Override PartName="${partName}" ContentType="${type}"/></Types>`);
}

// ---------------------------------------------------------------------------------------------------------------
// Drawing and chart XML

/** Anchored like setPosition: at a cell plus a pixel offset, sized by the width and height options. */
function anchorXml(chart: ChartData, relId: string, shapeId: number): string {
  const { row, column, offsetX, offsetY } = chart.position;
  const width = numberOption(chart, 'width') ?? DEFAULT_SIZE.width;
  const height = numberOption(chart, 'height') ?? DEFAULT_SIZE.height;
  return (
    // Its own namespace declarations: a drawing made by another tool may use other prefixes.
    `<xdr:oneCellAnchor xmlns:xdr="${NS.spreadsheetDrawing}" xmlns:a="${NS.main}">` +
    `<xdr:from><xdr:col>${column - 1}</xdr:col><xdr:colOff>${offsetX * EMU_PER_PIXEL}</xdr:colOff>` +
    `<xdr:row>${row - 1}</xdr:row><xdr:rowOff>${offsetY * EMU_PER_PIXEL}</xdr:rowOff></xdr:from>` +
    `<xdr:ext cx="${width * EMU_PER_PIXEL}" cy="${height * EMU_PER_PIXEL}"/>` +
    `<xdr:graphicFrame macro="">` +
    `<xdr:nvGraphicFramePr><xdr:cNvPr id="${shapeId}" name="グラフ ${shapeId}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
    `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>` +
    `<a:graphic><a:graphicData uri="${NS.chart}">` +
    `<c:chart xmlns:c="${NS.chart}" xmlns:r="${NS.relationships}" r:id="${relId}"/>` +
    `</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:oneCellAnchor>`
  );
}

interface Block {
  sheet: SheetData;
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

interface Series {
  name?: { ref: string; value: string };
  values: { ref: string; cache: CellValue[] };
}

/**
 * The series the way Sheets reads the ranges: the first column of the first range holds the categories, every
 * other column is a series, named by its header row when there is one.
 */
function chartSeries(chart: ChartData, home: SheetData, data: SpreadsheetData) {
  const blocks = chart.ranges.map((a1) => block(a1, home, data));
  const first = blocks[0];
  const headerRows = headerRowCount(chart, blocks);
  const rowsOf = (b: Block) => ({ ...b, row: b.row + headerRows, numRows: b.numRows - headerRows });
  const categories = rowsOf({ ...first, numColumns: 1 });
  const series: Series[] = [];
  blocks.forEach((b, i) => {
    for (let c = i === 0 ? 1 : 0; c < b.numColumns; c++) {
      const column = { ...b, column: b.column + c, numColumns: 1 };
      const values = rowsOf(column);
      series.push({
        name:
          headerRows > 0
            ? {
                ref: reference({ ...column, numRows: 1 }),
                value: String(cell(b.sheet, b.row, column.column)),
              }
            : undefined,
        values: { ref: reference(values), cache: cells(values) },
      });
    }
  });
  return { categories: { ref: reference(categories), cache: cells(categories) }, series };
}

function chartXml(chart: ChartData, home: SheetData, data: SpreadsheetData): string {
  const { categories, series } = chartSeries(chart, home, data);
  const colors = Array.isArray(chart.options.colors) ? chart.options.colors.map(String) : [];
  const title = typeof chart.options.title === 'string' ? chart.options.title : '';
  const legend = legendPosition(chart);
  const categoryXml = `<c:cat><c:strRef><c:f>${escapeXml(categories.ref)}</c:f>${stringCache(categories.cache)}</c:strRef></c:cat>`;
  const seriesXml = series
    .map((s, i) => {
      const color = (colors[i] ?? PALETTE[i % PALETTE.length]).replace(/^#/, '').toUpperCase();
      const name = s.name
        ? `<c:tx><c:strRef><c:f>${escapeXml(s.name.ref)}</c:f>${stringCache([s.name.value])}</c:strRef></c:tx>`
        : '';
      return (
        `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>${name}` +
        `<c:spPr><a:solidFill><a:srgbClr val="${escapeXml(color)}"/></a:solidFill></c:spPr>` +
        `<c:invertIfNegative val="0"/>${categoryXml}` +
        `<c:val><c:numRef><c:f>${escapeXml(s.values.ref)}</c:f>${numberCache(s.values.cache)}</c:numRef></c:val>` +
        `</c:ser>`
      );
    })
    .join('');
  const titleXml = title
    ? `<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>${escapeXml(title)}</a:t></a:r></a:p></c:rich></c:tx>` +
      `<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>`
    : `<c:autoTitleDeleted val="1"/>`;
  const legendXml = legend ? `<c:legend><c:legendPos val="${legend}"/><c:overlay val="0"/></c:legend>` : '';
  const direction = BAR_DIRECTION[chart.type];
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="${NS.chart}" xmlns:a="${NS.main}" xmlns:r="${NS.relationships}">` +
    `<c:roundedCorners val="0"/><c:chart>${titleXml}<c:plotArea><c:layout/>` +
    `<c:barChart><c:barDir val="${direction}"/><c:grouping val="clustered"/><c:varyColors val="0"/>${seriesXml}` +
    `<c:gapWidth val="150"/><c:axId val="10"/><c:axId val="20"/></c:barChart>` +
    `<c:catAx><c:axId val="10"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>` +
    `<c:axPos val="${direction === 'col' ? 'b' : 'l'}"/><c:numFmt formatCode="General" sourceLinked="1"/>` +
    `<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
    `<c:crossAx val="20"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>` +
    `<c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    `<c:valAx><c:axId val="20"/><c:scaling><c:orientation val="minMax"/><c:min val="0"/></c:scaling>` +
    `<c:delete val="0"/><c:axPos val="${direction === 'col' ? 'l' : 'b'}"/><c:majorGridlines/>` +
    `<c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/>` +
    `<c:tickLblPos val="nextTo"/><c:crossAx val="10"/><c:crosses val="autoZero"/>` +
    `<c:crossBetween val="between"/></c:valAx></c:plotArea>${legendXml}` +
    `<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>`
  );
}

/** 'legend.position' or { legend: { position } }; Sheets puts the legend on the right by default. */
function legendPosition(chart: ChartData): string | undefined {
  const legend = chart.options.legend;
  const nested =
    typeof legend === 'object' && legend !== null ? (legend as Record<string, unknown>).position : legend;
  const position = String(chart.options['legend.position'] ?? nested ?? 'right');
  return LEGEND_POSITION[position];
}

function numberOption(chart: ChartData, name: string): number | undefined {
  const value = chart.options[name];
  return typeof value === 'number' && value > 0 ? Math.round(value) : undefined;
}

/** setNumHeaders, or Sheets' guess: a header row when the series columns start with text. */
function headerRowCount(chart: ChartData, blocks: Block[]): number {
  if (chart.numHeaders !== undefined && chart.numHeaders >= 0) return Math.min(chart.numHeaders, 1);
  const [first] = blocks;
  for (let c = 1; c < first.numColumns; c++) {
    if (typeof cell(first.sheet, first.row, first.column + c) === 'string') return 1;
  }
  return 0;
}

function stringCache(values: readonly CellValue[]): string {
  const points = values
    .map(
      (v, i) =>
        `<c:pt idx="${i}"><c:v>${escapeXml(v instanceof Date ? v.toISOString() : String(v))}</c:v></c:pt>`,
    )
    .join('');
  return `<c:strCache><c:ptCount val="${values.length}"/>${points}</c:strCache>`;
}

function numberCache(values: readonly CellValue[]): string {
  const points = values
    .map((v, i) => (typeof v === 'number' ? `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>` : ''))
    .join('');
  return `<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="${values.length}"/>${points}</c:numCache>`;
}

// ---------------------------------------------------------------------------------------------------------------
// Ranges

function block(a1: string, home: SheetData, data: SpreadsheetData): Block {
  // Charts name closed ranges: the grid's size does not matter here.
  const parsed = parseA1(a1, Infinity, Infinity);
  if (!parsed || !Number.isFinite(parsed.rect.numRows + parsed.rect.numColumns))
    throw new Error(`Chart range ${a1}: use A1 notation like A1:C9`);
  const sheet = parsed.sheet === undefined ? home : data.sheets.find((s) => s.name === parsed.sheet);
  if (!sheet) throw new Error(`Chart range ${a1}: no sheet ${parsed.sheet}`);
  return { sheet, ...parsed.rect };
}

/** An absolute reference with the sheet name, as charts write them: '集計'!$A$2:$A$9. */
function reference(b: Block): string {
  const corner = (row: number, column: number) => `$${columnLetters(column)}$${row}`;
  const start = corner(b.row, b.column);
  const end = corner(b.row + b.numRows - 1, b.column + b.numColumns - 1);
  const sheet = `'${b.sheet.name.replace(/'/g, "''")}'`;
  return `${sheet}!${start === end ? start : `${start}:${end}`}`;
}

function cells(b: Block): CellValue[] {
  const out: CellValue[] = [];
  for (let r = b.row; r < b.row + b.numRows; r++) {
    for (let c = b.column; c < b.column + b.numColumns; c++) out.push(cell(b.sheet, r, c));
  }
  return out;
}

function cell(sheet: SheetData, row: number, column: number): CellValue {
  return sheet.values[row - 1]?.[column - 1] ?? '';
}

// ---------------------------------------------------------------------------------------------------------------
// XML text

function attribute(attributes: string, name: string): string | undefined {
  return new RegExp(`(?:^|\\s)${name.replace(':', '\\:')}="([^"]*)"`).exec(attributes)?.[1];
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&amp;/g, '&');
}
