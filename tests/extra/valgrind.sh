#!/bin/sh
# tests/extra/valgrind.sh — the built binary (build/pkiwatch, or $PKIWATCH_BIN) under
# valgrind's memcheck: no invalid access, no use of uninitialised memory, no
# definite or indirect leak, on
#   - `--help` and `changes --help`;
#   - `changes` with a malformed and with a missing config (exit 2 expected);
#   - `changes --format json --source cabforum-smime` on the real history
#     ($PKIWATCH_UPSTREAM/cabforum-smime.git; SKIPPED when missing, a failure when
#     PKIWATCH_REQUIRE_REAL_DATA=1);
#   - `mirror` of that history over git:// from a `git daemon` the script starts on
#     127.0.0.1 (a fresh clone, then a run that finds nothing new): its threads and
#     the connections opened before libgit2 starts (lib/upstream/preconnect).
# Run from anywhere; tests/check.sh runs it after `make all`.
set -u
root=$(CDPATH='' cd -- "$(dirname -- "$0")/../.." && pwd) || exit 1
bin=${PKIWATCH_BIN:-$root/build/pkiwatch}
export PKIWATCH_RULES="$root/rules"
unset PKIWATCH_CACHE XDG_CACHE_HOME

if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind.sh: valgrind is not installed (sh tools/deps.sh test)"
	exit 1
fi
if [ ! -x "$bin" ]; then
	echo "valgrind.sh: no binary $bin (run make first)"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pkiwatch-valgrind.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
failed=0
n=0

# vg NAME WANT_STATUS ARGS... — runs the binary under memcheck. A valgrind error
# makes it exit 99, which never equals WANT_STATUS.
vg() {
	name=$1 want=$2
	shift 2
	n=$((n + 1))
	valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
		--errors-for-leak-kinds=definite,indirect --log-file="$tmp/vg.$n.log" \
		"$bin" "$@" >"$tmp/out.$n" 2>"$tmp/err.$n"
	got=$?
	if [ "$got" -ne "$want" ] || [ -s "$tmp/vg.$n.log" ]; then
		echo "FAIL: $name: exit status $got, expected $want (99 = valgrind error)"
		echo "  command: pkiwatch $*"
		sed 's/^/  stderr: /' "$tmp/err.$n" | head -20
		sed 's/^/  valgrind: /' "$tmp/vg.$n.log" | head -80
		failed=$((failed + 1))
		return 1
	fi
	echo "ok: $name"
	return 0
}

# --help
if vg "--help" 0 --help; then
	grep -q '^usage: pkiwatch' "$tmp/out.$n" || {
		echo "FAIL: --help: no usage on stdout"
		failed=$((failed + 1))
	}
fi
vg "changes --help" 0 changes --help

# malformed config: one-line error naming the file, exit 2, nothing on stdout
printf '{"repository": "bench/bench", "officers": [{"name": "B"}]\n' >"$tmp/bad.json"
if vg "changes with a malformed config" 2 --config "$tmp/bad.json" --cache "$tmp/cache" \
	changes --format json; then
	if [ -s "$tmp/out.$n" ] || ! grep -q "^pkiwatch: .*bad.json" "$tmp/err.$n"; then
		echo "FAIL: malformed config: expected one error naming bad.json and no output"
		sed 's/^/  stderr: /' "$tmp/err.$n"
		failed=$((failed + 1))
	fi
fi
printf '{"repository": "bench/bench", "officers": [{"name": "B", "email": "nobody"}]}\n' \
	>"$tmp/invalid.json"
vg "changes with an invalid officer e-mail" 2 --config "$tmp/invalid.json" \
	--cache "$tmp/cache" changes
vg "changes with a missing config" 2 --config "$tmp/missing.json" --cache "$tmp/cache" \
	changes

# the real S/MIME history
up=${PKIWATCH_UPSTREAM:-}
if [ -n "$up" ] && [ -d "$up/cabforum-smime.git" ]; then
	mkdir -p "$tmp/cache" &&
		git clone -q --mirror --no-hardlinks "$up/cabforum-smime.git" \
			"$tmp/cache/cabforum-smime.git" || exit 1
	cat >"$tmp/pkiwatch.json" <<'EOF'
{"repository": "bench/bench", "officers": [{"name": "B", "email": "b@example.org"}],
 "sources": ["cabforum-smime"]}
EOF
	if vg "changes --format json --source cabforum-smime (real history)" 0 \
		--config "$tmp/pkiwatch.json" --cache "$tmp/cache" \
		changes --format json --source cabforum-smime; then
		want=$(git --git-dir="$tmp/cache/cabforum-smime.git" rev-list --count \
			--first-parent main -- SBR.md)
		got=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' \
			"$tmp/out.$n" 2>/dev/null)
		if [ "$got" != "$want" ]; then
			echo "FAIL: real history: ${got:-no JSON array}, expected $want changes"
			failed=$((failed + 1))
		fi
	fi
	vg "changes --drafts --source cabforum-smime (real history, text)" 0 \
		--config "$tmp/pkiwatch.json" --cache "$tmp/cache" \
		changes --drafts --source cabforum-smime

	# mirror over git:// from a daemon on a free port on 127.0.0.1, stopped on exit
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	git daemon --listen=127.0.0.1 --port="$port" --base-path="$up" --export-all --reuseaddr \
		"$up" 2>"$tmp/daemon.log" &
	daemon=$!
	trap 'kill "$daemon" 2>/dev/null; rm -rf "$tmp"' EXIT
	i=0
	until git ls-remote "git://127.0.0.1:$port/cabforum-smime.git" >/dev/null 2>&1; do
		i=$((i + 1))
		if [ "$i" -gt 1000 ] || ! kill -0 "$daemon" 2>/dev/null; then
			echo "FAIL: git daemon did not start"
			cat "$tmp/daemon.log"
			failed=$((failed + 1))
			break
		fi
		sleep 0.01 # polling for the daemon to listen, with a bound
	done
	for run in "fresh clone" "nothing new"; do
		PKIWATCH_UPSTREAM="git://127.0.0.1:$port" vg "mirror over git:// ($run)" 0 \
			--config "$tmp/pkiwatch.json" --cache "$tmp/git-cache" mirror --quiet
	done
	grep -q "cabforum-smime: main [0-9a-f]*, unchanged" "$tmp/out.$n" || {
		echo "FAIL: mirror over git://: the second run did not find the mirror unchanged"
		failed=$((failed + 1))
	}
	kill "$daemon" 2>/dev/null
	wait "$daemon" 2>/dev/null
elif [ "${PKIWATCH_REQUIRE_REAL_DATA:-}" = 1 ]; then
	echo "FAIL: PKIWATCH_REQUIRE_REAL_DATA=1 but PKIWATCH_UPSTREAM holds no cabforum-smime.git"
	failed=$((failed + 1))
else
	echo "SKIPPED: real history (set PKIWATCH_UPSTREAM to unpacked ../shared/upstream bundles)"
fi

if [ "$failed" -gt 0 ]; then
	echo "valgrind.sh: $failed check(s) failed"
	exit 1
fi
echo "valgrind.sh: all checks passed"
exit 0
