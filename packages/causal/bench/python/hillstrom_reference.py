#!/usr/bin/env python3
"""Python side of bench/causal-hillstrom.bench.ts: the reference learners of
../shared/reference/python/ref_causal.py (sklearn logistic T-learner, LightGBM T- and X-learner,
n_jobs=2) on the exact split of ../shared/data/hillstrom_split.csv, timed the same way as the
TypeScript side (best and median wall clock of `repeats` fit+predict runs after three warm-up runs).
Prints one JSON object. Usage: python3 hillstrom_reference.py <shared_dir> [repeats]"""
import json
import os
import sys
import time

import numpy as np
import pandas as pd

shared = sys.argv[1]
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
sys.path.insert(0, os.path.join(shared, "reference", "python"))
import ref_causal as ref  # noqa: E402

data_dir = os.path.join(shared, "data")
df = pd.read_csv(os.path.join(data_dir, "hillstrom.csv"))
split = pd.read_csv(os.path.join(data_dir, "hillstrom_split.csv"))
df["split"] = split["womens_vs_none_split"].to_numpy()
df = df[df.segment.isin(["Womens E-Mail", "No E-Mail"])].reset_index(drop=True)
t = (df.segment == "Womens E-Mail").astype(int).to_numpy()
y = df.visit.astype(int).to_numpy()
X = pd.DataFrame({
    "recency": df.recency, "history": df.history, "mens": df.mens, "womens": df.womens, "newbie": df.newbie,
    "hist_seg": df.history_segment.str.slice(0, 1).astype(int),
    "zip_urban": (df.zip_code == "Urban").astype(int), "zip_suburban": (df.zip_code == "Surburban").astype(int),
    "zip_rural": (df.zip_code == "Rural").astype(int), "ch_web": (df.channel == "Web").astype(int),
    "ch_phone": (df.channel == "Phone").astype(int), "ch_multi": (df.channel == "Multichannel").astype(int),
}).to_numpy(dtype=float)
tr = (df.split == "train").to_numpy()
te = (df.split == "holdout").to_numpy()
Xtr, Xte, ytr, yte, ttr, tte = X[tr], X[te], y[tr], y[te], t[tr], t[te]
e = ttr.mean()

learners = {
    "sklearn_logistic_t": lambda: ref.t_learner(Xtr, ytr, ttr, Xte, ref.lr_clf),
    "lightgbm_t": lambda: ref.t_learner(Xtr, ytr, ttr, Xte, ref.lgb_clf),
    "lightgbm_x": lambda: ref.x_learner(Xtr, ytr, ttr, Xte, ref.lgb_clf, ref.lgb_reg, e),
}
out = {"n_train": int(tr.sum()), "n_holdout": int(te.sum()), "n_jobs": ref.N_JOBS, "repeats": repeats}
for name, fn in learners.items():
    for _ in range(3):  # warm-up (imports, thread pools), as many runs as the TypeScript side
        fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        u = fn()
        times.append(time.perf_counter() - t0)
    out[name] = {"seconds": float(np.min(times)), "median_seconds": float(np.median(times)), "qini_auc": float(ref.sk_qini_auc_score(yte, u, tte)),
                 "mean_uplift": float(u.mean())}
print(json.dumps(out))
