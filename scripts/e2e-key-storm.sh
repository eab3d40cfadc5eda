#!/usr/bin/env bash
# End-to-end: random keys at the dashboard (scripts/key-storm.py) for a minute on a
# topology and on checkout: it must not exit on its own, must exit 0 on q with the terminal
# given back, stay under 1 GB, and every session it recorded must pass replay --verify.
# Usage: scripts/e2e-key-storm.sh   (binary: ${PERFLAB:-.build/debug/perflab})
set -euo pipefail
cd "$(dirname "$0")/.."
PERFLAB=${PERFLAB:-.build/debug/perflab}
python3 scripts/key-storm.py --perflab "$PERFLAB" --seed 5 --seconds 30 examples/shop.toml
python3 scripts/key-storm.py --perflab "$PERFLAB" --seed 6 --seconds 30 checkout
echo "PASS: key storms"
