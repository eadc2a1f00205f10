"""Benchmark child: pandas reads the file (read_csv, or read_excel with openpyxl) and writes it
with to_sql into an in-memory SQLite database. Prints one JSON line like the other children."""
import json
import re
import sqlite3
import sys
import time

try:
    import pandas as pd
except ImportError as e:  # the bench reports the peer as skipped
    print(json.dumps({"skipped": f"pandas is not installed ({e})"}))
    sys.exit(0)

kind, path = sys.argv[1], sys.argv[2]
started = time.perf_counter()
if kind == "xlsx":
    frame = pd.read_excel(path, engine="openpyxl")
else:
    frame = pd.read_csv(path)
read_seconds = time.perf_counter() - started
connection = sqlite3.connect(":memory:")
frame.to_sql("t", connection, index=False)
seconds = time.perf_counter() - started
rows = connection.execute("SELECT count(*) FROM t").fetchone()[0]
with open("/proc/self/status") as status:
    match = re.search(r"VmHWM:\s+(\d+)\s+kB", status.read())
print(json.dumps({
    "seconds": seconds,
    "readSeconds": read_seconds,
    "rows": rows,
    "peakRss": int(match.group(1)) * 1024 if match else None,
    "types": [f"{c}:{t}" for c, t in frame.dtypes.astype(str).items()],
}))
