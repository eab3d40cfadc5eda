#!/usr/bin/env bash
# End-to-end checks of topologies: the examples run, --set and --script take SERVICE.KNOB,
# sessions of topologies verify, and a bad topology file gets one line naming file, line
# and field with exit 2.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${PERFLAB:-.build/debug/perflab}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source scripts/lib/expect.sh

expect_exit 0 'n-plus-one' -- "$BIN" scenarios
expect_exit 0 'pricing.db.pool' -- "$BIN" knobs --scenario shop
expect_exit 0 '"services"' -- "$BIN" run --scenario shop --duration 5s --json
expect_exit 0 '"pricing.db.service": "8ms"' -- "$BIN" run --scenario examples/shop.toml --duration 5s --json --set pricing.db.service=8ms
expect_exit 2 'nosuch.db.pool: unknown service "nosuch"' -- "$BIN" run --scenario shop --set nosuch.db.pool=3
# The text summary of a topology: each service's own line, then each call as its caller
# counted it; pricing's ten queries a visit show as ten times its visits (plus retries).
"$BIN" run --scenario shop --duration 5s >"$tmp/shop.txt"
visits=$(awk '$1 == "pricing" && $2 ~ /^[0-9]+$/ {print $3}' "$tmp/shop.txt")
queries=$(awk '$1 == "pricing" && $2 == "->" && $3 == "db" {print $4 - $8}' "$tmp/shop.txt")
if [[ -n $visits && $queries == $((10 * visits)) ]]; then
  echo "ok   run text: pricing -> db $queries first queries = 10 x $visits visits"; pass=$((pass + 1))
else
  echo "FAIL run text: pricing visits '$visits', first queries '$queries'"; cat "$tmp/shop.txt"; fails=$((fails + 1))
fi
# The entry service down: nothing succeeds, so no latency is shown (it read as zeros).
expect_exit 0 'latency ms none: no request succeeded' -- "$BIN" run --scenario shop --duration 3s --set api.instance.1.down=true
expect_exit 0 'pricing +3 +0 +0 +0 +0 +0 +0 +0 +0\.0 +- +-' -- "$BIN" run --scenario shop --duration 3s --set api.instance.1.down=true
printf '[services.a]\n  [[services.a.calls]]\n  to = "b"\n[services.b]\n  [[services.b.calls]]\n  to = "a"\n' >"$tmp/cycle.toml"
expect_exit 2 'cycle.toml:1: services.a.calls: the calls form a cycle' -- "$BIN" run --scenario "$tmp/cycle.toml"
printf '[services.a]\nwork.time = "soon"\n' >"$tmp/value.toml"
expect_exit 2 'value.toml:2: a.work.time' -- "$BIN" run --scenario "$tmp/value.toml"
printf '[services.a]\n  [[services.a.calls]]\n  parallel = []\n' >"$tmp/empty.toml"
expect_exit 2 'empty.toml:3: .*empty parallel' -- "$BIN" run --scenario "$tmp/empty.toml"
printf '2s pricing.instances=1\n3s stock.backend.1.down=true\n4s load.retries=0\n' >"$tmp/changes.script"
expect_exit 0 'Throughput|throughput' -- "$BIN" run --scenario shop --duration 6s --script "$tmp/changes.script" --record "$tmp/s.jsonl"
expect_exit 0 'all 6 samples match' -- "$BIN" replay --verify "$tmp/s.jsonl"
expect_exit 0 'pricing' -- "$BIN" report "$tmp/s.jsonl"
# One service with a plan of its own (ten queries a request) re-simulates with its plan.
printf '2s db.pool=4\n' >"$tmp/pool.script"
expect_exit 0 'Throughput|throughput' -- "$BIN" run --scenario n-plus-one --duration 4s --script "$tmp/pool.script" --record "$tmp/n1.jsonl"
expect_exit 0 'all [0-9]+ samples match' -- "$BIN" replay --verify "$tmp/n1.jsonl"
printf '2s nosuch.instances=1\n' >"$tmp/bad.script"
expect_exit 2 'unknown service' -- "$BIN" run --scenario shop --script "$tmp/bad.script"

echo "$pass passed, $fails failed"
[[ $fails -eq 0 ]]
