#!/bin/sh
# check.sh — what `make check` runs after building: the suite, the suite under
# AddressSanitizer + UndefinedBehaviorSanitizer, and the extra checks. Ends
# with cmocka's summary lines for each build.
set -u
cd "$(dirname -- "$0")/.." || exit 1
status=0
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

make --no-print-directory test >"$out/plain.log" 2>&1 || status=1
cat "$out/plain.log" | sed '/^== summary/,$d'
make --no-print-directory test-asan >"$out/asan.log" 2>&1 || status=1
cat "$out/asan.log" | sed '/^== summary/,$d'
for extra in tests/extra/*.sh; do
	[ -f "$extra" ] || continue
	echo "== $extra"
	sh "$extra" || { echo "FAILED: $extra"; status=1; }
done
echo
sed -n '/^== summary/,$p' "$out/plain.log"
sed -n '/^== summary/,$p' "$out/asan.log"
exit $status
