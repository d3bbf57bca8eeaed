#!/usr/bin/env bash
# Builds the virtual environment the benchmarks' Python peers run in (.preflight/python-peers), with the
# pinned versions of ../shared/reference/python (numpy 2.4.6, pandas 3.0.6, scipy 1.17.1, scikit-learn 1.9.1,
# lightgbm 4.7.0, statsmodels 0.15.0), from a local wheel folder when there is one (PREFLIGHT_WHEELS, or a
# folder holding lightgbm-4.7.0's wheel), else from Debian's python3-* packages (other versions, no
# lightgbm: the peers that need it then say so). Idempotent: an environment that already matches is kept.
#
#   bash tooling/scripts/python-peers.sh            # build or check .preflight/python-peers
#   PREFLIGHT_WHEELS=/path/to/wheels bash tooling/scripts/python-peers.sh
#   PREFLIGHT_PEERS_SOURCE=debian bash tooling/scripts/python-peers.sh   # skip the wheels (what a new machine without them does)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="${PREFLIGHT_PYTHON_PEERS:-$root/.preflight/python-peers}"
pins=(numpy==2.4.6 pandas==3.0.6 scipy==1.17.1 scikit-learn==1.9.1 lightgbm==4.7.0 statsmodels==0.15.0)
modules="numpy pandas scipy sklearn lightgbm statsmodels"

say() { printf 'python-peers: %s\n' "$*" >&2; }

# The environment's own record of what it holds, read by the benchmarks (tooling/bench's pythonPeer).
write_manifest() {
  "$venv/bin/python" - "$1" <<'PY' >"$venv/peers.json"
import importlib, json, platform, sys
versions = {}
for name in ["numpy", "pandas", "scipy", "sklearn", "lightgbm", "statsmodels"]:
    try:
        versions[name] = importlib.import_module(name).__version__
    except Exception as error:  # a missing peer is recorded, not fatal: benches that need it say so
        versions[name] = None
print(json.dumps({"python": platform.python_version(), "source": sys.argv[1], "versions": versions}))
PY
  say "ready: $venv ($(tr -d '\n' <"$venv/peers.json"))"
}

matches_pins() {
  [ -x "$venv/bin/python" ] || return 1
  "$venv/bin/python" - <<'PY' 2>/dev/null
import importlib, sys
want = {"numpy": "2.4.6", "pandas": "3.0.6", "scipy": "1.17.1", "sklearn": "1.9.1", "lightgbm": "4.7.0", "statsmodels": "0.15.0"}
sys.exit(0 if all(importlib.import_module(m).__version__ == v for m, v in want.items()) else 1)
PY
}

find_wheels() {
  if [ -n "${PREFLIGHT_WHEELS:-}" ]; then
    [ -d "$PREFLIGHT_WHEELS" ] || { say "PREFLIGHT_WHEELS=$PREFLIGHT_WHEELS is not a folder"; exit 1; }
    echo "$PREFLIGHT_WHEELS"
    return
  fi
  for dir in /opt/pypi/files "$root/../shared/wheels" /usr/share/python-wheels; do
    if compgen -G "$dir/lightgbm-4.7.0-*.whl" >/dev/null; then echo "$dir"; return; fi
  done
  # The shared README's way: wherever the reference wheels were unpacked on this machine (bounded search).
  local found
  found="$(find / -xdev -maxdepth 5 -name 'lightgbm-4.7.0-*.whl' -print -quit 2>/dev/null || true)"
  [ -n "$found" ] && dirname "$found"
  return 0
}

if matches_pins; then
  say "already built with the pinned versions"
  [ -f "$venv/peers.json" ] || write_manifest "existing"
  exit 0
fi

wheels=""
[ "${PREFLIGHT_PEERS_SOURCE:-}" = "debian" ] || wheels="$(find_wheels)"
if [ -n "$wheels" ]; then
  python="${PYTHON:-python3}"
  command -v "$python" >/dev/null || { say "no $python on PATH; install Python 3.11 (Debian: apt-get install python3 python3-venv)"; exit 1; }
  say "building $venv from the wheels in $wheels with $($python --version 2>&1)"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-index --find-links "$wheels" "${pins[@]}"
  write_manifest "wheels:$wheels"
  exit 0
fi

# No wheels: Debian's packages (older versions; no lightgbm in Debian), seen through a venv that includes the
# system site-packages so the benches run one interpreter path either way.
if [ "${PREFLIGHT_PEERS_SOURCE:-}" = "debian" ]; then
  say "PREFLIGHT_PEERS_SOURCE=debian: using Debian's python3-* packages (versions differ from the pins)"
else
  say "no wheel folder with lightgbm 4.7.0 found; falling back to Debian's python3-* packages (versions differ from the pins)"
fi
if ! /usr/bin/python3 -c "import numpy, pandas, scipy, sklearn, statsmodels" 2>/dev/null; then
  command -v apt-get >/dev/null || { say "apt-get not found: set PREFLIGHT_WHEELS to a folder with the pinned wheels"; exit 1; }
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq python3 python3-venv python3-numpy python3-pandas python3-scipy python3-sklearn python3-statsmodels >/dev/null
fi
rm -rf "$venv"
/usr/bin/python3 -m venv --system-site-packages "$venv"
write_manifest "debian"
for module in $modules; do
  "$venv/bin/python" -c "import $module" 2>/dev/null || say "note: $module is not available from Debian; peers that need it cannot run"
done
