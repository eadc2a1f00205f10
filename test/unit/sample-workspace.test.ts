import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const root = path.resolve(__dirname, '..', '..');
const committed = path.join(root, 'resources', 'sample');

describe('bundled sample workspace', () => {
  it('is exactly what scripts/make-sample.mjs generates (deterministic, nothing edited by hand)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kpiw-sample-'));
    execFileSync(process.execPath, [path.join(root, 'scripts', 'make-sample.mjs'), dir], { stdio: 'pipe' });
    const names = readdirSync(committed).sort();
    expect(readdirSync(dir).sort()).toEqual(names);
    for (const n of names) expect(readFileSync(path.join(dir, n)).equals(readFileSync(path.join(committed, n))), n).toBe(true);
  });

  it('holds subscriptions, tickets, NPS and CSAT surveys and usage events, all dated up to the export day', () => {
    const files = readdirSync(committed);
    expect(files).toEqual(expect.arrayContaining(['subscriptions.csv', 'tickets.csv', 'nps_responses.csv', 'csat_responses.csv', 'usage_events.csv']));
    const total = files.reduce((s, n) => s + readFileSync(path.join(committed, n)).byteLength, 0);
    expect(total).toBeLessThan(3 * 1024 * 1024);
    // No date after 2024-12-31 anywhere: the as-of date (the latest date) is the export day.
    for (const n of files) {
      const dates = readFileSync(path.join(committed, n), 'utf8').match(/\b\d{4}-\d{2}-\d{2}\b/g) ?? [];
      expect(dates.filter((d) => d > '2024-12-31'), n).toEqual([]);
    }
  });
});
