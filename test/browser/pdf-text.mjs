// Reads a PDF's text back with pdf.js (pdfjs-dist), independently of the browser that printed it: prints JSON, one
// entry per page with its size in points and its lines, top to bottom (text runs on one baseline joined left to right).
// A separate node process because pdf.js ships as ES modules only, which jest's CommonJS runtime cannot load.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * A CJK font's ToUnicode map may name a glyph it shares with another character by that character: a Kangxi radical
 * (⽥ U+2F65 for 田, which NFKC maps back) or the hyphenation point ‧ U+2027 for the katakana middle dot ・. What a
 * reader sees on paper is the ideograph and the ・.
 */
const unifyRadicals = (text) =>
  text.replace(/[\u2E80-\u2FDF]/g, (c) => c.normalize('NFKC')).replace(/\u2027/g, '\u30FB');

const data = new Uint8Array(readFileSync(process.argv[2]));
const doc = await getDocument({ data, isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
const pages = [];
for (let n = 1; n <= doc.numPages; n++) {
  const page = await doc.getPage(n);
  const [x0, y0, x1, y1] = page.view;
  const runs = (await page.getTextContent()).items
    .filter((item) => 'str' in item && item.str !== '')
    .map((item) => ({ text: unifyRadicals(item.str), x: item.transform[4], y: item.transform[5] }));
  const lines = [];
  for (const run of runs.sort((a, b) => b.y - a.y || a.x - b.x)) {
    const line = lines.find((l) => Math.abs(l.y - run.y) < 1);
    if (line) line.runs.push(run);
    else lines.push({ y: run.y, runs: [run] });
  }
  pages.push({
    widthPt: x1 - x0,
    heightPt: y1 - y0,
    lines: lines
      .sort((a, b) => b.y - a.y)
      .map((l) =>
        l.runs
          .sort((a, b) => a.x - b.x)
          .map((r) => r.text)
          .join(''),
      ),
  });
}
process.stdout.write(JSON.stringify(pages));
