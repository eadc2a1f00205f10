// The bundled sample workspace ("Try with sample data"): every table mapped without a click,
// KPI values equal to values computed here from resources/sample, drill-down, parameters.
//
// Test ids used (renderer): try-sample, kpi-card-<id>, kpi-value, grid, mapping-panel,
// mapping-dataset, mapping-field-<field>, param-<param id>.
import { test, expect, openSample, card, cardValue, shownNumber, shownDuration, readCsv, epochSeconds, mean, shot, SAMPLE } from './helpers';
import path from 'node:path';

// Independent expectations from the sample files. The as-of date is the latest date in the data
// (2024-12-31) and the default period is the month, so the current period is 2024-12.
const AS_OF = '2024-12-31';
const MONTH = '2024-12';
const subs = readCsv(path.join(SAMPLE, 'subscriptions.csv'));
const tickets = readCsv(path.join(SAMPLE, 'tickets.csv'));
const nps = readCsv(path.join(SAMPLE, 'nps_responses.csv'));
const csat = readCsv(path.join(SAMPLE, 'csat_responses.csv'));

// MRR is a balance on the last day of the period: subscriptions with start ≤ day < end.
const activeRows = subs.filter((r) => r.start_date <= AS_OF && (r.end_date === '' || r.end_date > AS_OF));
const expectedMrr = activeRows.reduce((s, r) => s + Number(r.mrr), 0);
const expectedActive = new Set(activeRows.map((r) => r.customer_id)).size;

const npsScores = nps.filter((r) => r.responded_at.startsWith(MONTH)).map((r) => Number(r.score));
const npsWith = (promoterMin: number) =>
  (100 * (npsScores.filter((s) => s >= promoterMin).length - npsScores.filter((s) => s <= 6).length)) / npsScores.length;

const csatScores = csat.filter((r) => r.responded_at.startsWith(MONTH)).map((r) => Number(r.score));
const expectedCsat = csatScores.filter((s) => s >= 4).length / csatScores.length;

const decTickets = tickets.filter((r) => r.created_at.startsWith(MONTH));
const expectedFrt = mean(decTickets.filter((r) => r.first_response_at).map((r) => epochSeconds(r.first_response_at) - epochSeconds(r.created_at)));

