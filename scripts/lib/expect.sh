# Shared by the headless e2e scripts: `expect_exit CODE PATTERN -- command...` runs the
# command and checks its exit code and that PATTERN (extended regex) is in its output; an
# exit code of 2 must come with exactly one line on stderr. Counts in $pass and $fails;
# needs $tmp.
fails=0
pass=0

expect_exit() {
  local code=$1 pattern=$2; shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [[ $got -ne $code ]] || ! grep -qE -- "$pattern" "$tmp/out" "$tmp/err"; then
    echo "FAIL: $* -> exit $got (want $code), output: $(head -c 300 "$tmp/err" "$tmp/out")"
    fails=$((fails + 1))
  else
    pass=$((pass + 1))
  fi
  if [[ $code -eq 2 ]] && [[ $(wc -l <"$tmp/err") -ne 1 ]]; then
    echo "FAIL: $* -> error is not one line"; fails=$((fails + 1))
  fi
}
