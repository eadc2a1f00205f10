// The product-usage family (METRICS.md §4.6) over `usage_events`. Active-user counts use a rolling
// window: a user is active on day d for window W when they have an event in [d − W + 1, d]. Each
// user's distinct active days (read once, a fraction of the events) form islands per window; island
// starts and ends give per-day deltas whose running sum is the daily count — linear in user-days,
// with no per-day subquery and no window-function sort in SQL.
import { queryValue, type SqlValue } from '../../store/database';
import { nt } from '../context';
import { periodOf, type Period } from '../../../shared/calendar/periods';
import { paramString } from '../params';
import { fixedFormula, formulaOf, msg } from '../formula';
import type { DrillSql, FamilyModule, InputAlternative, MetricContext, MetricOutput } from '../types';
import { defineFamily, lazy, type MetricRecord } from '../family';
import type { TextMessage } from '../../../shared/types';
import { asOfEnd, currentIdx, exampleRowList, inOnePeriod, num, output, ratio, seriesOf } from './support-common';

const UE = nt('usage_events');
const EVENTS: InputAlternative = { dataset: 'usage_events', fields: ['user_id', 'timestamp'] };
const ACCOUNT = 'COALESCE(u.account_id, u.user_id)';
const WINDOWS = { dau: 1, wau: 7, mau: 30 } as const;

type TimeStatistic = 'session_per_user' | 'total_per_user' | 'session';
const timeStatistic = (s: string): TimeStatistic => (s === 'total_per_user' || s === 'session' ? s : 'session_per_user');

export const usageMetrics: Array<MetricRecord<UsageReads>> = [
  ...(['dau', 'wau', 'mau'] as const).map((id): MetricRecord<UsageReads> => ({
    id, label: { dau: 'Daily active users', wau: 'Weekly active users', mau: 'Monthly active users' }[id], family: 'usage', unit: 'count',
    inputs: [EVENTS],
    ...fixedFormula(id),
    compute: (ctx, f) => activeUsers(ctx, f, id),
    drill: (ctx, period) => activeDrill(ctx, period, WINDOWS[id]),
  })),
  {
    id: 'stickiness', label: 'Stickiness (DAU/MAU)', family: 'usage', unit: 'ratio', inputs: [EVENTS],
    ...fixedFormula('stickiness'),
    compute: (ctx, f) => stickiness(ctx, f),
    drill: (ctx, period) => activeDrill(ctx, period, WINDOWS.mau),
  },
  {
    id: 'active_accounts', label: 'Active accounts', family: 'usage', unit: 'count', inputs: [EVENTS],
    ...fixedFormula('active_accounts'),
    compute: (ctx, f) => activeAccounts(ctx, f.events()),
    drill: (ctx, period) => eventsDrill(ctx, inOnePeriod('u.timestamp_day', ctx, period)),
  },
  {
    id: 'product_usage_rate', label: 'Product usage rate', family: 'usage', unit: 'ratio', inputs: [EVENTS], params: ['usage.ideal'],
    ...formulaOf((p) => msg(`formula.product_usage_rate.${ideal(paramString(p, 'usage.ideal'))}`)),
    variant: (p) => ideal(paramString(p, 'usage.ideal')),
    compute: (ctx, f) => productUsageRate(ctx, f.events(), f.first()),
    drill: (ctx, period) => eventsDrill(ctx, inOnePeriod('u.timestamp_day', ctx, period)),
  },
  {
    id: 'time_on_platform', label: 'Time on platform', family: 'usage', unit: 'duration',
    inputs: [{ dataset: 'usage_events', fields: ['user_id', 'timestamp', 'duration'] }, { dataset: 'usage_events', fields: ['user_id', 'timestamp', 'session_end'] }],
    params: ['usage.time_on_platform'], defaultStat: 'mean',
    ...formulaOf((p) => msg(`formula.time_on_platform.${timeStatistic(paramString(p, 'usage.time_on_platform'))}`)),
    variant: (p) => timeStatistic(paramString(p, 'usage.time_on_platform')),
    compute: (ctx, f) => timeOnPlatform(ctx, f.events()),
    drill: (ctx, period) => eventsDrill(ctx, `${inOnePeriod('u.timestamp_day', ctx, period)} AND (u.duration >= 0 OR u.session_end >= u."timestamp")`),
  },
  {
    id: 'feature_adoption', label: 'Feature adoption', family: 'usage', unit: 'ratio',
    inputs: [{ dataset: 'usage_events', fields: ['user_id', 'timestamp', 'feature'] }],
    ...fixedFormula('feature_adoption'),
    compute: (ctx, f) => featureAdoption(ctx, f.events()),
    drill: (ctx, period) => eventsDrill(ctx, inOnePeriod('u.timestamp_day', ctx, period)),
  },
];

