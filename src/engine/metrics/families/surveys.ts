// The surveys family (METRICS.md §4.5): NPS, CSAT, CES, ESAT, response counts and feedback themes
// from `survey_responses`. One aggregate query per analysis gives every survey's counts per period;
// scores outside the survey's scale or not whole numbers (−1, 11, 6.5, blank) are excluded from
// every value and counted as invalid, with a note.
import { bench } from '../benchmarks';
import { SURVEY_KINDS, type SurveyKind, type TextMessage } from '../../../shared/types';
import { literal, queryAll, type Row } from '../../store/database';
import { nt } from '../context';
import { paramNumber } from '../params';
import { fixedFormula, formulaOf, msg } from '../formula';
import type { DrillSql, FamilyModule, MetricContext, MetricOutput, Params } from '../types';
import { defineFamily, lazy, type MetricRecord } from '../family';
import type { Period } from '../../../shared/calendar/periods';
import {
  currentIdx, exampleRowList, inOnePeriod, inPeriod, num, output, ratio, seriesOf,
} from './support-common';
import {
  cesScale, npsScale, observedRange, satisfactionScale, surveyKindSql, validScoreSql,
  type SatisfactionScale, type ScoreScale,
} from './surveys-scores';
import { feedbackThemes } from './surveys-themes';

const BASE = [{ dataset: 'survey_responses' as const, fields: ['score', 'responded_at'] }];

const npsBands = (p: Params) => {
  const pm = typeof p['nps.promoter_min'] === 'number' ? p['nps.promoter_min'] : 9;
  const dm = typeof p['nps.detractor_max'] === 'number' ? p['nps.detractor_max'] : 6;
  return { pm, dm };
};

/** CSAT / ESAT: the share of scores at or above the positive minimum (the parameter, else the scale's default). */
const positiveShare = (id: 'csat' | 'esat', min: unknown) => (min == null
  ? msg(`formula.${id}.auto`) : msg(`formula.${id}.set`, { min: typeof min === 'number' ? min : String(min) }));

export const surveyMetrics: Array<MetricRecord<SurveyReads>> = [
  {
    id: 'nps', label: 'Net Promoter Score', family: 'surveys', unit: 'nps', inputs: BASE,
    params: ['nps.scale', 'nps.promoter_min', 'nps.detractor_max'],
    benchmark: bench('nps', 'Thai guide'),
    ...formulaOf((p) => {
      const { pm, dm } = npsBands(p);
      return msg('formula.nps', { promoterMin: pm, detractorMax: dm, scale: String(p['nps.scale'] ?? '0-10') });
    }),
    variant: (p) => `scale ${String(p['nps.scale'] ?? '0-10')}`,
    compute: (ctx, f) => nps(ctx, f.setup(), f.facts()),
    drill: (ctx, period, f) => responsesDrill(ctx, f.setup(), period, 'nps'),
  },
  {
    id: 'csat', label: 'Customer satisfaction (CSAT)', family: 'surveys', unit: 'ratio', inputs: BASE,
    params: ['csat.scale', 'csat.positive_min'],
    ...formulaOf((p) => positiveShare('csat', p['csat.positive_min'])),
    variant: (p) => `scale ${String(p['csat.scale'] ?? 'auto')}`,
    compute: (ctx, f) => positiveShareOf(ctx, f.setup(), f.facts(), 'csat'),
    drill: (ctx, period, f) => responsesDrill(ctx, f.setup(), period, 'csat'),
  },
  {
    id: 'csat_mean', label: 'CSAT mean score', family: 'surveys', unit: 'score', inputs: BASE,
    params: ['csat.scale'],
    ...fixedFormula('csat_mean'),
    variant: (p) => `scale ${String(p['csat.scale'] ?? 'auto')}`,
    compute: (ctx, f) => csatMean(ctx, f.setup(), f.facts()),
    drill: (ctx, period, f) => responsesDrill(ctx, f.setup(), period, 'csat'),
  },
  {
    id: 'ces', better: (p) => (p['ces.higher_is_better'] === false ? 'lower' : 'higher'), label: 'Customer effort score (CES)', family: 'surveys', unit: 'score', inputs: BASE,
    params: ['ces.scale', 'ces.higher_is_better'],
    ...formulaOf((p) => msg(`formula.ces.${p['ces.higher_is_better'] === false ? 'effort' : 'ease'}`)),
    variant: (p) => (p['ces.higher_is_better'] === false ? 'effort' : 'ease'),
    compute: (ctx, f) => ces(ctx, f.setup(), f.facts()),
    drill: (ctx, period, f) => responsesDrill(ctx, f.setup(), period, 'ces'),
  },
  {
    id: 'esat', label: 'Employee satisfaction (ESAT)', family: 'surveys', unit: 'ratio', inputs: BASE,
    params: ['esat.scale', 'esat.positive_min'],
    ...formulaOf((p) => positiveShare('esat', p['esat.positive_min'])),
    variant: (p) => `scale ${String(p['esat.scale'] ?? 'auto')}`,
    compute: (ctx, f) => positiveShareOf(ctx, f.setup(), f.facts(), 'esat'),
    drill: (ctx, period, f) => responsesDrill(ctx, f.setup(), period, 'esat'),
  },
  {
    id: 'response_count', accrues: true, better: 'neither', label: 'Survey responses', family: 'surveys', unit: 'count', inputs: BASE,
    ...fixedFormula('response_count'),
    compute: (ctx, f) => responseCount(ctx, f.setup(), f.facts()),
    drill: (ctx, period, f) => responsesDrill(ctx, f.setup(), period, null),
  },
  {
    id: 'feedback_themes', label: 'Feedback themes', family: 'surveys', unit: 'table', kind: 'table',
    inputs: [{ dataset: 'survey_responses', fields: ['score', 'responded_at', 'comment'] }],
    ...fixedFormula('feedback_themes'),
    compute: (ctx, f) => themes(ctx, f.setup()),
    drill: (ctx, period, f) => ({ sql: `SELECT _src, _row FROM (${themesRowsSql(ctx, f.setup(), period)}) t ORDER BY band, _src, _row` }),
  },
];

