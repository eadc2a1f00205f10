
// The support family (METRICS.md §4.4) over `tickets` and `calls`: volumes and channel mix, first
// response and resolution times, targets, first-contact resolution, backlog, replies, reopens,
// answered calls, the agent leaderboard and generic category counts (self-service, social).
// Activities are counted in the period they happen in (tickets by created_at, resolutions by
// resolved_at); the backlog is a balance at the period's end (or the as-of date).
import { bench } from '../benchmarks';
import { literal, queryAll, type Row } from '../../store/database';
import { nt } from '../context';
import { isoFromDay, type Period } from '../../../shared/calendar/periods';
import { paramNumber, paramString } from '../params';
import { durationMessage, fixedFormula, formulaOf, msg, noteOutput } from '../formula';
import type { TextMessage } from '../../../shared/types';
import type { DrillSql, FamilyModule, InputAlternative, MetricContext, MetricOutput, Params } from '../types';
import { defineFamily, lazy, type MetricRecord } from '../family';
import { canonicalChannel, frtTarget } from './support-channels';
import {
  SECONDS_PER_DAY, asOfEnd, clean, currentIdx, exampleRowList, inOnePeriod, inPeriod, meanMedianSql, num, output, periodCut, ratio,
  rowsByPeriod, seriesOf, str, sumDaysByPeriod,
} from './support-common';
import { agentLeaderboard } from './support-leaderboard';
import { fcrSql, resolutionOf, resolvedInOnePeriod, resolvedInPeriod, type FcrSql, type Resolution } from './support-tickets';

const TK = nt('tickets');
const CALLS = nt('calls');
const tickets = (...fields: string[]): InputAlternative => ({ dataset: 'tickets', fields: ['ticket_id', 'created_at', ...fields] });

/** Per raw channel, the first-response target in seconds, as an SQL CASE on alias t. */
function targetCase(ctx: MetricContext): { expr: string; targets: Map<string, { seconds: number; channel: string }> } {
  const targets = new Map<string, { seconds: number; channel: string }>();
  const whens: string[] = [];
  if (ctx.has('tickets', 'channel')) {
    for (const r of queryAll(ctx.db, `SELECT DISTINCT channel FROM ${TK} WHERE channel IS NOT NULL`)) {
      const raw = String(r.channel);
      const t = frtTarget(ctx.params, raw);
      targets.set(raw, t);
      whens.push(`WHEN ${literal(raw)} THEN ${t.seconds}`);
    }
  }
  const fallback = frtTarget(ctx.params, null).seconds;
  return { expr: whens.length ? `(CASE t.channel ${whens.join(' ')} ELSE ${fallback} END)` : String(fallback), targets };
}

