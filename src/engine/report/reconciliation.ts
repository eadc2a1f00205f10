// The reconciliation workbook (issue 11): a summary bridge whose totals are SUM formulas over the
// category rows (an auditor can trace them), one sheet per category and the customer list with
// both sides' values and source row references. Cell text from the files is neutralised against
// formula injection as in CSV exports.
import ExcelJS from 'exceljs';
import type { ReconcileResult } from '../../shared/api';
import { neutraliseCell } from './csv';

const MONEY = '#,##0.00;-#,##0.00';
const text = (v: string | null): string => (v === null ? '' : neutraliseCell(v));
const CATEGORY_SHEET: Record<string, string> = {
  matched: 'Matched', interval: 'Interval', amount: 'Amount', timing: 'Timing', only_left: 'Only left', only_right: 'Only right',
};
const rowsText = (rows: number[]): string => (rows.length > 50 ? `${rows.slice(0, 50).join(', ')}, … (${rows.length})` : rows.join(', '));

export async function buildReconciliationWorkbook(r: ReconcileResult): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const side = (s: ReconcileResult['left']) => `${text(s.source)}${s.sheet ? ` [${text(s.sheet)}]` : ''}`;

  const sum = wb.addWorksheet('Bridge');
  sum.columns = [{ width: 16 }, { width: 12 }, { width: 16 }, { width: 16 }, { width: 16 }];
  sum.addRow(['Reconciliation', `period ${r.period}`]);
  sum.addRow(['Left', side(r.left)]);
  sum.addRow(['Right', side(r.right)]);
  sum.addRow([]);
  const head = sum.addRow(['Category', 'Customers', 'Left MRR', 'Right MRR', 'Difference']);
  head.font = { bold: true };
  const first = head.number + 1;
  for (const b of r.bridge) {
    const row = sum.addRow([b.category, b.customers, b.left_mrr, b.right_mrr, null]);
    row.getCell(5).value = { formula: `D${row.number}-C${row.number}`, result: b.difference };
  }
  const last = first + r.bridge.length - 1;
  const total = sum.addRow(['Total', null, null, null, null]);
  total.font = { bold: true };
  for (const [i, col] of (['B', 'C', 'D', 'E'] as const).entries()) {
    const result = i === 0 ? r.bridge.reduce((a, b) => a + b.customers, 0) : i === 1 ? r.left.mrr : i === 2 ? r.right.mrr : r.right.mrr - r.left.mrr;
    total.getCell(i + 2).value = { formula: `SUM(${col}${first}:${col}${last})`, result };
  }
  for (const c of ['C', 'D', 'E']) sum.getColumn(c).numFmt = MONEY;

  const series = wb.addWorksheet('Series');
  series.addRow(['Period', 'Left MRR', 'Right MRR', 'Difference', ...r.bridge.map((b) => `${b.category} difference`)]).font = { bold: true };
  for (const s of r.series) series.addRow([s.period, s.left_mrr, s.right_mrr, s.difference, ...s.bridge.map((b) => b.difference)]);

  const header = ['Left customer', 'Right customer', 'Match', 'Confidence', 'Category', 'Left MRR', 'Right MRR', 'Difference', 'Left rows', 'Right rows'];
  const addCustomers = (ws: ExcelJS.Worksheet, only: string | null) => {
    ws.addRow(header).font = { bold: true };
    ws.columns.forEach((c) => { c.width = 16; });
    r.customers.forEach((c, i) => {
      if (only && c.category !== only) return;
      const row = ws.addRow([text(c.left_id), text(c.right_id), c.match ?? '', c.confidence, c.category, c.left_mrr, c.right_mrr, null,
        rowsText(r.rows[i]?.left ?? []), rowsText(r.rows[i]?.right ?? [])]);
      row.getCell(8).value = { formula: `G${row.number}-F${row.number}`, result: c.difference };
    });
    for (const col of ['F', 'G', 'H']) ws.getColumn(col).numFmt = MONEY;
  };
  addCustomers(wb.addWorksheet('Customers'), null);
  for (const b of r.bridge) if (b.customers > 0) addCustomers(wb.addWorksheet(CATEGORY_SHEET[b.category] ?? b.category), b.category);
  if (r.issues.length) {
    const iss = wb.addWorksheet('Issues');
    for (const i of r.issues) iss.addRow([text(i)]);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
