// A control change supersedes the analysis it follows: the request not started yet is cancelled
// (answered 'cancelled', no work done), the newest one is computed. Real engine, real dispatcher.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/api';
import { createDispatcher } from '../../src/shared/rpc';
import { withHostApi } from '../../src/engine/host/hostedEngine';

const enc = (s: string) => new TextEncoder().encode(s);

describe('superseded analyses', () => {
  it('a computeMetrics cancelled before it starts is answered "cancelled"; the next one computes', async () => {
    const engine = await Engine.create();
    await engine.openFile({ source: 'tickets.csv', bytes: enc('ticket_id,created_at\nT1,2024-06-01 10:00:00\nT2,2024-06-02 10:00:00\n') });
    await engine.autoMap();
    const dispatcher = createDispatcher(withHostApi(engine, '/nonexistent'), () => undefined);
    const first = dispatcher.handle({ kind: 'call', id: 'a1', method: 'computeMetrics', args: [{ period: 'month', metrics: ['ticket_volume'] }] });
    const second = dispatcher.handle({ kind: 'call', id: 'a2', method: 'computeMetrics', args: [{ period: 'quarter', metrics: ['ticket_volume'] }] });
    await dispatcher.handle({ kind: 'cancel', id: 'a1' });
    expect(await first).toMatchObject({ id: 'a1', ok: false, error: { code: 'cancelled' } });
    const done = await second;
    expect(done).toMatchObject({ id: 'a2', ok: true });
    expect((done as { value: { period: string; metrics: Array<{ value: number }> } }).value).toMatchObject({ period: 'quarter', metrics: [{ value: 2 }] });
  });
});
