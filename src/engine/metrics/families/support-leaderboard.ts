// agent_leaderboard (METRICS.md §4.4): per agent FCR, CSAT, tickets resolved and mean handle (or
// resolution) time over the current period, ranked, with the bottom performers marked for mentoring.
import { queryAll } from '../../store/database';
import { nt } from '../context';
import { paramString } from '../params';
import type { MetricContext, MetricOutput } from '../types';
import type { TextMessage } from '../../../shared/types';
import { msg } from '../formula';
import { inOnePeriod, inPeriod, num, output, ratio, rowsByPeriod, seriesOf } from './support-common';
import { resolvedInOnePeriod, type FcrSql, type Resolution } from './support-tickets';
import { detectCsatColumnScale, observedRange, satisfactionScale, surveyKindSql, validScoreSql } from './surveys-scores';

const TK = nt('tickets');

interface AgentRow {
  agent: string;
  received: number;
  resolved: number | null;
  fcr: number | null;
  csat: number | null;
  time: number | null;
}

/**
 * Rank by the mean of the agent's percentile on each measure that has a value (FCR, CSAT and
 * resolved: higher is better; time: lower is better). Percentile = 1 for the best agent, 0 for the
 * worst, ties share the better place.
 */
export function rankAgents(rows: AgentRow[]): Array<AgentRow & { score: number; rank: number; bottom: boolean }> {
  const measures: Array<{ get: (r: AgentRow) => number | null; higher: boolean }> = [
    { get: (r) => r.fcr, higher: true },
    { get: (r) => r.csat, higher: true },
    { get: (r) => r.resolved, higher: true },
    { get: (r) => r.time, higher: false },
  ];
  const scores = new Map<AgentRow, number[]>(rows.map((r) => [r, []]));
  for (const m of measures) {
    const have = rows.filter((r) => m.get(r) != null);
    if (have.length < 2) continue;
    for (const r of have) {
      const v = m.get(r)!;
      const better = have.filter((o) => (m.higher ? m.get(o)! > v : m.get(o)! < v)).length;
      scores.get(r)!.push(1 - better / (have.length - 1));
    }
  }
  const scored = rows.map((r) => {
    const s = scores.get(r)!;
    return { ...r, score: s.length ? s.reduce((a, b) => a + b, 0) / s.length : 1 };
  });
  scored.sort((a, b) => b.score - a.score || (b.resolved ?? 0) - (a.resolved ?? 0) || b.received - a.received || (a.agent < b.agent ? -1 : 1));
  const bottomCount = scored.length >= 2 ? Math.max(1, Math.floor(scored.length / 4)) : 0;
  return scored.map((r, i) => ({ ...r, rank: i + 1, bottom: i >= scored.length - bottomCount }));
}

