#!/bin/sh
# deps.sh build|test — install the Debian packages pkiwatch needs when they are
# missing: with apt-get when run as root, else print the exact command and fail.
set -u
what=${1:-build}

build_pkgs="gcc make pkg-config git libgit2-dev libcurl4-openssl-dev libcjson-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libxlsxwriter-dev libzip-dev libexpat1-dev"
test_pkgs="$build_pkgs libcmocka-dev gnupg gpgsm openssh-client clang clang-format libclang-rt-14-dev lighttpd lighttpd-mod-openssl openssl python3 valgrind chromium poppler-utils python3-icalendar python3-openpyxl weasyprint"
case "$what" in
build) pkgs=$build_pkgs ;;
test) pkgs=$test_pkgs ;;
*) echo "usage: deps.sh build|test" >&2; exit 2 ;;
esac

missing=
for p in $pkgs; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
	case "$status" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
# test: the contract tests' npm modules (Prism, GitHub's OpenAPI description)
# and the Action validator (tests/actions), pinned by each directory's
# package-lock.json; `npm ci` again when the lock changed.
if [ "$what" = test ]; then
	for npmdir in contract actions; do
		dir=$(dirname -- "$0")/../tests/$npmdir
		if ! command -v npm >/dev/null 2>&1; then
			echo "deps: npm not found: the tests in tests/$npmdir will be skipped" >&2
		elif ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.pkiwatch-lock"; then
			(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null &&
				cp package-lock.json node_modules/.pkiwatch-lock) || {
				echo "deps: 'npm ci' in tests/$npmdir failed" >&2
				exit 1
			}
		fi
	done
fi
[ -z "$missing" ] && exit 0

cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -eq 0 ]; then
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	if ! apt-get install -y --no-install-recommends $missing >/dev/null; then
		apt-get update >/dev/null && apt-get install -y --no-install-recommends $missing >/dev/null || {
			echo "deps: '$cmd' failed" >&2
			exit 1
		}
	fi
	exit 0
fi
echo "deps: missing Debian packages:$missing" >&2
echo "deps: run as root:  sudo $cmd" >&2
exit 1