export const supportMetrics: Array<MetricRecord<SupportReads>> = [
  {
    id: 'ticket_volume', accrues: true, better: 'neither', label: 'Ticket volume', family: 'support', unit: 'count', inputs: [tickets()],
    ...fixedFormula('ticket_volume'),
    compute: (ctx, f) => ticketVolume(ctx, f.created()),
    drill: (ctx, period) => ticketsDrill(ctx, inOnePeriod('t.created_at_day', ctx, period)),
  },
  {
    id: 'channel_mix', better: 'neither', label: 'Channel mix', family: 'support', unit: 'ratio', inputs: [tickets('channel')],
    ...fixedFormula('channel_mix'),
    compute: (ctx) => channelMix(ctx),
    drill: (ctx, period) => ticketsDrill(ctx, inOnePeriod('t.created_at_day', ctx, period)),
  },
  {
    id: 'first_response_time', better: 'lower', label: 'First response time', family: 'support', unit: 'duration', defaultStat: 'mean',
    inputs: [tickets('first_response_at')],
    ...fixedFormula('first_response_time'),
    compute: (ctx, f) => firstResponseTime(ctx, f.created()),
    drill: (ctx, period) => ticketsDrill(ctx, `${inOnePeriod('t.created_at_day', ctx, period)} AND t.first_response_at >= t.created_at`),
  },
  {
    id: 'frt_target_met', label: 'First response within target', family: 'support', unit: 'ratio',
    inputs: [tickets('first_response_at')],
    params: ['frt.target.email', 'frt.target.web_form', 'frt.target.phone', 'frt.target.social', 'frt.target.chat', 'frt.target.default'],
    benchmark: bench('frt_targets', 'customer-service guides'),
    ...formulaOf((p) => msg('formula.frt_target_met', {
      email: durationMessage(num2(p, 'frt.target.email')), web_form: durationMessage(num2(p, 'frt.target.web_form')),
      phone: durationMessage(num2(p, 'frt.target.phone')), social: durationMessage(num2(p, 'frt.target.social')),
      chat: durationMessage(num2(p, 'frt.target.chat')), other: durationMessage(num2(p, 'frt.target.default')),
    })),
    compute: (ctx, f) => frtTargetMet(ctx, f.created(), f.target()),
    drill: (ctx, period) => ticketsDrill(ctx, inOnePeriod('t.created_at_day', ctx, period)),
  },
  {
    id: 'resolution_time', better: 'lower', label: 'Resolution time', family: 'support', unit: 'duration', defaultStat: 'mean',
    inputs: [tickets('resolved_at')],
    ...fixedFormula('resolution_time'),
    compute: (ctx, f) => resolutionTime(ctx, f.resolved()!),
    drill: (ctx, period) => ticketsDrill(ctx, `${inOnePeriod('t.resolved_at_day', ctx, period)} AND t.resolved_at >= t.created_at`),
  },
  {
    id: 'handle_time', better: 'lower', label: 'Handle time', family: 'support', unit: 'duration', defaultStat: 'mean',
    inputs: [tickets('handle_time')],
    ...fixedFormula('handle_time'),
    compute: (ctx, f) => handleTime(ctx, f.created()),
    drill: (ctx, period) => ticketsDrill(ctx, `${inOnePeriod('t.created_at_day', ctx, period)} AND t.handle_time >= 0`),
  },
  {
    id: 'fcr_rate', label: 'First contact resolution', family: 'support', unit: 'ratio',
    inputs: [tickets('first_contact_resolved'), tickets('contacts'), tickets('agent_replies')],
    params: ['fcr.denominator'],
    ...formulaOf((p) => msg(`formula.fcr_rate.${paramString(p, 'fcr.denominator') === 'resolved' ? 'resolved' : 'all'}`)),
    variant: (p) => (paramString(p, 'fcr.denominator') === 'resolved' ? 'resolved' : 'all'),
    compute: (ctx, f) => fcrRate(ctx, f.created(), f.fcr()!, f.res()),
    drill: (ctx, period, f) => ticketsDrill(ctx, `${inOnePeriod('t.created_at_day', ctx, period)} AND ${f.fcr()!.known} = 1`),
  },
  {
    id: 'resolution_rate', label: 'Resolution rate', family: 'support', unit: 'ratio',
    inputs: [tickets('resolved_at'), tickets('status')],
    ...fixedFormula('resolution_rate'),
    compute: (ctx, f) => resolutionRate(ctx, f.created(), f.resolved()!, f.res()!),
    drill: (ctx, period, f) => ticketsDrill(ctx, `(${inOnePeriod('t.created_at_day', ctx, period)} OR (${resolvedInOnePeriod(ctx, f.res()!, period)}))`),
  },
  {
    id: 'backlog', better: 'lower', label: 'Backlog', family: 'support', unit: 'count',
    inputs: [tickets('resolved_at'), tickets('status')], params: ['backlog.age'],
    ...formulaOf((p) => msg('formula.backlog', { age: durationMessage(num2(p, 'backlog.age')) })),
    compute: (ctx, f) => backlog(ctx, f.res()!),
    drill: (ctx, period, f) => ticketsDrill(ctx, backlogCond(ctx, f.res()!, `${Math.min(period.end, asOfEnd(ctx)) * SECONDS_PER_DAY}`)),
  },
  {
    id: 'replies_per_resolution', better: 'lower', label: 'Replies per resolution', family: 'support', unit: 'count',
    inputs: [tickets('agent_replies', 'resolved_at'), tickets('agent_replies', 'status')], params: ['replies.count'],
    ...formulaOf((p) => msg(`formula.replies_per_resolution.${paramString(p, 'replies.count') === 'agent' ? 'agent' : 'both'}`)),
    variant: (p) => (paramString(p, 'replies.count') === 'agent' ? 'agent' : 'both'),
    compute: (ctx, f) => repliesPerResolution(ctx, f.resolved()!, f.res()!),
    drill: (ctx, period, f) => ticketsDrill(ctx, resolvedInOnePeriod(ctx, f.res()!, period)),
  },
  {
    id: 'reopen_rate', better: 'lower', label: 'Reopen rate', family: 'support', unit: 'ratio',
    inputs: [tickets('reopened', 'resolved_at'), tickets('reopened', 'status')],
    ...fixedFormula('reopen_rate'),
    compute: (ctx, f) => reopenRate(ctx, f.resolved()!),
    drill: (ctx, period, f) => ticketsDrill(ctx, resolvedInOnePeriod(ctx, f.res()!, period)),
  },
  {
    id: 'answered_call_rate', label: 'Answered call rate', family: 'support', unit: 'ratio',
    inputs: [{ dataset: 'calls', fields: ['call_id', 'received_at', 'answered'] }, { dataset: 'calls', fields: ['call_id', 'received_at', 'answered_at'] }],
    ...fixedFormula('answered_call_rate'),
    compute: (ctx) => answeredCallRate(ctx),
    drill: (ctx, period) => ({
      sql: `SELECT c._src AS _src, c._row AS _row FROM ${CALLS} c WHERE ${ctx.segFilter('c')} AND ${inOnePeriod('c.received_at_day', ctx, period)} ORDER BY c._src, c._row`,
    }),
  },
  {
    id: 'average_speed_of_answer', better: 'lower', label: 'Average speed of answer', family: 'support', unit: 'duration', defaultStat: 'mean',
    inputs: [{ dataset: 'calls', fields: ['call_id', 'received_at', 'answered', 'wait_time'] }, { dataset: 'calls', fields: ['call_id', 'received_at', 'answered_at'] }],
    ...fixedFormula('average_speed_of_answer'),
    compute(ctx) {
      // The phone system's own wait time when mapped; otherwise answered_at − received_at.
      const wait = ctx.has('calls', 'wait_time') ? (ctx.has('calls', 'answered_at') ? 'COALESCE(c.wait_time, c.answered_at - c.received_at)' : 'c.wait_time')
        : 'c.answered_at - c.received_at';
      const from = `FROM tmp_periods p JOIN ${CALLS} c ON ${inPeriod('c.received_at_day', ctx)}
  WHERE ${ctx.segFilter('c')} AND ${ANSWERED} = 1`;
      const rowsSql = `SELECT p.idx AS idx, ${wait} AS x\n  ${from} AND ${wait} >= 0`;
      const countsSql = `SELECT p.idx AS idx, COUNT(*) AS answered,
  SUM(CASE WHEN ${wait} IS NULL THEN 1 ELSE 0 END) AS without_wait, SUM(CASE WHEN ${wait} < 0 THEN 1 ELSE 0 END) AS negative_wait
  ${from}
  GROUP BY p.idx`;
      const counts: Facts = { rows: rowsByPeriod(ctx, countsSql), sql: countsSql };
      const i = currentIdx(ctx);
      const unknown = count(counts, i, 'without_wait'), negative = count(counts, i, 'negative_wait');
      const notes = [
        ...(unknown ? [msg('note.answeredWithoutWait', { n: unknown })] : []),
        ...(negative ? [msg('note.negativeWait', { n: negative })] : []),
      ];
      return durationOutput(ctx, rowsSql, counts, { answered: 'answered', without_wait: 'without_wait', negative_wait: 'negative_wait' }, notes);
    },
    drill: (ctx, period) => ({
      sql: `SELECT c._src AS _src, c._row AS _row FROM ${CALLS} c WHERE ${ctx.segFilter('c')} AND ${inOnePeriod('c.received_at_day', ctx, period)} AND ${ANSWERED} = 1 ORDER BY c._src, c._row`,
    }),
  },
  {
    id: 'agent_leaderboard', label: 'Agent leaderboard', family: 'support', unit: 'table', kind: 'table',
    inputs: [tickets('agent')], params: ['fcr.denominator', 'csat.positive_min'],
    ...fixedFormula('agent_leaderboard'),
    compute: (ctx, f) => agentLeaderboard(ctx, f.res(), f.fcr()),
    drill: (ctx, period) => ticketsDrill(ctx, `${inOnePeriod('t.created_at_day', ctx, period)} AND t.agent IS NOT NULL`),
  },
  {
    id: 'self_service_usage', accrues: true, better: 'neither', label: 'Self-service usage', family: 'support', unit: 'count',
    inputs: [tickets('channel'), { dataset: 'usage_events', fields: ['user_id', 'timestamp', 'feature'] }],
    ...fixedFormula('self_service_usage'),
    compute: (ctx) => categoryCounts(ctx, 'self_service'),
    drill: (ctx, period) => categoryDrill(ctx, 'self_service', period),
  },
  {
    id: 'social_mentions', accrues: true, better: 'neither', label: 'Social mentions', family: 'support', unit: 'count', inputs: [tickets('channel')],
    ...fixedFormula('social_mentions'),
    compute: (ctx) => categoryCounts(ctx, 'social'),
    drill: (ctx, period) => categoryDrill(ctx, 'social', period),
  },
];

