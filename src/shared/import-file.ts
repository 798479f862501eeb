/**
 * Reading a booking or register export into rows of text (issue 17). Runs in the sidebar's browser and in Node (the
 * local runner), so it uses only what both have: TextDecoder (a global in Chromium and Node) and papaparse. No
 * Apps Script, no Buffer, no fs.
 */
import Papa from 'papaparse';

/** The character encoding the file was found to be in. */
export type FileEncoding = 'UTF-8' | 'UTF-8 (BOM)' | 'UTF-16' | 'Shift_JIS';

export interface ImportFile {
  encoding: FileEncoding;
  delimiter: ',' | '\t';
  /**
   * The file's records, every cell a string. `rows[i]` is record i + 1 of the file: the row number Excel shows when
   * it opens the file, and its line number while no earlier cell holds a line break (a quoted cell's line breaks
   * stay inside the cell, as '\n'). A blank record in the middle is [] (also when it is only delimiters or spaces);
   * blank records at the end are dropped. Cells are not trimmed.
   */
  rows: string[][];
}

/** A file this module cannot read; the message says to the owner what to do. */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileError';
  }
}

/** The part of TextDecoder this file uses, so it type-checks with and without the DOM library. */
interface Decoder {
  decode(input: Uint8Array): string;
}
type DecoderConstructor = new (label: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => Decoder;
const TextDecoderOf = (): DecoderConstructor =>
  (globalThis as unknown as { TextDecoder: DecoderConstructor }).TextDecoder;

const SAVE_AS_CSV =
  'お使いのシステムから CSV 形式で書き出したファイルを選んでください（Excel で開いた場合は「名前を付けて保存」で「CSV」を選びます）';

/** Detects the encoding and delimiter and splits the file into records. */
export function readImportFile(bytes: Uint8Array): ImportFile {
  const { encoding, text } = decode(bytes);
  // Line ends become '\n' everywhere (CR LF, LF and a lone CR, inside quoted cells too): Excel writes a cell's line
  // break as LF inside a CR LF file, and a cell is read back with '\n' whatever the file used.
  const normalized = text.replace(/\r\n?/g, '\n');
  if (normalized.trim() === '') return { encoding, delimiter: ',', rows: [] };
  const delimiter = guessDelimiter(normalized);
  const parsed = Papa.parse<string[]>(normalized, {
    delimiter,
    newline: '\n',
    quoteChar: '"',
    skipEmptyLines: false,
  });
  const unclosed = parsed.errors.find((e) => e.code === 'MissingQuotes');
  if (unclosed) {
    const record = (unclosed.row ?? 0) + 1;
    throw new ImportFileError(
      `ファイルの${record}行目あたりで「"」が閉じられていないため、読めません。${SAVE_AS_CSV}`,
    );
  }
  const rows = parsed.data.map((row) => (row.every((cell) => cell.trim() === '') ? [] : row));
  while (rows.length > 0 && rows[rows.length - 1].length === 0) rows.pop();
  return { encoding, delimiter, rows };
}

/**
 * The text of the file. Never assumed: a byte order mark says UTF-8 or UTF-16 (Excel's 「Unicode テキスト」 is
 * UTF-16LE with a BOM); UTF-16 without a BOM shows as NUL bytes in every other place; otherwise the bytes are UTF-8
 * when they decode as UTF-8 without error, and Shift_JIS when not.
 */
function decode(bytes: Uint8Array): { encoding: FileEncoding; text: string } {
  const Decoder = TextDecoderOf();
  const [b0, b1, b2] = [bytes[0], bytes[1], bytes[2]];
  if (b0 === 0x50 && b1 === 0x4b && b2 === 0x03)
    throw new ImportFileError(`Excel の形式（.xlsx）のファイルは読めません。${SAVE_AS_CSV}`);
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf)
    return { encoding: 'UTF-8 (BOM)', text: strict(Decoder, 'utf-8', bytes.subarray(3)) };
  if (b0 === 0xff && b1 === 0xfe)
    return { encoding: 'UTF-16', text: strict(Decoder, 'utf-16le', bytes.subarray(2)) };
  if (b0 === 0xfe && b1 === 0xff)
    return { encoding: 'UTF-16', text: strict(Decoder, 'utf-16be', bytes.subarray(2)) };
  const sixteen = utf16WithoutBom(bytes);
  if (sixteen) return { encoding: 'UTF-16', text: strict(Decoder, sixteen, bytes) };
  try {
    return { encoding: 'UTF-8', text: new Decoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    // The WHATWG Encoding Standard's Shift_JIS decoder is Windows-31J (CP932), what Japanese Windows and Excel
    // write: NEC special characters (①, ㈱, Ⅲ), NEC-selected and IBM extensions (髙 0xFBFC, 﨑, ⅰ) decode, and
    // 0x5C/0x7E stay \ and ~. https://encoding.spec.whatwg.org/#shift_jis
    return { encoding: 'Shift_JIS', text: strict(Decoder, 'shift_jis', bytes) };
  }
}

function strict(Decoder: DecoderConstructor, label: string, bytes: Uint8Array): string {
  try {
    return new Decoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new ImportFileError(`ファイルの文字コードを読み取れません。${SAVE_AS_CSV}`);
  }
}

/** 'utf-16le' / 'utf-16be' when the first bytes have NUL in one half of each pair (text never holds NUL). */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const length = Math.min(bytes.length, 1024) & ~1;
  if (length < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = length / 2;
  if (oddNul >= pairs * 0.3 && evenNul === 0) return 'utf-16le';
  if (evenNul >= pairs * 0.3 && oddNul === 0) return 'utf-16be';
  return null;
}

const SAMPLE_RECORDS = 50;

/**
 * Comma or tab: the one that splits the first records into the same number of cells (more than one) most often; a
 * tie goes to the one giving more cells, then to comma. A title line above the header and amounts like 12,000 in a
 * tab-separated file do not mislead it, and quoted cells are read as cells.
 */
function guessDelimiter(text: string): ',' | '\t' {
  const score = (delimiter: ',' | '\t') => {
    const sample = Papa.parse<string[]>(text, { delimiter, newline: '\n', preview: SAMPLE_RECORDS }).data;
    const counts = new Map<number, number>();
    for (const row of sample) if (row.length > 1) counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
    let best = { rows: 0, cells: 0 };
    for (const [cells, rows] of counts)
      if (rows > best.rows || (rows === best.rows && cells > best.cells)) best = { rows, cells };
    return best;
  };
  const comma = score(',');
  const tab = score('\t');
  return tab.rows > comma.rows || (tab.rows === comma.rows && tab.cells > comma.cells) ? '\t' : ',';
}
