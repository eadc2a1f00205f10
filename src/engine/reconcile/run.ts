// The reconcile API method: reads both sides, resolves the reconcile.* parameters and shapes the
// result as issue 11's JSON (what `kpiw reconcile --json` prints and the UI and workbook show).
import type { Database } from '../store/database';
import type { MappingFile, TableInfo, TextMessage } from '../../shared/types';
import type { ManualMatchSpec, ReconcileBridgeRow, ReconcileRequest, ReconcileResult } from '../../shared/api';
import { findTableByRef } from '../mapping/mappingFile';
import { resolveParams, validateParams } from '../metrics/params';
import { reconcile, type BridgeRow } from './reconcile';
import { readSide } from './sides';
import { MessageError } from '../messageError';
import { messageText } from '../../shared/i18n/messages';

const bridgeJson = (b: BridgeRow[]): ReconcileBridgeRow[] =>
  b.map((r) => ({ category: r.category, customers: r.customers, left_mrr: r.leftMrr, right_mrr: r.rightMrr, difference: r.difference }));

/** The matches made by hand that the mapping keeps for this pair of tables (none when it keeps none). */
export function savedManualMatches(tables: readonly TableInfo[], mapping: MappingFile, left: string, right: string): ManualMatchSpec[] {
  const saved = mapping.reconciliations?.find((r) => findTableByRef(tables, r.left)?.name === left && findTableByRef(tables, r.right)?.name === right);
  return saved?.manual ?? [];
}

export function runReconcile(db: Database, tables: readonly TableInfo[], mapping: MappingFile, req: ReconcileRequest): ReconcileResult {
  const given = { ...(mapping.params ?? {}), ...(req.params ?? {}) };
  validateParams(given);
  const params = resolveParams(given);
  const left = readSide(db, tables, mapping, req.left, 'left');
  const right = readSide(db, tables, mapping, req.right, 'right');
  if (left.table.name === right.table.name) throw new MessageError('reconcile.error.sameTable', { table: left.table.name }, 'reconcile');
  if (left.dataset !== right.dataset) {
    throw new MessageError('reconcile.error.differentDatasets', { left: { key: `dataset.${left.dataset}` }, right: { key: `dataset.${right.dataset}` } }, 'reconcile');
  }
  const rec = reconcile(left.side, right.side, {
    asOf: req.asOf ?? null, manual: req.manual ?? savedManualMatches(tables, mapping, left.table.name, right.table.name),
    params: { tolerance: params['reconcile.tolerance'] as number, timingDays: params['reconcile.timing_days'] as number, nameThreshold: params['reconcile.name_threshold'] as number },
  });
  const issues: TextMessage[] = [...rec.issues];
  for (const [s, which] of [[left, 'left'], [right, 'right']] as const) {
    if (s.skipped) issues.push({ key: 'reconcile.issue.rowsLeftOut', values: { side: { key: `reconcile.error.side.${which}` }, table: s.table.name, n: s.skipped } });
  }
  const a = rec.asOf;
  const count = (pick: 'leftId' | 'rightId', mrr: 'leftMrr' | 'rightMrr') => new Set(a.customers.filter((c) => c[pick] !== null && c[mrr] !== 0).map((c) => c[pick])).size;
  return {
    period: a.period,
    asOf: rec.asOfDate,
    left: { source: left.table.source, sheet: left.table.sheet, mrr: a.leftMrr, customers: count('leftId', 'leftMrr') },
    right: { source: right.table.source, sheet: right.table.sheet, mrr: a.rightMrr, customers: count('rightId', 'rightMrr') },
    bridge: bridgeJson(a.bridge),
    customers: a.customers.map((c) => ({
      left_id: c.leftId, right_id: c.rightId, match: c.match, confidence: c.confidence, category: c.category,
      left_mrr: c.leftMrr, right_mrr: c.rightMrr, difference: c.difference,
    })),
    series: rec.series.map((s) => ({ period: s.period, left_mrr: s.leftMrr, right_mrr: s.rightMrr, difference: s.difference, bridge: bridgeJson(s.bridge) })),
    issues: issues.map((m) => messageText(m, 'en')),
    issueMessages: issues,
    rows: a.customers.map((c) => ({ left: rec.pairs[c.pair]!.leftRows, right: rec.pairs[c.pair]!.rightRows })),
    tables: { left: left.table.name, right: right.table.name },
  };
}
