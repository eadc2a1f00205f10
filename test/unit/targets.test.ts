// KPI targets (issue 14): periods as plans write them, attainment and pace computed by hand, targets
// matched across calendars by their days, a targets sheet in Persian imported and auto-mapped, app
// targets winning over the sheet's, and the round trip through a workspace and the CLI.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTargetPeriod, targetResult, type ResolvedTarget } from '../../src/engine/metrics/targets';
import { dayFromIso } from '../../src/shared/calendar/periods';
import { openDatabase } from '../../src/engine/store/database';
import { applyMapping } from '../../src/engine/mapping/normalize';
import { analyze } from '../../src/engine/metrics/analyze';
import { Engine } from '../../src/engine/api';
import type { AnalysisOptions, KpiTarget, MappingFile, MetricResult } from '../../src/shared/types';
import { createImportedTable, type TestCell } from '../fixtures/importedTable';
import { parseUiState, uiStateOf, initialState, unreadableUiEntries } from '../../src/renderer/state/store';
import { withTarget, fromTargetInput } from '../../src/renderer/lib/targets';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

describe('target periods as plans write them', () => {
  it.each([
    ['2024-Q2', 'quarter', 'gregorian', '2024-Q2', '2024-04-01', '2024-07-01'],
    ['Q2 2024', 'quarter', 'gregorian', '2024-Q2', '2024-04-01', '2024-07-01'],
    ['2024年第2季', 'quarter', 'gregorian', '2024-Q2', '2024-04-01', '2024-07-01'],
    ['2024-06', 'month', 'gregorian', '2024-06', '2024-06-01', '2024-07-01'],
    ['2024/6', 'month', 'gregorian', '2024-06', '2024-06-01', '2024-07-01'],
    ['06/2024', 'month', 'gregorian', '2024-06', '2024-06-01', '2024-07-01'],
    ['2024-06-15', 'month', 'gregorian', '2024-06', '2024-06-01', '2024-07-01'],
    ['Jun 2024', 'month', 'gregorian', '2024-06', '2024-06-01', '2024-07-01'],
    ['2024年6月', 'month', 'gregorian', '2024-06', '2024-06-01', '2024-07-01'],
    ['2024', 'year', 'gregorian', '2024', '2024-01-01', '2025-01-01'],
    // Farvardin 1403 began on 2024-03-20 (Nowruz); months 1–6 have 31 days, so Tir 1 is 93 days later.
    ['۱۴۰۳-۰۱', 'month', 'persian', '1403-01', '2024-03-20', '2024-04-20'],
    ['فصل ۱ ۱۴۰۳', 'quarter', 'persian', '1403-Q1', '2024-03-20', '2024-06-21'],
    ['1403', 'year', 'persian', '1403', '2024-03-20', '2025-03-21'],
    // Buddhist era = Gregorian + 543; ROC year = Gregorian − 1911. Months are the Gregorian ones.
    ['ไตรมาส 2/2567', 'quarter', 'buddhist', '2567-Q2', '2024-04-01', '2024-07-01'],
    ['๒๕๖๗-๐๖', 'month', 'buddhist', '2567-06', '2024-06-01', '2024-07-01'],
    ['民國113年第2季', 'quarter', 'roc', '113-Q2', '2024-04-01', '2024-07-01'],
    ['113-06', 'month', 'roc', '113-06', '2024-06-01', '2024-07-01'],
  ])('%s → %s %s %s', (text, kind, calendar, key, from, to) => {
    expect(parseTargetPeriod(text)).toEqual({ kind, calendar, key, start: dayFromIso(from), end: dayFromIso(to) });
  });

  it.each(['someday', '24-06', '2024-13', '', 'Q5 2024', '2024-06-15-01-02'])('"%s" names no period', (text) => {
    expect(parseTargetPeriod(text)).toBeNull();
  });
});

