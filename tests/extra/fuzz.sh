#!/bin/sh
# fuzz.sh — builds the libFuzzer targets (date parser, heading/table parser,
# whole classifier, worksheets, response files and TSP profiles) and runs each
# for a short bounded time (FUZZ_SECONDS, default 20); fails on any crash,
# leak or sanitizer report. Without clang it prints SKIPPED (fails when
# PKIWATCH_REQUIRE_FUZZ=1).
set -u
root=$(cd "$(dirname -- "$0")/../.." && pwd) || exit 1
if ! command -v "${FUZZ_CC:-clang}" >/dev/null 2>&1; then
	if [ "${PKIWATCH_REQUIRE_FUZZ:-}" = 1 ]; then
		echo "fuzz.sh: FAILED: clang not found" >&2
		exit 1
	fi
	echo "fuzz.sh: SKIPPED: clang not found (libFuzzer needs clang)"
	exit 0
fi
FUZZ_SECONDS=${FUZZ_SECONDS:-20} BUILD=${FUZZ_BUILD:-build} sh "$root/fuzz/build.sh"
