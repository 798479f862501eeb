/**
 * Sheets' automatic page breaks, as the letter and label layouts rely on them: rows go on a page while they fit, and
 * a row that does not fit starts the next page. Returns the first row (1-based) of each page.
 */
export function pageStarts(heights: readonly number[], pageHeight: number, scale: number): number[] {
  const starts = [1];
  let used = 0;
  heights.forEach((h, i) => {
    if (used + h * scale > pageHeight + 1e-9) {
      starts.push(i + 1);
      used = 0;
    }
    used += h * scale;
  });
  return starts;
}
