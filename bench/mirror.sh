#!/bin/sh
# bench/mirror.sh — measures `pkiwatch mirror` against git itself on the same
# work: every real upstream history of rules/sources.json (nine: ../shared/upstream,
# unpacked into a temporary directory) served by `git daemon` on 127.0.0.1.
#
# The server is `git daemon --inetd` behind systemd-socket-activate, one handler
# process per connection as under systemd's git-daemon.socket or inetd: a listener
# with the system's listen queue (SOMAXCONN), as a real host has. A standalone
# `git daemon` listens with a queue of 5 (hard-coded in git's daemon.c); when
# nine clients connect at once faster than it accepts, the kernel drops the
# connections beyond the queue (TcpExtListenOverflows in `nstat`) and each waits
# out TCP's one-second SYN retry, so every no-op, pkiwatch's and git's nine
# fetches at once alike, took a second or not depending on scheduling.
# BENCH_SERVER=standalone measures against that standalone daemon instead; it is
# also used, with a warning, where systemd-socket-activate is missing.
#
#   fresh:  pkiwatch mirror into an empty cache   vs  git clone --mirror of each
#   no-op:  pkiwatch mirror again (nothing new)   vs  git fetch in each
#
# git is timed twice: one repository after the other (what a script does) and all
# all at once (what pkiwatch does: it mirrors the sources concurrently).
# Prints the median of RUNS runs (default 5) and the ratios. Targets: fresh
# within 1.3x of git; no-op re-run of all sources under 100 ms.
# Also measured in the same runs, the parts of a no-op: the daemon answering the
# ref advertisements of all sources (a client doing nothing else), and starting the binary
# with and without libgit2's initialisation. pkiwatch opens its connections
# before it initialises libgit2 (lib/upstream/preconnect.h), so its no-op can take less
# than the advertisements and the start-up one after the other.
#
# Environment: PKIWATCH_BIN (default build/pkiwatch), RUNS, BENCH_SERVER
# (socket-activated, the default, or standalone), PKIWATCH_SHARED
# (default ../shared, holding upstream/unpack.sh and the bundles);
# PKIWATCH_BIN_BEFORE=OTHER also times another build's no-op, interleaved with
# PKIWATCH_BIN's in the same runs (before/after comparisons); NOOP_ONLY=1 skips
# timing the fresh clones (each mirror is still cloned once, untimed).
set -eu
# Times are read from bash's $EPOCHREALTIME: `date` would start a process inside
# every measured interval (about 10 ms on the 2-core VM this was written on, a
# tenth of the no-op target). Under another shell, re-run with bash if there is one.
if [ -z "${BASH_VERSION:-}" ] && command -v bash >/dev/null 2>&1; then
	exec bash "$0" "$@"
fi
export LC_ALL=C # the decimal point of $EPOCHREALTIME
root=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
bin=${PKIWATCH_BIN:-$root/build/pkiwatch}
before=${PKIWATCH_BIN_BEFORE:-}
noop_only=${NOOP_ONLY:-0}
server=${BENCH_SERVER:-socket-activated}
runs=${RUNS:-5}
shared=${PKIWATCH_SHARED:-$root/../shared}
# the sources: every one of rules/sources.json (their ids are the bundles' names)
sources=$(python3 -c 'import json, sys; print(" ".join(s["id"] for s in json.load(open(sys.argv[1]))["sources"]))' \
	"${PKIWATCH_RULES:-$root/rules}/sources.json")
nsrc=$(echo $sources | wc -w)

[ -x "$bin" ] || { echo "bench: $bin is not built (make)" >&2; exit 2; }
[ -z "$before" ] || [ -x "$before" ] || { echo "bench: $before is not executable" >&2; exit 2; }
case "$server" in
socket-activated | standalone) ;;
*) echo "bench: BENCH_SERVER=$server: neither socket-activated nor standalone" >&2; exit 2 ;;
esac
if [ "$server" = socket-activated ] && ! command -v systemd-socket-activate >/dev/null 2>&1; then
	echo "bench: systemd-socket-activate not found (Debian: systemd): a standalone git daemon" \
		"instead, whose listen queue of 5 can add TCP's one-second retry to the no-ops" >&2
	server=standalone
fi
[ -x "$shared/upstream/unpack.sh" ] || [ -f "$shared/upstream/unpack.sh" ] ||
	{ echo "bench: $shared/upstream/unpack.sh not found (set PKIWATCH_SHARED)" >&2; exit 2; }

