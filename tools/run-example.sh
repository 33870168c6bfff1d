#!/bin/sh
# run-example.sh BINARY COMPLIANCE_DIR — the main job on an example compliance
# repository, as the scheduled Action runs it but in --dry-run mode: mirror the
# upstream sources, classify what changed since the configured date and write
# every GitHub request that publishing would send (and the rendered issue
# bodies) into COMPLIANCE_DIR/out/outbox. No token, no GitHub call.
# Set PKIWATCH_UPSTREAM=DIR to work offline against local bare mirrors
# (DIR/<source id>.git).
set -u
bin=$(CDPATH='' cd -- "$(dirname -- "$1")" && pwd)/$(basename -- "$1")
dir=$2
cd "$dir" || exit 1
: "${PKIWATCH_CACHE:=${XDG_CACHE_HOME:-$HOME/.cache}/pkiwatch}"
export PKIWATCH_CACHE

echo "\$ pkiwatch sync --dry-run        # in $dir"
"$bin" sync --dry-run || exit $?
echo
echo "\$ pkiwatch changes --since 2025-06-01 --source cabforum-smime"
"$bin" changes --since 2025-06-01 --source cabforum-smime
