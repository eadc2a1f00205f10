import { describe, expect, it } from 'vitest';
import { openDatabase, queryAll } from '../../src/engine/store/database';
import { createNormalizedTable, insertNormalizedRows } from '../../src/engine/mapping/normalizedSchema';
import { buildMetricContext } from '../../src/engine/metrics/context';
import { dayFromIso } from '../../src/shared/calendar/periods';

describe('metric context', () => {
  it('builds tmp_periods and restricts segments', async () => {
    const db = await openDatabase();
    createNormalizedTable(db, 'tickets');
    insertNormalizedRows(db, 'tickets', [
      { ticket_id: 'a', created_at: dayFromIso('2024-01-05')! * 86400 + 3600, _seg: "O'Brien" },
      { ticket_id: 'b', created_at: dayFromIso('2024-02-05')! * 86400 },
    ]);
    const ctx = buildMetricContext({
      db, mapped: { tickets: new Set(['ticket_id', 'created_at']) },
      fromDay: dayFromIso('2024-01-05')!, asOfDay: dayFromIso('2024-03-01')!, segmentValue: "O'Brien",
    });
    expect(ctx.periods.map((p) => p.key)).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(ctx.current.key).toBe('2024-03');
    expect(ctx.has('tickets', 'ticket_id')).toBe(true);
    expect(ctx.has('tickets', 'resolved_at')).toBe(false);
    expect(ctx.has('calls', 'call_id')).toBe(false);
    const rows = queryAll(db, `SELECT ticket_id, created_at_day FROM n_tickets WHERE ${ctx.segFilter()}`);
    expect(rows).toEqual([{ ticket_id: 'a', created_at_day: dayFromIso('2024-01-05') }]);
    expect(queryAll(db, 'SELECT count(*) AS n FROM tmp_periods')[0]!.n).toBe(3);
  });
});
