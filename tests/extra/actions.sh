#!/bin/sh
# tests/extra/actions.sh — validates the GitHub Action and the workflows against
# GitHub's schemas with @action-validator/cli (pinned in tests/actions, installed
# by `npm ci` from tools/deps.sh test):
#   - action/action.yml, .github/workflows/ci.yml,
#     examples/compliance/.github/workflows/pkiwatch.yml are valid;
#   - no `run:` script in them contains a `${{ }}` expression (inputs go
#     through `env:`: script injection);
#   - deliberately broken copies (in a temporary directory) are rejected, so
#     that a validator that accepts anything cannot make this pass.
# Without node or the npm modules: SKIPPED (a failure with
# PKIWATCH_REQUIRE_REAL_DATA=1, as the contract tests do).
set -u
root=$(CDPATH='' cd -- "$(dirname -- "$0")/../.." && pwd) || exit 1
validator=$root/tests/actions/node_modules/@action-validator/cli/cli.mjs
files="action/action.yml .github/workflows/ci.yml examples/compliance/.github/workflows/pkiwatch.yml"

if ! command -v node >/dev/null 2>&1 || [ ! -f "$validator" ]; then
	if [ "${PKIWATCH_REQUIRE_REAL_DATA:-}" = 1 ]; then
		echo "actions.sh: FAILED: node or tests/actions/node_modules is missing (sh tools/deps.sh test)"
		exit 1
	fi
	echo "actions.sh: SKIPPED: needs node and \`npm ci\` in tests/actions (sh tools/deps.sh test)"
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pkiwatch-actions.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
failed=0

# validate NAME WANT FILE: WANT is "valid" or "invalid".
validate() {
	if node "$validator" "$3" >"$tmp/out" 2>&1; then got=valid; else got=invalid; fi
	if [ "$got" != "$2" ]; then
		echo "FAIL: $1: $got, expected $2"
		sed 's/^/  /' "$tmp/out" | head -40
		failed=$((failed + 1))
		return 1
	fi
	echo "ok: $1 ($got)"
}

# Lines of `run:` scripts (inline or block) that hold a `${{`.
expressions_in_run() {
	awk '
		function indent(s) { match(s, /^ */); return RLENGTH }
		inrun && NF && indent($0) <= runindent { inrun = 0 }
		inrun && /\$\{\{/ { print FILENAME ":" NR ": " $0 }
		/^ *(- )?run: *[|>]/ { inrun = 1; runindent = indent($0); next }
		/^ *(- )?run: / && /\$\{\{/ { print FILENAME ":" NR ": " $0 }
	' "$1"
}

for f in $files; do
	validate "$f" valid "$root/$f"
	expressions_in_run "$root/$f" >"$tmp/expr"
	if [ -s "$tmp/expr" ]; then
		echo "FAIL: $f: a \${{ }} expression in a run: script (pass it through env:)"
		sed 's/^/  /' "$tmp/expr"
		failed=$((failed + 1))
	else
		echo "ok: $f: no \${{ }} in run: scripts"
	fi
done

# Broken copies. The action's copy keeps the name action.yml: the validator
# chooses the action schema by that name.
mkdir "$tmp/broken"
# a composite run step without its required `shell`
sed '0,/^ *shell: bash$/{/^ *shell: bash$/d}' "$root/action/action.yml" >"$tmp/broken/action.yml"
if cmp -s "$root/action/action.yml" "$tmp/broken/action.yml"; then
	echo "FAIL: could not break action.yml (no 'shell: bash' line)"
	failed=$((failed + 1))
else
	validate "action.yml without a step's shell" invalid "$tmp/broken/action.yml"
fi
# a job with a misspelt runs-on
sed 's/runs-on:/runs_on:/' "$root/examples/compliance/.github/workflows/pkiwatch.yml" \
	>"$tmp/broken/pkiwatch.yml"
validate "pkiwatch.yml with 'runs_on'" invalid "$tmp/broken/pkiwatch.yml"
# an unknown trigger
sed 's/workflow_dispatch:/workflow_dispatched:/' \
	"$root/examples/compliance/.github/workflows/pkiwatch.yml" >"$tmp/broken/dispatch.yml"
validate "pkiwatch.yml with an unknown trigger" invalid "$tmp/broken/dispatch.yml"
# and the injection check itself finds an interpolated input
# shellcheck disable=SC2016 # a literal ${{ }} is the point
printf 'runs:\n  steps:\n    - run: |\n        echo "${{ inputs.config }}"\n' >"$tmp/broken/inject.yml"
if [ -n "$(expressions_in_run "$tmp/broken/inject.yml")" ]; then
	echo "ok: an interpolated input in a run: script is found"
else
	echo "FAIL: the \${{ }} check missed an interpolated input"
	failed=$((failed + 1))
fi

if [ "$failed" -gt 0 ]; then
	echo "actions.sh: $failed check(s) failed"
	exit 1
fi
echo "actions.sh: all checks passed"
exit 0
