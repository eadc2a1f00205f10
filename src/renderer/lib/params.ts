// UI helpers for the parameters of the catalog (src/shared/catalog/params.ts): the value in effect,
// what differs from the defaults, and the editors' unit conversions. The parameters themselves —
// ids, defaults, ranges, editors — are the catalog's.
import { PARAM_BY_ID } from '../../shared/catalog/params';

/** The value in effect: the user's, else the default. */
export function paramValue(params: Readonly<Record<string, unknown>>, id: string): unknown {
  return id in params ? params[id] : PARAM_BY_ID.get(id)?.default;
}

/** Seconds ↔ the editor's unit. */
export function secondsToUnit(seconds: number, unit: 'minutes' | 'hours'): number {
  return unit === 'minutes' ? seconds / 60 : seconds / 3600;
}
export function unitToSeconds(v: number, unit: 'minutes' | 'hours'): number {
  return unit === 'minutes' ? v * 60 : v * 3600;
}

/** Params differing from their defaults (what is sent to the engine and saved). */
export function changedParams(params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    const d = PARAM_BY_ID.get(k)?.default;
    if (JSON.stringify(v) !== JSON.stringify(d)) out[k] = v;
  }
  return out;
}
