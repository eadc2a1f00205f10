// The agent leaderboard as a table under its card, on the bundled sample (December 2024): one row
// per agent with tickets received or resolved in the month, the best ranked first and highlighted,
// sortable by any column. Expected agents and counts from resources/sample/tickets.csv.
//
// Test ids used: table-toggle-<metric id>, metric-table-<metric id>.
import path from 'node:path';
import { test, expect, openSample, card, readCsv, shot, shownNumber, SAMPLE } from './helpers';

const MONTH = '2024-12';
const tickets = readCsv(path.join(SAMPLE, 'tickets.csv')).filter((r) => r.agent);
const agents = new Set(tickets.filter((r) => r.created_at.startsWith(MONTH) || r.resolved_at.startsWith(MONTH)).map((r) => r.agent));
const received = new Map<string, number>();
for (const r of tickets) if (r.created_at.startsWith(MONTH)) received.set(r.agent, (received.get(r.agent) ?? 0) + 1);
const mostReceived = Math.max(...received.values());

test('the agent leaderboard opens as a sortable table with the best agent highlighted', async ({ app, consoleErrors }, testInfo) => {
  await openSample(app);
  await expect(card(app, 'agent_leaderboard')).toBeVisible();
  await app.getByTestId('table-toggle-agent_leaderboard').click();
  const table = app.getByTestId('metric-table-agent_leaderboard');
  await expect(table).toBeVisible();
  await expect(table.locator('thead th').first()).toHaveText('Rank');
  await expect(table.locator('tbody tr')).toHaveCount(agents.size);
  await expect(table.locator('tbody tr.best')).toHaveCount(1);
  await expect(table.locator('tbody tr.best td').first()).toHaveText('1');
  const names = await table.locator('tbody tr td:nth-child(2)').allTextContents();
  expect(new Set(names)).toEqual(agents);

  await table.getByRole('button', { name: 'Tickets received' }).click();
  await expect(table.locator('thead th').nth(2)).toHaveAttribute('aria-sort', 'descending');
  expect(shownNumber(await table.locator('tbody tr').first().locator('td').nth(2).textContent() ?? '')).toBe(mostReceived);
  await shot(app, testInfo, 'leaderboard');
  await app.getByTestId('table-toggle-agent_leaderboard').click();
  await expect(table).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
