#!/usr/bin/env bash
# action/run.sh — the run step of the pkiwatch Action (action.yml): checks the
# inputs, runs `pkiwatch sync` in the compliance repository (the working
# directory) and turns a failure into one `::error` annotation.
#
# Environment, set by action.yml from the inputs (never interpolated into a
# script) and by the runner:
#   CONFIG         the configuration file (input `config`, default pkiwatch.json)
#   DRY_RUN        'true' or 'false' (input `dry-run`)
#   VERIFY         'auto', 'true' or 'false' (input `verify`): after the sync,
#                  `pkiwatch verify` checks the ledger's history and each problem
#                  becomes an ::error annotation failing the job; 'auto' runs it
#                  when the repository says who may sign (an allowed_signers file,
#                  or "allowed_signers", "openpgp" or "require_signed" in the config)
#   CACHE          the mirrors' directory, kept between runs by actions/cache
#   GITHUB_TOKEN   the token (input `token`); a dry run needs none
#   PKIWATCH_BIN   the binary the build step made (default: pkiwatch on PATH)
#   GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP   from the runner
# pkiwatch itself appends the step outputs (new-changes, updated-changes,
# awaiting-signoff, next-effective-date) and the job summary; this script adds
# cache-ready=true when there are mirrors to save.
#
# The token is only ever in the environment: never `set -x` here.
set -euo pipefail

# Message data of a workflow command: % CR LF escaped as %25 %0D %0A
# (GitHub docs, "Workflow commands for GitHub Actions").
escape_data() {
	local s=$1
	s=${s//'%'/'%25'}
	s=${s//$'\r'/'%0D'}
	s=${s//$'\n'/'%0A'}
	printf '%s' "$s"
}

# fail MESSAGE [STATUS]: one error annotation, then exit.
fail() {
	printf '::error title=pkiwatch::%s\n' "$(escape_data "$1")"
	exit "${2:-1}"
}

[ -n "${GITHUB_OUTPUT:-}" ] || fail "GITHUB_OUTPUT is not set: run.sh runs as a step of GitHub Actions"
[ -n "${GITHUB_STEP_SUMMARY:-}" ] || fail "GITHUB_STEP_SUMMARY is not set: run.sh runs as a step of GitHub Actions"

config=${CONFIG:-pkiwatch.json}
[ -f "$config" ] || fail "input config: no file '$config' in $(pwd) (check out the compliance repository first)"

case "${VERIFY:-auto}" in
true | True | TRUE) verify=1 ;;
false | False | FALSE) verify=0 ;;
auto | '')
	verify=0
	if [ -f "$(dirname -- "$config")/allowed_signers" ] ||
		grep -Eq '"(allowed_signers|openpgp|require_signed)"' -- "$config"; then
		verify=1
	fi
	;;
*) fail "input verify: expected 'auto', 'true' or 'false', not '${VERIFY}'" ;;
esac

case "${DRY_RUN:-false}" in
true | True | TRUE) dry=1 ;;
false | False | FALSE | '') dry=0 ;;
*) fail "input dry-run: expected 'true' or 'false', not '${DRY_RUN}'" ;;
esac

# The token reaches pkiwatch as GITHUB_TOKEN and by no other way.
unset GH_TOKEN
if [ -z "${GITHUB_TOKEN:-}" ]; then
	[ "$dry" = 1 ] || fail "input token is empty: pass a token that may write issues (or set dry-run: 'true')"
	unset GITHUB_TOKEN
fi

bin=${PKIWATCH_BIN:-}
if [ -z "$bin" ]; then
	bin=$(command -v pkiwatch) || fail "pkiwatch is not installed and PKIWATCH_BIN is not set"
fi
[ -x "$bin" ] || fail "no pkiwatch binary at '$bin' (did the build step run?)"

tmp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
cache=${CACHE:-$tmp/pkiwatch-cache}
mkdir -p -- "$cache" || fail "cannot create the cache directory '$cache'"

args=(sync)
if [ "$dry" = 1 ]; then
	# out of the checked-out work tree; pkiwatch prints where it is
	args+=(--dry-run --outbox "$tmp/pkiwatch-outbox")
fi
args+=(--step-summary "$GITHUB_STEP_SUMMARY" --outputs "$GITHUB_OUTPUT")

errors=$(mktemp "$tmp/pkiwatch-stderr.XXXXXX")
on_exit() {
	rm -f -- "$errors"
	# mirrors worth saving, also after a failed publish
	if [ -n "$(ls -A -- "$cache" 2>/dev/null)" ]; then
		echo "cache-ready=true" >>"$GITHUB_OUTPUT"
	fi
}
trap on_exit EXIT

# pkiwatch prints upstream commit subjects: untrusted text that must not be
# taken for workflow commands. Suspend command processing while it runs.
resume=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
echo "::stop-commands::$resume"
status=0
"$bin" --config "$config" --cache "$cache" "${args[@]}" 2>"$errors" || status=$?
cat -- "$errors" >&2
echo "::$resume::"

if [ "$status" -ne 0 ]; then
	# pkiwatch's one-line cause: its last "pkiwatch: ..." line on stderr
	cause=$(grep '^pkiwatch: ' "$errors" | tail -n 1 || true)
	cause=${cause#pkiwatch: }
	if [ -z "$cause" ]; then
		last=$(tail -n 1 "$errors" || true)
		cause="pkiwatch sync failed with exit status $status${last:+: $last}"
	fi
	fail "$cause" "$status"
fi

# The ledger's history: signed by allowed keys, append-only, known changes.
if [ "$verify" = 1 ]; then
	report=$(mktemp "$tmp/pkiwatch-verify.XXXXXX")
	echo "::stop-commands::$resume"
	status=0
	"$bin" --config "$config" --cache "$cache" verify >"$report" 2>"$errors" || status=$?
	cat -- "$report"
	cat -- "$errors" >&2
	echo "::$resume::"
	if [ "$status" -eq 1 ]; then
		# one annotation per problem line ("<commit> <file>: <problem>")
		{ grep -v '^verify: ' -- "$report" || true; } | while IFS= read -r line; do
			printf '::error title=pkiwatch verify::%s\n' "$(escape_data "$line")"
		done
		summary=$(grep '^verify: ' -- "$report" | tail -n 1 || true)
		rm -f -- "$report"
		fail "${summary:-pkiwatch verify found problems in the ledger}" 1
	fi
	rm -f -- "$report"
	if [ "$status" -ne 0 ]; then
		cause=$(grep '^pkiwatch: ' "$errors" | tail -n 1 || true)
		fail "${cause#pkiwatch: }" "$status"
	fi
fi
