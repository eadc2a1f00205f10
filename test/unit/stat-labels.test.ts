// Every statistic a metric reports has a label in every UI language, and every note is a message
// with a text in every language: both are collected from a real analysis of generated exports of
// every dataset (plus the segment and comparison runs), so a new metric whose stats lack labels or
// whose notes are English sentences fails here.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/api';
import { mappingFromSuggestions } from '../../src/engine/mapping/suggest';
import { generateExports } from '../fixtures/generate';
import { statMessage, statValueMessages } from '../../src/shared/i18n/stats';
import { LANGUAGES, resourceText, translate, type UiLanguage } from '../../src/shared/i18n';
import { messageKeys, messageText } from '../../src/shared/i18n/messages';
import type { TextMessage } from '../../src/shared/types';

describe('stat labels', () => {
  const keys = new Set<string>();
  const notes: Array<{ metric: string; note: string; message: TextMessage | null }> = [];
  const textValues = new Map<string, Set<string>>();
  beforeAll(async () => {
    const gen = await generateExports(await mkdtemp(path.join(tmpdir(), 'kpiw-stats-')), { seed: 5, rows: 200 });
    const engine = await Engine.create();
    for (const g of gen) await engine.openFile({ source: g.file, bytes: new Uint8Array(await readFile(g.file)) });
    const mapping = mappingFromSuggestions(await engine.suggestMapping(), { version: 1, tables: [], params: {} }, 0.25);
    await engine.setMapping({ ...mapping, sourceOfTruth: { subscriptions: { source: '*' } } });
    for (const options of [{ asOf: '2024-06-30' }, { asOf: '2024-06-30', params: { business_model: 'one_off' } },
      { asOf: '2024-06-30', params: { 'clv.variant': 'margin_duration' } }, { asOf: '2024-06-30', params: { 'clv.variant': 'margin_duration', lifespan: 24 } }]) {
      const r = await engine.computeMetrics(options);
      for (const m of r.metrics) for (const k of Object.keys(m.stats)) keys.add(k);
      for (const m of r.metrics) for (const [k, v] of Object.entries(m.stats)) if (typeof v === 'string') textValues.set(k, (textValues.get(k) ?? new Set()).add(v));
      for (const m of r.metrics) (m.notes ?? []).forEach((note, i) => notes.push({ metric: m.id, note, message: m.noteMessages?.[i] ?? null }));
    }
  }, 180_000);

  it('collects the stats of a full analysis', () => {
    expect(keys.size).toBeGreaterThan(60);
  });

  it('every stat key has a label in every language, not the raw key', () => {
    const missing: string[] = [];
    for (const k of keys) {
      const m = statMessage(k);
      for (const language of LANGUAGES) {
        const own = translate(language, m.key, {}, '');
        if (!own.trim()) missing.push(`${language} ${k} (${m.key})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every note of a full analysis is a message, with a text in every language', () => {
    expect(notes.length).toBeGreaterThan(40);
    expect(notes.filter((n) => !n.message).map((n) => `${n.metric}: ${n.note}`)).toEqual([]);
    const untranslated: string[] = [];
    for (const { metric, message } of notes) {
      for (const language of LANGUAGES) {
        for (const [key] of messageKeys(message!)) {
          const own = [key, `${key}_other`].some((k) => resourceText(language as UiLanguage, k) !== undefined);
          if (!own) untranslated.push(`${language} ${metric} ${key}`);
        }
        if (messageText(message!, language).includes('{{')) untranslated.push(`${language} ${metric} ${message!.key}: placeholder left`);
      }
    }
    expect([...new Set(untranslated)]).toEqual([]);
  });

  it('text values that are codes (variant, CES direction, duration source, health components) are named in every language', () => {
    // The others are values from the data (a channel, an agent, a feature) or a scale "1-5".
    const fromData = new Set(['top_channel', 'top_performer', 'bottom_performers', 'top_feature', 'scale']);
    expect([...textValues.keys()].filter((k) => !fromData.has(k)).sort()).toEqual(['components', 'direction', 'duration_source', 'variant']);
    expect([...textValues.get('duration_source')!].sort()).toEqual(['churned_tenure', 'lifespan_param']);
    const unnamed: string[] = [];
    for (const [k, values] of textValues) {
      if (fromData.has(k)) continue;
      for (const v of values) {
        for (const language of LANGUAGES) {
          const messages = statValueMessages(k, v, (key) => resourceText(language as UiLanguage, key));
          if (!messages?.length) unnamed.push(`${language} ${k}=${v}`);
        }
      }
    }
    expect(unnamed).toEqual([]);
    expect(statValueMessages('components', 'usage, tenure', (key) => resourceText('fa', key))!.map((m) => messageText(m, 'fa'))).toEqual(['استفاده', 'مدت همکاری']);
  });

  it('dynamic keys keep their value: share.<channel>, score_<n>, <kind>_invalid', () => {
    expect(messageText(statMessage('share.Email'), 'en')).toBe('share: Email');
    expect(messageText(statMessage('score_9'), 'en')).toBe('responses scoring 9');
    expect(messageText(statMessage('nps_invalid'), 'en')).toBe('invalid nps scores');
    expect(messageText(statMessage('logo_k3'), 'en')).toBe('logo retention, cohort age 3');
    expect(messageText(statMessage('mean'), 'fa')).toBe('میانگین');
  });
});
