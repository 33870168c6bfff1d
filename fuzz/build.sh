#!/bin/sh
# build.sh — builds the libFuzzer targets fuzz/fuzz_*.c with clang (ASan + UBSan)
# into $BUILD/fuzz (default build/fuzz). With FUZZ_SECONDS=N, then runs each
# target for N seconds on a scratch copy of its seed corpus (fuzz/corpus/<name>);
# any crash, leak or sanitizer report fails (exit 1).
set -eu
cd "$(dirname -- "$0")/.."
out=${BUILD:-build}/fuzz
cc=${FUZZ_CC:-clang}
pkgs="libgit2 libcurl libcjson libcmark-gfm xlsxwriter libzip expat"
if ! command -v "$cc" >/dev/null 2>&1; then
	echo "fuzz/build.sh: $cc not found (libFuzzer needs clang)" >&2
	exit 2
fi
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
cflags="-g -O1 -std=c11 -D_GNU_SOURCE -Ilib -DPW_VERSION=\"fuzz\" -DPW_RULES_DIR=\"$PWD/rules\" $(pkg-config --cflags $pkgs)"
mkdir -p "$out/obj"
objs=""
for src in lib/*/*.c; do
	obj="$out/obj/$(basename "$(dirname "$src")")_$(basename "$src" .c).o"
	if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ -n "$(find lib -name '*.h' -newer "$obj" | head -1)" ]; then
		$cc $cflags $san -fsanitize=fuzzer-no-link -c "$src" -o "$obj"
	fi
	objs="$objs $obj"
done
targets=""
for t in fuzz/fuzz_*.c; do
	name=$(basename "$t" .c)
	# shellcheck disable=SC2086
	$cc $cflags $san -fsanitize=fuzzer "$t" $objs -o "$out/$name" $(pkg-config --libs $pkgs)
	targets="$targets $name"
done
echo "fuzz targets in $out:$targets"

[ -n "${FUZZ_SECONDS:-}" ] || exit 0
status=0
for name in $targets; do
	work=$(mktemp -d)
	mkdir "$work/corpus"
	[ -d "fuzz/corpus/$name" ] && cp "fuzz/corpus/$name"/* "$work/corpus/" 2>/dev/null || true
	echo "== $name: ${FUZZ_SECONDS} s"
	if ! (cd "$work" && "$OLDPWD/$out/$name" -max_total_time="$FUZZ_SECONDS" -max_len=65536 \
		-rss_limit_mb=2048 -timeout=10 -print_final_stats=0 corpus >log 2>&1); then
		echo "FAILED: $name" >&2
		grep -A30 -E "ERROR|runtime error|Leak|timeout|crash" "$work/log" | head -60 >&2
		cp "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$out/" 2>/dev/null || true
		status=1
	else
		tail -1 "$work/log"
	fi
	rm -rf "$work"
done
exit $status