/** The reads support metrics share, each made once on first use. */
interface SupportReads {
  res: () => Resolution | null;
  fcr: () => FcrSql | null;
  target: () => ReturnType<typeof targetCase>;
  /** Facts of the tickets created in each period. */
  created: () => Facts;
  /** Facts of the tickets resolved in each period; null when resolution is unknown. */
  resolved: () => Facts | null;
}

function supportReads(ctx: MetricContext): SupportReads {
  const res = lazy(() => resolutionOf(ctx));
  const fcr = lazy(() => fcrSql(ctx, res()));
  const target = lazy(() => targetCase(ctx));
  const created = lazy((): Facts => {
    const sql = createdFactsSql(ctx, fcr(), target().expr, res());
    return { rows: rowsByPeriod(ctx, sql), sql };
  });
  const resolved = lazy((): Facts | null => {
    const r = res();
    if (!r) return null;
    const sql = resolvedFactsSql(ctx, r);
    return { rows: rowsByPeriod(ctx, sql), sql };
  });
  return { res, fcr, target, created, resolved };
}

/** Drill SQL: the current segment's tickets matching a condition. */
function ticketsDrill(ctx: MetricContext, cond: string): DrillSql {
  return { sql: `SELECT t._src AS _src, t._row AS _row FROM ${TK} t WHERE ${ctx.segFilter('t')} AND ${cond} ORDER BY t._src, t._row` };
}

function categoryDrill(ctx: MetricContext, kind: 'self_service' | 'social', period: Period): DrillSql | null {
  const sources = categorySources(ctx, kind);
  return sources.length ? { sql: sources.map((s) => s.drill(period)).join('\nUNION ALL\n') } : null;
}

function num2(p: Params, id: string): number {
  return paramNumber(p, id) ?? 0;
}

/**
 * Per-period counts of the tickets created in each period, for every support metric anchored on
 * creation (volume, responses, targets, handle times, first-contact resolution): one pass.
 */