interface SurveySetup {
  kindExpr: string;
  notes: TextMessage[];
  nps: ScoreScale;
  csat: SatisfactionScale;
  esat: SatisfactionScale;
  ces: { scale: ScoreScale; higherIsBetter: boolean };
  pm: number;
  dm: number;
}

function setup(ctx: MetricContext): SurveySetup {
  const { expr, notes } = surveyKindSql(ctx, 's');
  return {
    kindExpr: expr,
    notes,
    nps: npsScale(ctx),
    csat: satisfactionScale(ctx, 'csat', observedRange(ctx, expr, 'csat', 's')),
    esat: satisfactionScale(ctx, 'esat', observedRange(ctx, expr, 'esat', 's')),
    ces: cesScale(ctx),
    pm: paramNumber(ctx.params, 'nps.promoter_min') ?? 9,
    dm: paramNumber(ctx.params, 'nps.detractor_max') ?? 6,
  };
}

/** Rows of survey_responses (alias k) with their survey kind in column `kind`, current segment only. */
function kindRowsSql(ctx: MetricContext, s: SurveySetup): string {
  return `SELECT s.*, ${s.kindExpr} AS kind FROM ${nt('survey_responses')} s WHERE ${ctx.segFilter('s')}`;
}

/** SQL: 1 when the row's score is valid for its survey kind (alias k of kindRowsSql), else 0. */
function validSql(s: SurveySetup): string {
  return `(CASE WHEN k.kind = 'nps' AND ${validScoreSql('k.score', s.nps)} THEN 1 WHEN k.kind = 'csat' AND ${validScoreSql('k.score', s.csat.scale)} THEN 1 `
    + `WHEN k.kind = 'esat' AND ${validScoreSql('k.score', s.esat.scale)} THEN 1 WHEN k.kind = 'ces' AND ${validScoreSql('k.score', s.ces.scale)} THEN 1 ELSE 0 END)`;
}

