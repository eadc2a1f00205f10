// Parameters are validated by the engine against the catalog's schemas at every entry point:
// computeMetrics options (the UI), the mapping file, a workspace file, the CLI's --param. A bad
// value or an unknown id is refused with a message naming the parameter, the value and the rule.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/api';
import { parseMappingFile } from '../../src/engine/mapping/mappingFile';
import { coerceParam, paramProblems, resolveParams } from '../../src/engine/metrics/params';
import { openDatabase } from '../../src/engine/store/database';
import { buildCli, kpiw } from '../fixtures/cli';

const NPS_CSV = 'Score,Date\n10,2024-01-05\n9,2024-01-09\n3,2024-01-12\n7,2024-01-20\n';
const enc = (s: string) => new TextEncoder().encode(s);

async function npsEngine(): Promise<Engine> {
  const engine = await Engine.create();
  await engine.openFile({ source: 'nps.csv', bytes: enc(NPS_CSV) });
  await engine.setMapping({ version: 1, tables: [{ source: 'nps.csv', dataset: 'survey_responses', survey: 'nps', fields: { score: 'Score', responded_at: 'Date' } }], params: {} });
  return engine;
}

describe('paramProblems', () => {
  it('names the parameter, the value and what is allowed', () => {
    expect(paramProblems({ 'nps.promoter_min': -3 })).toEqual(['nps.promoter_min = -3: must be an integer from 0 to 10']);
    expect(paramProblems({ gross_margin: 1.5 })[0]).toMatch(/^gross_margin = 1\.5: must be a fraction from 0 to 1/);
    expect(paramProblems({ 'churn.variant': 'monthly' })).toEqual(['churn.variant = "monthly": must be one of cohort, inclusive']);
    expect(paramProblems({ 'health.weights': { usage: -1 } })[0]).toMatch(/^health\.weights = \{"usage":-1\}: must be an object of weights ≥ 0/);
  });

  it('refuses unknown ids, suggesting a close one', () => {
    expect(paramProblems({ 'nps.promotor_min': 8 })).toEqual(['unknown parameter "nps.promotor_min" (did you mean nps.promoter_min?)']);
    expect(paramProblems({ colour: 'red' })).toEqual(['unknown parameter "colour"']);
  });

  it('accepts first-response targets of any channel', () => {
    expect(paramProblems({ 'frt.target.whatsapp': 600 })).toEqual([]);
    expect(paramProblems({ 'frt.target.whatsapp': -1 })).toHaveLength(1);
  });

  it('checks the rules between parameters on the values in effect', () => {
    expect(paramProblems({ 'nps.detractor_max': 9 })).toEqual(['nps.detractor_max = 9, nps.promoter_min = 9: nps.detractor_max must be below nps.promoter_min']);
    expect(paramProblems({ 'nps.detractor_max': 7, 'nps.promoter_min': 8 })).toEqual([]);
    expect(paramProblems({ 'health.bands': { red: 70, green: 40 } })[0]).toMatch(/red must be below green/);
  });

  it('coerces command-line text by the schema', () => {
    expect(coerceParam('gross_margin', '0.8')).toBe(0.8);
    expect(coerceParam('ces.higher_is_better', 'false')).toBe(false);
    expect(coerceParam('ces.higher_is_better', 'yes')).toBe(true);
    expect(coerceParam('nps.scale', '1-10')).toBe('1-10');
    expect(coerceParam('cac', '120')).toBe(120);
    expect(coerceParam('health.bands', '{"red":30,"green":60}')).toEqual({ red: 30, green: 60 });
    expect(resolveParams({ 'nps.promoter_min': '8' })['nps.promoter_min']).toBe(8);
  });
});