function createdFactsSql(ctx: MetricContext, fcr: FcrSql | null, targetExpr: string, res: Resolution | null): string {
  const cols = ['COUNT(*) AS tickets'];
  const sum = (cond: string, name: string) => cols.push(`SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END) AS ${name}`);
  if (ctx.has('tickets', 'first_response_at')) {
    const now = asOfEnd(ctx) * SECONDS_PER_DAY;
    const resp = 't.first_response_at - t.created_at';
    sum('t.first_response_at >= t.created_at', 'responded');
    sum('t.first_response_at IS NULL', 'unanswered');
    sum('t.first_response_at < t.created_at', 'response_before_creation');
    sum(`t.first_response_at >= t.created_at AND ${resp} <= ${targetExpr}`, 'frt_met');
    sum(`(t.first_response_at >= t.created_at AND ${resp} > ${targetExpr}) OR (t.first_response_at IS NULL AND ${now} - t.created_at > ${targetExpr})`, 'frt_missed');
    sum(`t.first_response_at IS NULL AND ${now} - t.created_at <= ${targetExpr}`, 'frt_pending');
  }
  if (ctx.has('tickets', 'handle_time')) {
    sum('t.handle_time >= 0', 'handle_tickets');
    sum('t.handle_time IS NULL', 'without_handle_time');
    sum('t.handle_time < 0', 'handle_negative');
  }
  if (fcr) {
    const onlyResolved = paramString(ctx.params, 'fcr.denominator') === 'resolved';
    const inDen = onlyResolved ? `${fcr.known} = 1 AND (${res ? res.cond : '1 = 1'} OR ${fcr.fcr} = 1)` : `${fcr.known} = 1`;
    sum(`${inDen} AND ${fcr.fcr} = 1`, 'resolved_first_contact');
    sum(inDen, 'fcr_denominator');
    sum(`${fcr.known} = 0`, 'fcr_unknown');
  }
  return `SELECT p.idx AS idx,\n  ${cols.join(',\n  ')}
FROM tmp_periods p JOIN ${TK} t ON ${inPeriod('t.created_at_day', ctx)}
WHERE ${ctx.segFilter('t')}
GROUP BY p.idx`;
}

/** Per-period facts of the tickets resolved in each period (resolution, replies, reopens): one pass. */
function resolvedFactsSql(ctx: MetricContext, res: Resolution): string {
  const cols = ['COUNT(*) AS resolved'];
  const sum = (cond: string, name: string) => cols.push(`SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END) AS ${name}`);
  if (res.day) {
    sum('t.resolved_at >= t.created_at', 'resolved_after_creation');
    sum('t.resolved_at < t.created_at', 'resolved_before_creation');
  }
  if (ctx.has('tickets', 'agent_replies')) {
    sum('t.agent_replies IS NOT NULL', 'with_replies');
    cols.push(`AVG(${repliesExpr(ctx)}) AS mean_replies`);
  }
  if (ctx.has('tickets', 'reopened')) sum('t.reopened > 0', 'reopened');
  return `SELECT p.idx AS idx,\n  ${cols.join(',\n  ')}
FROM tmp_periods p JOIN ${TK} t ON ${resolvedInPeriod(ctx, res)}
WHERE ${ctx.segFilter('t')}
GROUP BY p.idx`;
}

/** Replies of a ticket per replies.count (agent + customer, or agent only); NULL when agent replies are unknown. */
function repliesExpr(ctx: MetricContext): string {
  const withCustomer = paramString(ctx.params, 'replies.count') !== 'agent' && ctx.has('tickets', 'customer_replies');
  return withCustomer ? 't.agent_replies + COALESCE(t.customer_replies, 0)' : 't.agent_replies';
}

interface Facts { rows: Map<number, Row>; sql: string }

/** A count from a facts row (0 when the period has no row). */
const count = (f: Facts, i: number, col: string): number => num(f.rows.get(i)?.[col]) ?? 0;

function ticketVolume(ctx: MetricContext, created: Facts): MetricOutput {
  const series = seriesOf(ctx, (i) => count(created, i, 'tickets'));
  const dims = (['channel', 'request_type'] as const).filter((d) => ctx.has('tickets', d));
  const rows: Array<Array<string | number | null>> = [];
  const total = series[currentIdx(ctx)]?.value ?? 0;
  for (const d of dims) {
    const q = `SELECT COALESCE(t.${d}, '(blank)') AS v, COUNT(*) AS n FROM ${TK} t
WHERE ${ctx.segFilter('t')} AND ${inOnePeriod('t.created_at_day', ctx, ctx.current)} GROUP BY COALESCE(t.${d}, '(blank)') ORDER BY n DESC, v`;
    for (const r of queryAll(ctx.db, q)) rows.push([d, String(r.v), num(r.n), ratio(num(r.n), total)]);
  }
  return output(ctx, series, created.sql, {
    stats: { tickets: total },
    ...(dims.length ? { table: { columns: ['dimension', 'value', 'tickets', 'share'], rows } } : {}),
  });
}

function channelMix(ctx: MetricContext): MetricOutput {
  const sql = `SELECT p.idx AS idx, COALESCE(t.channel, '(blank)') AS channel, COUNT(*) AS n
FROM tmp_periods p JOIN ${TK} t ON ${inPeriod('t.created_at_day', ctx)}
WHERE ${ctx.segFilter('t')}
GROUP BY p.idx, COALESCE(t.channel, '(blank)')`;
  const per = new Map<number, Array<{ channel: string; n: number }>>();
  for (const r of queryAll(ctx.db, sql)) {
    const i = Number(r.idx);
    if (!per.has(i)) per.set(i, []);
    per.get(i)!.push({ channel: String(r.channel), n: num(r.n) ?? 0 });
  }
  const sorted = (i: number) => (per.get(i) ?? []).sort((a, b) => b.n - a.n || (a.channel < b.channel ? -1 : 1));
  const series = seriesOf(ctx, (i) => {
    const list = sorted(i);
    const total = list.reduce((s, x) => s + x.n, 0);
    return list.length ? ratio(list[0]!.n, total) : null;
  });
  const cur = sorted(currentIdx(ctx));
  const total = cur.reduce((s, x) => s + x.n, 0);
  const stats: Record<string, number | string | null> = { tickets: total, top_channel: cur[0]?.channel ?? null };
  for (const c of cur) stats[`share.${c.channel}`] = ratio(c.n, total);
  return output(ctx, series, sql, {
    stats,
    table: { columns: ['channel', 'tickets', 'share'], rows: cur.map((c) => [c.channel, c.n, ratio(c.n, total)]) },
    notes: [msg('note.channelMix')],
  });
}