/** SQL: band of a valid response (promoters/passives/detractors, positive/negative). */
function bandSql(s: SurveySetup): string {
  const cesMid = (s.ces.scale.min + s.ces.scale.max) / 2;
  const cesPositive = s.ces.higherIsBetter ? `k.score > ${cesMid}` : `k.score < ${cesMid}`;
  return `(CASE WHEN k.kind = 'nps' THEN (CASE WHEN k.score >= ${s.pm} THEN 'promoters' WHEN k.score <= ${s.dm} THEN 'detractors' ELSE 'passives' END) `
    + `WHEN k.kind = 'csat' THEN (CASE WHEN k.score >= ${s.csat.positiveMin} THEN 'positive' ELSE 'negative' END) `
    + `WHEN k.kind = 'esat' THEN (CASE WHEN k.score >= ${s.esat.positiveMin} THEN 'positive' ELSE 'negative' END) `
    + `WHEN k.kind = 'ces' THEN (CASE WHEN ${cesPositive} THEN 'positive' ELSE 'negative' END) END)`;
}

/** Per period and survey kind: rows, valid, sum of valid scores, positive (promoters) and detractors. */
function aggregateSql(ctx: MetricContext, s: SurveySetup): string {
  return `WITH k AS (${kindRowsSql(ctx, s)}),
v AS (SELECT k.responded_at_day AS day, k.kind AS kind, ${validSql(s)} AS ok, k.score AS score, ${bandSql(s)} AS band FROM k)
SELECT p.idx AS idx, v.kind AS kind, COUNT(*) AS n,
  SUM(v.ok) AS valid,
  SUM(CASE WHEN v.ok = 1 THEN v.score END) AS total,
  SUM(CASE WHEN v.ok = 1 AND v.band IN ('promoters', 'positive') THEN 1 ELSE 0 END) AS positive,
  SUM(CASE WHEN v.ok = 1 AND v.band = 'detractors' THEN 1 ELSE 0 END) AS detractors
FROM tmp_periods p JOIN v ON ${inPeriod('v.day', ctx)}
GROUP BY p.idx, v.kind`;
}

interface KindCounts { n: number; valid: number; total: number; positive: number; detractors: number }

function countsOf(r: Row | undefined): KindCounts {
  return {
    n: num(r?.n) ?? 0, valid: num(r?.valid) ?? 0, total: num(r?.total) ?? 0,
    positive: num(r?.positive) ?? 0, detractors: num(r?.detractors) ?? 0,
  };
}

/** NPS and its 95 % margin of error from counts (null when there is no valid response). */
export function npsFromCounts(promoters: number, detractors: number, valid: number): { nps: number | null; moe: number | null } {
  if (valid === 0) return { nps: null, moe: null };
  const p = promoters / valid, d = detractors / valid;
  const variance = Math.max(0, p + d - (p - d) ** 2);
  return { nps: 100 * (p - d), moe: 100 * 1.96 * Math.sqrt(variance / valid) };
}

/** The per-period, per-kind counts of one aggregate query, for every score metric. */
interface SurveyFacts {
  sql: string;
  at: (idx: number, kind: SurveyKind | '') => KindCounts;
}

function surveyFacts(ctx: MetricContext, s: SurveySetup): SurveyFacts {
  const sql = aggregateSql(ctx, s);
  const byKey = new Map<string, Row>();
  for (const r of queryAll(ctx.db, sql)) byKey.set(`${r.idx}|${r.kind ?? ''}`, r);
  return { sql, at: (idx, kind) => countsOf(byKey.get(`${idx}|${kind}`)) };
}

/** The reads survey metrics share, each made once on first use. */
interface SurveyReads {
  setup: () => SurveySetup;
  facts: () => SurveyFacts;
}

function surveyReads(ctx: MetricContext): SurveyReads {
  const setupRead = lazy(() => setup(ctx));
  const facts = lazy(() => surveyFacts(ctx, setupRead()));
  return { setup: setupRead, facts };
}

/** Note on the current period's responses of a kind excluded for an invalid score (none when all are valid). */
function invalidNote(ctx: MetricContext, s: SurveySetup, facts: SurveyFacts, kind: SurveyKind): TextMessage[] {
  const c = facts.at(currentIdx(ctx), kind);
  const bad = c.n - c.valid;
  if (bad <= 0) return [];
  const examples = exampleRowList(ctx, `WITH k AS (${kindRowsSql(ctx, s)}) SELECT k._src AS _src, k._row AS _row FROM k
WHERE k.kind = ${literal(kind)} AND ${validSql(s)} = 0 AND ${inOnePeriod('k.responded_at_day', ctx, ctx.current)}`);
  return [msg('note.survey.invalidExcluded', { n: bad, survey: kind.toUpperCase(), period: ctx.current.key, rows: examples })];
}

