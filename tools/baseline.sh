#!/bin/bash
# baseline.sh BIN OUTDIR — behaviour snapshot, to show a refactoring changes nothing:
#   changes --format json (all sources, with and without --drafts), publish --dry-run's
#   outbox, and forms (md) of the example repository after sign-offs recorded against
#   the fake GitHub. Needs PKIWATCH_UPSTREAM. Run with the same PKIWATCH_TODAY each time.
set -u
# Compare two builds: run it for each into its own OUTDIR, then `diff -r` the two.
command -v jq >/dev/null || { echo "baseline.sh: needs jq (apt-get install jq)" >&2; exit 2; }
bin=$(readlink -f "$1"); out=$2
src=$(cd "$(dirname -- "$0")/.." && pwd)
rm -rf "$out"; mkdir -p "$out"
work=$(mktemp -d); trap 'kill $fpid 2>/dev/null; rm -rf "$work"' EXIT
export PKIWATCH_CACHE=$work/cache PKIWATCH_TODAY=${PKIWATCH_TODAY:-2026-12-04} TZ=UTC
cp -r $src/examples/compliance $work/repo
cd $work/repo
git init -q . && git -c user.name=t -c user.email=t@e add -A && git -c user.name=t -c user.email=t@e commit -qm init
"$bin" mirror --quiet >/dev/null 2>"$out/mirror.err"; echo "mirror rc=$?" >> "$out/rc.txt"
for s in $(python3 -c 'import json;print(" ".join(s["id"] for s in json.load(open("'$src'/rules/sources.json"))["sources"]))' 2>/dev/null); do
  "$bin" changes --source $s --since 2000-01-01 --format json > "$out/changes-$s.json" 2>>"$out/changes.err"; echo "changes $s rc=$?" >> "$out/rc.txt"
  "$bin" changes --source $s --since 2000-01-01 --drafts --format json > "$out/changes-drafts-$s.json" 2>>"$out/changes.err"
done
"$bin" changes > "$out/changes-default.txt" 2>>"$out/changes.err"
"$bin" publish --dry-run --outbox "$work/outbox" > "$out/publish.txt" 2>&1; echo "publish rc=$?" >> "$out/rc.txt"
cp -r "$work/outbox" "$out/outbox"
# fake GitHub, sign off two S/MIME and two TLS changes as applicable
python3 $src/tests/fake_github.py --port 0 --repo example-authority/compliance --token tok > $work/port 2>/dev/null & fpid=$!
for i in $(seq 50); do [ -s $work/port ] && break; sleep 0.1; done
export GITHUB_API_URL=http://127.0.0.1:$(head -1 $work/port) GITHUB_TOKEN=tok
git config user.name "Maria Jansen"; git config user.email maria.jansen@authority.example
"$bin" publish > "$out/publish-real.txt" 2>&1
"$bin" changes --format json > "$work/default.json" 2>/dev/null
# one call, the ids in byte order: the sign-offs are made in that order, so the
# evidence report's order (by time, then id) is the same whether or not they
# fall within one second
ids=$( (jq -r '[.[] | select(.ballot != null and .source == "cabforum-smime")] | .[:2] | .[].id' "$work/default.json"
        jq -r '[.[] | select(.ballot != null and .source == "cabforum-servercert")] | .[:2] | .[].id' "$work/default.json") | LC_ALL=C sort)