/** Mean/median output for a duration over rows `idx, x`; counts (stats, notes) from a facts query. */
function durationOutput(
  ctx: MetricContext, rowsSql: string, facts: Facts, counts: Record<string, string>, notes: ReadonlyArray<TextMessage>,
): MetricOutput {
  const mmSql = meanMedianSql(ctx, rowsSql);
  const mm = rowsByPeriod(ctx, mmSql);
  const series = seriesOf(ctx, (i) => num(mm.get(i)?.mean));
  const i = currentIdx(ctx);
  const stats: Record<string, number | null> = { mean: clean(num(mm.get(i)?.mean)), median: clean(num(mm.get(i)?.median)) };
  for (const [stat, col] of Object.entries(counts)) stats[stat] = count(facts, i, col);
  return output(ctx, series, `${mmSql};\n${facts.sql}`, { stats, notes });
}

/** Example rows of current-period tickets matching a condition, for exclusion notes. */
function ticketExamples(ctx: MetricContext, dayCol: string, cond: string): string {
  return exampleRowList(ctx, `SELECT t._src AS _src, t._row AS _row FROM ${TK} t WHERE ${ctx.segFilter('t')} AND ${inOnePeriod(dayCol, ctx, ctx.current)} AND ${cond}`);
}

function firstResponseTime(ctx: MetricContext, created: Facts): MetricOutput {
  const rowsSql = `SELECT p.idx AS idx, t.first_response_at - t.created_at AS x
  FROM tmp_periods p JOIN ${TK} t ON ${inPeriod('t.created_at_day', ctx)}
  WHERE ${ctx.segFilter('t')} AND t.first_response_at IS NOT NULL AND t.first_response_at >= t.created_at`;
  const i = currentIdx(ctx);
  const notes: TextMessage[] = [];
  const un = count(created, i, 'unanswered'), bad = count(created, i, 'response_before_creation');
  if (un) notes.push(msg('note.unansweredLeftOut', { n: un }));
  if (bad) notes.push(msg('note.responseBeforeCreation', { n: bad, rows: ticketExamples(ctx, 't.created_at_day', 't.first_response_at < t.created_at') }));
  return durationOutput(ctx, rowsSql, created, { responded: 'responded', unanswered: 'unanswered', response_before_creation: 'response_before_creation' }, notes);
}

/** Per channel of the current period: met / missed / pending first responses. */
function frtByChannelSql(ctx: MetricContext, targetExpr: string): string {
  const now = asOfEnd(ctx) * SECONDS_PER_DAY;
  const resp = 't.first_response_at - t.created_at';
  return `SELECT t.channel AS channel,
  SUM(CASE WHEN t.first_response_at >= t.created_at AND ${resp} <= ${targetExpr} THEN 1 ELSE 0 END) AS met,
  SUM(CASE WHEN (t.first_response_at >= t.created_at AND ${resp} > ${targetExpr}) OR (t.first_response_at IS NULL AND ${now} - t.created_at > ${targetExpr}) THEN 1 ELSE 0 END) AS missed,
  SUM(CASE WHEN t.first_response_at IS NULL AND ${now} - t.created_at <= ${targetExpr} THEN 1 ELSE 0 END) AS pending
FROM ${TK} t WHERE ${ctx.segFilter('t')} AND ${inOnePeriod('t.created_at_day', ctx, ctx.current)}
GROUP BY t.channel`;
}

function frtTargetMet(ctx: MetricContext, created: Facts, target: ReturnType<typeof targetCase>): MetricOutput {
  const series = seriesOf(ctx, (i) => {
    const met = count(created, i, 'frt_met'), missed = count(created, i, 'frt_missed');
    return ratio(met, met + missed);
  });
  const i = currentIdx(ctx);
  const notes: TextMessage[] = [];
  const table: Array<Array<string | number | null>> = [];
  const sqls = [created.sql];
  if (ctx.has('tickets', 'channel')) {
    const byChannel = frtByChannelSql(ctx, target.expr);
    sqls.push(byChannel);
    for (const r of queryAll(ctx.db, byChannel)) {
      const raw = str(r.channel);
      const t = raw == null ? frtTarget(ctx.params, null) : target.targets.get(raw) ?? frtTarget(ctx.params, raw);
      const met = num(r.met) ?? 0, missed = num(r.missed) ?? 0;
      table.push([raw ?? '(blank)', t.channel, t.seconds, met, missed, num(r.pending) ?? 0, ratio(met, met + missed)]);
    }
    const unknown = [...target.targets].filter(([, t]) => t.channel === 'default').map(([raw]) => raw);
    if (unknown.length) notes.push(msg('note.frtDefaultTarget', { channels: unknown.join(', ') }));
  } else {
    notes.push(msg('note.frtChannelNotMapped'));
  }
  const pending = count(created, i, 'frt_pending');
  if (pending) notes.push(msg('note.frtPending', { n: pending }));
  return output(ctx, series, sqls.join(';\n'), {
    stats: { met: count(created, i, 'frt_met'), missed: count(created, i, 'frt_missed'), pending, response_before_creation: count(created, i, 'response_before_creation') },
    ...(table.length ? { table: { columns: ['channel', 'target_channel', 'target_seconds', 'met', 'missed', 'pending', 'share_met'], rows: table } } : {}),
    notes,
  });
}

