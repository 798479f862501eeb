// usage: node build.js spec.json out.xlsx
const ExcelJS = require('exceljs');
const fs = require('fs');
const toCell = (v) => {
  if (typeof v === 'string') { const m = /^@(\d{4})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d))?$/.exec(v); if (m) return new Date(Date.UTC(+m[1], m[2]-1, +m[3], +(m[4]||0), +(m[5]||0))); }
  return v;
};
(async () => {
  const [specPath, out] = process.argv.slice(2);
  const spec = JSON.parse(fs.readFileSync(specPath, 'utf8'));
  const wb = new ExcelJS.Workbook(); await wb.xlsx.readFile(__dirname + '/../examples/sample-shop.xlsx');
  const clear = (ws) => { for (let i = ws.rowCount; i >= 2; i--) ws.spliceRows(i, 1); };
  const fill = (name, rows) => {
    const ws = wb.getWorksheet(name); const header = ws.getRow(1).values.slice(1);
    clear(ws);
    for (const r of rows) ws.addRow(header.map((h) => (h in r ? toCell(r[h]) : null)));
  };
  fill('顧客', spec.customers || []);
  fill('連絡履歴', spec.log || []);
  fill('空き枠', spec.slots || []);
  const st = wb.getWorksheet('設定');
  for (const [k, v] of Object.entries(spec.settings || {})) {
    let found = false;
    st.eachRow((row, i) => { if (row.getCell(1).value === k) { row.getCell(2).value = v === null ? null : toCell(v); found = true; } });
    if (!found) st.addRow([k, toCell(v)]);
  }
  await wb.xlsx.writeFile(out);
})();