test.describe('sample workspace', () => {
  test('opens with every table mapped and KPIs computed, no further clicks', async ({ app, consoleErrors }, testInfo) => {
    await expect(app.getByTestId('try-sample')).toBeVisible();
    await shot(app, testInfo, 'empty-state');
    await openSample(app);
    await expect(card(app, 'mrr')).toBeVisible();
    await expect(app.getByText(AS_OF).first()).toBeVisible();
    await shot(app, testInfo, 'workspace');

    // Revenue: MRR and active customers on 2024-12-31.
    expect(shownNumber(await cardValue(app, 'mrr'))).toBe(Math.round(expectedMrr));
    expect(shownNumber(await cardValue(app, 'active_customers'))).toBe(expectedActive);
    // Surveys: NPS and CSAT of December.
    expect(shownNumber(await cardValue(app, 'nps'))).toBeCloseTo(npsWith(9), 1);
    expect(shownNumber(await cardValue(app, 'csat'))).toBeCloseTo(100 * expectedCsat, 1);
    // Support: tickets created in December, mean first response time (shown to the minute).
    expect(shownNumber(await cardValue(app, 'ticket_volume'))).toBe(decTickets.length);
    expect(Math.abs(shownDuration(await cardValue(app, 'first_response_time')) - expectedFrt)).toBeLessThanOrEqual(60);
    expect(consoleErrors).toEqual([]);
  });

  test('the mapping panel shows the suggested dataset and fields of each table', async ({ app }, testInfo) => {
    await openSample(app);
    await expect(card(app, 'mrr')).toBeVisible();
    const panel = app.getByTestId('mapping-panel');
    const expected: Array<[string, string, Record<string, string>]> = [
      ['subscriptions', 'subscriptions', { customer_id: 'customer_id', mrr: 'mrr', start_date: 'start_date', end_date: 'end_date', plan: 'plan' }],
      ['tickets', 'tickets', { ticket_id: 'ticket_id', created_at: 'created_at', first_response_at: 'first_response_at', resolved_at: 'resolved_at', channel: 'channel', agent: 'agent' }],
      ['nps_responses', 'survey_responses', { score: 'score', responded_at: 'responded_at', customer_id: 'customer_id', comment: 'comment' }],
      ['csat_responses', 'survey_responses', { score: 'score', responded_at: 'responded_at' }],
      ['usage_events', 'usage_events', { user_id: 'user_id', timestamp: 'timestamp', account_id: 'account_id', feature: 'feature' }],
    ];
    for (const [table, dataset, fields] of expected) {
      await app.locator('.table-button', { hasText: table }).first().click();
      await expect(panel).toContainText(table);
      await expect(panel.getByTestId('mapping-dataset')).toHaveValue(dataset);
      for (const [field, column] of Object.entries(fields)) {
        await expect(panel.getByTestId(`mapping-field-${field}`), `${table}: ${field}`).toHaveValue(column);
      }
      await shot(app, testInfo, table);
    }
  });

  test('drilling down from a card shows the rows behind the value', async ({ app }, testInfo) => {
    await openSample(app);
    await cardValue(app, 'ticket_volume');
    await card(app, 'ticket_volume').locator('.kpi-drill').click();
    const grid = app.getByTestId('grid');
    await expect(grid).toBeVisible();
    // The grid's toolbar states how many rows it shows: December's tickets.
    // (Renderer: a test id such as `grid-row-count` with data-total would make this less wordy.)
    await expect(app.locator('.grid-wrap')).toContainText(new RegExp(`\\b${decTickets.length.toLocaleString('en-US')}\\b`));
    await expect(grid.locator('.ag-row').first()).toBeVisible();
    await shot(app, testInfo, 'drilled');
  });

  test('changing a parameter changes the value', async ({ app }, testInfo) => {
    await openSample(app);
    expect(shownNumber(await cardValue(app, 'nps'))).toBeCloseTo(npsWith(9), 1);
    // Promoters from 10 only: NPS drops to the value computed with the stricter band.
    const param = app.getByTestId('param-nps.promoter_min');
    // The parameter editors sit in a collapsed "Parameters" section of the KPI panel.
    if (!(await param.isVisible())) await app.locator('details.params > summary').click();
    const input = param.locator('input').first();
    await input.fill('10');
    await input.press('Enter');
    await expect.poll(async () => shownNumber(await cardValue(app, 'nps'))).toBeCloseTo(npsWith(10), 1);
    await shot(app, testInfo, 'promoter-min-10');
    // Out of range is refused where it is typed, with the range; the value in effect stays.
    await input.fill('-3');
    await input.press('Enter');
    await expect(param.getByRole('alert')).toHaveText('Must be from 0 to 10; nothing changed.');
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(shownNumber(await cardValue(app, 'nps'))).toBeCloseTo(npsWith(10), 1);
    await shot(app, testInfo, 'promoter-min-out-of-range');
    await input.press('Escape');
    await expect(input).toHaveValue('10');
  });

  test('a date parameter is picked in the chosen calendar and can go back to its default', async ({ app }, testInfo) => {
    await openSample(app);
    await app.getByTestId('control-calendar').selectOption('persian');
    if (!(await app.getByTestId('param-customers-snapshot_date').isVisible())) await app.locator('details.params > summary').click();
    // Unset: the default (the file's date) is said, and one click starts from the as-of date.
    await app.getByTestId('param-customers-snapshot_date').click();
    const picker = app.getByTestId('param-customers-snapshot_date');
    await expect(picker).toHaveAttribute('data-value', /^\d{4}-\d{2}-\d{2}$/);
    const iso = (await picker.getAttribute('data-value'))!;
    // The month list is the Persian calendar's: the selected month is the Jalali month of that day.
    const jalaliMonth = new Intl.DateTimeFormat('en-u-ca-persian', { month: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
    await expect(app.getByTestId('param-customers-snapshot_date-month').locator('option:checked')).toHaveText(jalaliMonth);
    // 1 Farvardin 1403 is 2024-03-20.
    const year = app.getByTestId('param-customers-snapshot_date-year');
    await year.fill('1403');
    await year.press('Enter');
    await app.getByTestId('param-customers-snapshot_date-month').selectOption('1');
    await app.getByTestId('param-customers-snapshot_date-day').selectOption('1');
    await expect(picker).toHaveAttribute('data-value', '2024-03-20');
    await shot(app, testInfo, 'snapshot-date-persian');
    await app.locator('.param-date').getByRole('button').click();
    await expect(app.getByTestId('param-customers-snapshot_date')).toHaveRole('button');
  });

  test('changing the period and the segment updates the values without a reload', async ({ app }, testInfo) => {
    await openSample(app);
    await cardValue(app, 'ticket_volume');
    const url = app.url();
    // Quarter: tickets created in 2024-Q4.
    await app.getByTestId('control-period').selectOption('quarter');
    const q4 = tickets.filter((r) => r.created_at >= '2024-10-01' && r.created_at < '2025-01-01').length;
    await expect.poll(async () => shownNumber(await cardValue(app, 'ticket_volume'))).toBe(q4);
    await shot(app, testInfo, 'quarter');
    // Segment by plan: the MRR card lists plans with their MRR on 2024-12-31.
    await app.getByTestId('control-period').selectOption('month');
    await app.getByTestId('control-segment').selectOption({ label: 'plan' });
    const byPlan = new Map<string, number>();
    for (const r of activeRows) byPlan.set(r.plan, (byPlan.get(r.plan) ?? 0) + Number(r.mrr));
    const segments = card(app, 'mrr').locator('.kpi-segments .seg');
    await expect(segments.first()).toBeVisible();
    for (const text of await segments.allTextContents()) {
      // Every subscription has a plan; a "(blank)" segment, if listed, must hold nothing.
      if (text.trim().startsWith('(blank)')) {
        expect(shownNumber(text.slice('(blank)'.length)), 'MRR without a plan').toBe(0);
        continue;
      }
      const plan = [...byPlan.keys()].find((p) => text.trim().startsWith(p));
      expect(plan, `segment "${text}" is a plan`).toBeTruthy();
      expect(shownNumber(text.slice(plan!.length))).toBe(Math.round(byPlan.get(plan!)!));
    }
    expect(app.url()).toBe(url);
    await shot(app, testInfo, 'segment-plan');
  });

  test('a card shows its formula, variant and SQL', async ({ app }, testInfo) => {
    await openSample(app);
    await cardValue(app, 'customer_churn_rate');
    await card(app, 'customer_churn_rate').getByRole('button', { name: /formula|details/i }).click();
    const popover = app.getByTestId('formula-popover');
    await expect(popover).toBeVisible();
    await expect(popover).toContainText(/cohort/i);
    await expect(popover).toContainText(/SELECT/i);
    await shot(app, testInfo, 'popover');
    await app.keyboard.press('Escape');
    await expect(popover).toBeHidden();
  });
});
