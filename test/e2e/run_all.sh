#!/usr/bin/env bash
# run_all.sh: runs every test/e2e/test_*.py against one tmpld binary.
#
# Usage: test/e2e/run_all.sh [BIN]   (BIN defaults to $TMPLD_BIN, else build/tmpld of this repo)
# Prints each script's output, then one result line per script, and ends with
# "e2e: N passed, M failed" (the sum over all scripts). Exits non-zero if any test failed,
# or if a script ended without its summary line (counted as one failure).
set -u

here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-${TMPLD_BIN:-$here/../../build/tmpld}}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
if [ ! -x "$bin" ]; then
	echo "run_all.sh: no executable tmpld at $bin" >&2
	echo "e2e: 0 passed, 1 failed"
	exit 1
fi

total_pass=0
total_fail=0
results=()
for script in "$here"/test_*.py; do
	name=$(basename "$script")
	out=$(mktemp)
	echo "== $name"
	python3 "$script" "$bin" 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	line=$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed$" "$out" | tail -n 1)
	if [ -n "$line" ]; then
		p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed$/\1/')
		f=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed, ([0-9]+) failed$/\2/')
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
			f=1   # non-zero exit without a counted failure
			line="$line (exit status $rc)"
		fi
	else
		p=0
		f=1
		line="$name: no summary line (exit status $rc)"
	fi
	rm -f "$out"
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	results+=("$line")
done

echo "== results"
for r in "${results[@]}"; do
	echo "$r"
done
echo "e2e: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
