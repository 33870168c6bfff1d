#!/bin/sh
# run-example.sh BINARY COMPLIANCE_DIR — the main job on an example compliance
# repository: mirror the upstream sources, then list the classified changes
# since the configured date. Set PKIWATCH_UPSTREAM=DIR to work offline against
# local bare mirrors (DIR/<source id>.git).
set -u
bin=$(CDPATH='' cd -- "$(dirname -- "$1")" && pwd)/$(basename -- "$1")
dir=$2
cd "$dir" || exit 1
: "${PKIWATCH_CACHE:=${XDG_CACHE_HOME:-$HOME/.cache}/pkiwatch}"
export PKIWATCH_CACHE
since=$(sed -n 's/^ *"since": *"\([0-9-]*\)".*/\1/p' pkiwatch.json)

echo "\$ pkiwatch mirror"
"$bin" mirror || exit $?
echo
echo "\$ pkiwatch changes --since ${since:-1970-01-01}"
"$bin" changes --since "${since:-1970-01-01}"