function ideal(s: string): 'daily' | 'weekly' | 'monthly' {
  return s === 'daily' || s === 'monthly' ? s : 'weekly';
}
function idealWord(s: string): string {
  return { daily: 'day', weekly: 'week (ISO, Monday)', monthly: 'calendar month' }[ideal(s)];
}

/** First event day of the whole table (all segments), so every segment averages over the same days. */
function firstEventDay(ctx: MetricContext): number | null {
  return num(queryValue(ctx.db, `SELECT MIN(timestamp_day) FROM ${UE}`));
}

/** Days of a period over which daily values are averaged: [from, to). */
function periodDays(ctx: MetricContext, p: Period, first: number): { from: number; to: number } {
  return { from: Math.max(p.start, first), to: Math.min(p.end, asOfEnd(ctx)) };
}

/** Session duration expression (seconds): duration, else session_end − timestamp. */
function durationSql(ctx: MetricContext): string | null {
  const d = ctx.has('usage_events', 'duration'), e = ctx.has('usage_events', 'session_end');
  return d ? (e ? 'COALESCE(u.duration, u.session_end - u."timestamp")' : 'u.duration') : e ? 'u.session_end - u."timestamp"' : null;
}

/** Every event of the segment before the as-of end, read once for all the family's metrics. */
function eventsSql(ctx: MetricContext): string {
  const dur = durationSql(ctx);
  return `SELECT u.user_id AS uid, u.timestamp_day AS day, ${ACCOUNT} AS acc, ${dur ?? 'NULL'} AS dur, ${ctx.has('usage_events', 'feature') ? 'u.feature' : 'NULL'} AS feature
FROM ${UE} u WHERE ${ctx.segFilter('u')} AND u.timestamp_day < ${asOfEnd(ctx)}`;
}

interface Events {
  /** Each user's distinct active days, ascending (users without an id are not users). */
  userDays: Float64Array[];
  /** Per period: the events in it (account, user, duration, feature). */
  byPeriod: Array<{ day: number[]; acc: SqlValue[]; uid: SqlValue[]; dur: Array<number | null>; feature: SqlValue[] }>;
}

function readEvents(ctx: MetricContext): Events {
  const byUser = new Map<SqlValue, number[]>();
  const byPeriod: Events['byPeriod'] = ctx.periods.map(() => ({ day: [], acc: [], uid: [], dur: [], feature: [] }));
  const starts = ctx.periods.map((p) => p.start);
  const stmt = ctx.db.prepare(eventsSql(ctx));
  try {
    while (stmt.step()) {
      const [uid = null, rawDay, acc = null, dur, feature = null] = stmt.get();
      const day = num(rawDay);
      if (day == null) continue;
      if (uid != null) {
        let days = byUser.get(uid);
        if (!days) byUser.set(uid, (days = []));
        days.push(day);
      }
      // period holding the day (periods are consecutive)
      let lo = 0, hi = starts.length - 1, found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid]! <= day) { found = mid; lo = mid + 1; } else hi = mid - 1;
      }
      if (found < 0 || day >= ctx.periods[found]!.end) continue;
      const e = byPeriod[found]!;
      e.day.push(day); e.acc.push(acc); e.uid.push(uid); e.dur.push(num(dur)); e.feature.push(feature);
    }
  } finally {
    stmt.free();
  }
  return { userDays: [...byUser.values()].map((days) => Float64Array.from(days).sort()), byPeriod };
}

