"""Benchmark child: the recurring-revenue family of METRICS.md §4.1 for every month, in pandas,
on the subscription CSV: customer MRR balances at month ends from +mrr/−mrr month deltas,
movements (new, reactivation, expansion, contraction, churn), counts, rates, ARR/ARPA, logo and
revenue cohort matrices, tenure. read_csv is not timed (it is the import); parsing the date
columns and everything after is. Prints one JSON line."""
import json
import re
import sys
import time

try:
    import numpy as np
    import pandas as pd
except ImportError as e:
    print(json.dumps({"skipped": f"pandas is not installed ({e})"}))
    sys.exit(0)

path = sys.argv[1]
frame = pd.read_csv(path, usecols=["customer_id", "mrr", "start_date", "end_date", "plan", "status"])

started = time.perf_counter()
start = pd.to_datetime(frame["start_date"], format="%Y-%m-%d")
end = pd.to_datetime(frame["end_date"], format="%Y-%m-%d")
valid = (frame["mrr"] > 0) & (end.isna() | (end > start))
subs = pd.DataFrame({
    "c": frame["customer_id"][valid],
    "v": frame["mrr"][valid],
    "sm": (start.dt.year * 12 + start.dt.month - 1)[valid],
    "em": (end.dt.year * 12 + end.dt.month - 1)[valid],
})
first_month, as_of = int(subs["sm"].min()), int(subs["sm"].max())

# A subscription counts in the month-end balances of months [start month, end month).
ends = subs[subs["em"].notna()]
deltas = pd.concat([
    pd.DataFrame({"c": subs["c"], "m": subs["sm"].astype("int64"), "dv": subs["v"]}),
    pd.DataFrame({"c": ends["c"], "m": ends["em"].astype("int64"), "dv": -ends["v"]}),
])
d = deltas.groupby(["c", "m"], sort=True)["dv"].sum().reset_index()
d["e"] = d.groupby("c")["dv"].cumsum().round(6)
d["s"] = (d["e"] - d["dv"]).round(6)
# Active before the month = a subscription started in an earlier month (activity is per day).
first_start = subs.groupby("c")["sm"].min()
d["prior"] = d["m"] > d["c"].map(first_start)
d["next_m"] = d.groupby("c")["m"].shift(-1)

s_on, e_on = d["s"] > 0, d["e"] > 0
kinds = {
    "new": ~s_on & e_on & ~d["prior"],
    "react": ~s_on & e_on & d["prior"],
    "churn": s_on & ~e_on,
    "exp": s_on & e_on & (d["e"] > d["s"]),
    "con": s_on & e_on & (d["e"] < d["s"]),
}
per_month = pd.DataFrame({
    "new_c": kinds["new"], "mrr_new": d["e"].where(kinds["new"], 0.0),
    "react_c": kinds["react"], "mrr_react": d["e"].where(kinds["react"], 0.0),
    "churn_c": kinds["churn"], "mrr_churn": d["s"].where(kinds["churn"], 0.0),
    "mrr_exp": (d["e"] - d["s"]).where(kinds["exp"], 0.0),
    "mrr_con": (d["s"] - d["e"]).where(kinds["con"], 0.0),
    "active_change": e_on.astype("int64") - s_on.astype("int64"),
    "mrr_change": d["dv"],
}).groupby(d["m"]).sum()
months = pd.RangeIndex(first_month, as_of + 1)
series = per_month.reindex(pd.RangeIndex(first_month, int(d["m"].max()) + 1), fill_value=0)
series["active"] = series["active_change"].cumsum()
series["mrr"] = series["mrr_change"].cumsum().round(6)
series = series.loc[months].copy()
series["active_start"] = series["active"].shift(1)
series["mrr_start"] = series["mrr"].shift(1)
ratio = lambda a, b: (a / b.replace(0, np.nan))
series["arr"] = series["mrr"] * 12
series["arpa"] = ratio(series["mrr"], series["active"])
series["net_new_mrr"] = series["mrr_new"] + series["mrr_react"] + series["mrr_exp"] - series["mrr_con"] - series["mrr_churn"]
series["churn_rate"] = ratio(series["churn_c"], series["active_start"])
series["churn_rate_annualized"] = 1 - (1 - series["churn_rate"]) ** 12
series["retention"] = ratio(series["active"] - series["new_c"] - series["react_c"], series["active_start"])
series["gross_revenue_churn"] = ratio(series["mrr_churn"] + series["mrr_con"], series["mrr_start"])
series["net_revenue_churn"] = ratio(series["mrr_churn"] + series["mrr_con"] - series["mrr_exp"], series["mrr_start"])
series["nrr"] = ratio(series["mrr_start"] - series["mrr_con"] - series["mrr_churn"] + series["mrr_exp"], series["mrr_start"])
series["grr"] = ratio(series["mrr_start"] - series["mrr_con"] - series["mrr_churn"], series["mrr_start"])
series["quick_ratio"] = ratio(series["mrr_new"] + series["mrr_react"] + series["mrr_exp"], series["mrr_churn"] + series["mrr_con"])
series["expansion_rate"] = ratio(series["mrr_exp"], series["mrr_start"])

