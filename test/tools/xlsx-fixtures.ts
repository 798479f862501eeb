/**
 * Builds small .xlsx files by hand, byte for byte like a given producer writes them, so tests can check how the
 * xlsx adapter (through exceljs) reads each producer's quirks without needing Google Sheets, Excel or LibreOffice.
 */
import JSZip from 'jszip';

export type Producer = 'google' | 'excel' | 'libreoffice';

/** A custom format code, or the id of a built-in format (14 = short date, 28 = Japanese era date…). */
export type RawNumFmt = string | number;

export type RawErrorValue = { error: string };

export type RawCell =
  /** A shared string. */
  | string
  | number
  | boolean
  /** A number shown through a format, e.g. a date serial. */
  | { value: number; numFmt: RawNumFmt }
  /** A shared string made of formatted runs. */
  | { richText: { text: string; bold?: boolean }[] }
  | { inlineString: string }
  /** A formula with the result the producer cached when saving (none = never calculated). */
  | { formula: string; cached?: string | number | boolean | RawErrorValue; numFmt?: RawNumFmt }
  | RawErrorValue
  /** `t="d"`: an ISO 8601 date-time written as text. */
  | { isoDate: string; numFmt?: RawNumFmt };

export interface RawSheet {
  name: string;
  /** A1 address → cell. */
  cells: Record<string, RawCell>;
  merges?: string[];
  frozenRows?: number;
  hidden?: boolean;
}

const SPREADSHEET_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIP_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_RELS_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const FIRST_CUSTOM_NUMFMT_ID = 164;

export async function buildRawXlsx(sheets: RawSheet[], producer: Producer): Promise<Buffer> {
  const strings = new SharedStrings(producer);
  const styles = new Styles();
  const sheetXmls = sheets.map((sheet) => sheetXml(sheet, producer, strings, styles));

  const zip = new JSZip();
  zip.file('[Content_Types].xml', contentTypesXml(sheets.length));
  zip.file('_rels/.rels', packageRelsXml());
  zip.file('xl/workbook.xml', workbookXml(sheets));
  zip.file('xl/_rels/workbook.xml.rels', workbookRelsXml(sheets.length));
  zip.file('xl/styles.xml', styles.xml());
  zip.file('xl/sharedStrings.xml', strings.xml());
  sheetXmls.forEach((xml, i) => zip.file(`xl/worksheets/sheet${i + 1}.xml`, xml));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

function sheetXml(sheet: RawSheet, producer: Producer, strings: SharedStrings, styles: Styles): string {
  const rows = new Map<number, { col: number; xml: string }[]>();
  for (const [address, cell] of Object.entries(sheet.cells)) {
    const { row, col } = decodeAddress(address);
    const rowCells = rows.get(row) ?? [];
    rowCells.push({ col, xml: cellXml(address, cell, producer, strings, styles) });
    rows.set(row, rowCells);
  }
  const rowsXml = [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([row, cells]) => {
      const cellsXml = cells
        .sort((a, b) => a.col - b.col)
        .map((c) => c.xml)
        .join('');
      return `<row r="${row}">${cellsXml}</row>`;
    })
    .join('');
  const pane = sheet.frozenRows
    ? `<pane ySplit="${sheet.frozenRows}" topLeftCell="A${sheet.frozenRows + 1}" activePane="bottomLeft" state="frozen"/>`
    : '';
  const merges = sheet.merges?.length
    ? `<mergeCells count="${sheet.merges.length}">${sheet.merges.map((ref) => `<mergeCell ref="${ref}"/>`).join('')}</mergeCells>`
    : '';
  return (
    XML_HEADER +
    `<worksheet xmlns="${SPREADSHEET_NS}" xmlns:r="${RELATIONSHIP_NS}">` +
    `<sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="15"/>` +
    `<sheetData>${rowsXml}</sheetData>${merges}</worksheet>`
  );
}

function cellXml(
  address: string,
  cell: RawCell,
  producer: Producer,
  strings: SharedStrings,
  styles: Styles,
): string {
  // LibreOffice spells out t="n"; Google Sheets and Excel leave numbers untyped.
  const numberType = producer === 'libreoffice' ? ' t="n"' : '';
  const open = (type: string, numFmt?: RawNumFmt): string => {
    const style = numFmt === undefined ? '' : ` s="${styles.xfFor(numFmt)}"`;
    return `<c r="${address}"${style}${type}>`;
  };
  if (typeof cell === 'string') return `${open(' t="s"')}<v>${strings.add(cell)}</v></c>`;
  if (typeof cell === 'number') return `${open(numberType)}<v>${cell}</v></c>`;
  if (typeof cell === 'boolean') return `${open(' t="b"')}<v>${cell ? 1 : 0}</v></c>`;
  if ('value' in cell) return `${open(numberType, cell.numFmt)}<v>${cell.value}</v></c>`;
  if ('richText' in cell) return `${open(' t="s"')}<v>${strings.addRichText(cell.richText)}</v></c>`;
  if ('inlineString' in cell) {
    return `${open(' t="inlineStr"')}<is>${textXml(cell.inlineString, producer)}</is></c>`;
  }
  if ('formula' in cell) {
    const { type, value } = cachedResult(cell.cached, numberType);
    const aca = producer === 'libreoffice' ? ' aca="false"' : '';
    const cached = value === undefined ? '' : `<v>${escapeXml(value)}</v>`;
    return `${open(type, cell.numFmt)}<f${aca}>${escapeXml(cell.formula)}</f>${cached}</c>`;
  }
  if ('isoDate' in cell) return `${open(' t="d"', cell.numFmt)}<v>${cell.isoDate}</v></c>`;
  return `${open(' t="e"')}<v>${escapeXml(cell.error)}</v></c>`;
}

function cachedResult(
  cached: string | number | boolean | RawErrorValue | undefined,
  numberType: string,
): { type: string; value?: string } {
  if (cached === undefined) return { type: '' };
  if (typeof cached === 'string') return { type: ' t="str"', value: cached };
  if (typeof cached === 'boolean') return { type: ' t="b"', value: cached ? '1' : '0' };
  if (typeof cached === 'number') return { type: numberType, value: String(cached) };
  return { type: ' t="e"', value: cached.error };
}

class SharedStrings {
  private readonly items: string[] = [];
  private count = 0;

  constructor(private readonly producer: Producer) {}

  add(text: string): number {
    return this.push(textXml(text, this.producer));
  }

  addRichText(runs: { text: string; bold?: boolean }[]): number {
    const runsXml = runs
      .map((run) => {
        const props = `<rPr>${run.bold ? '<b/>' : ''}<sz val="11"/><rFont val="Calibri"/></rPr>`;
        return `<r>${props}${textXml(run.text, this.producer)}</r>`;
      })
      .join('');
    return this.push(runsXml);
  }

  xml(): string {
    const items = this.items.map((item) => `<si>${item}</si>`).join('');
    return `${XML_HEADER}<sst xmlns="${SPREADSHEET_NS}" count="${this.count}" uniqueCount="${this.items.length}">${items}</sst>`;
  }

  private push(itemXml: string): number {
    this.count++;
    const existing = this.items.indexOf(itemXml);
    if (existing >= 0) return existing;
    this.items.push(itemXml);
    return this.items.length - 1;
  }
}

/** `<t>`: LibreOffice marks every text xml:space="preserve"; the others only text with edge spaces or newlines. */
function textXml(text: string, producer: Producer): string {
  const preserve = producer === 'libreoffice' || /^\s|\s$|\n/.test(text);
  return `<t${preserve ? ' xml:space="preserve"' : ''}>${escapeXml(text)}</t>`;
}

class Styles {
  private readonly customFormats: string[] = [];
  /** numFmtId of each cellXfs entry; entry 0 is the default style. */
  private readonly xfNumFmtIds: number[] = [0];

  xfFor(numFmt: RawNumFmt): number {
    const numFmtId = typeof numFmt === 'number' ? numFmt : this.customFormatId(numFmt);
    const existing = this.xfNumFmtIds.indexOf(numFmtId);
    if (existing >= 0) return existing;
    this.xfNumFmtIds.push(numFmtId);
    return this.xfNumFmtIds.length - 1;
  }

  xml(): string {
    const numFmts = this.customFormats.length
      ? `<numFmts count="${this.customFormats.length}">` +
        this.customFormats
          .map(
            (code, i) => `<numFmt numFmtId="${FIRST_CUSTOM_NUMFMT_ID + i}" formatCode="${escapeXml(code)}"/>`,
          )
          .join('') +
        '</numFmts>'
      : '';
    const xfs = this.xfNumFmtIds
      .map((id) => {
        const apply = id === 0 ? '' : ' applyNumberFormat="1"';
        return `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0"${apply}/>`;
      })
      .join('');
    return (
      XML_HEADER +
      `<styleSheet xmlns="${SPREADSHEET_NS}">${numFmts}` +
      '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>' +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.xfNumFmtIds.length}">${xfs}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '</styleSheet>'
    );
  }

  private customFormatId(code: string): number {
    let index = this.customFormats.indexOf(code);
    if (index < 0) index = this.customFormats.push(code) - 1;
    return FIRST_CUSTOM_NUMFMT_ID + index;
  }
}

