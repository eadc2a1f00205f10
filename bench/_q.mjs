import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
const c = await (await DuckDBInstance.create(':memory:')).connect();
const ds = { subscriptions: 'customer_id VARCHAR, mrr DOUBLE, amount DOUBLE, billing_interval DOUBLE, start_date INTEGER, end_date INTEGER, plan VARCHAR, status VARCHAR, trial_start INTEGER, trial_end INTEGER, churn_type VARCHAR, term_months DOUBLE, email VARCHAR, name VARCHAR' };
const sql = readFileSync('/tmp/d.sql', 'utf8');
// schema contract: create tables from the commented DDL
const ddl = [...sql.matchAll(/-- CREATE TABLE ([^\n]+) \(\n((?:--   [^\n]+\n)+)-- \)/g)].map((m) => `CREATE TABLE ${m[1]} (${m[2].replace(/--   /g, '')})`);
for (const d of ddl) await c.run(d);
const st = await c.extractStatements(sql);
for (let i = 0; i < st.count; i++) { try { await (await st.prepare(i)).run(); } catch (e) { console.log(i, e.message.slice(0, 300)); const parts = sql.split(/;\n/); const s = await st.prepare(i).catch(()=>null); console.log(sql.split(";\n\n").slice(0,0)); break; } }
