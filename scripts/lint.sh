#!/usr/bin/env bash
# The project's style: swift-format's lint with the project's .swift-format (strict: a
# finding fails), and no line of Swift over its 110 columns (the formatter cannot break a
# string literal, so it does not report one; this does). `swift-format format -i -r
# Sources Tests Benchmarks Fuzz Package.swift` fixes what the first finds.
set -euo pipefail
cd "$(dirname "$0")/.."
dirs=(Sources Tests Benchmarks Fuzz Package.swift)
swift-format lint --strict -r "${dirs[@]}"
width=$(python3 -c 'import json; print(json.load(open(".swift-format"))["lineLength"])')
long=$(grep -rn --include='*.swift' ".\{$((width + 1)),\}" "${dirs[@]}" || true)
if [[ -n $long ]]; then
  echo "lines over $width columns:"
  echo "$long"
  exit 1
fi
echo "lint: clean ($(git ls-files '*.swift' | wc -l) files, width $width)"