describe('attainment and pace', () => {
  const target = (value: number): ResolvedTarget => ({ metric: 'x', period: parseTargetPeriod('2024-Q2')!, segment: null, value, source: 'workspace' });
  const half = { elapsedDays: 45, totalDays: 91, partial: true };
  const full = { elapsedDays: 91, totalDays: 91, partial: false };

  it('an accruing count on a partial period is projected to the end: 149 tickets in 45 of 91 days → 301.3', () => {
    const r = targetResult(149, target(300), 'higher', true, half);
    expect(r.projected).toBeCloseTo(149 * 91 / 45, 9); // 301.31
    expect(r.status).toBe('on_track');
    expect(r.attainment).toBeCloseTo(149 / 300, 12);
    expect(r.projectedAttainment).toBeCloseTo(149 * 91 / 45 / 300, 12);
    expect(targetResult(140, target(300), 'higher', true, half).status).toBe('behind'); // 283.1 < 300
  });

  it('a balance is compared as it stands, not projected', () => {
    const r = targetResult(23_086, target(25_000), 'higher', false, half);
    expect(r.projected).toBe(23_086);
    expect(r.status).toBe('behind');
    expect(r.attainment).toBeCloseTo(0.92344, 5);
  });

  it('lower is better: attainment is target ÷ actual, and a churn rate on pace to exceed its target is behind', () => {
    // 4.5 % churned in 45 of 91 days: at that pace 9.1 % by the quarter's end, over a 5 % target.
    const r = targetResult(0.045, target(0.05), 'lower', true, half);
    expect(r.projected).toBeCloseTo(0.045 * 91 / 45, 12);
    expect(r.status).toBe('behind');
    expect(r.attainment).toBeCloseTo(0.05 / 0.045, 12);
    expect(r.projectedAttainment).toBeCloseTo(0.05 / (0.045 * 91 / 45), 12);
    expect(targetResult(0.045, target(0.05), 'lower', true, full)).toMatchObject({ status: 'met', projectedAttainment: null });
    expect(targetResult(0.055, target(0.05), 'lower', true, full).status).toBe('missed');
  });

  it('no value, no verdict; a zero target has no attainment', () => {
    expect(targetResult(null, target(5), 'higher', true, full)).toMatchObject({ attainment: null, projected: null, status: null });
    expect(targetResult(3, target(0), 'higher', false, full)).toMatchObject({ attainment: null, status: 'met' });
  });
});

/** Tickets created on the given days (one per day listed), plus a targets table. */
async function analyzeTickets(days: string[], targets: TestCell[][], options: AnalysisOptions) {
  const db = await openDatabase();
  const tickets = createImportedTable(db, 'tickets_csv', [{ name: 'Ticket ID', type: 'text' }, { name: 'Created', type: 'datetime' }],
    days.map((d, i) => [`T${i + 1}`, `${d} 10:00:00`]), { source: 'tickets.csv' });
  const plan = createImportedTable(db, 'plan_csv', [{ name: 'KPI', type: 'text' }, { name: 'Period', type: 'text' }, { name: 'Goal', type: 'decimal' }, { name: 'Team', type: 'text' }],
    targets, { source: 'plan.csv' });
  const mapping: MappingFile = {
    version: 1, params: {}, tables: [
      { source: 'tickets.csv', dataset: 'tickets', fields: { ticket_id: 'Ticket ID', created_at: 'Created' } },
      { source: 'plan.csv', dataset: 'targets', fields: { metric: 'KPI', period: 'Period', target: 'Goal', segment: 'Team' } },
    ],
  };
  const issues = applyMapping(db, [tickets, plan], mapping);
  const r = analyze(db, [tickets, plan], mapping, issues, { metrics: ['ticket_volume', 'backlog'], ...options });
  return { r, volume: r.metrics.find((m) => m.id === 'ticket_volume')! };
}

