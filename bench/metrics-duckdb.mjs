// Benchmark child: the recurring-revenue family of METRICS.md §4.1 for every month in DuckDB SQL
// (@duckdb/node-api), the same computation as metrics_pandas.py. Loading the CSV
// (read_csv_auto) is not timed (it is the import); everything after is. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { connectDuckdb, loadCsvSql } from './duckdb-connect.mjs';

const file = process.argv[2];
const db = await connectDuckdb();
await db.run(loadCsvSql(file));
const all = async (sql) => (await db.runAndReadAll(sql)).getRowObjectsJS();

const started = performance.now();
await db.run(`
  CREATE TEMP TABLE subs AS
  SELECT customer_id AS c, mrr AS v,
         year(start_date) * 12 + month(start_date) - 1 AS sm,
         CASE WHEN end_date IS NULL THEN NULL ELSE year(end_date) * 12 + month(end_date) - 1 END AS em
  FROM t WHERE mrr > 0 AND (end_date IS NULL OR end_date > start_date)`);
const [{ first_month: firstMonth, as_of: asOf }] = await all('SELECT min(sm)::INTEGER AS first_month, max(sm)::INTEGER AS as_of FROM subs');
// A subscription counts in the month-end balances of months [start month, end month). Active
// before a month = a subscription started in an earlier month (activity is per day).
await db.run('CREATE TEMP TABLE firsts AS SELECT c, min(sm) AS first_sm FROM subs GROUP BY c');
await db.run(`
  CREATE TEMP TABLE d AS
  WITH deltas AS (SELECT c, sm AS m, v AS dv FROM subs UNION ALL SELECT c, em, -v FROM subs WHERE em IS NOT NULL),
  g AS (SELECT c, m, sum(dv) AS dv FROM deltas GROUP BY c, m),
  b AS (SELECT c, m, dv, round(sum(dv) OVER (PARTITION BY c ORDER BY m ROWS UNBOUNDED PRECEDING), 6) AS e,
               lead(m) OVER (PARTITION BY c ORDER BY m) AS next_m FROM g)
  SELECT b.*, round(e - dv, 6) AS s, m > first_sm AS prior, first_sm
  FROM b JOIN firsts USING (c)`);
const series = await all(`
  WITH mv AS (
    SELECT m,
      count(*) FILTER (WHERE s <= 0 AND e > 0 AND NOT prior) AS new_c, coalesce(sum(e) FILTER (WHERE s <= 0 AND e > 0 AND NOT prior), 0) AS mrr_new,
      count(*) FILTER (WHERE s <= 0 AND e > 0 AND prior) AS react_c, coalesce(sum(e) FILTER (WHERE s <= 0 AND e > 0 AND prior), 0) AS mrr_react,
      count(*) FILTER (WHERE s > 0 AND e <= 0) AS churn_c, coalesce(sum(s) FILTER (WHERE s > 0 AND e <= 0), 0) AS mrr_churn,
      coalesce(sum(e - s) FILTER (WHERE s > 0 AND e > s), 0) AS mrr_exp, coalesce(sum(s - e) FILTER (WHERE e > 0 AND e < s), 0) AS mrr_con,
      sum((e > 0)::INTEGER - (s > 0)::INTEGER) AS active_change, sum(dv) AS mrr_change
    FROM d GROUP BY m),
  months AS (SELECT range AS m FROM range(${firstMonth}, ${asOf} + 1)),
  balances AS (
    SELECT months.m, coalesce(new_c, 0) AS new_c, coalesce(mrr_new, 0) AS mrr_new, coalesce(react_c, 0) AS react_c,
      coalesce(mrr_react, 0) AS mrr_react, coalesce(churn_c, 0) AS churn_c, coalesce(mrr_churn, 0) AS mrr_churn,
      coalesce(mrr_exp, 0) AS mrr_exp, coalesce(mrr_con, 0) AS mrr_con,
      sum(coalesce(active_change, 0)) OVER (ORDER BY months.m) AS active,
      round(sum(coalesce(mrr_change, 0)) OVER (ORDER BY months.m), 6) AS mrr
    FROM months LEFT JOIN mv ON mv.m = months.m),
  starts AS (SELECT *, lag(active) OVER (ORDER BY m) AS active_start, lag(mrr) OVER (ORDER BY m) AS mrr_start FROM balances)
  SELECT m::INTEGER AS m, mrr, mrr * 12 AS arr, active, mrr / nullif(active, 0) AS arpa,
    new_c, react_c, churn_c, mrr_new, mrr_react, mrr_exp, mrr_con, mrr_churn,
    mrr_new + mrr_react + mrr_exp - mrr_con - mrr_churn AS net_new_mrr,
    churn_c / nullif(active_start, 0) AS churn_rate,
    1 - pow(1 - churn_c / nullif(active_start, 0), 12) AS churn_rate_annualized,
    (active - new_c - react_c) / nullif(active_start, 0) AS retention,
    (mrr_churn + mrr_con) / nullif(mrr_start, 0) AS gross_revenue_churn,
    (mrr_churn + mrr_con - mrr_exp) / nullif(mrr_start, 0) AS net_revenue_churn,
    (mrr_start - mrr_con - mrr_churn + mrr_exp) / nullif(mrr_start, 0) AS nrr,
    (mrr_start - mrr_con - mrr_churn) / nullif(mrr_start, 0) AS grr,
    (mrr_new + mrr_react + mrr_exp) / nullif(mrr_churn + mrr_con, 0) AS quick_ratio,
    mrr_exp / nullif(mrr_start, 0) AS expansion_rate
  FROM starts ORDER BY m`);
