// Survey kinds, scales and score validity (METRICS.md §3, §4.5). Shared by the surveys family,
// the agent leaderboard (CSAT per agent) and the health score (latest sentiment per customer).
import type { SurveyKind, TextMessage } from '../../../shared/types';
import { literal, queryAll } from '../../store/database';
import { nt } from '../context';
import { paramNumber, paramString } from '../params';
import { msg } from '../formula';
import type { MetricContext } from '../types';
import { num, slug } from './support-common';

export interface ScoreScale { min: number; max: number }

/** '0-10', '1-5', '1 – 7' → {min, max}; null when not a scale. */
export function parseScale(s: string): ScoreScale | null {
  const m = /^\s*(-?\d+)\s*[-–—]\s*(-?\d+)\s*$/.exec(s);
  if (!m) return null;
  const min = Number(m[1]), max = Number(m[2]);
  return min < max ? { min, max } : null;
}

const SURVEY_WORDS: Record<SurveyKind, string[]> = {
  nps: ['nps', 'netpromoterscore', 'netpromoter', 'promoter', 'امتیازخالصمروج', 'خالصمروج', 'คะแนนโปรโมเตอร์สุทธิ', '淨推薦值', '净推荐值'],
  csat: ['csat', 'customersatisfaction', 'satisfaction', 'امتیازرضایتمشتری', 'رضایتمشتری', 'رضایت', 'คะแนนความพึงพอใจของลูกค้า', 'ความพึงพอใจ', '客戶滿意度', '客户满意度', '滿意度', '满意度'],
  ces: ['ces', 'customereffortscore', 'customereffort', 'effort', 'امتیازتلاشمشتری', 'تلاشمشتری', 'คะแนนความพยายามของลูกค้า', '客戶費力度', '客户费力度', '費力度'],
  esat: ['esat', 'employeesatisfaction', 'employee', 'enps', 'رضایتکارکنان', 'ความพึงพอใจของพนักงาน', '員工滿意度', '员工满意度'],
};

/** The survey kind a `survey` cell names ("NPS", "Net Promoter Score", "csat", "淨推薦值"…), or null. */
export function canonicalSurvey(raw: string): SurveyKind | null {
  const s = slug(raw);
  for (const kind of Object.keys(SURVEY_WORDS) as SurveyKind[]) {
    if (SURVEY_WORDS[kind].includes(s)) return kind;
  }
  for (const kind of Object.keys(SURVEY_WORDS) as SurveyKind[]) {
    if (SURVEY_WORDS[kind].some((w) => w.length >= 3 && s.includes(w))) return kind;
  }
  return null;
}

/** SQL: the score is a whole number inside the scale. Portable (ROUND exists everywhere). */
export function validScoreSql(col: string, scale: ScoreScale): string {
  return `(${col} IS NOT NULL AND ${col} >= ${scale.min} AND ${col} <= ${scale.max} AND ${col} = ROUND(${col}))`;
}

export interface SurveyKindSql {
  /** SQL expression giving 'nps' | 'csat' | 'ces' | 'esat' | NULL for a survey_responses alias. */
  expr: string;
  notes: TextMessage[];
}

/**
 * Survey kind per row: the `survey` cell (the orchestrator fills it from the table-level survey of
 * the mapping when the field is not mapped). Rows without any survey type get the kind their score
 * range suggests (1–5 → csat, otherwise nps), said in a note; unknown labels stay NULL and are
 * reported.
 */