describe('targets in the analysis', () => {
  // 2024-06: 12 tickets by the 15th; 2024-05: 20 tickets. Counted by hand from the lists.
  const june = Array.from({ length: 12 }, (_, i) => `2024-06-${String(i + 1).padStart(2, '0')}`);
  const may = Array.from({ length: 20 }, (_, i) => `2024-05-${String(i + 1).padStart(2, '0')}`);

  it('attainment and pace of the current month, the target line over the series, and bad rows named', async () => {
    const { r, volume } = await analyzeTickets([...may, ...june], [
      ['Ticket volume', '2024-06', 20, null],
      ['ticket_volume', '2024-05', 25, null],
      ['حجم درخواست‌ها', 'someday', 3, null],
      ['no such metric', '2024-06', 3, null],
    ], { asOf: '2024-06-15', period: 'month' });
    expect(volume.value).toBe(12);
    // 12 tickets in 15 of 30 days → 24 by the month's end, over the 20 target.
    expect(volume.target).toEqual({ value: 20, period: '2024-06', source: 'plan_csv', attainment: 12 / 20, projected: 24, projectedAttainment: 24 / 20, status: 'on_track' });
    const line = new Map(volume.targetSeries!.map((p) => [p.period, p.value]));
    expect([...line].filter(([, v]) => v != null)).toEqual([['2024-05', 25], ['2024-06', 20]]);
    const bad = r.issues.filter((i) => i.code.startsWith('target_'));
    expect(bad.map((i) => [i.code, i.rows, i.count])).toEqual([['target_unknown_metric', [5], 1], ['target_bad_period', [4], 1]]);
  });

  it('a Gregorian month target is the Buddhist and ROC month too; a Persian quarter applies only in the Persian calendar', async () => {
    const rows: TestCell[][] = [['ticket_volume', '2024-06', 20, null], ['ticket_volume', '1403-Q1', 40, null]];
    const buddhist = await analyzeTickets(june, rows, { asOf: '2024-06-15', period: 'month', calendar: 'buddhist' });
    expect(buddhist.volume.period).toBe('2567-06');
    expect(buddhist.volume.target?.value).toBe(20);
    const roc = await analyzeTickets(june, rows, { asOf: '2024-06-15', period: 'month', calendar: 'roc' });
    expect(roc.volume.target?.value).toBe(20);
    const gregorianQuarter = await analyzeTickets(june, rows, { asOf: '2024-06-15', period: 'quarter' });
    expect(gregorianQuarter.volume.target).toBeUndefined();
    // 1403-Q1 runs 2024-03-20 … 2024-06-20; by 2024-06-15 it holds the 12 June tickets, 88 of 93 days elapsed.
    const persian = await analyzeTickets(june, rows, { asOf: '2024-06-15', period: 'quarter', calendar: 'persian' });
    expect(persian.volume.period).toBe('1403-Q1');
    expect(persian.volume.periodProgress).toEqual({ elapsedDays: 88, totalDays: 93, partial: true });
    expect(persian.volume.target).toMatchObject({ value: 40, status: 'behind' });
    expect(persian.volume.target?.projected).toBeCloseTo(12 * 93 / 88, 9);
  });

  it('a target entered in the app wins over the sheet for the same metric, period and segment', async () => {
    const app: KpiTarget[] = [{ metric: 'ticket_volume', period: '2024-06', calendar: 'gregorian', value: 30 }];
    const { volume } = await analyzeTickets(june, [['ticket_volume', '2024-06', 20, null]], { asOf: '2024-06-30', period: 'month', targets: app });
    expect(volume.target).toMatchObject({ value: 30, source: 'workspace', status: 'missed', projected: 12 });
  });

  it('per-segment targets reach the segment values', async () => {
    const db = await openDatabase();
    const t = createImportedTable(db, 'tickets_csv', [{ name: 'Ticket ID', type: 'text' }, { name: 'Created', type: 'datetime' }, { name: 'Team', type: 'text' }],
      [['1', '2024-06-01 10:00:00', 'north'], ['2', '2024-06-02 10:00:00', 'north'], ['3', '2024-06-03 10:00:00', 'south']], { source: 'tickets.csv' });
    const mapping: MappingFile = { version: 1, params: {}, tables: [{ source: 'tickets.csv', dataset: 'tickets', fields: { ticket_id: 'Ticket ID', created_at: 'Created' } }] };
    const issues = applyMapping(db, [t], mapping);
    const r = analyze(db, [t], mapping, issues, {
      metrics: ['ticket_volume'], asOf: '2024-06-30', segment: 'Team',
      targets: [{ metric: 'ticket_volume', period: '2024-06', calendar: 'gregorian', value: 1, segment: 'north' }],
    });
    const m = r.metrics[0]!;
    expect(m.target).toBeUndefined();
    expect(m.segments.find((s) => s.segment === 'north')?.target).toMatchObject({ value: 1, attainment: 2, status: 'met' });
    expect(m.segments.find((s) => s.segment === 'south')?.target).toBeUndefined();
  });
});