function contentTypesXml(sheetCount: number): string {
  const sheetOverrides = Array.from(
    { length: sheetCount },
    (_, i) =>
      `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  ).join('');
  return (
    XML_HEADER +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
    `${sheetOverrides}</Types>`
  );
}

function packageRelsXml(): string {
  return (
    XML_HEADER +
    `<Relationships xmlns="${PACKAGE_RELS_NS}">` +
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
    '</Relationships>'
  );
}

function workbookXml(sheets: RawSheet[]): string {
  const sheetsXml = sheets
    .map((sheet, i) => {
      const state = sheet.hidden ? ' state="hidden"' : '';
      return `<sheet name="${escapeXml(sheet.name)}" sheetId="${i + 1}"${state} r:id="rId${i + 1}"/>`;
    })
    .join('');
  return (
    XML_HEADER +
    `<workbook xmlns="${SPREADSHEET_NS}" xmlns:r="${RELATIONSHIP_NS}">` +
    `<bookViews><workbookView/></bookViews><sheets>${sheetsXml}</sheets></workbook>`
  );
}

function workbookRelsXml(sheetCount: number): string {
  const rel = (id: number, type: string, target: string): string =>
    `<Relationship Id="rId${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>`;
  const sheetRels = Array.from({ length: sheetCount }, (_, i) =>
    rel(i + 1, 'worksheet', `worksheets/sheet${i + 1}.xml`),
  );
  return (
    XML_HEADER +
    `<Relationships xmlns="${PACKAGE_RELS_NS}">` +
    sheetRels.join('') +
    rel(sheetCount + 1, 'styles', 'styles.xml') +
    rel(sheetCount + 2, 'sharedStrings', 'sharedStrings.xml') +
    '</Relationships>'
  );
}

function decodeAddress(address: string): { row: number; col: number } {
  const match = /^([A-Z]+)(\d+)$/.exec(address);
  if (!match) throw new Error(`Not an A1 cell address: ${address}`);
  const col = [...match[1]].reduce((n, letter) => n * 26 + letter.charCodeAt(0) - 64, 0);
  return { row: Number(match[2]), col };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
