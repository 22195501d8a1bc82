#!/usr/bin/env bash
# The house style, checked rather than kept by hand: swift-format (the toolchain's, configured by .swift-format)
# finds nothing to change or report, and no Swift line is 150 columns or longer.
# `swift format -i -r -p Sources Tests Plugins` applies the formatting part.
set -euo pipefail
cd "$(dirname "$0")/.."
dirs=(Sources Tests)
[ -d Plugins ] && dirs+=(Plugins)
swift format lint --strict --recursive --parallel "${dirs[@]}"
long=$(find "${dirs[@]}" -name '*.swift' -print0 | xargs -0 awk 'length($0) >= 150 { printf "%s:%d: %d columns\n", FILENAME, FNR, length($0) }')
if [ -n "$long" ]; then
  echo "$long"
  echo "style: lines of 150 columns or more (break them; swift-format cannot break a string literal)"
  exit 1
fi
echo "style: swift-format clean, every line under 150 columns"
