// Reading a text file again in another encoding (the UI's encoding picker, kpiw --encoding):
// the tables are replaced by the re-decoded ones and the mapping stays.
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { Engine } from '../../src/engine/api';

describe('re-import in a chosen encoding', () => {
  it('replaces the mojibake table with the re-decoded one and keeps the mapping', async () => {
    const text = 'customer_id,date,score,ความคิดเห็น\nT001,2024-03-01,9,ดีมาก\nT002,2024-03-02,6,ช้า\nT003,2024-03-03,10,ประทับใจ\n';
    const bytes = new Uint8Array(iconv.encode(text, 'tis-620'));
    const engine = await Engine.create();
    const first = await engine.openFile({ source: 'csat.csv', bytes, options: { encoding: 'windows-1252' } });
    expect(first.tables[0]!.columns.map((c) => c.name)).not.toContain('ความคิดเห็น');
    await engine.setMapping({ version: 1, tables: [{ source: 'csat.csv', dataset: 'survey_responses', survey: 'nps', fields: { customer_id: 'customer_id', responded_at: 'date', score: 'score' } }], params: {} });
    const again = await engine.reimportFile({ source: 'csat.csv', bytes, options: { encoding: 'windows-874' } });
    expect(again.tables[0]!.encoding).toBe('windows-874');
    expect(again.tables[0]!.columns.map((c) => c.name)).toEqual(['customer_id', 'date', 'score', 'ความคิดเห็น']);
    const tables = await engine.listTables();
    expect(tables).toHaveLength(1);
    expect(tables[0]!.mapping?.entry.dataset).toBe('survey_responses');
    expect((await engine.getMapping()).tables[0]!.fields.score).toBe('score');
  });
});
