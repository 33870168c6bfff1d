#!/bin/sh
# layers.sh — fails when a file of lib/ includes a header of a higher stage.
# The stage order is the line "Stage order (lowest first):" in lib/README.md;
# a file in lib/<stage>/ may include headers of its own stage and of lower ones.
set -u
cd "$(dirname -- "$0")/../.." || exit 1
order=$(sed -n 's/^Stage order (lowest first)://p' lib/README.md | tr -d '`,' | tr -s ' ')
[ -n "$order" ] || { echo "layers: lib/README.md has no 'Stage order (lowest first):' line" >&2; exit 1; }
rank() {
	i=0
	for s in $order; do
		i=$((i + 1))
		[ "$s" = "$1" ] && { echo $i; return; }
	done
	echo 0
}
status=0
for dir in lib/*/; do
	stage=$(basename "$dir")
	r=$(rank "$stage")
	if [ "$r" -eq 0 ]; then
		echo "layers: lib/$stage/ is not in lib/README.md's stage order" >&2
		status=1
		continue
	fi
	for f in "$dir"*.[ch]; do
		[ -f "$f" ] || continue
		for inc in $(sed -n 's/^#include "\([a-z_]*\)\/[^"]*"/\1/p' "$f"); do
			ri=$(rank "$inc")
			if [ "$ri" -eq 0 ] || [ "$ri" -gt "$r" ]; then
				echo "layers: $f includes a header of '$inc', which is above '$stage'" >&2
				status=1
			fi
		done
		if grep -q '^#include "[a-z_]*\.h"' "$f"; then
			echo "layers: $f includes a lib header without its folder" >&2
			status=1
		fi
	done
done
[ $status -eq 0 ] && echo "layers: lib/ follows the stage order ($(echo $order | tr ' ' '<'))"
exit $status
