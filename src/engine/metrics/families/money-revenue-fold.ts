// The fast executor of the MRR movement aggregates: one indexed scan of the subscriptions (or
// snapshots) in customer order gives every customer's MRR change points (cached per data
// version), then one pass over them per period list folds customer by customer into the periods
// (money-revenue-timeline.ts). It computes exactly what the set-based SQL of revenueSqlPipeline
// defines (the tests check both against a day-by-day reference); in sql.js that SQL costs several
// sorts of the whole event list, the fold none, which is what makes the family fast at a million
// rows, and a period, calendar or as-of change costs the second step only.
// revenueBase, the cached entry point the revenue and value families call, lives here with the
// fold it runs, so money-revenue-base (the shared types and the SQL definition) imports nothing back.
import type { Database } from '../../store/database';
import type { Period } from '../../../shared/calendar/periods';
import type { MetricContext } from '../types';
import { PerDatabaseCache, periodsSignature, tableFingerprint } from './money-common';
import { revenueSource, revenueSqlPipeline, type RevenueBase, type RevenueSource } from './money-revenue-base';
import { bucketRevenueTimeline, readRevenueTimeline, revenueScanSql, segmentTimeline, type RevenueTimeline } from './money-revenue-timeline';
import { segmentCodes } from './segment-codes';
import { normalizedTable } from '../../mapping/datasets';

export { revenueScanSql };

/**
 * The movement aggregates of `periods`: every customer's MRR change points (read in one scan),
 * bucketed into the periods (money-revenue-timeline.ts). Uncached: revenueBase caches both steps.
 */
export function foldRevenueBase(
  db: Database, source: RevenueSource, periods: readonly Period[], bySeg: boolean, asOfEnd: number,
  least: (a: string, b: string) => string,
): RevenueBase {
  return bucketRevenueBase(readRevenueTimeline(db, source, bySeg), source, periods, bySeg, asOfEnd, least);
}

function bucketRevenueBase(
  timeline: RevenueTimeline, source: RevenueSource, periods: readonly Period[], bySeg: boolean, asOfEnd: number,
  least: (a: string, b: string) => string,
): RevenueBase {
  const bySegment = bucketRevenueTimeline(timeline, periods, asOfEnd);
  const pipeline = revenueSqlPipeline(source, periods, bySeg, asOfEnd, least,
    { days: 'tmp_days', months: 'tmp_snapshot_months', ev: 'tmp_events', bal: 'tmp_balances' });
  const sql = `-- Executed: one scan in customer order${bySeg ? ' (each row\'s segment read apart, from the _seg index)' : ''}, folded per customer (running MRR per period and per day)\n${revenueScanSql(source, bySeg)};\n\n`
    + `-- The same aggregates as set-based SQL:\n${pipeline.display}`;
  return { source, bySegment, sql };
}

const cache = new PerDatabaseCache<RevenueBase>('revenueBase', 8);
/**
 * The total's change points per data version (source fingerprint): what a period, calendar, as-of
 * or segment change reuses (the segments' are regrouped from it).
 */
const timelines = new PerDatabaseCache<RevenueTimeline>('revenueTimeline', 2);

/** The total's read has no _seg (revenueScanSql): its fingerprint leaves _seg out, so it survives a segment change. */
function sourceFingerprint(db: Database, source: RevenueSource, bySeg: boolean): string {
  return source === 'subscriptions'
    ? tableFingerprint(db, 'n_subscriptions', ['mrr', 'start_date', 'end_date', 'term_months'], ['customer_id'], bySeg)
    : tableFingerprint(db, 'n_mrr_snapshots', ['mrr', 'month'], ['customer_id'], bySeg);
}

function totalTimeline(db: Database, source: RevenueSource): RevenueTimeline {
  const data = `${sourceFingerprint(db, source, false)}#total`;
  let timeline = timelines.get(db, data);
  if (!timeline) timelines.set(db, data, (timeline = readRevenueTimeline(db, source, false)));
  return timeline;
}

/**
 * The per-segment change points: the total's regrouped by each row's segment (no second scan of
 * every row; a segment change at a million rows), kept per segment column in ctx.memo.
 */
function segmentTimelineOf(ctx: MetricContext, source: RevenueSource): RevenueTimeline {
  const key = `revenue.segmentTimeline:${source}`;
  const hit = ctx.memo?.get(key) as RevenueTimeline | undefined;
  if (hit) return hit;
  const built = segmentTimeline(totalTimeline(ctx.db, source), segmentCodes(ctx.db, normalizedTable(source), ctx.memo));
  ctx.memo?.set(key, built);
  return built;
}

/**
 * The movement aggregates for the context's periods (or the given ones), for the total or per
 * segment (one pass computes every segment; `ctx.segmentValue` picks one afterwards).
 */
export function revenueBase(ctx: MetricContext, periods: readonly Period[] = ctx.periods): RevenueBase | null {
  const source = revenueSource(ctx);
  if (!source || periods.length === 0) return null;
  const bySeg = ctx.segmentValue !== null;
  const asOfEnd = Math.min(ctx.asOfDay + 1, periods[periods.length - 1]!.end);
  const data = [sourceFingerprint(ctx.db, source, bySeg), bySeg ? 'seg' : 'total'].join('#');
  const key = [data, periodsSignature(periods), asOfEnd].join('#');
  const hit = cache.get(ctx.db, key);
  if (hit) return hit;
  const timeline = bySeg ? segmentTimelineOf(ctx, source) : totalTimeline(ctx.db, source);
  const built = bucketRevenueBase(timeline, source, periods, bySeg, asOfEnd, ctx.dialect.least);
  cache.set(ctx.db, key, built);
  return built;
}