"$bin" signoff $ids --decision applicable --note "baseline note" >> "$out/signoff.txt" 2>&1
"$bin" summary --format json > "$out/summary.json" 2>&1
"$bin" deadlines --within 36500 > "$out/deadlines.txt" 2>&1
"$bin" forms --out $work/forms --format md > "$out/forms.txt" 2>&1; echo "forms rc=$?" >> "$out/rc.txt"
cp -r $work/forms "$out/forms" 2>/dev/null
# BASELINE_RENDER=1: also what people look at — forms in HTML, the evidence report, the
# self-assessment worksheets (CSV, HTML), the .ics calendar and the obligations
if [ "${BASELINE_RENDER:-0}" = 1 ]; then
  "$bin" forms --out $work/forms-html --format html > "$out/forms-html.txt" 2>&1; echo "forms html rc=$?" >> "$out/rc.txt"
  cp -r $work/forms-html "$out/forms-html" 2>/dev/null
  "$bin" deadlines --within 36500 --ics "$out/deadlines.ics" > /dev/null 2>"$out/ics.err"; echo "ics rc=$?" >> "$out/rc.txt"
  sed -i -E 's/^DTSTAMP:[0-9]{8}T[0-9]{6}Z/DTSTAMP:TIME/' "$out/deadlines.ics" # the run's record times
  "$bin" obligations --status all > "$out/obligations.txt" 2>&1
  "$bin" obligations --status all --format json > "$out/obligations.json" 2>&1
  "$bin" evidence --from 2000-01-01 --to "$PKIWATCH_TODAY" --out $work/evidence --format md,html,json > "$out/evidence.txt" 2>&1; echo "evidence rc=$?" >> "$out/rc.txt"
  for f in $work/evidence/*; do sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z/TIME/g; s/[0-9a-f]{40}/SHA/g; s/<code>[0-9a-f]{12}<\/code>/<code>SHORT<\/code>/g; s/`[0-9a-f]{12}`/`SHORT`/g' "$f" > "$out/$(basename "$f")"; done
  for t in northwind-trust ministry-pki; do
    "$bin" self-assessment --tsp $t --document cabforum-smime:SBR.md --out $work/sa --format csv,html > /dev/null 2>>"$out/self-assessment.err"; echo "self-assessment $t rc=$?" >> "$out/rc.txt"
  done
  cp -r $work/sa "$out/self-assessments" 2>/dev/null
fi
# answers (respond, responses import: new, again, a conflict), the ledger's
# verification and the evidence report, sync --dry-run with its report files;
# commit ids and times differ from run to run: masked in these files
first=$(jq -r '[.[] | select(.ballot != null and .source == "cabforum-smime")] | .[0].id' "$work/default.json")
second=$(jq -r '[.[] | select(.ballot != null and .source == "cabforum-smime")] | .[1].id' "$work/default.json")
for t in ministry-pki northwind-trust codeworks-signing; do
  "$bin" respond --tsp $t --change "$first" --impact low --days 10 --meets-date yes >> "$out/answers.txt" 2>&1; echo "respond $t rc=$?" >> "$out/answers.txt"
  printf '{"tsp":"%s","responses":[{"change":"%s","impact":"low","days":10,"meets_date":true},{"change":"%s","impact":"high","days":99,"meets_date":false,"planned":"2027-01-01","mitigation":"m"}]}\n' $t "$first" "$second" > $work/answers-$t.json
  for i in 1 2; do "$bin" responses import $work/answers-$t.json >> "$out/answers.txt" 2>&1; echo "import $t rc=$?" >> "$out/answers.txt"; done
  sed -i 's/"low"/"medium"/g' $work/answers-$t.json
  "$bin" responses import $work/answers-$t.json >> "$out/answers.txt" 2>&1; echo "conflict $t rc=$?" >> "$out/answers.txt"
done
"$bin" summary --format json > "$out/summary-answered.json" 2>&1
"$bin" verify > "$out/verify.txt" 2>&1; echo "verify rc=$?" >> "$out/verify.txt"
"$bin" verify --format json > "$out/verify.json" 2>&1
"$bin" evidence --from 2000-01-01 --to 2026-12-04 --format md,json --out $work/evidence-all > "$out/evidence.txt" 2>&1; echo "evidence rc=$?" >> "$out/evidence.txt"
cp -r $work/evidence-all "$out/evidence" 2>/dev/null
"$bin" sync --dry-run --outbox $work/syncbox --step-summary $work/summary.md --outputs $work/outputs.txt > "$out/sync.txt" 2>&1; echo "sync rc=$?" >> "$out/sync.txt"
cp $work/summary.md "$out/sync-summary.md" 2>/dev/null; cp $work/outputs.txt "$out/sync-outputs.txt" 2>/dev/null
cp -r $work/syncbox "$out/syncbox" 2>/dev/null
# (and the order of sign-offs made within the same second on the dashboard)
find "$out" -type f \( -name 'answers.txt' -o -name 'summary-answered.json' -o -name 'verify*' -o -path '*evidence*' -o -path '*sync*' \) | while read -r f; do
  sed -i -E "s|$work|WORK|g; s/[0-9a-f]{40}/H40/g; s/(^|[^@0-9a-f])[0-9a-f]{12}([^0-9a-f]|$)/\1H12\2/g; s/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z/TIME/g; s/## Recently signed off.*## Obligations/## Recently signed off (masked) ## Obligations/; /^- [0-9-]{10} .*by Maria Jansen/d" "$f"
done
# BASELINE_RENDER=1: the other formats of summary, deadlines and obligations, and the
# officer's obligation actions (commit ids masked below)
if [ "${BASELINE_RENDER:-0}" = 1 ]; then
  "$bin" summary --format md > "$out/summary.md" 2>&1; echo "summary md rc=$?" >> "$out/rc.txt"
  "$bin" summary > "$out/summary.txt" 2>&1; echo "summary text rc=$?" >> "$out/rc.txt"
  "$bin" summary --tsp ministry-pki --format md > "$out/summary-ministry.md" 2>&1
  "$bin" deadlines --format json > "$out/deadlines.json" 2>&1; echo "deadlines json rc=$?" >> "$out/rc.txt"
  "$bin" deadlines --tsp northwind-trust --within 400 > "$out/deadlines-northwind.txt" 2>&1
  "$bin" deadlines --tsp northwind-trust --ics "$work/nw.ics" > "$out/deadlines-northwind-ics.txt" 2>&1
  sed -E 's/^DTSTAMP:[0-9]{8}T[0-9]{6}Z/DTSTAMP:TIME/' "$work/nw.ics" > "$out/deadlines-northwind.ics"
  "$bin" obligations > "$out/obligations-open.txt" 2>&1; echo "obligations rc=$?" >> "$out/rc.txt"
  "$bin" obligations --tsp ministry-pki --status met > "$out/obligations-met.txt" 2>&1
  "$bin" obligations --tsp nobody > "$out/obligations-nobody.txt" 2>&1; echo "obligations nobody rc=$?" >> "$out/rc.txt"
  {
    "$bin" obligation add --tsp northwind-trust --what "baseline action" --due 2027-03-01 --milestone "plan=2027-01-15"; echo "add rc=$?"
    id=$("$bin" obligations --tsp northwind-trust --format json | jq -r '[.[] | select(.what == "baseline action")][0].id')
    "$bin" obligation done "$id" --milestone 1; echo "done rc=$?"
    "$bin" obligation evidence "$id" --url https://example.org/e --note "n"; echo "evidence rc=$?"
    printf 'audit letter\n' > "$work/letter.txt"
    "$bin" obligation evidence "$id" --file "$work/letter.txt"; echo "evidence file rc=$?"
    "$bin" respond --obligation "$id" --tsp northwind-trust --status done --date 2026-12-01 \
      --evidence "the plan, signed" --comment "see | the letter"; echo "respond obligation rc=$?"
    "$bin" obligation accept "$id" --note ok; echo "accept rc=$?"
    "$bin" obligation accept "$id"; echo "accept again rc=$?"
    "$bin" obligation done ob-nobody-00000000 --milestone 1; echo "unknown rc=$?"
    "$bin" obligations --tsp northwind-trust --status all
  } > "$out/obligation-actions.txt" 2>&1
  sed -i -E 's/[0-9a-f]{12}\)/H12)/g' "$out/obligation-actions.txt"
  # the evidence report's obligation section with those records (evidence, answer, acceptance)
  "$bin" evidence --from 2000-01-01 --to "$PKIWATCH_TODAY" --out $work/evidence-ob --format md,json > /dev/null 2>"$out/evidence-ob.err"; echo "evidence ob rc=$?" >> "$out/rc.txt"
  for f in $work/evidence-ob/*; do sed -E "s|$work|WORK|g; s/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z/TIME/g; s/[0-9a-f]{40}/SHA/g; s/\`[0-9a-f]{12}\`/\`SHORT\`/g" "$f" > "$out/ob-$(basename "$f")"; done
fi
# empty cache exit statuses
for c in changes "publish --dry-run" summary deadlines forms; do
  PKIWATCH_CACHE=$work/empty "$bin" $c >/dev/null 2>"$work/e"; echo "empty-cache $c rc=$? $(cat $work/e)" >> "$out/rc.txt"
done
sed -i -E "s|$work|WORK|g; s/commit [0-9a-f]{12}/commit X/g" "$out"/*.txt "$out"/*.err 2>/dev/null
find "$out" -type f ! -name SHA256SUMS | sort | xargs sha256sum | sed "s|$out/||" > "$work/sums"; mv "$work/sums" "$out/SHA256SUMS"
wc -l < "$out/SHA256SUMS"
