// Everything the engine derives and keeps for one database, in one object: the data versions
// (mapping generation, table versions) and every cache keyed on them (row counts of grid filters,
// family outputs, per-family derived data). It lives on the database object it describes, so a new
// database (a workspace opened, a test's fresh one) starts with a new session, and nothing of one
// database's state can leak into another's through module variables.
import type { Database } from './database';

/** A least-recently-used map: the oldest entry goes when the capacity is passed. */
export class LruMap<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly capacity: number) {}
  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) { this.map.delete(key); this.map.set(key, v); }
    return v;
  }
  set(key: K, value: V): V {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
    return value;
  }
  get size(): number { return this.map.size; }
  clear(): void { this.map.clear(); }
}

export class EngineSession {
  /** Bumped by every applyMapping (the n_* tables are rebuilt): derived data of an older one is stale. */
  private generation = 0;
  private readonly tableVersions = new Map<string, number>();
  private nextTableVersion = 1;
  /** Matching-row counts of grid queries, keyed by table version, SQL and parameters. */
  readonly rowCounts = new LruMap<string, number>(64);
  /** Named caches of the metric layer, emptied when the mapping generation changes. */
  private readonly derived = new Map<string, { generation: number; value: unknown }>();

  /**
   * Per-customer health scores of the last analysis, for the grid's health column. A new analysis
   * is a new version (and a new temporary table), so cached row counts of an older one never apply.
   */
  gridHealth: { version: number; rows: ReadonlyArray<readonly [string, number | null]> } | null = null;
  private nextHealthVersion = 1;
  private tempSeq = 0;

  /** A name for a temporary table no other part of this session uses. */
  tempName(prefix: string): string {
    return `${prefix}_${++this.tempSeq}`;
  }

  setGridHealth(rows: ReadonlyArray<readonly [string, number | null]> | null): void {
    this.gridHealth = rows ? { version: this.nextHealthVersion++, rows } : null;
  }

  get mappingGeneration(): number { return this.generation; }

  /** The n_* tables are being rebuilt: every derived cache becomes stale at once. */
  mappingChanged(): void { this.generation++; }

  /** The version of an imported table's content; changes whenever a table of that name is saved or removed. */
  tableVersion(name: string): number {
    let v = this.tableVersions.get(name);
    if (v === undefined) this.tableVersions.set(name, (v = this.nextTableVersion++));
    return v;
  }

  tableChanged(name: string): void { this.tableVersions.set(name, this.nextTableVersion++); }

  /** A cache of the metric layer for the current mapping generation (made by `create` when absent or stale). */
  cache<T>(name: string, create: () => T): T {
    const slot = this.derived.get(name);
    if (slot && slot.generation === this.generation) return slot.value as T;
    const value = create();
    this.derived.set(name, { generation: this.generation, value });
    return value;
  }

  /** A value kept across mapping generations (keys of its own say when it is stale). */
  lasting<T>(name: string, create: () => T): T {
    const slot = this.derived.get(`lasting:${name}`);
    if (slot) return slot.value as T;
    const value = create();
    this.derived.set(`lasting:${name}`, { generation: -1, value });
    return value;
  }
}

const SESSION = Symbol('kpiw.engineSession');
type WithSession = Database & { [SESSION]?: EngineSession };

/** The session of a database, made on first use. */
export function sessionOf(db: Database): EngineSession {
  const d = db as WithSession;
  return (d[SESSION] ??= new EngineSession());
}