export function surveyKindSql(ctx: MetricContext, alias: string): SurveyKindSql {
  const notes: TextMessage[] = [];
  const T = nt('survey_responses');
  const labels = queryAll(ctx.db, `SELECT survey, COUNT(*) AS n, MIN(score) AS lo, MAX(score) AS hi FROM ${T} GROUP BY survey`);
  const col = `${alias}.survey`;
  const whens: string[] = [];
  const unknown: string[] = [];
  let unlabeledKind: SurveyKind | null = null;
  for (const r of labels) {
    if (r.survey == null) {
      const lo = num(r.lo), hi = num(r.hi);
      unlabeledKind = lo != null && hi != null && lo >= 1 && hi <= 5 ? 'csat' : 'nps';
      notes.push(msg('note.survey.noType', { n: num(r.n) ?? 0, survey: unlabeledKind.toUpperCase(), lo: lo ?? '?', hi: hi ?? '?' }));
      continue;
    }
    const kind = canonicalSurvey(String(r.survey));
    if (kind) whens.push(`WHEN ${col} = ${literal(String(r.survey))} THEN ${literal(kind)}`);
    else unknown.push(`"${String(r.survey)}" (${r.n})`);
  }
  if (unknown.length) notes.push(msg('note.survey.unknownType', { types: unknown.join(', ') }));
  const nullCase = unlabeledKind ? `WHEN ${col} IS NULL THEN ${literal(unlabeledKind)} ` : '';
  const expr = whens.length || nullCase ? `(CASE ${nullCase}${whens.join(' ')} END)` : 'NULL';
  return { expr, notes };
}

/** The NPS scale (nps.scale: 0-10 or 1-10). */
export function npsScale(ctx: MetricContext): ScoreScale {
  return parseScale(paramString(ctx.params, 'nps.scale')) ?? { min: 0, max: 10 };
}

export interface SatisfactionScale {
  scale: ScoreScale;
  /** Lowest positive score. */
  positiveMin: number;
  /** How the scale was chosen, for notes. */
  detected: boolean;
}

/**
 * Scale of a satisfaction survey (csat or esat): `<prefix>.scale` or, when 'auto', detected from the
 * whole table's whole-number scores of that kind (any 6–10 → 1–10, or 0–10 when a 0 occurs; else
 * 1–5). Positive from `<prefix>.positive_min`, default 4 on 1–5 and 6 on 1–10 (the Persian guide's
 * "six to ten").
 */
export function satisfactionScale(ctx: MetricContext, prefix: 'csat' | 'esat', observed: { lo: number | null; hi: number | null }): SatisfactionScale {
  const given = parseScale(paramString(ctx.params, `${prefix}.scale`));
  let scale: ScoreScale;
  let detected = false;
  if (given) scale = given;
  else {
    detected = true;
    const hi = observed.hi ?? 5;
    scale = hi > 5 ? { min: observed.lo === 0 ? 0 : 1, max: 10 } : { min: 1, max: 5 };
  }
  const positiveMin = paramNumber(ctx.params, `${prefix}.positive_min`) ?? (scale.max <= 5 ? 4 : 6);
  return { scale, positiveMin, detected };
}

/** Observed whole-number score range (0–10) of rows of one survey kind, for scale detection. */
export function observedRange(ctx: MetricContext, kindExpr: string, kind: SurveyKind, alias: string): { lo: number | null; hi: number | null } {
  const r = queryAll(ctx.db, `SELECT MIN(${alias}.score) AS lo, MAX(${alias}.score) AS hi FROM ${nt('survey_responses')} ${alias}
WHERE ${kindExpr} = ${literal(kind)} AND ${validScoreSql(`${alias}.score`, { min: 0, max: 10 })}`)[0];
  return { lo: num(r?.lo), hi: num(r?.hi) };
}

/** Scale of a bare score column (tickets.csat): 1–5 unless a score above 5 occurs. */
export function detectCsatColumnScale(ctx: MetricContext, table: string, col: string): SatisfactionScale {
  const r = queryAll(ctx.db, `SELECT MIN(${col}) AS lo, MAX(${col}) AS hi FROM ${table} WHERE ${validScoreSql(col, { min: 0, max: 10 })}`)[0];
  return satisfactionScale(ctx, 'csat', { lo: num(r?.lo), hi: num(r?.hi) });
}

/** CES scale and direction (ces.scale, ces.higher_is_better). */
export function cesScale(ctx: MetricContext): { scale: ScoreScale; higherIsBetter: boolean } {
  return {
    scale: parseScale(paramString(ctx.params, 'ces.scale')) ?? { min: 1, max: 7 },
    higherIsBetter: ctx.params['ces.higher_is_better'] !== false,
  };
}