describe('engine entry points', () => {
  it('computeMetrics refuses a bad option value and computes nothing with it; good values still work after', async () => {
    const engine = await npsEngine();
    await expect(engine.computeMetrics({ params: { 'nps.promoter_min': -3 } })).rejects.toThrow('nps.promoter_min = -3: must be an integer from 0 to 10');
    await expect(engine.computeMetrics({ params: { 'nps.promotr_min': 8 } })).rejects.toThrow(/did you mean nps\.promoter_min/);
    const ok = await engine.computeMetrics({ params: { 'nps.promoter_min': 9 } });
    expect(ok.metrics.find((m) => m.id === 'nps')?.value).toBeCloseTo(25);
  });

  it('setMapping refuses bad params and keeps the previous mapping', async () => {
    const engine = await npsEngine();
    const before = await engine.getMapping();
    await expect(engine.setMapping({ ...before, params: { gross_margin: 1.5 } })).rejects.toThrow(/gross_margin = 1\.5/);
    expect(await engine.getMapping()).toEqual(before);
  });

  it('a mapping file with a bad parameter is refused, naming the file', () => {
    const text = JSON.stringify({ version: 1, tables: [], params: { 'nps.promoter_min': -3 } });
    expect(() => parseMappingFile(text, 'map.json')).toThrow('map.json: params: nps.promoter_min = -3: must be an integer from 0 to 10');
    expect(() => parseMappingFile(JSON.stringify({ version: 1, tables: [], params: { gross_margin: 0.8 } }))).not.toThrow();
  });

  it('a workspace file with a bad stored parameter is refused and the open workspace stays', async () => {
    const engine = await npsEngine();
    const bytes = await engine.saveWorkspace();
    const db = await openDatabase(bytes);
    const mapping = JSON.parse(String(db.exec("SELECT value FROM __kpiw_workspace WHERE key = 'mapping'")[0]!.values[0]![0]));
    db.run("UPDATE __kpiw_workspace SET value = ? WHERE key = 'mapping'", [JSON.stringify({ ...mapping, params: { 'health.bands': { red: 80, green: 20 } } })]);
    // Without its checksum (as a file from before checksums), so the parameter check is what speaks.
    db.run("DELETE FROM __kpiw_workspace WHERE key = 'checksum'");
    const bad = db.export();
    db.close();
    const other = await npsEngine();
    await expect(other.loadWorkspace(bad)).rejects.toThrow(/health\.bands = \{"red":80,"green":20\}: .*red must be below green/);
    expect((await other.listTables()).map((t) => t.name)).toEqual(['nps']);
    expect((await other.computeMetrics()).metrics.find((m) => m.id === 'nps')?.value).toBeCloseTo(25);
  });
});

describe('kpiw --param (built CLI)', () => {
  let dir: string;
  beforeAll(async () => {
    await buildCli();
    dir = await mkdtemp(path.join(tmpdir(), 'kpiw-params-'));
    await writeFile(path.join(dir, 'nps.csv'), NPS_CSV);
  }, 120_000);

  it('prints the problem and exits non-zero for a bad value or an unknown id', async () => {
    const bad = await kpiw(['analyze', path.join(dir, 'nps.csv'), '--param', 'nps.promoter_min=-3', '--json']);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('nps.promoter_min = -3: must be an integer from 0 to 10');
    const unknown = await kpiw(['analyze', path.join(dir, 'nps.csv'), '--param', 'gross_marign=0.5']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('unknown parameter "gross_marign" (did you mean gross_margin?)');
  });

  it('a mapping file with a bad parameter stops the CLI too', async () => {
    const map = path.join(dir, 'map.json');
    await writeFile(map, JSON.stringify({ version: 1, tables: [{ source: 'nps.csv', dataset: 'survey_responses', survey: 'nps', fields: { score: 'Score', responded_at: 'Date' } }], params: { gross_margin: 1.5 } }));
    const r = await kpiw(['analyze', path.join(dir, 'nps.csv'), '--map', map]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/gross_margin = 1\.5: must be a fraction from 0 to 1/);
  });
});
