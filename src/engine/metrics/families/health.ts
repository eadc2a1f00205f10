// The customer health score (METRICS.md §4.7): per customer, a weighted mean of components, each
// measure scaled to 0–100 between a bad and a good threshold. Components whose inputs are not
// mapped are dropped and the weights renormalised (said in a note); a customer without a value for
// a component (no survey answered, no MRR three months ago) is scored on the others.
import { bench } from '../benchmarks';
import { fixedFormula, msg, noteOutput } from '../formula';
import type { MessageValue, TextMessage } from '../../../shared/types';
import type { MetricContext, MetricOutput, FamilyModule } from '../types';
import { defineFamily, lazy, type MetricRecord } from '../family';
import { LruMap } from '../../store/session';
import type { Period } from '../../../shared/calendar/periods';
import { asOfEnd, currentIdx, seriesOf } from './support-common';
import {
  CustomerIds, customMeasure, parseCustomComponents, readSubscriptions, revenueTrendMeasure, sentimentMeasure, subscriptionMembers,
  subscriptionUniverse, supportMeasure, tenureMeasure, universe, universeDrill, universeSqlFor, usageMeasure, writeRefs, type HealthInput, type HealthRef, type MeasureResult,
  type SubscriptionRows,
} from './health-components';

export const BUILTIN_COMPONENTS = ['usage', 'sentiment', 'support', 'revenue_trend', 'tenure'] as const;
type Builtin = (typeof BUILTIN_COMPONENTS)[number];

const DEFAULT_WEIGHTS: Record<Builtin, number> = { usage: 30, sentiment: 25, support: 15, revenue_trend: 20, tenure: 10 };
const DEFAULT_THRESHOLDS: Record<Builtin, { bad: number; good: number }> = {
  usage: { bad: 0, good: 20 }, sentiment: { bad: 6, good: 9 }, support: { bad: 5, good: 0 },
  revenue_trend: { bad: -0.1, good: 0.1 }, tenure: { bad: 0, good: 24 },
};
/** What each built-in component needs, for the note on dropped components (note.health.inputs.<id>). */
const builtinInputs = (id: string): TextMessage => msg(`note.health.inputs.${(BUILTIN_COMPONENTS as readonly string[]).includes(id) ? id : 'custom'}`);

/** Items as one message value: "a; b; c" (or "a, b, c") with the separator of the reader's language. */
function messageList(items: readonly MessageValue[], separator: 'semicolon' | 'comma'): MessageValue {
  const [first, ...rest] = items;
  if (first === undefined) return '';
  return rest.length ? msg(`note.health.list.${separator}`, { first, rest: messageList(rest, separator) }) : first;
}

export type HealthBand = 'red' | 'yellow' | 'green';

