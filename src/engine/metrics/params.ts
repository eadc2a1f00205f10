// Parameter values: defaults from the catalog (src/shared/catalog/params.ts), values given by the
// user (mapping file `params`, `--param id=value`, the UI's editors) validated against the
// catalog's schemas and laid over the defaults.
import { CROSS_PARAM_RULES, PARAM_BY_ID, PARAM_DEFAULTS, paramDef } from '../../shared/catalog/params';
import type { Params } from './types';
import type { TextMessage } from '../../shared/types';
import { messageText } from '../../shared/i18n/messages';

export { PARAM_DEFAULTS };

/**
 * A parameter value the catalog does not allow, or an unknown parameter id: `texts` one message
 * per problem (paramError.*), `text` all of them as one message, `message` their English.
 */
export class ParamError extends Error {
  readonly problems: readonly string[];
  readonly text: TextMessage;
  constructor(readonly texts: readonly TextMessage[]) {
    const problems = texts.map((t) => messageText(t, 'en'));
    super(problems.join('\n'));
    this.name = 'ParamError';
    this.problems = problems;
    this.text = texts.length === 1 ? texts[0]! : { key: 'paramError.andMore', values: { first: texts[0]!, n: texts.length - 1 } };
  }
}

/** Params with defaults filled in; string values from the CLI are coerced by the parameter's schema. */
export function resolveParams(given: Record<string, unknown> = {}): Params {
  const out: Record<string, unknown> = { ...PARAM_DEFAULTS };
  for (const [k, v] of Object.entries(given)) out[k] = coerceParam(k, v);
  return out;
}

/**
 * A value as the parameter's schema wants it: text is kept when the schema accepts text, else read
 * as JSON (numbers, booleans, objects, null), else as yes/no. A value that fits no reading is
 * returned as read (JSON when it parses, so "-3" is reported as the number it means) for
 * validation to refuse.
 */
export function coerceParam(id: string, v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const def = paramDef(id);
  if (!def) return v;
  if (def.schema.safeParse(v).success) return v;
  const candidates: unknown[] = [];
  try { candidates.push(JSON.parse(v)); } catch { /* not JSON */ }
  if (/^(yes|no|1|0)$/i.test(v.trim())) candidates.push(/^(yes|1)$/i.test(v.trim()));
  if (v.trim() === '') candidates.push(null);
  const valid = candidates.find((c) => def.schema.safeParse(c).success);
  return valid !== undefined ? valid : candidates.length ? candidates[0] : v;
}

const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v));

/** What is wrong with the given params, one message per problem naming parameter, value and rule. */
export function paramProblemMessages(given: Readonly<Record<string, unknown>>): TextMessage[] {
  const problems: TextMessage[] = [];
  const values: Record<string, unknown> = { ...PARAM_DEFAULTS };
  for (const [id, raw] of Object.entries(given)) {
    const def = paramDef(id);
    if (!def) {
      const near = closestParamId(id);
      problems.push(near ? { key: 'paramError.unknownNear', values: { id, near } } : { key: 'paramError.unknown', values: { id } });
      continue;
    }
    const v = coerceParam(id, raw);
    const r = def.schema.safeParse(v);
    if (!r.success) {
      // A refinement's message is the key of its text (paramRule.detail.*).
      const detail = r.error.issues.find((i) => i.code === 'custom' && i.message.startsWith('paramRule.'))?.message;
      problems.push({
        key: detail ? 'paramError.invalidDetail' : 'paramError.invalid',
        values: { id, value: show(v), rule: def.allowed, ...(detail ? { detail: { key: detail } } : {}) },
      });
      continue;
    }
    values[id] = v;
  }
  for (const rule of CROSS_PARAM_RULES) {
    if (!rule.ids.every((id) => values[id] != null)) continue;
    if (!rule.holds((id) => values[id])) {
      problems.push({ key: 'paramError.cross', values: { values: rule.ids.map((id) => `${id} = ${show(values[id])}`).join(', '), rule: rule.message } });
    }
  }
  return problems;
}

/** The problems of the given params in English (mapping files, the CLI's usage errors). */
export function paramProblems(given: Readonly<Record<string, unknown>>): string[] {
  return paramProblemMessages(given).map((m) => messageText(m, 'en'));
}

/** Throws a ParamError listing every problem of the given params. */
export function validateParams(given: Readonly<Record<string, unknown>> | undefined): void {
  const problems = paramProblemMessages(given ?? {});
  if (problems.length) throw new ParamError(problems);
}

/** The known parameter id nearest to a mistyped one, when it is near enough to be a typo. */
function closestParamId(id: string): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const known of PARAM_BY_ID.keys()) {
    const d = editDistance(id.toLowerCase(), known);
    if (d < bestDistance) { best = known; bestDistance = d; }
  }
  return best && bestDistance <= Math.max(2, Math.floor(id.length / 4)) ? best : null;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

export function paramNumber(p: Params, id: string): number | null {
  const v = p[id];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function paramString(p: Params, id: string): string {
  const v = p[id];
  return v == null ? '' : String(v);
}
