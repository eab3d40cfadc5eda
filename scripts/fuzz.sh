#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer) of every parser a user feeds perflab: theme files,
# plain-text and oracleGeneral traces, session files (read and reported, and played on
# screen), --script files, scenario and topology files, knob values and sweep shards. One target per parser in Fuzz/<target>/Target.swift; a seed corpus each in
# Fuzz/corpus/<target>/.
#
# Usage: scripts/fuzz.sh [SECONDS-PER-TARGET] [TARGET…]     (default 60 s, every target)
#
# The library modules are built by SwiftPM into .build-fuzz with coverage instrumentation
# and AddressSanitizer (-sanitize=fuzzer,address), outside the product; each target is
# compiled with swiftc and linked against them. The corpus grown by a run is kept in
# .build-fuzz/corpus/<target> (so later runs start from it); the committed seeds are not
# touched. A crash, a failed check, a leak or an input slower than 10 s stops that target:
# its input is saved in .build-fuzz/crashes/<target>/ and the script exits 1. For each
# target it prints libFuzzer's run count and coverage (cov: edges, ft: features).
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:/opt/swift/bin:$PATH"
# Swift's own crash backtracer would catch the trap before libFuzzer does.
export SWIFT_BACKTRACE=enable=no

seconds=${1:-60}
shift || true
targets=(theme trace-text trace-oracle session replay script scenario topology knob-value sweep-shard)
[ $# -gt 0 ] && targets=("$@")
out=.build-fuzz
sanitizers=fuzzer,address
mkdir -p "$out"

# 1. The instrumented library modules (Dashboard brings PerfModel, SimKernel,
# CachePolicies, TerminalCanvas and CursesBackend).
for module in Dashboard; do
    if ! swift build --build-path "$out" --target "$module" -Xswiftc "-sanitize=$sanitizers" >"$out/build.log" 2>&1; then
        tail -30 "$out/build.log" >&2
        echo "fuzz: building $module with -sanitize=$sanitizers failed" >&2
        exit 2
    fi
done
lib="$out/debug"
# Every module object SwiftPM built there (our libraries and their package dependencies).
mapfile -t objects < <(find -L "$lib/" -path '*.build/*.o' -not -path '*Tests.build/*' | sort)
# C modules of the dependencies, if any: their module maps and headers.
cflags=()
while IFS= read -r m; do cflags+=(-Xcc "-fmodule-map-file=$m"); done < <(find -L "$lib/" -maxdepth 2 -path '*.build/module.modulemap' | sort)
while IFS= read -r d; do cflags+=(-I "$d"); done < <(find -L "$out/checkouts" -maxdepth 4 -type d -path '*/Sources/*/include' | sort)

# 2. Each target, built and run.
failed=0
summary=()
for t in "${targets[@]}"; do
    src="Fuzz/$t/Target.swift"
    [ -f "$src" ] || { echo "fuzz: no target $t ($src)" >&2; exit 2; }
    bin="$out/fuzz-$t"
    module=Fuzz$(echo "$t" | sed -E 's/(^|-)([a-z])/\U\2/g')
    if [ ! -x "$bin" ] || [ -n "$(find "$src" "${objects[@]}" -newer "$bin" -print -quit)" ]; then
        if ! swiftc -sanitize="$sanitizers" -parse-as-library -O -use-ld=lld -module-name "$module" \
            "$src" -I "$lib/Modules" -I Sources/CNCurses "${cflags[@]}" "${objects[@]}" -lncursesw -o "$bin" 2>"$out/build-$t.log"; then
            cat "$out/build-$t.log" >&2
            echo "fuzz: building target $t failed" >&2
            exit 2
        fi
    fi
    corpus="$out/corpus/$t"
    crashes="$out/crashes/$t"
    mkdir -p "$corpus" "$crashes"
    log="$out/fuzz-$t.log"
    echo "== $t: ${seconds}s"
    # Edge numbers for every target; JSON field names for the JSON readers.
    dict="$out/dict-$t"
    cat Fuzz/dict/numbers.dict >"$dict"
    case $t in session | replay | sweep-shard) cat Fuzz/dict/json.dict >>"$dict" ;; esac
    "$bin" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 -artifact_prefix="$crashes/" \
        -dict="$dict" "$corpus" "Fuzz/corpus/$t" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    cov=$(echo "$last" | grep -Eo 'cov: [0-9]+' | grep -Eo '[0-9]+')
    ft=$(echo "$last" | grep -Eo 'ft: [0-9]+' | grep -Eo '[0-9]+')
    corp=$(echo "$last" | grep -Eo 'corp: [0-9]+' | grep -Eo '[0-9]+')
    line=$(printf '%-13s runs %10s  cov %5s  ft %6s  corpus %5s' "$t" "${runs:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}")
    if [ $rc -ne 0 ]; then
        failed=1
        artifact=$(grep -Eo 'Test unit written to [^ ]+' "$log" | tail -1 | sed 's/Test unit written to //')
        echo "FAIL $t (exit $rc): ${artifact:-see $log}" >&2
        grep -E 'ERROR|Fatal error|deadly signal|SUMMARY' "$log" | head -5 >&2
        summary+=("$line  CRASH ${artifact:-}")
    else
        summary+=("$line  ok")
    fi
done

echo "== fuzz summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
exit $failed