export interface HealthConfig {
  components: Array<{ id: string; label: string; weight: number; bad: number; good: number; measure: (input: HealthInput) => MeasureResult | { missing: MessageValue } | null }>;
  red: number;
  green: number;
  problems: TextMessage[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const numOr = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);

/** Weights, thresholds and bands from the parameters, merged over the defaults. */
export function healthConfig(ctx: MetricContext): HealthConfig {
  const weights = isObj(ctx.params['health.weights']) ? ctx.params['health.weights'] : {};
  const thresholds = isObj(ctx.params['health.thresholds']) ? ctx.params['health.thresholds'] : {};
  const bands = isObj(ctx.params['health.bands']) ? ctx.params['health.bands'] : {};
  const builtinMeasure: Record<Builtin, (input: HealthInput) => MeasureResult | null> = {
    usage: usageMeasure, sentiment: sentimentMeasure, support: supportMeasure, revenue_trend: revenueTrendMeasure, tenure: tenureMeasure,
  };
  const { components: custom, problems } = parseCustomComponents(ctx.params['health.components']);
  const components: HealthConfig['components'] = [];
  for (const id of BUILTIN_COMPONENTS) {
    if (custom.some((c) => c.id === id)) continue;
    const th = isObj(thresholds[id]) ? (thresholds[id] as Record<string, unknown>) : {};
    components.push({
      id, label: id, weight: numOr(weights[id], DEFAULT_WEIGHTS[id]),
      bad: numOr(th.bad, DEFAULT_THRESHOLDS[id].bad), good: numOr(th.good, DEFAULT_THRESHOLDS[id].good),
      measure: builtinMeasure[id],
    });
  }
  for (const c of custom) components.push({ id: c.id, label: c.label ?? c.id, weight: c.weight, bad: c.bad, good: c.good, measure: (cx) => customMeasure(cx, c) });
  return { components: components.filter((c) => c.weight > 0 && c.bad !== c.good), red: numOr(bands.red, 40), green: numOr(bands.green, 70), problems };
}

/** A measure scaled to 0–100 between bad (0) and good (100), clamped; works for "fewer is better". */
export function scaleComponent(x: number, bad: number, good: number): number {
  const f = (x - bad) / (good - bad);
  return 100 * Math.min(1, Math.max(0, f));
}

export function bandOf(score: number, red: number, green: number): HealthBand {
  return score < red ? 'red' : score < green ? 'yellow' : 'green';
}

export interface CustomerHealth {
  customer: string;
  score: number | null;
  band: HealthBand | null;
  /**
   * The metric table's row: customer, score, band, then per component used (HealthRun.used order)
   * its score and then its measure, null when unknown. Built once and shared by every output that
   * shows it (a million customers' rows are most of the engine's heap, hence its GC time).
   */
  cells: Array<string | number | null>;
}

export interface HealthRun {
  /** Per period index scored: the mean score of its customers (null when none has a score). */
  means: Map<number, number | null>;
  /** Per period index asked for in `keep`: every customer's score, sorted by customer. */
  customers: Map<number, CustomerHealth[]>;
  used: HealthConfig['components'];
  config: HealthConfig;
  notes: TextMessage[];
  sql: string;
  drill: (t: number) => string;
}

/**
 * Scores every customer of the universe at each reference date (refs in ascending t): the means for
 * all of them, the per-customer rows only for the period indexes in `keep` (the card's table needs
 * the current period; the history only its means).
 */
export function runHealth(ctx: MetricContext, refs: HealthRef[], keep: ReadonlySet<number>): HealthRun {
  const config = healthConfig(ctx);
  // With subscriptions the customers scored and their component values are the same for every
  // segment (a segment restricts the universe only): one run scores them once and averages every
  // segment's members. Each date's scores depend on that date alone (RangeEntries.sweep), so they
  // are kept in ctx.memo per reference date t: a run scores only the dates not seen before.
  // The total's scores read no segment: kept in ctx.dataMemo, they outlive a segment change.
  const memo = ctx.segmentValue === null ? ctx.dataMemo ?? ctx.memo : ctx.memo;
  if (memo && subscriptionUniverse(ctx)) return cachedRun(ctx, memo, refs, keep, config);
  const run = scoreRun(ctx, refs, keep, config, 'one');
  const seg = run.bySegment.get(ctx.segmentValue)!;
  return { means: seg.means, customers: seg.customers, used: run.used, config, notes: run.notes, sql: [`-- customers\n${run.universeSql}`, ...run.componentSqls].join(';\n'), drill: run.drill };
}

/**
 * Params the scores read (with the data and the reference dates): the health.* ones, and the NPS
 * and CSAT scales the sentiment component reads.
 */
export const HEALTH_PARAMS = ['health.weights', 'health.thresholds', 'health.bands', 'health.components', 'nps.scale', 'csat.scale'];

/** Scores of one reference date, by segment value (null: the total). */
interface DateScores {
  means: Map<string | null, number | null>;
  /** Every customer's row, when the date was scored with them (at most ROWS_KEPT dates hold them: 10⁵–10⁶ rows each). */
  customers: Map<string | null, CustomerHealth[]> | null;
}

/** What a run reports besides the scores: the same for every date (data and params fixed). */
interface RunMeta {
  used: HealthConfig['components'];
  notes: TextMessage[];
  componentSqls: string[];
  /** The subscription read as shown by the segment that scored (replaced by the asking one's). */
  readSql: string;
}

/** The per-date scores of one data version (ctx.memo), one set of HEALTH_PARAMS and one mode. */
interface DateCache { meta: RunMeta | null; byT: LruMap<number, DateScores>; withRows: number[] }

const MEMO_DATES = 'health.dates';
/** Param sets (and modes) kept per data version; dates kept per set; dates whose customer rows are kept. */
const PARAM_SETS_KEPT = 4, DATES_KEPT = 2000, ROWS_KEPT = 2;

function cachedRun(ctx: MetricContext, memo: Map<string, unknown>, refs: HealthRef[], keep: ReadonlySet<number>, config: HealthConfig): HealthRun {
  // The total alone, or every segment value at once (the total is not a segment: a workspace
  // without a segment chosen does not score the segments _seg still holds).
  const which = ctx.segmentValue === null ? 'one' : 'all';
  let sets = memo.get(MEMO_DATES) as LruMap<string, DateCache> | undefined;
  if (!sets) memo.set(MEMO_DATES, (sets = new LruMap(PARAM_SETS_KEPT)));
  const key = `${which}|${JSON.stringify(HEALTH_PARAMS.map((p) => ctx.params[p] ?? null))}`;
  const cache = sets.get(key) ?? sets.set(key, { meta: null, byT: new LruMap(DATES_KEPT), withRows: [] });
  const rowTs = new Set(refs.filter((r) => keep.has(r.idx)).map((r) => r.t));
  // Dates not seen, or asked with rows not kept: scored together (ascending t, synthetic idx).
  const missing = [...new Set(refs.map((r) => r.t))]
    .filter((t) => { const hit = cache.byT.get(t); return !hit || (rowTs.has(t) && !hit.customers); })
    .sort((a, b) => a - b);
  if (missing.length > 0 || !cache.meta) {
    const scoreRefs = missing.map((t, idx) => ({ idx, t }));
    const run = scoreRun(ctx, scoreRefs, new Set(scoreRefs.filter((r) => rowTs.has(r.t)).map((r) => r.idx)), config, which);
    cache.meta ??= { used: run.used, notes: run.notes, componentSqls: run.componentSqls, readSql: universeSqlFor(ctx).sql };
    for (const r of scoreRefs) {
      const means = new Map<string | null, number | null>();
      for (const [seg, scores] of run.bySegment) means.set(seg, scores.means.get(r.idx) ?? null);
      let customers: DateScores['customers'] = null;
      if (rowTs.has(r.t)) {
        customers = new Map();
        for (const [seg, scores] of run.bySegment) customers.set(seg, scores.customers.get(r.idx) ?? []);
        cache.withRows = [...cache.withRows.filter((t) => t !== r.t), r.t];
      }
      cache.byT.set(r.t, { means, customers });
    }
  }
  const meta = cache.meta!;
  const out: SegmentScores = { means: new Map(), customers: new Map() };
  for (const r of refs) {
    const hit = cache.byT.get(r.t)!;
    // A segment without subscription rows was not scored: no mean, no customers (as emptySegment).
    out.means.set(r.idx, hit.means.get(ctx.segmentValue) ?? null);
    const rows = keep.has(r.idx) && hit.means.has(ctx.segmentValue) ? hit.customers?.get(ctx.segmentValue) : undefined;
    if (rows) out.customers.set(r.idx, rows);
  }
  // The oldest dates' customer rows go once this run has taken its own (it may ask for more than are kept).
  while (cache.withRows.length > ROWS_KEPT) {
    const old = cache.byT.get(cache.withRows.shift()!);
    if (old) old.customers = null;
  }
  const uni = universeSqlFor(ctx);
  // The component SQL shows the subscription read with the asking segment's flag.
  const componentSqls = meta.componentSqls.map((q) => q.split(meta.readSql).join(uni.sql));
  return { means: out.means, customers: out.customers, used: meta.used, config, notes: meta.notes, sql: [`-- customers\n${uni.sql}`, ...componentSqls].join(';\n'), drill: uni.drill };
}

interface SegmentScores { means: Map<number, number | null>; customers: Map<number, CustomerHealth[]> }
interface ScoredRun {
  /** By segment value (null: the total); 'one' holds ctx's segment only. */
  bySegment: Map<string | null, SegmentScores>;
  used: HealthConfig['components'];
  notes: TextMessage[];
  componentSqls: string[];
  universeSql: string;
  drill: (t: number) => string;
}

/** Scores ctx's segment ('one'), or ctx's and every other segment value of the subscriptions ('all'). */
function scoreRun(ctx: MetricContext, refs: HealthRef[], keep: ReadonlySet<number>, config: HealthConfig, which: 'one' | 'all'): ScoredRun {
  writeRefs(ctx, refs);
  const ids = new CustomerIds();
  let subs: SubscriptionRows | null = null;
  const input: HealthInput = { ctx, refs, ids, subscriptions: () => (subs ??= readSubscriptions(ctx, ids)) };
  const uni = universe(input);
  let segments: Array<{ value: string | null; members: (k: number) => ArrayLike<number> }>;
  if (which === 'all') {
    const rows = input.subscriptions();
    segments = [...new Set([ctx.segmentValue, ...rows.segmentValues()])].map((value) => ({
      value, members: value === ctx.segmentValue ? uni.members : subscriptionMembers(rows, rows.flagsFor(value), refs, ids.size),
    }));
  } else {
    segments = [{ value: ctx.segmentValue, members: uni.members }];
  }
  const notes: TextMessage[] = [...config.problems, msg('note.health.customersScored', { basis: uni.basis })];
  const seen = new Set(notes.map((n) => JSON.stringify(n)));
  const componentSqls: string[] = [];
  const used: HealthConfig['components'] = [];
  const measures: MeasureResult[] = [];
  const dropped: TextMessage[] = [];
  for (const c of config.components) {
    const m = c.measure(input);
    if (!m || 'missing' in m) {
      dropped.push(msg('note.health.droppedComponent', { component: c.label, inputs: m && 'missing' in m ? m.missing : builtinInputs(c.id) }));
      continue;
    }
    used.push(c);
    measures.push(m);
    componentSqls.push(`-- ${c.label}\n${m.sql}`);
    for (const n of m.notes) {
      const key = JSON.stringify(n);
      if (!seen.has(key)) { seen.add(key); notes.push(n); }
    }
  }
  if (dropped.length) {
    const total = used.reduce((s, c) => s + c.weight, 0);
    const weights = used.map((c) => msg('note.health.weight', { component: c.label, weight: total ? { number: (100 * c.weight) / total, fractionDigits: 1 } : 0 }));
    notes.push(msg('note.health.dropped', {
      dropped: messageList(dropped, 'semicolon'),
      weights: weights.length ? messageList(weights, 'comma') : msg('note.health.noComponent'),
    }));
  }
  // Counted measures (events, tickets) are 0 for a customer without rows; others are unknown.
  const zeroWhenMissing = used.map((c) => c.id === 'usage' || c.id === 'support');
  const weight = Float64Array.from(used, (c) => c.weight), bad = Float64Array.from(used, (c) => c.bad), good = Float64Array.from(used, (c) => c.good);
  const J = used.length;
  const out = new Map<string | null, SegmentScores>(segments.map((s) => [s.value, { means: new Map(), customers: new Map() }]));
  const S = segments.length;
  let score = new Float64Array(0), wsum = new Float64Array(0);
  refs.forEach((ref, k) => {
    const members = segments.map((s) => s.members(k));
    const values = measures.map((m) => m.sweep(k));
    const C = ids.size;
    if (score.length < C) { score = new Float64Array(C); wsum = new Float64Array(C); }
    // Every customer's score (NaN: none), then each segment's mean over its members in customer
    // order: simple passes over typed arrays (the same sums, in the same order, as per customer).
    score.fill(0, 0, C);
    wsum.fill(0, 0, C);
    for (let j = 0; j < J; j++) {
      const v = values[j]!, w = weight[j]!, b = bad[j]!, g = good[j]!, zero = zeroWhenMissing[j]!;
      for (let c = 0; c < C; c++) {
        let m = v[c]!;
        if (m !== m) { if (!zero) continue; m = 0; } // NaN: no value
        wsum[c]! += w;
        score[c]! += w * scaleComponent(m, b, g);
      }
    }
    for (let c = 0; c < C; c++) score[c] = wsum[c]! > 0 ? score[c]! / wsum[c]! : NaN;
    const keepRows = keep.has(ref.idx);
    segments.forEach((seg, s) => {
      const member = members[s]!;
      let total = 0, scored = 0;
      for (let c = 0; c < C; c++) {
        const x = score[c]!;
        if (member[c] && x === x) { total += x; scored++; }
      }
      out.get(seg.value)!.means.set(ref.idx, scored ? total / scored : null);
    });
    if (!keepRows) return;
    // The current period's rows: one object per customer, shared by the segments it is in.
    const rows: CustomerHealth[][] = segments.map(() => []);
    for (let c = 0; c < C; c++) {
      let row: CustomerHealth | null = null;
      for (let s = 0; s < S; s++) {
        if (!members[s]![c]) continue;
        if (!row) {
          const x = score[c]!, isScored = x === x;
          const customer = ids.keys[c]!, value = isScored ? x : null, band = isScored ? bandOf(x, config.red, config.green) : null;
          const cells: Array<string | number | null> = new Array(3 + 2 * J);
          cells[0] = customer; cells[1] = value; cells[2] = band;
          for (let j = 0; j < J; j++) {
            let m = values[j]![c]!;
            if (m !== m && zeroWhenMissing[j]) m = 0;
            cells[3 + j] = m === m ? scaleComponent(m, bad[j]!, good[j]!) : null;
            cells[3 + J + j] = m === m ? m : null;
          }
          row = { customer, score: value, band, cells };
        }
        rows[s]!.push(row);
      }
    }
    segments.forEach((seg, s) => {
      out.get(seg.value)!.customers.set(ref.idx, rows[s]!.sort((a, b) => (a.customer < b.customer ? -1 : a.customer > b.customer ? 1 : 0)));
    });
  });
  return { bySegment: out, used, notes, componentSqls, universeSql: uni.sql, drill: uni.drill };
}

/** Reference date of a period: the day after its end, or after the as-of date. */
const refOf = (ctx: MetricContext, p: Period, idx: number): HealthRef => ({ idx, t: Math.min(p.end, asOfEnd(ctx)) });

/** Current health score and band per customer (the grid's computed column). */
export function healthScoresByCustomer(ctx: MetricContext): Map<string, { score: number | null; band: HealthBand | null }> {
  const run = runHealth(ctx, [refOf(ctx, ctx.current, 0)], new Set([0]));
  return new Map((run.customers.get(0) ?? []).map((c) => [c.customer, { score: c.score, band: c.band }]));
}

export const healthMetrics: Array<MetricRecord<HealthReads>> = [
  {
    id: 'health_score', label: 'Customer health score', family: 'health', unit: 'score', defaultStat: 'mean',
    inputs: [
      { dataset: 'subscriptions', fields: ['customer_id', 'start_date'] },
      { dataset: 'mrr_snapshots', fields: ['customer_id', 'month', 'mrr'] },
      { dataset: 'usage_events', fields: ['user_id', 'timestamp'] },
      { dataset: 'survey_responses', fields: ['customer_id', 'score', 'responded_at'] },
      { dataset: 'tickets', fields: ['ticket_id', 'created_at', 'customer_id'] },
      { dataset: 'transactions', fields: ['customer_id', 'date', 'amount'] },
    ],
    params: HEALTH_PARAMS,
    benchmark: bench('health_bands', 'default bands (health.bands)', { good: { min: 70 }, bad: { max: 40 } }),
    ...fixedFormula('health_score'),
    compute: (ctx, f) => healthScore(ctx, f.scored()),
    drill: (ctx, period) => ({ sql: universeDrill(ctx, refOf(ctx, period, 0).t) }),
  },
];

/**
 * Periods whose history is scored: every customer is scored at each reference date, so a long
 * series of short periods (years of days) is cut to the most recent ones, with a note.
 */
export const HEALTH_HISTORY_PERIODS = 36;

/** The health run of the scored periods: its first period index (earlier ones are left empty) and the run. */
interface ScoredHistory { firstScored: number; run: HealthRun }

/** The reads health metrics share, made once on first use. */
interface HealthReads {
  /** Every customer scored at each scored period's reference date (per-customer rows for the current period). */
  scored: () => ScoredHistory;
}

function healthReads(ctx: MetricContext): HealthReads {
  return {
    scored: lazy(() => {
      const firstScored = Math.max(0, ctx.periods.length - HEALTH_HISTORY_PERIODS);
      const refs = ctx.periods.slice(firstScored).map((p, i) => refOf(ctx, p, firstScored + i));
      // A comparison run reads the current mean only: no per-customer rows (the mean is the same).
      return { firstScored, run: runHealth(ctx, refs, ctx.valueOnly ? new Set() : new Set([currentIdx(ctx)])) };
    }),
  };
}

function healthScore(ctx: MetricContext, { firstScored, run }: ScoredHistory): MetricOutput {
  const cur = run.customers.get(currentIdx(ctx)) ?? [];
  const series = seriesOf(ctx, (i) => run.means.get(i) ?? null);
  const counts = { red: 0, yellow: 0, green: 0 };
  for (const c of cur) if (c.band) counts[c.band]++;
  const unscored = cur.filter((c) => c.score == null).length;
  const notes = [...run.notes];
  if (firstScored > 0) notes.push(msg('note.health.historyCut', { n: HEALTH_HISTORY_PERIODS }));
  if (unscored) notes.push(msg('note.health.unscored', { n: unscored }));
  const ids = run.used.map((c) => c.id);
  return {
    series,
    value: series[currentIdx(ctx)]?.value ?? null,
    sql: run.sql,
    stats: { mean: series[currentIdx(ctx)]?.value ?? null, customers: cur.length, ...counts, unscored, components: ids.join(', ') },
    table: {
      columns: ['customer_id', 'score', 'band', ...ids, ...ids.map((id) => `${id}_measure`)],
      rows: cur.map((c) => c.cells),
    },
    ...noteOutput(...notes),
  };
}

export const healthFamily: FamilyModule = defineFamily('health', healthMetrics, healthReads);