/**
 * Active users per day for window w over [from, to): each user's active days form islands (a new
 * one where the gap to the previous active day exceeds w); an island from s to its last day l makes
 * the user active over [s, l + w), so per-day deltas (+1 at s, −1 at l + w) summed give the counts.
 */
function activePerDay(userDays: Float64Array[], w: number, from: number, to: number): Float64Array {
  const delta = new Float64Array(Math.max(0, to - from) + 1);
  const mark = (day: number, d: number) => { if (day < to) delta[Math.max(0, day - from)]! += d; };
  for (const days of userDays) {
    let start = NaN, last = NaN;
    for (const day of days) {
      if (day === last) continue;
      if (Number.isNaN(last) || day - last > w) {
        if (!Number.isNaN(last)) { mark(start, 1); mark(last + w, -1); }
        start = day;
      }
      last = day;
    }
    if (!Number.isNaN(last)) { mark(start, 1); mark(last + w, -1); }
  }
  let running = 0;
  for (let i = 0; i < delta.length; i++) delta[i] = running += delta[i]!;
  return delta;
}

/** Means of the daily active users over each period's days. */
function rollingMeans(ctx: MetricContext, userDays: Float64Array[], w: number, first: number): { means: Array<number | null>; onAsOf: number } {
  const from = Math.min(first, ...ctx.periods.map((p) => p.start));
  const active = activePerDay(userDays, w, from, asOfEnd(ctx));
  const means = ctx.periods.map((p) => {
    const r = periodDays(ctx, p, first);
    if (r.to <= r.from) return null;
    let sum = 0;
    for (let d = r.from; d < r.to; d++) sum += active[d - from]!;
    return sum / (r.to - r.from);
  });
  return { means, onAsOf: active[ctx.asOfDay - from] ?? 0 };
}

/** The reads usage metrics share, each made once on first use. */
interface UsageReads {
  /** First event day of the whole table; with no event at all, the first period's start (every day counts with zero active users). */
  first: () => number;
  events: () => Events;
  /** Per window (dau, wau, mau): the means of the daily active users over each period's days. */
  rolling: Record<keyof typeof WINDOWS, () => { means: Array<number | null>; onAsOf: number }>;
}

function usageReads(ctx: MetricContext): UsageReads {
  const first = lazy(() => firstEventDay(ctx) ?? ctx.periods[0]?.start ?? ctx.asOfDay);
  const events = lazy(() => readEvents(ctx));
  const rollingOf = (id: keyof typeof WINDOWS) => lazy(() => rollingMeans(ctx, events().userDays, WINDOWS[id], first()));
  return { first, events, rolling: { dau: rollingOf('dau'), wau: rollingOf('wau'), mau: rollingOf('mau') } };
}

/** The SQL shown for the active-user counts (their computation in words, then the events read). */
function activeUsersSql(ctx: MetricContext): string {
  return `-- distinct (user, day) pairs; per user, islands of days closer than the window; `
    + `+1 at each island's first day, −1 at its last day + window; running sum = active users per day\n${eventsSql(ctx)}`;
}

function activeUsers(ctx: MetricContext, f: UsageReads, id: keyof typeof WINDOWS): MetricOutput {
  const r = periodDays(ctx, ctx.current, f.first());
  const daysNow = Math.max(0, r.to - r.from);
  const { means, onAsOf } = f.rolling[id]();
  return output(ctx, seriesOf(ctx, (i) => means[i] ?? null), `-- window ${WINDOWS[id]} day${WINDOWS[id] === 1 ? '' : 's'}\n${activeUsersSql(ctx)}`, {
    stats: { days_averaged: daysNow, on_as_of_date: onAsOf },
    notes: [msg('note.usage.activeMean')],
  });
}

function stickiness(ctx: MetricContext, f: UsageReads): MetricOutput {
  const dau = f.rolling.dau().means, mau = f.rolling.mau().means;
  return output(ctx, seriesOf(ctx, (i) => ratio(dau[i] ?? null, mau[i] ?? null)), `-- windows 1 and 30 days\n${activeUsersSql(ctx)}`, {
    stats: { mean_dau: dau[currentIdx(ctx)] ?? null, mean_mau: mau[currentIdx(ctx)] ?? null },
  });
}

