// A family module is its metric records plus the reads they share. Each record carries everything
// about one metric — definition, inputs, formula, how its value and its drill-down SQL are made —
// so a metric is found, read and added in one place. This module is the one place that checks a
// record's inputs: a record's compute and drill run only when one of its input alternatives is
// mapped, and never test the inputs again.
import type { Period } from '../../shared/calendar/periods';
import type { DrillSql, FamilyModule, MetricContext, MetricDef, MetricOutput } from './types';
import type { MetricFamily } from '../../shared/types';

/** A metric record: its definition and how it is computed from the family's shared reads F. */
export interface MetricRecord<F> extends MetricDef {
  /**
   * The metric's output; null when the data leave it undefined although its inputs are mapped
   * (the orchestrator then reports it as not computed).
   */
  compute(ctx: MetricContext, family: F): MetricOutput | null;
  /** SQL of the (_src, _row) rows behind its value in `period` (current segment); none when absent or null. */
  drill?(ctx: MetricContext, period: Period, family: F): DrillSql | null;
}

/** True when one of the metric's input alternatives is mapped with all its fields. */
export function inputsMapped(def: MetricDef, ctx: MetricContext): boolean {
  return def.inputs.some((a) => ctx.has(a.dataset, ...a.fields));
}

/**
 * A value made on first use and kept for the rest of one compute: a family's shared pass runs only
 * when a metric that needs it is computed.
 */
export function lazy<T>(make: () => T): () => T {
  let made = false;
  let value: T;
  return () => {
    if (!made) { value = make(); made = true; }
    return value;
  };
}

/**
 * The family module of a list of records. `shared` makes the family's shared reads for one context
 * (cheap to call: the reads themselves should be lazy, so they run only for the metrics computed).
 */
export function defineFamily<F>(family: MetricFamily, records: Array<MetricRecord<F>>, shared: (ctx: MetricContext) => F): FamilyModule {
  const byId = new Map(records.map((r) => [r.id, r]));
  return {
    family,
    metrics: records,
    compute(ctx) {
      const f = shared(ctx);
      const out = new Map<string, MetricOutput>();
      for (const r of records) {
        if (!inputsMapped(r, ctx)) continue;
        const o = r.compute(ctx, f);
        if (o) out.set(r.id, o);
      }
      return out;
    },
    drill(ctx, metricId, period) {
      const r = byId.get(metricId);
      if (!r?.drill || !inputsMapped(r, ctx)) return null;
      return r.drill(ctx, period, shared(ctx));
    },
  };
}
