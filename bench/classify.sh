#!/bin/sh
# bench/classify.sh — how fast is `pkiwatch changes --format json` (history walk +
# classifier) compared with `git log -p --first-parent` over the same documents?
#
#   1. the full history of every real source of rules/sources.json (nine:
#      warm mirrors made by `pkiwatch mirror` from ../shared/upstream or
#      $PKIWATCH_UPSTREAM);
#   2. a generated repository of 5,000, 10,000 and 20,000 commits, to show that the
#      cost per commit stays flat.
#
# Prints the medians of BENCH_RUNS runs (default 5, after one warm-up run each),
# the pkiwatch/git ratio (wall clock and CPU), pkiwatch's peak RSS and the
# targets: within 1.5x of git, peak RSS under 64 MB. Needs no network; writes
# only to a temporary directory. Environment: PKIWATCH_BIN (default
# build/pkiwatch), PKIWATCH_UPSTREAM, PKIWATCH_RULES, BENCH_RUNS, BENCH_SIZES ("5000 10000 20000"),
# BENCH_STRICT=1 (exit 1 when a target is missed), BENCH_MAX_RSS_KIB (65536).
set -u
. "$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)/lib.sh"

runs=${BENCH_RUNS:-5}
sizes=${BENCH_SIZES:-"5000 10000 20000"}
max_ratio=1.5
max_rss_kib=${BENCH_MAX_RSS_KIB:-65536}

[ -x "$bench_bin" ] || bench_die "no binary $bench_bin: run 'make' first (or set PKIWATCH_BIN)"
command -v git >/dev/null || bench_die "git is not installed"
command -v python3 >/dev/null || bench_die "python3 is not installed"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pkiwatch-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# Rules: the project's (or $PKIWATCH_RULES, to match an older binary), plus one
# synthetic source; the other files as they are.
rules=${PKIWATCH_RULES:-$bench_root/rules}
mkdir -p "$tmp/rules" && cp -R "$rules/." "$tmp/rules/" || exit 1
python3 - "$rules/sources.json" "$tmp/rules/sources.json" <<'EOF' || exit 1
import json, sys

s = json.load(open(sys.argv[1]))
s["sources"].append({
    "id": "bench-synthetic", "repository": "bench/synthetic",
    "url": "https://github.com/bench/synthetic", "branch": "main", "ballot_prefix": "SC",
    "documents": [{"path": "docs/BR.md", "tags": ["tls"]}]})
json.dump(s, open(sys.argv[2], "w"), indent=2)
EOF
export PKIWATCH_RULES="$tmp/rules"
unset PKIWATCH_CACHE XDG_CACHE_HOME PKIWATCH_CA_FILE

real_ids=$(bench_sources "$rules" | cut -d' ' -f1 | tr '\n' ' ')
config() { # config FILE ID... — a minimal pkiwatch.json enabling the given sources
	f=$1
	shift
	python3 - "$f" "$@" <<'EOF'
import json, sys

json.dump({"repository": "bench/bench",
           "officers": [{"name": "B", "email": "b@example.org"}],
           "sources": sys.argv[2:]}, open(sys.argv[1], "w"))
EOF
}
# shellcheck disable=SC2086
config "$tmp/real.json" $real_ids || exit 1
config "$tmp/synthetic.json" bench-synthetic || exit 1