function resolutionTime(ctx: MetricContext, resolved: Facts): MetricOutput {
  const rowsSql = `SELECT p.idx AS idx, t.resolved_at - t.created_at AS x
  FROM tmp_periods p JOIN ${TK} t ON ${inPeriod('t.resolved_at_day', ctx)}
  WHERE ${ctx.segFilter('t')} AND t.resolved_at >= t.created_at`;
  const bad = count(resolved, currentIdx(ctx), 'resolved_before_creation');
  const notes = bad ? [msg('note.resolvedBeforeCreation', { n: bad, rows: ticketExamples(ctx, 't.resolved_at_day', 't.resolved_at < t.created_at') })] : [];
  return durationOutput(ctx, rowsSql, resolved, { resolved: 'resolved_after_creation', resolved_before_creation: 'resolved_before_creation' }, notes);
}

function handleTime(ctx: MetricContext, created: Facts): MetricOutput {
  const rowsSql = `SELECT p.idx AS idx, t.handle_time AS x
  FROM tmp_periods p JOIN ${TK} t ON ${inPeriod('t.created_at_day', ctx)}
  WHERE ${ctx.segFilter('t')} AND t.handle_time >= 0`;
  const i = currentIdx(ctx);
  const notes: TextMessage[] = [];
  const none = count(created, i, 'without_handle_time'), neg = count(created, i, 'handle_negative');
  if (none) notes.push(msg('note.withoutHandleTime', { n: none }));
  if (neg) notes.push(msg('note.negativeHandleTime', { n: neg, rows: ticketExamples(ctx, 't.created_at_day', 't.handle_time < 0') }));
  return durationOutput(ctx, rowsSql, created, { tickets: 'handle_tickets', without_handle_time: 'without_handle_time', negative: 'handle_negative' }, notes);
}

function fcrRate(ctx: MetricContext, created: Facts, fcr: FcrSql, res: Resolution | null): MetricOutput {
  const series = seriesOf(ctx, (i) => ratio(count(created, i, 'resolved_first_contact'), count(created, i, 'fcr_denominator')));
  const i = currentIdx(ctx);
  const unknown = count(created, i, 'fcr_unknown');
  const notes: TextMessage[] = [msg(fcr.notReopened ? 'note.fcrCriterionNotReopened' : 'note.fcrCriterion', { criterion: fcr.inputs.join(' → ') })];
  if (unknown) notes.push(msg('note.fcrUnknown', { n: unknown }));
  if (!res && (ctx.has('tickets', 'contacts') || ctx.has('tickets', 'agent_replies'))) notes.push(msg('note.fcrResolutionNotMapped'));
  return output(ctx, series, created.sql, {
    stats: { resolved_first_contact: count(created, i, 'resolved_first_contact'), denominator: count(created, i, 'fcr_denominator'), unknown },
    notes,
  });
}

function resolutionRate(ctx: MetricContext, created: Facts, resolved: Facts, res: Resolution): MetricOutput {
  const series = seriesOf(ctx, (i) => ratio(count(resolved, i, 'resolved'), count(created, i, 'tickets')));
  const i = currentIdx(ctx);
  return output(ctx, series, `${created.sql};\n${resolved.sql}`, {
    stats: { received: count(created, i, 'tickets'), resolved: count(resolved, i, 'resolved') },
    notes: res.source === 'status' ? [msg('note.resolvedFromStatusCreated')] : [],
  });
}

/** SQL condition: ticket t is in the backlog at second `cut` (an SQL expression). */
function backlogCond(ctx: MetricContext, res: Resolution, cut: string): string {
  const age = paramNumber(ctx.params, 'backlog.age') ?? 48 * 3600;
  const open = res.source === 'resolved_at' ? `(t.resolved_at IS NULL OR t.resolved_at >= ${cut})` : `NOT (${res.cond})`;
  return `t.created_at < ${cut} - ${age} AND ${open}`;
}

/**
 * Backlog balances at every period's cut D (a day boundary) in one pass: a ticket counts when
 * created_at + age < D (its entry day < D) and it is not resolved before D (resolved_at_day ≥ D).
 * Count(D) = #{entry day < D} − #{max(entry day, resolved day) < D}; the query returns these
 * per-day counts, and running sums give the balance at each cut.
 */
