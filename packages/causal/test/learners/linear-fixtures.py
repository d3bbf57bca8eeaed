#!/usr/bin/env python3
"""Expected values for test/learners/linear-learners.test.ts: scikit-learn's StandardScaler + LogisticRegression(C=1)
and StandardScaler + Ridge(alpha=1) on a fixed 30-row design (tight tolerance). Run offline; the test embeds the output."""
import json
import numpy as np
from sklearn.linear_model import LogisticRegression, Ridge, LinearRegression
from sklearn.preprocessing import StandardScaler
from sklearn.pipeline import make_pipeline
n = 30
i = np.arange(n)
X = np.c_[np.sin(i * 1.3) * 2 + 1, (i % 4).astype(float), np.cos(i * 0.7) * 5]
y_bin = ((np.sin(i * 2.1) + 0.3 * X[:, 0] - 0.2 * X[:, 1]) > 0.2).astype(float)
y_reg = 1.5 + 0.8 * X[:, 0] - 0.4 * X[:, 1] + 0.1 * X[:, 2] + np.sin(i * 5.0)
Xq = np.array([[0.5, 1.0, -2.0], [2.5, 3.0, 4.0]])
lr = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, tol=1e-12, max_iter=10000)).fit(X, y_bin)
rd = make_pipeline(StandardScaler(), Ridge(alpha=1.0)).fit(X, y_reg)
ols = LinearRegression().fit(X, y_reg)
print(json.dumps({"X": X.tolist(), "y_bin": y_bin.tolist(), "y_reg": y_reg.tolist(), "Xq": Xq.tolist(),
                  "logistic_proba": lr.predict_proba(Xq)[:, 1].tolist(), "ridge_pred": rd.predict(Xq).tolist(),
                  "ols_pred": ols.predict(Xq).tolist()}))