/** Distinct non-null values (SQL COUNT(DISTINCT …)). */
function countDistinct(values: SqlValue[]): number {
  const set = new Set<SqlValue>();
  for (const v of values) if (v != null) set.add(v);
  return set.size;
}

function activeAccounts(ctx: MetricContext, events: Events): MetricOutput {
  const counts = events.byPeriod.map((e) => ({ accounts: countDistinct(e.acc), users: countDistinct(e.uid) }));
  const c = counts[currentIdx(ctx)];
  const sql = `-- per period: distinct accounts and distinct users among the events in it\n${eventsSql(ctx)}`;
  return output(ctx, seriesOf(ctx, (i) => counts[i]?.accounts ?? 0), sql, {
    stats: { accounts: c?.accounts ?? 0, users: c?.users ?? 0 },
    notes: ctx.has('usage_events', 'account_id') ? [] : [msg('note.usage.accountNotMapped')],
  });
}

/** Starts of the usage.ideal intervals of a period's days [from, to): days, ISO weeks or calendar months, clipped. */
function intervalStarts(ctx: MetricContext, kind: 'daily' | 'weekly' | 'monthly', from: number, to: number): number[] {
  const starts: number[] = [];
  for (let d = from; d < to;) {
    starts.push(d);
    d = Math.min(kind === 'daily' ? d + 1 : kind === 'weekly' ? periodOf(d, 'week').end : periodOf(d, 'month', ctx.calendar).end, to);
  }
  return starts;
}

function productUsageRate(ctx: MetricContext, events: Events, first: number): MetricOutput {
  const kind = ideal(paramString(ctx.params, 'usage.ideal'));
  // Per period: the intervals each account (events without one together, as SQL groups them) has an event in.
  const perPeriod = ctx.periods.map((p, i) => {
    const { from, to } = periodDays(ctx, p, first);
    const starts = intervalStarts(ctx, kind, from, to);
    const e = events.byPeriod[i]!;
    const seen = new Map<SqlValue, Set<number>>();
    e.day.forEach((day, j) => {
      if (day < from || day >= to) return;
      let lo = 0, hi = starts.length - 1;
      while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid]! <= day) lo = mid; else hi = mid - 1; }
      const acc = e.acc[j]!;
      let set = seen.get(acc);
      if (!set) seen.set(acc, (set = new Set()));
      set.add(lo);
    });
    let every = 0;
    for (const set of seen.values()) if (set.size === starts.length) every++;
    return { every_interval: every, active: seen.size, intervals: seen.size ? starts.length : 0 };
  });
  const sql = `-- per period: its ${idealWord(kind)} intervals (clipped to the first event and the as-of date); `
    + `accounts with an event in each of them ÷ accounts with an event in any\n${eventsSql(ctx)}`;
  const c = perPeriod[currentIdx(ctx)];
  return output(ctx, seriesOf(ctx, (i) => ratio(perPeriod[i]?.every_interval ?? 0, perPeriod[i]?.active ?? 0)), sql, {
    stats: { every_interval: c?.every_interval ?? 0, active: c?.active ?? 0, intervals: c?.intervals ?? 0 },
    notes: [msg(`note.idealUsage.${ideal(kind)}`)],
  });
}

