#!/usr/bin/env python3
"""Expected values for test/metrics/*.test.ts: runs the reference formulas of
../shared/reference/python/ref_causal.py (sklift and causalml conventions) on fixed vectors with ties.
Run offline: python3 metric-fixtures.py (the tests embed its output; they never call Python)."""
import os, sys, json
import numpy as np
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "..", "shared", "reference", "python"))
from ref_causal import (sk_qini_curve, sk_uplift_curve, sk_qini_auc_score, sk_uplift_auc_score, sk_uplift_at_k,
                        cm_qini_curve, cm_gain_curve, cm_qini_score, cm_auuc_score)

CASES = {
    # 24 units, scores on a coarse grid (many ties); the top block has treated units only.
    "ties": dict(
        y=[1,0,1,1,0,1,1,0,0,1,0,1,1,0,0,1,0,1,0,1,0,0,1,1],
        t=[1,1,0,1,0,1,1,0,0,1,0,1,0,0,1,1,0,1,0,1,0,0,1,0],
        u=[0.9,0.9,0.3,0.9,0.1,0.5,0.5,0.3,-0.2,0.5,0.3,0.7,0.1,-0.2,0.3,0.5,0.1,0.7,0.3,0.9,-0.2,0.1,0.7,0.3]),
    # 16 units, continuous outcome, all scores tied in three blocks.
    "continuous": dict(
        y=[2.5,0.0,1.25,3.0,0.5,0.0,4.0,1.0,0.75,2.0,0.0,1.5,3.5,0.25,1.0,2.25],
        t=[1,0,1,1,0,0,1,0,1,0,1,1,0,0,1,0],
        u=[2,2,1,2,0,1,2,0,1,1,0,2,1,0,0,1]),
}

out = {}
for name, c in CASES.items():
    y, t, u = (np.array(c[k], dtype=float) for k in ("y", "t", "u"))
    t = t.astype(int)
    qx, qy = sk_qini_curve(y, u, t)
    ux, uy = sk_uplift_curve(y, u, t)
    r = {
        "qini_curve_x": qx.tolist(), "qini_curve_y": qy.tolist(),
        "uplift_curve_x": ux.tolist(), "uplift_curve_y": uy.tolist(),
        "qini_auc": sk_qini_auc_score(y, u, t), "qini_auc_noneg": sk_qini_auc_score(y, u, t, negative_effect=False),
        "upl30_overall": sk_uplift_at_k(y, u, t, 0.3, "overall"), "upl30_bygroup": sk_uplift_at_k(y, u, t, 0.3, "by_group"),
        "upl50_overall": sk_uplift_at_k(y, u, t, 0.5, "overall"),
        "cm_qini": cm_qini_curve(y, u, t, normalize=False).tolist(),
        "cm_gain": cm_gain_curve(y, u, t, normalize=False).tolist(),
        "cm_qini_score": cm_qini_score(y, u, t), "cm_auuc": cm_auuc_score(y, u, t),
    }
    if set(np.unique(y)) <= {0.0, 1.0}:
        r["uplift_auc"] = sk_uplift_auc_score(y, u, t)
    out[name] = r
print(json.dumps(out, indent=1))
