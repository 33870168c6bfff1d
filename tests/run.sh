#!/bin/sh
# run.sh BUILD — runs every cmocka test binary of one build and prints a
# summary in cmocka's format. Exit status 1 when any test failed.
set -u
build=$1
root=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
export PKIWATCH_SRC="$root"
export PKIWATCH_BIN="$root/$build/pkiwatch"
case "$build" in /*) export PKIWATCH_BIN="$build/pkiwatch" ;; esac
log=$(mktemp)
trap 'rm -f "$log"' EXIT
run=0 passed=0 failed=0 skipped=0 crashed=""
for t in $(find "$build/tests" -type f -perm -u+x | sort); do
	name=${t#"$build"/tests/}
	echo "== $name"
	"$t" >"$log" 2>&1
	status=$?
	cat "$log"
	r=$(sed -n 's/^\[==========\] \([0-9]*\) test(s) run\./\1/p' "$log" | tail -1)
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\./\1/p' "$log" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s).*/\1/p' "$log" | tail -1)
	s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test(s).*/\1/p' "$log" | tail -1)
	run=$((run + ${r:-0})); passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
	if [ -z "$r" ] || { [ "$status" -ne 0 ] && [ "${f:-0}" -eq 0 ]; }; then
		crashed="$crashed $name"
		failed=$((failed + 1))
	fi
done
echo "== summary of $build"
[ -n "$crashed" ] && echo "crashed or exited abnormally:$crashed"
echo "[==========] $run test(s) run."
echo "[  PASSED  ] $passed test(s)."
[ "$skipped" -gt 0 ] && echo "[  SKIPPED ] $skipped test(s)."
[ "$failed" -gt 0 ] && { echo "[  FAILED  ] $failed test(s)."; exit 1; }
exit 0