describe('a targets sheet in Persian, through the engine API', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  const tickets = ['ticket_id,created_at', ...Array.from({ length: 9 }, (_, i) => `T${i},2024-06-0${i + 1} 09:00:00`)].join('\n');
  // Persian headers and digits, the metric by its Persian name, the period in Gregorian months.
  const plan = 'شاخص,دوره,هدف\nحجم درخواست‌ها,۲۰۲۴-۰۶,۱۸\n';

  it('is recognised as targets, and its target applies', async () => {
    const engine = await Engine.create();
    await engine.openFile({ source: 'tickets.csv', bytes: enc(tickets) });
    await engine.openFile({ source: 'plan.csv', bytes: enc(plan) });
    const mapping = await engine.autoMap();
    expect(mapping.tables.find((t) => t.source === 'plan.csv')).toMatchObject({ dataset: 'targets', fields: { metric: 'شاخص', period: 'دوره', target: 'هدف' } });
    const r = await engine.computeMetrics({ asOf: '2024-06-30', metrics: ['ticket_volume'] });
    expect(r.metrics[0]).toMatchObject({ value: 9, target: { value: 18, attainment: 0.5, status: 'missed' } });
  });

  it('keeps app targets through a workspace file (renderer UI state → engine → renderer, and the CLI reads them)', async () => {
    const engine = await Engine.create();
    await engine.openFile({ source: 'tickets.csv', bytes: enc(tickets) });
    await engine.autoMap();
    const targets = withTarget(withTarget([], { metric: 'ticket_volume', period: '2024-06', calendar: 'gregorian' }, 12),
      { metric: 'csat', period: '1403-Q1', calendar: 'persian', segment: 'Plan A' }, fromTargetInput('۸۵٫۵', 'ratio'));
    expect(targets[1]).toEqual({ metric: 'csat', period: '1403-Q1', calendar: 'persian', segment: 'Plan A', value: 0.855 });
    const base = initialState();
    const state = { ...base, controls: { ...base.controls, targets } };
    const bytes = await engine.saveWorkspace(uiStateOf(state));
    const reopened = await (await Engine.create()).loadWorkspace(bytes);
    expect(parseUiState(reopened.uiState).controls.targets).toEqual(targets);
    // A damaged entry is left out, the others kept.
    expect(parseUiState({ controls: { targets: [...targets, { metric: 'x', value: 'NaN' }] } }).controls.targets).toEqual(targets);
    // …and counted, so the app can say so.
    const damaged = { controls: { targets: [...targets, { metric: 'x', value: 'NaN' }, 7], views: [{ id: 1 }, 'x'] } };
    expect(unreadableUiEntries(damaged)).toEqual({ targets: 2, views: 2 });
    expect(unreadableUiEntries(JSON.parse(JSON.stringify(uiStateOf(state))))).toEqual({ targets: 0, views: 0 });
    expect(unreadableUiEntries(null)).toEqual({ targets: 0, views: 0 });

    const dir = mkdtempSync(path.join(tmpdir(), 'kpiw-targets-'));
    const ws = path.join(dir, 'w.kpiw');
    writeFileSync(ws, bytes);
    const out = JSON.parse(execFileSync(process.execPath, [CLI, 'analyze', '--workspace', ws, '--as-of', '2024-06-30', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as { metrics: MetricResult[] };
    expect(out.metrics.find((m) => m.id === 'ticket_volume')?.target).toMatchObject({ value: 12, attainment: 0.75, status: 'missed' });
  });

  it('kpiw analyze --targets maps the file as targets and prints attainment; a file without the columns is refused', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kpiw-targets-'));
    writeFileSync(path.join(dir, 'tickets.csv'), tickets);
    writeFileSync(path.join(dir, 'goals.csv'), 'kpi,month,goal\nticket_volume,2024-06,10\n');
    const text = execFileSync(process.execPath, [CLI, 'analyze', path.join(dir, 'tickets.csv'), '--targets', path.join(dir, 'goals.csv'), '--as-of', '2024-06-30'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(text).toMatch(/Ticket volume\s+9\b.*target 10 \(90%, missed\)/);
    writeFileSync(path.join(dir, 'bad.csv'), 'a,b\n1,2\n');
    let err = '';
    try {
      execFileSync(process.execPath, [CLI, 'analyze', path.join(dir, 'tickets.csv'), '--targets', path.join(dir, 'bad.csv')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) { err = String((e as { stderr: string }).stderr); }
    expect(err).toMatch(/--targets .*bad\.csv: no column for metric, period, target/);
  });
});