function nps(ctx: MetricContext, s: SurveySetup, facts: SurveyFacts): MetricOutput {
  const { at, sql } = facts;
  const cur = currentIdx(ctx);
  const series = seriesOf(ctx, (i) => { const c = at(i, 'nps'); return npsFromCounts(c.positive, c.detractors, c.valid).nps; });
  const c = at(cur, 'nps');
  const { moe } = npsFromCounts(c.positive, c.detractors, c.valid);
  const dist = queryAll(ctx.db, `WITH k AS (${kindRowsSql(ctx, s)})
SELECT k.score AS score, COUNT(*) AS n FROM k
WHERE k.kind = 'nps' AND ${validScoreSql('k.score', s.nps)} AND ${inOnePeriod('k.responded_at_day', ctx, ctx.current)}
GROUP BY k.score`);
  const distMap = new Map(dist.map((r) => [num(r.score), num(r.n) ?? 0]));
  const rows: Array<Array<string | number | null>> = [];
  for (let v = s.nps.min; v <= s.nps.max; v++) {
    rows.push([v, distMap.get(v) ?? 0, v >= s.pm ? 'promoter' : v <= s.dm ? 'detractor' : 'passive']);
  }
  rows.push(['invalid', c.n - c.valid, null]);
  return output(ctx, series, sql, {
    stats: {
      promoters: c.positive, passives: c.valid - c.positive - c.detractors, detractors: c.detractors,
      valid: c.valid, invalid: c.n - c.valid, margin_of_error: moe,
    },
    table: { columns: ['score', 'responses', 'band'], rows },
    notes: [...s.notes, ...invalidNote(ctx, s, facts, 'nps')],
  });
}

/** CSAT or ESAT: the share of valid scores that are positive. */
function positiveShareOf(ctx: MetricContext, s: SurveySetup, facts: SurveyFacts, kind: 'csat' | 'esat'): MetricOutput {
  const { at, sql } = facts;
  const scale = s[kind];
  const series = seriesOf(ctx, (i) => { const c = at(i, kind); return ratio(c.positive, c.valid); });
  const c = at(currentIdx(ctx), kind);
  const scaleNote = msg(`note.survey.scale.${scale.detected ? 'detected' : 'set'}`, {
    survey: kind.toUpperCase(), min: scale.scale.min, max: scale.scale.max, positiveMin: scale.positiveMin,
  });
  return output(ctx, series, sql, {
    stats: { positive: c.positive, valid: c.valid, invalid: c.n - c.valid, scale: `${scale.scale.min}-${scale.scale.max}`, positive_min: scale.positiveMin },
    notes: [...s.notes, scaleNote, ...invalidNote(ctx, s, facts, kind)],
  });
}

function csatMean(ctx: MetricContext, s: SurveySetup, facts: SurveyFacts): MetricOutput {
  const { at, sql } = facts;
  const series = seriesOf(ctx, (i) => { const c = at(i, 'csat'); return ratio(c.total, c.valid); });
  const c = at(currentIdx(ctx), 'csat');
  return output(ctx, series, sql, {
    stats: { valid: c.valid, invalid: c.n - c.valid, scale: `${s.csat.scale.min}-${s.csat.scale.max}` },
    notes: [...s.notes, ...invalidNote(ctx, s, facts, 'csat')],
  });
}

function ces(ctx: MetricContext, s: SurveySetup, facts: SurveyFacts): MetricOutput {
  const { at, sql } = facts;
  const series = seriesOf(ctx, (i) => { const c = at(i, 'ces'); return ratio(c.total, c.valid); });
  const c = at(currentIdx(ctx), 'ces');
  return output(ctx, series, sql, {
    stats: { valid: c.valid, invalid: c.n - c.valid, scale: `${s.ces.scale.min}-${s.ces.scale.max}`, direction: s.ces.higherIsBetter ? 'higher_is_better' : 'lower_is_better' },
    notes: [...s.notes, msg(`note.survey.cesDirection.${s.ces.higherIsBetter ? 'ease' : 'effort'}`, { min: s.ces.scale.min, max: s.ces.scale.max }), ...invalidNote(ctx, s, facts, 'ces')],
  });
}