export function agentLeaderboard(ctx: MetricContext, res: Resolution | null, fcr: FcrSql | null): MetricOutput {
  const period = ctx.current;
  const received = inOnePeriod('t.created_at_day', ctx, period);
  const resolvedNow = res ? resolvedInOnePeriod(ctx, res, period) : null;
  const handled = resolvedNow ?? received;
  const onlyResolved = paramString(ctx.params, 'fcr.denominator') === 'resolved';
  const fcrDen = fcr ? `${received} AND ${fcr.known} = 1${onlyResolved ? ` AND (${res ? res.cond : '1 = 1'} OR ${fcr.fcr} = 1)` : ''}` : null;
  const useHandle = ctx.has('tickets', 'handle_time');
  const timeExpr = useHandle ? 't.handle_time' : ctx.has('tickets', 'resolved_at') ? 't.resolved_at - t.created_at' : null;
  const ticketCsat = ctx.has('tickets', 'csat');
  const csatScale = ticketCsat ? detectCsatColumnScale(ctx, TK, 'csat') : null;
  const sql = `SELECT t.agent AS agent,
  SUM(CASE WHEN ${received} THEN 1 ELSE 0 END) AS received,
  ${resolvedNow ? `SUM(CASE WHEN ${resolvedNow} THEN 1 ELSE 0 END)` : 'NULL'} AS resolved,
  ${fcrDen ? `SUM(CASE WHEN ${fcrDen} AND ${fcr!.fcr} = 1 THEN 1 ELSE 0 END)` : 'NULL'} AS fcr_n,
  ${fcrDen ? `SUM(CASE WHEN ${fcrDen} THEN 1 ELSE 0 END)` : 'NULL'} AS fcr_d,
  ${timeExpr ? `AVG(CASE WHEN ${handled} AND ${timeExpr} >= 0 THEN ${timeExpr} END)` : 'NULL'} AS mean_time,
  ${csatScale ? `SUM(CASE WHEN ${received} AND ${validScoreSql('t.csat', csatScale.scale)} THEN 1 ELSE 0 END)` : 'NULL'} AS csat_n,
  ${csatScale ? `SUM(CASE WHEN ${received} AND ${validScoreSql('t.csat', csatScale.scale)} AND t.csat >= ${csatScale.positiveMin} THEN 1 ELSE 0 END)` : 'NULL'} AS csat_pos
FROM ${TK} t
WHERE ${ctx.segFilter('t')} AND t.agent IS NOT NULL AND ((${received}) OR (${handled}))
GROUP BY t.agent`;
  const agents = new Map<string, AgentRow>();
  const csatCounts = new Map<string, { n: number; pos: number }>();
  for (const r of queryAll(ctx.db, sql)) {
    const agent = String(r.agent);
    agents.set(agent, {
      agent, received: num(r.received) ?? 0, resolved: num(r.resolved), fcr: ratio(num(r.fcr_n), num(r.fcr_d)),
      csat: null, time: num(r.mean_time),
    });
    if (csatScale) csatCounts.set(agent, { n: num(r.csat_n) ?? 0, pos: num(r.csat_pos) ?? 0 });
  }
  const sqls = [sql];
  const notes: TextMessage[] = [];
  if (!ticketCsat && ctx.has('survey_responses', 'score', 'responded_at') && (ctx.has('survey_responses', 'agent') || ctx.has('survey_responses', 'ticket_id'))) {
    const kinds = surveyKindSql(ctx, 's');
    const scale = satisfactionScale(ctx, 'csat', observedRange(ctx, kinds.expr, 'csat', 's'));
    const joinTicket = ctx.has('survey_responses', 'ticket_id');
    const agentExpr = joinTicket ? 'COALESCE(s.agent, t.agent)' : 's.agent';
    const surveySql = `SELECT ${agentExpr} AS agent, COUNT(*) AS n, SUM(CASE WHEN s.score >= ${scale.positiveMin} THEN 1 ELSE 0 END) AS pos
FROM ${nt('survey_responses')} s${joinTicket ? ` LEFT JOIN ${TK} t ON t.ticket_id = s.ticket_id` : ''}
WHERE ${kinds.expr} = 'csat' AND ${validScoreSql('s.score', scale.scale)} AND ${inOnePeriod('s.responded_at_day', ctx, period)}
  AND ${joinTicket ? `((t._row IS NOT NULL AND ${ctx.segFilter('t')}) OR (t._row IS NULL AND ${ctx.segFilter('s')}))` : ctx.segFilter('s')}
GROUP BY ${agentExpr}`;
    sqls.push(surveySql);
    for (const r of queryAll(ctx.db, surveySql)) {
      if (r.agent == null) continue;
      csatCounts.set(String(r.agent), { n: num(r.n) ?? 0, pos: num(r.pos) ?? 0 });
    }
    notes.push(msg(`note.leaderboardCsatSurveys.${joinTicket ? 'ticket' : 'agent'}`, { min: scale.positiveMin }));
  } else if (csatScale) {
    notes.push(msg('note.leaderboardCsatTickets', { min: csatScale.positiveMin }));
  }
  for (const [agent, c] of csatCounts) {
    const a = agents.get(agent);
    if (a) a.csat = ratio(c.pos, c.n);
  }
  const ranked = rankAgents([...agents.values()]);
  const timeLabel = useHandle ? 'mean_handle_time' : 'mean_resolution_time';
  const seriesSql = `SELECT p.idx AS idx, COUNT(DISTINCT t.agent) AS n
FROM tmp_periods p JOIN ${TK} t ON ${inPeriod('t.created_at_day', ctx)} WHERE ${ctx.segFilter('t')} GROUP BY p.idx`;
  const byIdx = rowsByPeriod(ctx, seriesSql);
  const series = seriesOf(ctx, (i) => num(byIdx.get(i)?.n) ?? 0);
  const bottom = ranked.filter((r) => r.bottom).map((r) => r.agent);
  if (!timeExpr) notes.push(msg('note.leaderboardNoTime'));
  notes.push(msg('note.leaderboardRank'));
  return output(ctx, series, [...sqls, seriesSql].join(';\n'), {
    value: ranked.length,
    status: 'ok',
    stats: { agents: ranked.length, top_performer: ranked[0]?.agent ?? null, bottom_performers: bottom.join(', ') },
    table: {
      columns: ['rank', 'agent', 'tickets_received', 'tickets_resolved', 'fcr_rate', 'csat', timeLabel, 'score', 'bottom_performer'],
      rows: ranked.map((r) => [r.rank, r.agent, r.received, r.resolved, r.fcr, r.csat, r.time, r.score, r.bottom ? true : null]),
    },
    notes,
  });
}
