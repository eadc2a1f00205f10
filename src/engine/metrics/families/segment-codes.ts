// The segment value of every row of a normalized table, by rowid. A segment change rewrites only
// n_*._seg: the revenue timeline and the health subscription read, which read every row, keep
// their segment-free part and take each row's segment from here instead of reading it all again
// (issue 13: a segment change at a million rows). One grouped read over the _seg index: per value
// its rowids as one text (a million step()/get() calls through sql.js cost ~10× more).
import { ident, queryRows, type Database } from '../../store/database';

export interface SegmentCodes {
  /** Segment values by code (null: rows whose _seg is NULL). */
  values: Array<string | null>;
  /** Code of the row with rowid r at codeOf[r - lo]; -1 for a rowid not in the table. */
  codeOf: Int32Array;
  lo: number;
}

/** The code of a rowid (-1 when the table has no such row). */
export function codeOfRow(codes: SegmentCodes, rowid: number): number {
  const i = rowid - codes.lo;
  return i >= 0 && i < codes.codeOf.length ? codes.codeOf[i]! : -1;
}

/** Reads the codes (uncached). */
export function readSegmentCodes(db: Database, table: string): SegmentCodes {
  const t = ident(table);
  const [lo, hi] = queryRows(db, `SELECT MIN(rowid), MAX(rowid) FROM ${t}`).rows[0] ?? [];
  const min = typeof lo === 'number' ? lo : 0, max = typeof hi === 'number' ? hi : -1;
  const codeOf = new Int32Array(Math.max(0, max - min + 1)).fill(-1);
  const values: Array<string | null> = [];
  const stmt = db.prepare(`SELECT _seg, group_concat(rowid) FROM ${t} GROUP BY _seg`);
  try {
    while (stmt.step()) {
      const [seg, ids] = stmt.get();
      const code = values.length;
      // _seg is TEXT: SQL's = on it (segFilter) is string equality.
      values.push(seg == null ? null : String(seg));
      const text = String(ids ?? '');
      for (let p = 0; p < text.length;) {
        let q = text.indexOf(',', p);
        if (q < 0) q = text.length;
        codeOf[Number(text.slice(p, q)) - min] = code;
        p = q + 1;
      }
    }
  } finally {
    stmt.free();
  }
  return { values, codeOf, lo: min };
}

/**
 * The codes of the table's current _seg, kept in `memo` (MetricContext.memo: one per data version
 * and segment column, so exactly as long as _seg holds that column); read afresh without one.
 */
export function segmentCodes(db: Database, table: string, memo: Map<string, unknown> | undefined): SegmentCodes {
  const key = `segmentCodes:${table}`;
  const hit = memo?.get(key) as SegmentCodes | undefined;
  if (hit) return hit;
  const codes = readSegmentCodes(db, table);
  memo?.set(key, codes);
  return codes;
}
