#!/usr/bin/env bash
# run-tests.sh BUILD [unit]: runs the cmocka unit binaries, then (unless "unit") the end-to-end
# tests, the conformance replay and the examples against BUILD/tmpld. Prints one summary line
# "tests: N passed, M failed" (suites) and exits non-zero if any suite failed.
set -u
build=${1:-build}
only=${2:-all}
bin="$build/tmpld"
passed=0 failed=0
failures=""

suite() {   # suite NAME COMMAND...
  local name=$1; shift
  echo "=== $name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failures="$failures $name"
  fi
}

# the layers: no file includes a header of a layer above it (HACKING.md)
suite layers python3 scripts/check-layers.py

for t in "$build"/test/test_*; do
  [ -x "$t" ] || continue
  suite "unit/$(basename "$t")" "$t"
done

if [ "$only" != unit ]; then
  [ -f test/e2e/run_all.sh ] && suite e2e bash test/e2e/run_all.sh "$bin"
  [ -f test/conformance/conformance_test.py ] && \
    suite conformance python3 test/conformance/conformance_test.py "$bin"
  # the same two with every write group run twice (flat, undone, then each write nested): a
  # write handler must give the same answer when its group runs again (dispatch/commit.c)
  [ -f test/e2e/run_all.sh ] && \
    suite e2e-rerun env TMPLD_TEST_RERUN_WRITES=1 bash test/e2e/run_all.sh "$bin"
  [ -f test/conformance/conformance_test.py ] && \
    suite conformance-rerun env TMPLD_TEST_RERUN_WRITES=1 \
      python3 test/conformance/conformance_test.py "$bin"
  [ -f examples/run_examples_test.sh ] && suite examples bash examples/run_examples_test.sh "$bin"
  # real clients against tmpld (test/clients/run.sh): Debian's ansible with community.zabbix,
  # and python3-pyzabbix
  if [ -f test/clients/run.sh ]; then
    suite clients-ansible bash test/clients/run.sh ansible "$bin"
    suite clients-pyzabbix bash test/clients/run.sh pyzabbix "$bin"
  fi
  # the OpenRPC document must agree with the contract the server is built from: the method
  # table and its rule trees, as test_contract --dump prints them
  contract=$(mktemp)
  if "$build/test/test_contract" --dump >"$contract"; then
    suite rpc-specs sh -c 'python3 rpc-specs/check_openrpc.py --spec rpc-specs/openrpc.json \
      --contract "$1" && python3 rpc-specs/check_openrpc.py --self-test --contract "$1"' sh \
      "$contract"
  else
    suite rpc-specs false
  fi
  rm -f "$contract"
fi

echo
[ -n "$failures" ] && echo "failed suites:$failures"
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