# Cohorts (month of first activity): runs of positive balance, as +/− differences over k; the
# cohort's size is its customer count, its revenue base its MRR at the end of its first month.
runs = d[(d["e"] > 0) & (d["m"] <= as_of)].copy()
runs["until"] = runs["next_m"].fillna(as_of + 1).clip(upper=as_of + 1).astype("int64")
runs["cohort"] = runs["c"].map(first_start).astype("int64")
diffs = pd.concat([
    pd.DataFrame({"cohort": runs["cohort"], "k": runs["m"] - runs["cohort"], "logo": 1.0, "rev": runs["e"]}),
    pd.DataFrame({"cohort": runs["cohort"], "k": runs["until"] - runs["cohort"], "logo": -1.0, "rev": -runs["e"]}),
])
cells = diffs.groupby(["cohort", "k"])[["logo", "rev"]].sum().groupby(level="cohort").cumsum().reset_index()
cells = cells[cells["k"] <= as_of - cells["cohort"]]
sizes = first_start.value_counts()
revenue_base = cells[cells["k"] == 0].set_index("cohort")["rev"]
cells["logo_share"] = cells["logo"] / cells["cohort"].map(sizes)
cells["rev_share"] = cells["rev"] / cells["cohort"].map(revenue_base)
cohort_cells = len(cells)

# Tenure: months with a positive month-end balance, churned customers (zero balance at as-of) and all.
runs["months"] = runs["until"] - runs["m"]
tenure = runs.groupby("c")["months"].sum()
final = d[d["m"] <= as_of].groupby("c")["e"].last()
churned = final[final <= 0].index
tenure_churned = float(tenure.reindex(churned).mean())
tenure_all = float(tenure.mean())
seconds = time.perf_counter() - started

key = lambda m: f"{m // 12:04d}-{m % 12 + 1:02d}"
def out(column):
    return {key(int(m)): (None if pd.isna(v) else float(v)) for m, v in series[column].items()}
with open("/proc/self/status") as status:
    match = re.search(r"VmHWM:\s+(\d+)\s+kB", status.read())
print(json.dumps({
    "seconds": seconds,
    "rows": int(len(frame)),
    "peakRss": int(match.group(1)) * 1024 if match else None,
    "cohortCells": cohort_cells,
    "tenure": [tenure_churned, tenure_all],
    "series": {
        "mrr": out("mrr"), "active_customers": out("active"), "new_customers": out("new_c"),
        "reactivated_customers": out("react_c"), "churned_customers": out("churn_c"), "mrr_new": out("mrr_new"),
        "mrr_expansion": out("mrr_exp"), "mrr_contraction": out("mrr_con"), "mrr_churn": out("mrr_churn"),
        "mrr_reactivation": out("mrr_react"), "nrr": out("nrr"), "grr": out("grr"), "customer_churn_rate": out("churn_rate"),
    },
}))