# git log -p --first-parent over every source's documents, one after the other.
git_script() { # git_script CACHE ID... > script
	cache=$1
	shift
	bench_sources "$PKIWATCH_RULES" | while read -r id branch docs; do
		for want in "$@"; do
			[ "$id" = "$want" ] || continue
			# shellcheck disable=SC2086
			printf 'git --no-pager --git-dir=%s/%s.git log -p --no-color --first-parent %s -- %s || exit 1\n' \
				"$cache" "$id" "$branch" "$docs"
		done
	done
}
changes_count() { python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$1"; }
git_count() { # git_count CACHE ID: first-parent commits touching the documents
	bench_sources "$PKIWATCH_RULES" | while read -r id branch docs; do
		[ "$id" = "$2" ] || continue
		# the paths are quoted for the shell (bench_sources)
		eval "git --git-dir=\"\$1/\$id.git\" rev-list --count --first-parent \"\$branch\" -- $docs"
	done
}

rows="$tmp/rows"
: >"$rows"
# measure NAME CACHE CONFIG COMMITS ID... — one row of the table
measure() {
	name=$1 cache=$2 cfg=$3 commits=$4
	shift 4
	git_script "$cache" "$@" >"$tmp/git.sh"
	echo "bench: $name: git log -p, pkiwatch changes --format json and pkiwatch changes" \
		"(text output), $runs runs each" >&2
	all=$(bench_measure "$runs" "$tmp/git.out" sh "$tmp/git.sh" :: "$tmp/pw.out" \
		"$bench_bin" --config "$cfg" --cache "$cache" changes --format json :: \
		"$tmp/walk.out" "$bench_bin" --config "$cfg" --cache "$cache" changes 2>"$tmp/err") || {
		cat "$tmp/err" >&2
		exit 1
	}
	g=$(echo "$all" | sed -n 1p) p=$(echo "$all" | sed -n 2p)
	w=$(echo "$all" | sed -n 3p | cut -d' ' -f2)
	n=$(changes_count "$tmp/pw.out") || exit 1
	want=0
	for id in "$@"; do want=$((want + $(git_count "$cache" "$id"))); done
	[ "$n" = "$want" ] ||
		echo "bench: warning: $name: pkiwatch reported $n changes, git $want" >&2
	echo "$name $commits $n $g $p $w" >>"$rows"
}

# 1. the real sources, mirrored once (warm) into their own cache
up=$(bench_upstream "$tmp/upstream") || exit 1
echo "bench: mirroring the real sources from $up" >&2
PKIWATCH_UPSTREAM=$up "$bench_bin" --config "$tmp/real.json" --cache "$tmp/cache-real" \
	mirror --quiet >/dev/null || bench_die "pkiwatch mirror failed"
total=0
for id in $real_ids; do total=$((total + $(git_count "$tmp/cache-real" "$id"))); done
# shellcheck disable=SC2086
nreal=$(echo $real_ids | wc -w)
# shellcheck disable=SC2086
measure "real($nreal-sources)" "$tmp/cache-real" "$tmp/real.json" "$total" $real_ids

# 2. the synthetic repository at each size
echo "bench: generating synthetic histories of $sizes commits" >&2
bench_synthetic "$tmp/synthetic" "$sizes" || bench_die "generating the synthetic repositories failed"
for s in $sizes; do
	mkdir -p "$tmp/cache-$s" && mv "$tmp/synthetic/$s.git" "$tmp/cache-$s/bench-synthetic.git" || exit 1
	measure "synthetic-$s" "$tmp/cache-$s" "$tmp/synthetic.json" "$s" bench-synthetic
done

python3 - "$rows" "$runs" "$max_ratio" "$max_rss_kib" <<'EOF'
import sys

rows = [l.split() for l in open(sys.argv[1])]
runs, max_ratio, max_rss = int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
print()
print("pkiwatch changes --format json  vs  git log -p --first-parent <branch> -- <documents>")
print("medians of %d runs each after a warm-up, git and pkiwatch taking turns;" % runs)
print("CPU = user + system time; RSS = pkiwatch's peak resident set size")
print()
hdr = ("workload", "changes", "git wall", "pw wall", "ratio", "git CPU", "pw CPU", "ratio",
       "best", "walk CPU", "pw RSS", "pw ms/chg", "git ms/chg")
fmt = "%-17s %7s %9s %9s %6s %8s %8s %6s %6s %8s %8s %9s %10s"
print(fmt % hdr)
print("-" * 124)
misses = []
per = []
for name, commits, n, gw, gc, gbest, grss, pw, pc, pbest, prss, wc in rows:
    n = int(n)
    gw, gc, gbest, pw, pc, pbest, wc = map(float, (gw, gc, gbest, pw, pc, pbest, wc))
    prss = int(prss)
    rw, rc = pw / gw, pc / gc
    if rc > max_ratio:
        misses.append("%s: CPU ratio %.2fx" % (name, rc))
    if prss >= max_rss:
        misses.append("%s: peak RSS %.1f MB" % (name, prss / 1024))
    if name.startswith("synthetic"):
        per.append((int(commits), n, pc / n * 1000, gc / n * 1000))
    print(fmt % (name, n, "%.3fs" % gw, "%.3fs" % pw, "%.2fx" % rw, "%.3fs" % gc,
                 "%.3fs" % pc, "%.2fx" % rc, "%.2fx" % (pbest / gbest), "%.3fs" % wc,
                 "%.1fMB" % (prss / 1024), "%.3f" % (pc / n * 1000), "%.3f" % (gc / n * 1000)))
print()
print("ratio = pkiwatch / git (medians); best = ratio of the fastest CPU times; the")
print("target is judged on the median CPU ratio, which a loaded machine disturbs least;")
print("walk CPU = `pkiwatch changes` with text output: the same walk, diffs and")
print("classification as the JSON run, without the JSON writer")
print()
if per:
    print("linearity (CPU per change; commits touching only README.md are not changes):")
    base = per[0]
    for commits, n, p, g in per:
        print("  %6d commits, %6d changes: pkiwatch %.3f ms/change (%.2fx of the %d-commit "
              "cost), git %.3f ms/change" % (commits, n, p, p / base[2], base[0], g))
    print()
print("targets: pkiwatch within %.1fx of git, peak RSS under %d MB: %s" %
      (max_ratio, max_rss // 1024, "MET" if not misses else "MISSED (" + "; ".join(misses) + ")"))
sys.exit(0 if not misses else 3)
EOF
status=$?
[ "$status" -eq 3 ] && [ "${BENCH_STRICT:-0}" = 1 ] && exit 1
[ "$status" -eq 3 ] || [ "$status" -eq 0 ] || exit 1
exit 0
