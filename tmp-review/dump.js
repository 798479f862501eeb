const ExcelJS = require('exceljs');
(async () => {
  const [file, sheetName, ...filters] = process.argv.slice(2);
  const wb = new ExcelJS.Workbook(); await wb.xlsx.readFile(file);
  if (!sheetName) { wb.eachSheet(s => console.log(s.name, s.rowCount, s.columnCount)); return; }
  const ws = wb.getWorksheet(sheetName);
  const fmt = v => { if (v == null) return ''; if (v instanceof Date) return v.toISOString().replace('T00:00:00.000Z','').replace(':00.000Z',''); if (typeof v === 'object') { if (v.richText) return v.richText.map(r=>r.text).join(''); if ('result' in v) return String(v.result); if (v.text) return v.text; return JSON.stringify(v);} return String(v).replace(/\n/g,'⏎'); };
  ws.eachRow((row, i) => { const vals = row.values.slice(1).map(fmt); const line = i + '\t' + vals.join('\t'); if (i === 1 || filters.every(f => line.includes(f))) console.log(line); });
})();