function timeOnPlatform(ctx: MetricContext, events: Events): MetricOutput {
  const dur = durationSql(ctx)!;
  // Per period: per user (users without an id together, as SQL groups them) total and sessions.
  const perPeriod = events.byPeriod.map((e) => {
    const byUser = new Map<SqlValue, { total: number; sessions: number }>();
    e.dur.forEach((d, i) => {
      if (d == null || !(d >= 0)) return;
      const u = e.uid[i]!;
      const t = byUser.get(u);
      if (t) { t.total += d; t.sessions++; } else byUser.set(u, { total: d, sessions: 1 });
    });
    if (!byUser.size) return null;
    let perSession = 0, total = 0, sessions = 0;
    for (const t of byUser.values()) { perSession += t.total / t.sessions; total += t.total; sessions += t.sessions; }
    const users = byUser.size;
    return { session_per_user: perSession / users, total_per_user: total / users, session: total / sessions, users, sessions };
  });
  const sql = `-- per period: per user Σ duration and sessions (duration ≥ 0); mean over users of total ÷ sessions, `
    + `mean over users of total, Σ total ÷ Σ sessions; duration = ${dur}\n${eventsSql(ctx)}`;
  const stat = timeStatistic(paramString(ctx.params, 'usage.time_on_platform'));
  const current = events.byPeriod[currentIdx(ctx)];
  const without = current ? current.dur.filter((d) => d == null).length : 0;
  const excludedWhere = `FROM ${UE} u WHERE ${ctx.segFilter('u')} AND ${inOnePeriod('u.timestamp_day', ctx, ctx.current)} AND NOT (${dur} >= 0)`;
  const negative = current ? current.dur.filter((d) => d != null && !(d >= 0)).length : 0;
  const c = perPeriod[currentIdx(ctx)];
  const notes: TextMessage[] = [];
  if (without) notes.push(msg('note.usage.withoutDuration', { n: without }));
  if (negative) notes.push(msg('note.usage.negativeSessions', { n: negative, rows: exampleRowList(ctx, `SELECT u._src AS _src, u._row AS _row ${excludedWhere}`) }));
  return output(ctx, seriesOf(ctx, (i) => perPeriod[i]?.[stat] ?? null), sql, {
    stats: {
      mean: c?.[stat] ?? null, session_per_user: c?.session_per_user ?? null, total_per_user: c?.total_per_user ?? null,
      mean_session: c?.session ?? null, users: c?.users ?? 0, sessions: c?.sessions ?? 0,
    },
    notes,
  });
}

function featureAdoption(ctx: MetricContext, events: Events): MetricOutput {
  const per = events.byPeriod.map((e) => {
    const active = countDistinct(e.acc);
    const byFeature = new Map<SqlValue, Set<SqlValue>>();
    e.feature.forEach((f, i) => {
      if (f == null) return;
      let accs = byFeature.get(f);
      if (!accs) byFeature.set(f, (accs = new Set()));
      if (e.acc[i] != null) accs.add(e.acc[i]!);
    });
    return [...byFeature].map(([f, accs]) => ({ feature: String(f), accounts: accs.size, active }));
  });
  const sql = `-- per period: distinct accounts per feature ÷ distinct accounts with any event\n${eventsSql(ctx)}`;
  const meanShare = (i: number) => {
    const list = per[i] ?? [];
    return list.length ? list.reduce((s, f) => s + f.accounts / f.active, 0) / list.length : null;
  };
  const cur = (per[currentIdx(ctx)] ?? []).sort((a, b) => b.accounts - a.accounts || (a.feature < b.feature ? -1 : 1));
  return output(ctx, seriesOf(ctx, meanShare), sql, {
    stats: { features: cur.length, active_accounts: cur[0]?.active ?? 0, top_feature: cur[0]?.feature ?? null },
    table: { columns: ['feature', 'accounts', 'share_of_active_accounts'], rows: cur.map((f) => [f.feature, f.accounts, ratio(f.accounts, f.active)]) },
  });
}

/** Drill SQL: the current segment's events matching a condition. */
function eventsDrill(ctx: MetricContext, cond: string): DrillSql {
  return { sql: `SELECT u._src AS _src, u._row AS _row FROM ${UE} u WHERE ${ctx.segFilter('u')} AND ${cond} ORDER BY u._src, u._row` };
}

/** Drill SQL of an active-user count over window w: the events that make a user active on some day of the period, from w − 1 days before it. */
function activeDrill(ctx: MetricContext, period: Period, w: number): DrillSql {
  return eventsDrill(ctx, `u.timestamp_day >= ${period.start - (w - 1)} AND u.timestamp_day < ${Math.min(period.end, asOfEnd(ctx))}`);
}

export const usageFamily: FamilyModule = defineFamily('usage', usageMetrics, usageReads);
