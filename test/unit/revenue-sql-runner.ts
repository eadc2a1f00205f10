// Runs the revenue SQL a user is shown (revenueSqlPipeline) on sql.js and reads it back into the
// aggregates the fold computes, so tests can check that the shown SQL and the executed fold agree.
// Test code: production computes with foldRevenueBase.
import { queryRows, type Database } from '../../src/engine/store/database';
import type { Period } from '../../src/shared/calendar/periods';
import { DAYS_PER_MONTH, num, writeDayIndexTable } from '../../src/engine/metrics/families/money-common';
import {
  emptyAggregates, finishBalances, revenueSqlPipeline, writeSnapshotMonthTable,
  type RevenueAggregates, type RevenueBase, type RevenueSource,
} from '../../src/engine/metrics/families/money-revenue-base';

let tableCounter = 0;

/** Executes the set-based SQL definition (see revenueSqlPipeline) and reads the aggregates. */
export function runRevenueSql(
  db: Database, source: RevenueSource, periods: readonly Period[], bySeg: boolean, asOfEnd: number,
  least: (a: string, b: string) => string,
): RevenueBase {
  const n = periods.length;
  const id = ++tableCounter;
  const names = { days: `tmp_money_days_${id}`, months: `tmp_money_gm_${id}`, ev: `tmp_money_ev_${id}`, bal: `tmp_money_bal_${id}` };
  const { days, months, ev, bal } = names;
  writeDayIndexTable(db, days, periods);
  if (source === 'mrr_snapshots') writeSnapshotMonthTable(db, months);
  const { evSql, balSql, aggSql, cohortSql, tenureEndedSql, tenureNowSql, display } =
    revenueSqlPipeline(source, periods, bySeg, asOfEnd, least, names);
  db.run(`DROP TABLE IF EXISTS ${ev}; DROP TABLE IF EXISTS ${bal};`);
  db.run(evSql);
  db.run(balSql);
  const bySegment = new Map<string | null, RevenueAggregates>();
  const aggOf = (seg: unknown): RevenueAggregates => {
    const k = seg == null ? null : String(seg);
    let a = bySegment.get(k);
    if (!a) { a = emptyAggregates(n); bySegment.set(k, a); }
    return a;
  };
  const initial = new Map<RevenueAggregates, { mrr: number; active: number; contracted: number }>();
  const contractedDelta = new Map<RevenueAggregates, number[]>();
  for (const row of queryRows(db, aggSql).rows) {
    const a = aggOf(row[0]);
    const idx = num(row[1]);
    if (idx < 0) {
      initial.set(a, { mrr: num(row[2]), active: num(row[3]), contracted: num(row[4]) });
      continue;
    }
    let cd = contractedDelta.get(a);
    if (!cd) { cd = new Array<number>(n).fill(0); contractedDelta.set(a, cd); }
    cd[idx] = num(row[4]);
    a.firstN[idx] = num(row[5]);
    a.newN[idx] = num(row[6]); a.newV[idx] = num(row[7]);
    a.reactN[idx] = num(row[8]); a.reactV[idx] = num(row[9]);
    a.expN[idx] = num(row[10]); a.expV[idx] = num(row[11]);
    a.contrN[idx] = num(row[12]); a.contrV[idx] = num(row[13]);
    a.churnN[idx] = num(row[14]); a.churnV[idx] = num(row[15]);
    a.inN[idx] = num(row[16]); a.inV[idx] = num(row[17]);
    a.outN[idx] = num(row[18]); a.outV[idx] = num(row[19]);
  }
  for (const a of bySegment.values()) {
    finishBalances(a, initial.get(a) ?? { mrr: 0, active: 0, contracted: 0 }, contractedDelta.get(a) ?? new Array<number>(n).fill(0));
  }
  for (const row of queryRows(db, cohortSql).rows) {
    const a = aggOf(row[0]);
    const c = num(row[1]), idx = num(row[2]);
    let m = a.cohortDeltas.get(c);
    if (!m) { m = new Map(); a.cohortDeltas.set(c, m); }
    m.set(idx, [num(row[3]), num(row[4])]);
  }
  for (const row of queryRows(db, tenureEndedSql).rows) {
    const a = aggOf(row[0]);
    const idx = num(row[1]);
    a.tenure.endedN[idx] = num(row[2]);
    a.tenure.endedMeanMonths[idx] = num(row[3]) / DAYS_PER_MONTH;
  }
  for (const row of queryRows(db, tenureNowSql).rows) {
    const a = aggOf(row[0]);
    a.tenure.allCount = num(row[1]);
    a.tenure.allMeanMonths = row[2] == null ? null : num(row[2]) / DAYS_PER_MONTH;
    a.tenure.churnedCount = num(row[3]);
    a.tenure.churnedMeanMonths = row[4] == null ? null : num(row[4]) / DAYS_PER_MONTH;
  }
  for (const t of [days, months, ev, bal]) db.run(`DROP TABLE IF EXISTS ${t}`);
  return { source, bySegment, sql: display };
}


// ---------------------------------------------------------------------------------------------
// Drill-down: self-contained SQL (no temp tables, which the cache may drop) selecting the source
// rows behind a value.
