// The whole catalog of METRICS.md §4: one module per family, each metric a declarative record.
import type { MetricFamily } from '../../shared/types';
import type { FamilyModule, MetricDef } from './types';
import { revenueFamily } from './families/revenue';
import { customersFamily } from './families/customers';
import { valueFamily } from './families/value';
import { purchasesFamily } from './families/purchases';
import { supportFamily } from './families/support';
import { surveysFamily } from './families/surveys';
import { usageFamily } from './families/usage';
import { healthFamily } from './families/health';

export const FAMILIES: readonly FamilyModule[] = [
  revenueFamily, customersFamily, valueFamily, purchasesFamily, supportFamily, surveysFamily, usageFamily, healthFamily,
];

/** English family names (report, CLI, the metric reference); the UI translates `family.<id>`. */
export const FAMILY_LABELS: Readonly<Record<MetricFamily, string>> = {
  revenue: 'Recurring revenue', customers: 'Customer snapshot', value: 'Value & unit economics', purchases: 'Purchases',
  support: 'Support', surveys: 'Surveys', usage: 'Product usage', health: 'Customer health',
};

export const METRICS: readonly MetricDef[] = FAMILIES.flatMap((f) => f.metrics);

export const METRIC_BY_ID: ReadonlyMap<string, MetricDef> = new Map(METRICS.map((m) => [m.id, m]));

export function familyOf(metricId: string): FamilyModule | undefined {
  return FAMILIES.find((f) => f.metrics.some((m) => m.id === metricId));
}
