const ExcelJS = require('exceljs');
(async () => {
  const [file, sheetName, from, to] = process.argv.slice(2);
  const wb = new ExcelJS.Workbook(); await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheetName);
  for (let i = +from; i <= +to; i++) { const r = ws.getRow(i); const v = r.values.slice(1).map(x => x == null ? '' : (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(' | '); console.log(i, v.replace(/\n/g,'⏎')); }
})();
