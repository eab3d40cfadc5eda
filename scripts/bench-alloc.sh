#!/usr/bin/env bash
# Allocations on the hot path: counts malloc calls (an LD_PRELOAD shim built here with cc)
# in runs of 100 s and 1000 s of simulated time, and prints the extra allocations per
# simulated event. The one-second timeline tick allocates a few dozen times per simulated
# second; events (thousands a second) should allocate nothing.
#
#   scripts/bench-alloc.sh [--write] [SCENARIO...]      (default: mmc checkout)
#
# --write also puts the output in docs/benchmarks.md (section bench-alloc).
set -euo pipefail
source "$(dirname "$0")/lib/bench-doc.sh"
bench_doc_write_if_asked bench-alloc "$0" "$@"
cd "$(dirname "$0")/.."
swift build -c release --product perflab >/dev/null
BIN=.build/release/perflab
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/count.c" <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdatomic.h>
static atomic_long n;
static void *(*real)(size_t);
void *malloc(size_t s) { if (!real) real = dlsym(RTLD_NEXT, "malloc"); atomic_fetch_add(&n, 1); return real(s); }
__attribute__((destructor)) static void done(void) { fprintf(stderr, "mallocs=%ld\n", (long)n); }
C
cc -O2 -shared -fPIC -o "$tmp/count.so" "$tmp/count.c" -ldl

count() { # SCENARIO SECONDS -> "mallocs events"
  local m e
  m=$(LD_PRELOAD="$tmp/count.so" "$BIN" run --scenario "$1" --duration "$2s" --json 2>&1 >"$tmp/out.json" | sed -n 's/^mallocs=//p')
  e=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["events"])' "$tmp/out.json")
  echo "$m $e"
}

printf '%-10s %14s %14s %16s %18s\n' scenario "extra mallocs" "extra events" "mallocs/event" "mallocs/sim second"
for sc in "${@:-mmc checkout}"; do
  for s in $sc; do
    read -r m1 e1 < <(count "$s" 100)
    read -r m2 e2 < <(count "$s" 1000)
    python3 -c "
dm, de = $m2 - $m1, $e2 - $e1
print(f'{\"$s\":<10} {dm:>14} {de:>14} {dm/de:>16.5f} {dm/900:>18.1f}')"
  done
done