function backlogBalances(ctx: MetricContext, res: Resolution): { byPeriod: Array<number | null>; sql: string } {
  const cur = currentIdx(ctx);
  if (res.source === 'status') {
    // Only today's status is known: earlier balances are undefined.
    const sql = `SELECT COUNT(*) AS n FROM ${TK} t WHERE ${ctx.segFilter('t')} AND ${backlogCond(ctx, res, String(asOfEnd(ctx) * SECONDS_PER_DAY))}`;
    const n = num(queryAll(ctx.db, sql)[0]?.n) ?? 0;
    return { byPeriod: ctx.periods.map((_, i) => (i === cur ? n : null)), sql };
  }
  const age = paramNumber(ctx.params, 'backlog.age') ?? 48 * 3600;
  const d = ctx.dialect;
  const entry = d.intDiv(`CAST(t.created_at AS INTEGER) + ${Math.round(age)}`, String(SECONDS_PER_DAY));
  const sql = `WITH b AS (SELECT ${entry} AS entry_day, t.resolved_at_day AS resolved_day FROM ${TK} t WHERE ${ctx.segFilter('t')})
SELECT entry_day AS day, 1 AS sign, COUNT(*) AS n FROM b GROUP BY entry_day
UNION ALL
SELECT ${d.greatest('entry_day', 'resolved_day')} AS day, -1 AS sign, COUNT(*) AS n FROM b WHERE resolved_day IS NOT NULL
GROUP BY ${d.greatest('entry_day', 'resolved_day')}`;
  const deltas = queryAll(ctx.db, sql).map((r) => ({ day: Number(r.day), delta: Number(r.sign) * (num(r.n) ?? 0) })).sort((x, y) => x.day - y.day);
  let k = 0, running = 0;
  const byPeriod = ctx.periods.map((p) => {
    const cut = periodCut(ctx, p);
    while (k < deltas.length && deltas[k]!.day < cut) running += deltas[k++]!.delta;
    return running;
  });
  return { byPeriod, sql };
}

function backlog(ctx: MetricContext, res: Resolution): MetricOutput {
  const { byPeriod, sql } = backlogBalances(ctx, res);
  const cur = currentIdx(ctx);
  const series = seriesOf(ctx, (i) => byPeriod[i] ?? null);
  const notes = res.source === 'status' ? [msg('note.backlogStatusOnly')] : [];
  const stats: Record<string, number | null> = { tickets: series[cur]?.value ?? null };
  if (ctx.has('tickets', 'first_response_at')) {
    const cutNow = `${asOfEnd(ctx) * SECONDS_PER_DAY}`;
    stats.never_answered = num(queryAll(ctx.db, `SELECT COUNT(*) AS n FROM ${TK} t WHERE ${ctx.segFilter('t')} AND ${backlogCond(ctx, res, cutNow)} AND t.first_response_at IS NULL`)[0]?.n) ?? 0;
  }
  return output(ctx, series, sql, { stats, notes });
}

function repliesPerResolution(ctx: MetricContext, resolved: Facts, res: Resolution): MetricOutput {
  const agentOnly = paramString(ctx.params, 'replies.count') === 'agent';
  const withCustomer = !agentOnly && ctx.has('tickets', 'customer_replies');
  const replies = repliesExpr(ctx);
  const series = seriesOf(ctx, (i) => num(resolved.rows.get(i)?.mean_replies));
  const dayCol = res.day ?? 't.created_at_day';
  const dailySql = `SELECT ${dayCol} AS day, COUNT(*) AS resolved, AVG(${replies}) AS mean FROM ${TK} t
WHERE ${ctx.segFilter('t')} AND t.agent_replies IS NOT NULL AND ${resolvedInOnePeriod(ctx, res, ctx.current)} GROUP BY ${dayCol} ORDER BY ${dayCol}`;
  const events = new Map<number, string[]>();
  if (ctx.has('events', 'date', 'label')) {
    for (const e of queryAll(ctx.db, `SELECT date, label FROM ${nt('events')} WHERE date >= ${ctx.current.start} AND date < ${periodCut(ctx, ctx.current)}`)) {
      const d = Number(e.date);
      events.set(d, [...(events.get(d) ?? []), String(e.label)]);
    }
  }
  const daily = queryAll(ctx.db, dailySql).map((r) => [isoFromDay(Number(r.day)), num(r.resolved), num(r.mean), (events.get(Number(r.day)) ?? []).join('; ') || null]);
  const notes: TextMessage[] = [];
  if (!agentOnly && !withCustomer) notes.push(msg('note.customerRepliesNotMapped'));
  if (res.source === 'status') notes.push(msg('note.resolutionFromStatus'));
  const i = currentIdx(ctx);
  const unknown = count(resolved, i, 'resolved') - count(resolved, i, 'with_replies');
  if (unknown) notes.push(msg('note.withoutReplyCount', { n: unknown }));
  return output(ctx, series, `${resolved.sql};\n${dailySql}`, {
    stats: { resolved: count(resolved, i, 'with_replies') },
    table: { columns: ['day', 'resolved', 'mean_replies', 'events'], rows: daily },
    notes,
  });
}

function reopenRate(ctx: MetricContext, resolved: Facts): MetricOutput {
  const series = seriesOf(ctx, (i) => ratio(count(resolved, i, 'reopened'), count(resolved, i, 'resolved')));
  const i = currentIdx(ctx);
  return output(ctx, series, resolved.sql, { stats: { reopened: count(resolved, i, 'reopened'), resolved: count(resolved, i, 'resolved') } });
}

const ANSWERED = '(CASE WHEN c.answered = 1 OR c.answered_at IS NOT NULL THEN 1 ELSE 0 END)';

