// Reads a PDF's text runs back with pdf.js (pdfjs-dist), independently of the browser that printed it: prints JSON,
// one entry per page with its size in points and every text run with its origin (x, baseline y, from the page's
// bottom-left corner), advance width and font size in points. A separate node process because pdf.js ships as ES
// modules only, which jest's CommonJS runtime cannot load.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const data = new Uint8Array(readFileSync(process.argv[2]));
const doc = await getDocument({ data, isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
const pages = [];
for (let n = 1; n <= doc.numPages; n++) {
  const page = await doc.getPage(n);
  const [x0, y0, x1, y1] = page.view;
  const runs = (await page.getTextContent()).items
    .filter((item) => 'str' in item && item.str.trim() !== '')
    .map((item) => ({
      text: item.str,
      x: item.transform[4] - x0,
      y: item.transform[5] - y0,
      width: item.width,
      size: Math.hypot(item.transform[2], item.transform[3]),
    }));
  pages.push({ widthPt: x1 - x0, heightPt: y1 - y0, runs });
}
process.stdout.write(JSON.stringify(pages));
