# Sourced by the scripts/bench-*.sh scripts: `--write` among a script's arguments makes it
# run as usual (the same output, the same exit code) and then replace its own section of
# docs/benchmarks.md, between `<!-- NAME:begin -->` and `<!-- NAME:end -->`, with what it
# printed, the date, the machine and the commit.
#
#   source "$(dirname "$0")/lib/bench-doc.sh"
#   bench_doc_write_if_asked NAME "$0" "$@"     # before anything else; returns if no --write

bench_doc_write_if_asked() {
  local name=$1 script=$2
  shift 2
  local args=() write=0 a
  for a in "$@"; do
    if [[ $a == --write ]]; then write=1; else args+=("$a"); fi
  done
  ((write)) || return 0
  local root out status load
  root=$(cd "$(dirname "$script")/.." && pwd)
  out=$(mktemp)
  load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
  set +e
  bash "$script" ${args[@]+"${args[@]}"} | tee "$out"
  status=${PIPESTATUS[0]}
  set -e
  if ((status != 0)); then
    rm -f "$out"
    echo "$(basename "$script"): failed (exit $status); docs/benchmarks.md left as it was" >&2
    exit "$status"
  fi
  python3 - "$root/docs/benchmarks.md" "$name" "$out" "scripts/$(basename "$script") ${args[*]-}" \
    "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD -- . ':!docs/benchmarks.md' 2>/dev/null || echo ' (with uncommitted changes)')" \
    "$load" <<'PY'
import datetime, os, platform, re, sys
doc, name, out, command, commit, load = sys.argv[1:7]
cpu = platform.machine()
try:
    with open("/proc/cpuinfo") as f:
        models = [l.split(":", 1)[1].strip() for l in f if l.startswith("model name")]
    if models:
        cpu = models[0]
except OSError:
    pass
with open(out) as f:
    printed = f.read().rstrip("\n")
section = (f"<!-- {name}:begin -->\n"
           f"Measured on {datetime.date.today().isoformat()} by `{command.strip()}` at commit {commit}; "
           f"{cpu}, {os.cpu_count()} cores, load average {load} before the run.\n\n"
           f"```\n{printed}\n```\n"
           f"<!-- {name}:end -->")
with open(doc) as f:
    text = f.read()
pattern = re.compile(rf"<!-- {re.escape(name)}:begin -->.*?<!-- {re.escape(name)}:end -->", re.S)
if not pattern.search(text):
    sys.exit(f"{doc}: no <!-- {name}:begin --> … <!-- {name}:end --> markers")
with open(doc, "w") as f:
    f.write(pattern.sub(lambda _: section, text, count=1))
print(f"wrote the {name} section of {os.path.relpath(doc)}", file=sys.stderr)
PY
  rm -f "$out"
  exit 0
}