tmp=$(mktemp -d)
daemon=
cleanup() {
	[ -n "$daemon" ] && kill "$daemon" 2>/dev/null && wait "$daemon" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

sh "$shared/upstream/unpack.sh" "$tmp/up" >/dev/null

# a free port, then wait until the daemon answers
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
if [ "$server" = standalone ]; then
	git daemon --listen=127.0.0.1 --port="$port" --base-path="$tmp/up" --export-all \
		--reuseaddr "$tmp/up" 2>"$tmp/daemon.log" &
else
	# the log gets a line per connection ("Child N died with code 0")
	systemd-socket-activate --listen="127.0.0.1:$port" --accept --inetd \
		git daemon --inetd --base-path="$tmp/up" --export-all "$tmp/up" 2>"$tmp/daemon.log" &
fi
daemon=$!
url=git://127.0.0.1:$port
i=0
until git ls-remote "$url/cabforum-smime.git" >/dev/null 2>&1; do
	i=$((i + 1))
	[ "$i" -lt 500 ] || { echo "bench: git daemon did not start" >&2; cat "$tmp/daemon.log" >&2; exit 1; }
	kill -0 "$daemon" 2>/dev/null || { echo "bench: git daemon exited" >&2; cat "$tmp/daemon.log" >&2; exit 1; }
	sleep 0.01
done

python3 - "$tmp/pkiwatch.json" $sources <<'PY'
import json, sys
json.dump({"repository": "bench/compliance", "sources": sys.argv[2:],
           "officers": [{"name": "Bench", "email": "bench@example.org"}]}, open(sys.argv[1], "w"))
PY

# measure CMD...: runs CMD in this (sub)shell; prints "<wall ms>/<CPU ms>", CPU being
# the user + system time of the processes CMD ran (from the shell's `times`).
measure() {
	if [ -n "${EPOCHREALTIME:-}" ]; then
		t0=$EPOCHREALTIME
		"$@"
		t1=$EPOCHREALTIME
	else
		t0=$(date +%s.%N)
		"$@"
		t1=$(date +%s.%N)
	fi
	times >"$tmp/times" # not in a pipe: a subshell would report its own children
	cpu=$(awk 'NR == 2 { n = split($0, f, " "); ms = 0
		for (i = 1; i <= n; i++) { split(f[i], p, "m"); ms += p[1] * 60000 + p[2] * 1000 }
		printf "%d", ms }' "$tmp/times")
	echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%d", (b - a) * 1000 }')/$cpu"
}
wall() { echo "$1" | tr ' ' '\n' | grep . | cut -d/ -f1 | median; }
cpu() { echo "$1" | tr ' ' '\n' | grep . | cut -d/ -f2 | median; }
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

pw_mirror() {
	PKIWATCH_UPSTREAM=$url "$bin" --config "$tmp/pkiwatch.json" --cache "$tmp/cache" mirror --quiet >/dev/null
}
git_clone_serial() {
	for s in $sources; do git clone -q --mirror "$url/$s.git" "$tmp/git/$s.git"; done
}
git_clone_parallel() {
	for s in $sources; do git clone -q --mirror "$url/$s.git" "$tmp/git/$s.git" & done
	wait
}
git_fetch_serial() {
	for s in $sources; do git -C "$tmp/git/$s.git" fetch -q; done
}
git_fetch_parallel() {
	for s in $sources; do git -C "$tmp/git/$s.git" fetch -q & done
	wait
}

# The parts of a no-op: the daemon answering all ref advertisements at once
# to a client that does nothing else (python3), and starting the binary alone.
floor_adv() {
	python3 - "$port" $sources <<'PY'
import socket, sys, threading, time
port, names = int(sys.argv[1]), sys.argv[2:]
def one(name):
    s = socket.create_connection(("127.0.0.1", port))
    req = ("git-upload-pack /%s.git\0host=127.0.0.1\0" % name).encode()
    s.sendall(b"%04x" % (len(req) + 4) + req)
    buf = b""
    while not buf.endswith(b"0000"):
        d = s.recv(65536)
        if not d:
            break
        buf += d
    s.sendall(b"0000")
    while s.recv(65536):
        pass
t0 = time.monotonic()
ts = [threading.Thread(target=one, args=(n,)) for n in names]
[t.start() for t in ts]
[t.join() for t in ts]
print("%d/0" % ((time.monotonic() - t0) * 1000))  # python's own start-up excluded
PY
}
pw_start() { "$bin" --version >/dev/null; }
# start-up plus libgit2's initialisation (which, in Debian's mbedTLS build, parses
# the system CA bundle): `changes --help` does that and nothing else
# (mirror initialises libgit2 later, once its connections are under way)
pw_start_init() { "$bin" changes --help >/dev/null; }

fresh_pw= fresh_gs= fresh_gp= noop_pw= noop_gs= noop_gp= floor_a= floor_s= floor_i=
noop_b= floor_ib=
n=0
while [ "$n" -lt "$runs" ]; do
	n=$((n + 1))
	if [ "$noop_only" = 1 ] && [ "$n" -gt 1 ]; then
		: # the mirrors and git's repositories from the first run are reused
	elif [ "$noop_only" = 1 ]; then
		rm -rf "$tmp/cache" "$tmp/git" && mkdir -p "$tmp/git"
		(pw_mirror && git_clone_parallel) # a subshell: its `wait` is not for the daemon
	else
		rm -rf "$tmp/cache" "$tmp/git"
		fresh_pw="$fresh_pw $(measure pw_mirror)"
	fi
	noop_pw="$noop_pw $(measure pw_mirror)"
	[ -z "$before" ] || noop_b="$noop_b $(bin=$before && measure pw_mirror)"
	if [ "$noop_only" != 1 ]; then
		mkdir -p "$tmp/git"
		fresh_gs="$fresh_gs $(measure git_clone_serial)"
	fi
	noop_gs="$noop_gs $(measure git_fetch_serial)"
	if [ "$noop_only" != 1 ]; then
		rm -rf "$tmp/git" && mkdir -p "$tmp/git"
		fresh_gp="$fresh_gp $(measure git_clone_parallel)"
	fi
	noop_gp="$noop_gp $(measure git_fetch_parallel)"
	floor_a="$floor_a $(floor_adv)"
	floor_s="$floor_s $(measure pw_start)"
	floor_i="$floor_i $(measure pw_start_init)"
	[ -z "$before" ] || floor_ib="$floor_ib $(bin=$before && measure pw_start_init)"
done

# the mirrors hold what git's do
for s in $sources; do
	a=$(git -C "$tmp/cache/$s.git" for-each-ref | sort)
	b=$(git -C "$tmp/git/$s.git" for-each-ref | sort)
	[ "$a" = "$b" ] || { echo "bench: $s: pkiwatch's mirror differs from git's" >&2; exit 1; }
done

fpw=$(wall "$fresh_pw") fgs=$(wall "$fresh_gs") fgp=$(wall "$fresh_gp")
[ "$noop_only" != 1 ] || fpw=- fgs=- fgp=-
npw=$(wall "$noop_pw") ngs=$(wall "$noop_gs") ngp=$(wall "$noop_gp")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'; }
verdict() { if awk "BEGIN { exit !($1) }"; then echo met; else echo MISSED; fi; }
row() { printf '%-40s %6s ms %6s ms %6s   %5s ms %5s ms\n' "$1" "$2" "$3" "$(ratio "$2" "$3")" "$4" "$5"; }

echo "pkiwatch mirror benchmark: $nsrc sources over git:// on 127.0.0.1 ($server git daemon," \
	"listen queue $(ss -Hltn "sport = :$port" 2>/dev/null | awk '{ print $3 }')), median of $runs runs"
echo "($(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-40s %9s %9s %6s   %8s %8s\n' "" "pkiwatch" "git" "ratio" "CPU pw" "CPU git"
if [ "$noop_only" != 1 ]; then
	row "fresh vs git clone --mirror, serial" "$fpw" "$fgs" "$(cpu "$fresh_pw")" "$(cpu "$fresh_gs")"
	row "fresh vs git clone --mirror, all at once" "$fpw" "$fgp" "$(cpu "$fresh_pw")" "$(cpu "$fresh_gp")"
fi
row "no-op vs git fetch, serial" "$npw" "$ngs" "$(cpu "$noop_pw")" "$(cpu "$noop_gs")"
row "no-op vs git fetch, all at once" "$npw" "$ngp" "$(cpu "$noop_pw")" "$(cpu "$noop_gp")"
if [ -n "$before" ]; then
	row "no-op of PKIWATCH_BIN_BEFORE, all at once" "$(wall "$noop_b")" "$ngp" "$(cpu "$noop_b")" \
		"$(cpu "$noop_gp")"
	echo "PKIWATCH_BIN_BEFORE=$before: start-up with libgit2 (changes --help)" \
		"$(wall "$floor_ib") ms"
fi
fa=$(wall "$floor_a") fi=$(wall "$floor_i")
echo "no-op parts: the daemon's $nsrc ref advertisements at once $fa ms;" \
	"starting pkiwatch (--version) $(wall "$floor_s") ms, and initialising libgit2" \
	"too (changes --help) $fi ms"
echo "no-op parts one after the other (advertisements + start-up with libgit2):" \
	"$((fa + fi)) ms; the no-op re-run, which overlaps them, is $npw ms"
echo "runs (wall/CPU ms): pkiwatch no-op:$noop_pw"
if [ "$noop_only" != 1 ]; then
	echo "                    pkiwatch fresh:$fresh_pw"
	echo "                    git clone serial:$fresh_gs"
	echo "                    git clone all at once:$fresh_gp"
fi
echo "                    git fetch serial:$noop_gs"
echo "                    git fetch all at once:$noop_gp"
echo "                    advertisements:$floor_a"
echo "                    start (--version):$floor_s"
echo "                    start + libgit2 (changes --help):$floor_i"
[ -z "$before" ] || echo "                    before: no-op:$noop_b; start + libgit2:$floor_ib"
if [ "$noop_only" != 1 ]; then
	echo "target fresh <= 1.3x git clone --mirror (serial): $(verdict "$fpw <= 1.3 * $fgs")"
	echo "target fresh <= 1.3x git clone --mirror (all at once): $(verdict "$fpw <= 1.3 * $fgp")"
fi
echo "target no-op re-run < 100 ms: $(verdict "$npw < 100")"