function responseCount(ctx: MetricContext, s: SurveySetup, facts: SurveyFacts): MetricOutput {
  const { at, sql } = facts;
  const cur = currentIdx(ctx);
  const kinds = SURVEY_KINDS;
  const series = seriesOf(ctx, (i) => kinds.reduce((sum, k) => sum + at(i, k).valid, 0));
  const stats: Record<string, number> = {};
  const rows: Array<Array<string | number | null>> = [];
  let invalid = 0;
  for (const k of kinds) {
    const c = at(cur, k);
    if (c.n === 0) continue;
    stats[k] = c.valid;
    stats[`${k}_invalid`] = c.n - c.valid;
    invalid += c.n - c.valid;
    rows.push([k, c.valid, c.n - c.valid]);
  }
  const unknown = at(cur, '').n;
  if (unknown) rows.push(['unknown', 0, unknown]);
  stats.invalid = invalid;
  return output(ctx, series, sql, {
    stats, table: { columns: ['survey', 'valid', 'invalid'], rows },
    notes: [...s.notes, ...(invalid ? [msg('note.survey.invalidNotCounted', { n: invalid, period: ctx.current.key })] : [])],
  });
}

function themesRowsSql(ctx: MetricContext, s: SurveySetup, period: Period): string {
  return `WITH k AS (${kindRowsSql(ctx, s)})
SELECT k._src AS _src, k._row AS _row, k.kind AS kind, CASE WHEN ${validSql(s)} = 1 THEN ${bandSql(s)} ELSE 'unscored' END AS band, k.comment AS comment
FROM k WHERE k.comment IS NOT NULL AND TRIM(k.comment) <> '' AND ${inOnePeriod('k.responded_at_day', ctx, period)}`;
}

function themes(ctx: MetricContext, s: SurveySetup): MetricOutput {
  const sql = themesRowsSql(ctx, s, ctx.current);
  const rows = queryAll(ctx.db, sql);
  const comments = rows.map((r) => ({ band: String(r.band ?? 'unscored'), text: String(r.comment) }));
  const themeRows = feedbackThemes(comments);
  const perBand: Record<string, number> = {};
  for (const c of comments) perBand[c.band] = (perBand[c.band] ?? 0) + 1;
  const counts = queryAll(ctx.db, `SELECT p.idx AS idx, COUNT(*) AS n FROM tmp_periods p JOIN ${nt('survey_responses')} s
ON ${inPeriod('s.responded_at_day', ctx)} WHERE ${ctx.segFilter('s')} AND s.comment IS NOT NULL AND TRIM(s.comment) <> '' GROUP BY p.idx`);
  const byIdx = new Map(counts.map((r) => [Number(r.idx), num(r.n) ?? 0]));
  const series = seriesOf(ctx, (i) => byIdx.get(i) ?? 0);
  const notes = [...s.notes];
  if (perBand.unscored) notes.push(msg('note.survey.unscoredComments', { n: perBand.unscored }));
  return output(ctx, series, sql, {
    value: comments.length,
    status: 'ok',
    stats: { comments: comments.length, ...perBand },
    table: {
      columns: ['band', 'term', 'occurrences', 'comments', 'share_of_band_comments'],
      rows: themeRows.map((t) => [t.band, t.term, t.occurrences, t.comments, t.share]),
    },
    notes,
  });
}

/** Drill SQL: the current segment's responses in `period` with a valid score (of one kind, or of any). */
function responsesDrill(ctx: MetricContext, s: SurveySetup, period: Period, kind: SurveyKind | null): DrillSql {
  const base = `WITH k AS (${kindRowsSql(ctx, s)}) SELECT k._src AS _src, k._row AS _row FROM k WHERE ${inOnePeriod('k.responded_at_day', ctx, period)} AND ${validSql(s)} = 1`;
  return { sql: kind ? `${base} AND k.kind = ${literal(kind)} ORDER BY k._src, k._row` : `${base} ORDER BY k._src, k._row` };
}

export const surveysFamily: FamilyModule = defineFamily('surveys', surveyMetrics, surveyReads);
