#!/bin/sh
# longest.sh [N] [DIR...] — the N longest C functions (default 10, in lib/ and cli/), by lines
# from the first line of the definition to its closing brace. Needs Universal Ctags.
set -u
n=${1:-10}
[ $# -gt 0 ] && shift
[ $# -eq 0 ] && set -- lib cli
command -v ctags >/dev/null || { echo "longest.sh: needs ctags (apt-get install universal-ctags)" >&2; exit 2; }
cd "$(dirname -- "$0")/.." || exit 2
ctags -R --languages=C --kinds-C=f --fields=+ne -o - "$@" |
	awk -F'\t' '{ s = e = 0
		for (i = 4; i <= NF; i++) {
			if ($i ~ /^line:/) s = substr($i, 6)
			if ($i ~ /^end:/) e = substr($i, 5)
		}
		if (s && e) printf "%d\t%s:%d\t%s\n", e - s + 1, $2, s, $1 }' |
	sort -k1,1nr -k2,2 | head -n "$n"