function answeredCallRate(ctx: MetricContext): MetricOutput {
  const sql = `SELECT p.idx AS idx, SUM(${ANSWERED}) AS answered, COUNT(*) AS received
FROM tmp_periods p JOIN ${CALLS} c ON ${inPeriod('c.received_at_day', ctx)}
WHERE ${ctx.segFilter('c')} GROUP BY p.idx`;
  const rows = rowsByPeriod(ctx, sql);
  const series = seriesOf(ctx, (i) => ratio(num(rows.get(i)?.answered) ?? 0, num(rows.get(i)?.received) ?? 0));
  const c = rows.get(currentIdx(ctx));
  return output(ctx, series, sql, { stats: { answered: num(c?.answered) ?? 0, received: num(c?.received) ?? 0 } });
}

/** Self-service words in usage features ("Help center", "FAQ viewed", "kb_article"). */
function isSelfServiceFeature(raw: string): boolean {
  if (canonicalChannel(raw) === 'self_service') return true;
  return /help|faq|knowledge|\bkb\b|kb_|article|docs|tutorial|راهنما|سوالات متداول|ช่วยเหลือ|คำถาม|幫助|帮助|常見問題|常见问题|知識庫|知识库/i.test(raw);
}

interface CategorySource { label: string; sql: string; drill: (period: Period) => string }

/** Sources of a category count (tickets by channel, usage events by feature) with matching values. */
function categorySources(ctx: MetricContext, kind: 'self_service' | 'social'): CategorySource[] {
  const sources: CategorySource[] = [];
  if (ctx.has('tickets', 'ticket_id', 'created_at', 'channel')) {
    const channels = queryAll(ctx.db, `SELECT DISTINCT channel FROM ${TK} WHERE channel IS NOT NULL`)
      .map((r) => String(r.channel)).filter((c) => canonicalChannel(c) === kind);
    if (channels.length) {
      const cond = `t.channel IN (${channels.map(literal).join(', ')})`;
      const category = kind === 'social'
        ? (ctx.has('tickets', 'request_type') ? `t.channel || ' / ' || COALESCE(t.request_type, '(blank)')` : 't.channel')
        : (ctx.has('tickets', 'request_type') ? `COALESCE(t.request_type, t.channel)` : 't.channel');
      sources.push({
        label: 'tickets',
        sql: `SELECT 'tickets' AS source, ${category} AS category, t.created_at_day AS day FROM ${TK} t WHERE ${ctx.segFilter('t')} AND ${cond}`,
        drill: (period) => `SELECT t._src AS _src, t._row AS _row FROM ${TK} t WHERE ${ctx.segFilter('t')} AND ${cond} AND ${inOnePeriod('t.created_at_day', ctx, period)}`,
      });
    }
  }
  if (kind === 'self_service' && ctx.has('usage_events', 'user_id', 'timestamp', 'feature')) {
    const UE = nt('usage_events');
    const features = queryAll(ctx.db, `SELECT DISTINCT feature FROM ${UE} WHERE feature IS NOT NULL`)
      .map((r) => String(r.feature)).filter(isSelfServiceFeature);
    if (features.length) {
      const cond = `u.feature IN (${features.map(literal).join(', ')})`;
      sources.push({
        label: 'usage',
        sql: `SELECT 'usage_events' AS source, u.feature AS category, u.timestamp_day AS day FROM ${UE} u WHERE ${ctx.segFilter('u')} AND ${cond}`,
        drill: (period) => `SELECT u._src AS _src, u._row AS _row FROM ${UE} u WHERE ${ctx.segFilter('u')} AND ${cond} AND ${inOnePeriod('u.timestamp_day', ctx, period)}`,
      });
    }
  }
  return sources;
}

function categoryCounts(ctx: MetricContext, kind: 'self_service' | 'social'): MetricOutput {
  const sources = categorySources(ctx, kind);
  if (!sources.length) {
    return {
      series: ctx.periods.map((p) => ({ period: p.key, value: null })), value: null, status: 'missing_inputs', sql: '',
      ...noteOutput(msg(`note.noCategorySource.${kind}`)),
    };
  }
  const union = sources.map((s) => s.sql).join('\nUNION ALL\n');
  const sql = `WITH x AS (${union})
SELECT x.day AS day, COUNT(*) AS n FROM x WHERE x.day < ${asOfEnd(ctx)} GROUP BY x.day`;
  const perPeriod = sumDaysByPeriod(ctx, queryAll(ctx.db, sql).map((r) => ({ day: Number(r.day), n: num(r.n) ?? 0 })));
  const series = seriesOf(ctx, (i) => perPeriod[i] ?? 0);
  const tableSql = `WITH x AS (${union})
SELECT x.source AS source, x.category AS category, COUNT(*) AS n FROM x WHERE ${inOnePeriod('x.day', ctx, ctx.current)}
GROUP BY x.source, x.category ORDER BY n DESC, x.category`;
  const rows = queryAll(ctx.db, tableSql).map((r) => [String(r.source), str(r.category), num(r.n)]);
  return output(ctx, series, `${sql};\n${tableSql}`, {
    table: { columns: ['source', 'category', 'count'], rows },
    notes: [msg(`note.categoryCounts.${kind === 'social' ? 'social' : sources.map((s) => s.label).join('_')}`)],
  });
}

export const supportFamily: FamilyModule = defineFamily('support', supportMetrics, supportReads);