// Cohorts (month of first activity): runs of positive balance, as +/− differences over k; the
// cohort's size is its customer count, its revenue base its MRR at the end of its first month.
await db.run(`
  CREATE TEMP TABLE runs AS
  SELECT c, m, e, least(coalesce(next_m, ${asOf} + 1), ${asOf} + 1) AS until, first_sm AS cohort
  FROM d WHERE e > 0 AND m <= ${asOf}`);
const [{ cells: cohortCells }] = await all(`
  WITH diffs AS (SELECT cohort, m - cohort AS k, 1 AS logo, e AS rev FROM runs
                 UNION ALL SELECT cohort, until - cohort, -1, -e FROM runs),
  cells AS (SELECT cohort, k, sum(logo) AS logo, sum(rev) AS rev FROM diffs GROUP BY cohort, k),
  cum AS (SELECT cohort, k, sum(logo) OVER w AS logo, sum(rev) OVER w AS rev FROM cells
          WINDOW w AS (PARTITION BY cohort ORDER BY k ROWS UNBOUNDED PRECEDING)),
  sizes AS (SELECT first_sm AS cohort, count(*) AS size FROM firsts GROUP BY first_sm),
  shares AS (SELECT cohort, k, logo / size AS logo_share,
                    rev / max(rev) FILTER (WHERE k = 0) OVER (PARTITION BY cohort) AS rev_share
             FROM cum JOIN sizes USING (cohort) WHERE k <= ${asOf} - cohort)
  SELECT count(*)::INTEGER AS cells FROM shares`);
const [tenure] = await all(`
  WITH months AS (SELECT c, sum(until - m) AS months FROM runs GROUP BY c),
  final AS (SELECT c, arg_max(e, m) AS e FROM d WHERE m <= ${asOf} GROUP BY c)
  SELECT avg(months) FILTER (WHERE final.e <= 0) AS churned, avg(months) AS all_customers
  FROM months JOIN final USING (c)`);
const seconds = (performance.now() - started) / 1000;

const key = (m) => `${String(Math.floor(m / 12)).padStart(4, '0')}-${String((m % 12) + 1).padStart(2, '0')}`;
const out = (column) => Object.fromEntries(series.map((r) => [key(r.m), r[column] === null ? null : Number(r[column])]));
const hwm = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
const [{ n }] = await all('SELECT count(*)::INTEGER AS n FROM t');
console.log(JSON.stringify({
  seconds,
  rows: n,
  peakRss: hwm ? Number(hwm[1]) * 1024 : null,
  cohortCells,
  tenure: [Number(tenure.churned), Number(tenure.all_customers)],
  series: {
    mrr: out('mrr'), active_customers: out('active'), new_customers: out('new_c'), reactivated_customers: out('react_c'),
    churned_customers: out('churn_c'), mrr_new: out('mrr_new'), mrr_expansion: out('mrr_exp'), mrr_contraction: out('mrr_con'),
    mrr_churn: out('mrr_churn'), mrr_reactivation: out('mrr_react'), nrr: out('nrr'), grr: out('grr'), customer_churn_rate: out('churn_rate'),
  },
}));
