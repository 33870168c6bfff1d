# bench/lib.sh — helpers shared by the benchmark scripts (POSIX sh; source it).
#
#   bench_root              the project's source directory
#   bench_bin               the binary to measure ($PKIWATCH_BIN, else build/pkiwatch)
#   bench_measure RUNS OUT CMD... [:: OUT CMD...]...
#                           runs each CMD (no shell; stdout to its OUT) RUNS times after
#                           one warm-up round, the commands taking turns so that changes
#                           in the machine's load hit them alike; prints per command
#                           "<median wall s> <median CPU s> <min CPU s> <peak RSS KiB>"
#                           (CPU = user + system; RSS from wait4, the largest of all
#                           runs). Fails when a CMD exits non-zero.
#   bench_sources RULESDIR  one line per source of RULESDIR/sources.json:
#                           "<id> <branch> <path> [<path>...]": every document
#                           path and former path, each quoted for the shell
#                           (Microsoft's "Program Requirements.md")
#   bench_upstream DIR      DIR/<source id>.git for every real source: $PKIWATCH_UPSTREAM
#                           when it holds them, else ../shared/upstream unpacked into DIR
#   bench_synthetic DIR SIZES
#                           a bare repository DIR/<n>.git of n commits (git fast-import)
#                           for every n in SIZES; the smaller are prefixes of the larger

bench_root=$(CDPATH='' cd -- "$(dirname -- "$0")/.." && pwd)
bench_bin=${PKIWATCH_BIN:-$bench_root/build/pkiwatch}

bench_die() {
	echo "bench: $*" >&2
	exit 1
}

bench_measure() {
	python3 - "$@" <<'EOF'
import os, statistics, sys, time

runs, groups = int(sys.argv[1]), []
for arg in sys.argv[2:]:
    if arg == "::" or not groups:
        groups.append([])
    if arg != "::":
        groups[-1].append(arg)
res = [([], [], 0) for _ in groups]
for i in range(runs + 1):  # the first round only warms the caches
    for g, (out, *cmd) in enumerate(groups):  # interleaved: load changes hit all alike
        with open(out, "wb") as f:
            t0 = time.perf_counter()
            pid = os.fork()
            if pid == 0:
                try:
                    os.dup2(f.fileno(), 1)
                    os.execvp(cmd[0], cmd)
                finally:
                    os._exit(127)
            _, status, ru = os.wait4(pid, 0)
            dt = time.perf_counter() - t0
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            sys.exit("bench: '%s' exited with %d" % (" ".join(cmd), code))
        if i > 0:
            wall, cpu, rss = res[g]
            wall.append(dt)
            cpu.append(ru.ru_utime + ru.ru_stime)
            res[g] = (wall, cpu, max(rss, ru.ru_maxrss))
for wall, cpu, rss in res:
    print("%.4f %.4f %.4f %d" % (statistics.median(wall), statistics.median(cpu), min(cpu), rss))
EOF
}

bench_sources() {
	python3 - "$1/sources.json" <<'EOF'
import json, shlex, sys

for s in json.load(open(sys.argv[1]))["sources"]:
    paths = []
    for d in s["documents"]:
        for p in [d["path"]] + d.get("formerly", []):
            if p not in paths:
                paths.append(p)
    print(s["id"], s["branch"], *[shlex.quote(p) for p in paths])
EOF
}

bench_upstream() {
	if [ -n "${PKIWATCH_UPSTREAM:-}" ] && [ -d "$PKIWATCH_UPSTREAM/cabforum-smime.git" ]; then
		echo "$PKIWATCH_UPSTREAM"
		return 0
	fi
	up=$bench_root/../shared/upstream
	[ -x "$up/unpack.sh" ] || [ -f "$up/unpack.sh" ] ||
		bench_die "no real data: set PKIWATCH_UPSTREAM or provide ../shared/upstream"
	sh "$up/unpack.sh" "$1" >/dev/null || bench_die "unpacking $up failed"
	echo "$1"
}

# The synthetic history: one Markdown document shaped like the CABF BRs (RFC 3647
# headings "## 1.2.3 Title", a revision table and a relevant-dates table, dates in
# prose), changed a few lines at a time; some ballots add table rows and dated
# requirements, about one commit in ten touches only README.md. Deterministic.
bench_stream() {
	python3 - "$1" <<'EOF'
import random, sys

N = int(sys.argv[1])
rnd = random.Random(20260301)
out = sys.stdout.buffer
WORDS = ("the CA SHALL MUST MAY certificate subscriber issuing root subordinate key "
         "validation domain revocation OCSP CRL audit report policy private public "
         "within days record retain log verify authorize applicant email address "
         "profile extension serial number period maximum minimum prior after under "
         "and or not any each all such this that with for from").split()
MONTHS = ("January February March April May June July August September October "
          "November December").split()
CHAPTERS = ("INTRODUCTION", "PUBLICATION AND REPOSITORY RESPONSIBILITIES",
            "IDENTIFICATION AND AUTHENTICATION", "CERTIFICATE LIFE-CYCLE OPERATIONAL REQUIREMENTS",
            "FACILITY, MANAGEMENT, AND OPERATIONAL CONTROLS", "TECHNICAL SECURITY CONTROLS",
            "CERTIFICATE, CRL, AND OCSP PROFILES", "COMPLIANCE AUDIT AND OTHER ASSESSMENTS",
            "OTHER BUSINESS AND LEGAL MATTERS")

def words(k):
    return " ".join(rnd.choice(WORDS) for _ in range(k))

def date(y):
    m, d = rnd.randint(1, 12), rnd.randint(1, 28)
    style = rnd.randrange(4)
    if style == 0:
        return "%04d-%02d-%02d" % (y, m, d)
    if style == 1:
        return "%s %d, %d" % (MONTHS[m - 1], d, y)
    if style == 2:
        return "%d %s %d" % (d, MONTHS[m - 1], y)
    return "%d/%d/%d" % (m, d, y)

def sentence(year):
    r = rnd.random()
    if r < 0.15:
        return "Effective %s, %s." % (date(year + rnd.randint(0, 2)), words(14))
    if r < 0.25:
        return "%s no later than %s." % (words(12).capitalize(), date(year + 1))
    return words(rnd.randint(14, 24)).capitalize() + "."

# The document: a list of lines; paragraph line indexes are edited in place.
doc, paras, sections = [], [], []
doc += ["---", "title: Synthetic Baseline Requirements", "---", ""]
for c, title in enumerate(CHAPTERS, 1):
    doc += ["# %d. %s" % (c, title), ""]
    for s in range(1, 5):
        doc += ["## %d.%d %s" % (c, s, words(3).title()), ""]
        if (c, s) == (1, 2):
            doc += ["### 1.2.1 Revisions", "",
                    "| Version | Ballot | Description | Adopted | Effective\\* |",
                    "|-|-|-|-|-|"]
            rev_at = len(doc)
            doc += ["| 1.0.0 | SC-1 | Initial version | 2020-01-01 | 2020-02-01 |", ""]
            doc += ["### 1.2.2 Relevant Dates", "",
                    "| Compliance | Section(s) | Summary Description (See Full Text for Details) |",
                    "|-|-|-|"]
            dates_at = len(doc)
            doc += ["| 2020-03-01 | 4.9.1 | Initial requirements |", ""]
            continue
        for ss in range(1, 4):
            doc += ["### %d.%d.%d %s" % (c, s, ss, words(3).title()), ""]
            sections.append("%d.%d.%d" % (c, s, ss))
            paras.append(len(doc))
            doc += [sentence(2020) + " " + sentence(2020), ""]
revs, rdates = [doc[rev_at]], [doc[dates_at]]
readme = ["# Synthetic", ""]

def blob(text):
    b = text.encode()
    return b"data %d\n" % len(b) + b + b"\n"

t, ballot, minor = 1577836800, 1, 0
for i in range(1, N + 1):
    t += rnd.randint(600, 4 * 3600)
    year = 2020 + (t - 1577836800) // (365 * 86400)
    r = rnd.random()
    files = {}
    if i == 1:
        subject = "Initial version"
        files["README.md"] = readme
        files["docs/BR.md"] = None
    elif r < 0.1:
        readme.append(words(8))
        readme[:] = readme[:2] + readme[-20:]
        subject = "Update README"
        files["README.md"] = readme
    else:
        for _ in range(rnd.randint(1, 3)):
            doc[rnd.choice(paras)] = sentence(year) + " " + sentence(year)
        if r < 0.3:
            ballot += 1
            minor += 1
            ver = "2.%d.%d" % (minor // 10, minor % 10)
            subject = "Ballot SC-%d: %s" % (ballot, words(5))
            revs.append("| %s | SC-%d | %s | %s | %s |" % (
                ver, ballot, words(5), date(year), date(year)))
            rdates.append("| %s | %s | %s |" % (
                date(year + 1), rnd.choice(sections), words(8)))
            del revs[:-25], rdates[:-25]  # keep the document's size bounded
        else:
            subject = rnd.choice(("Fix typo in ", "Clarify ", "Editorial: ")) + \
                "section " + rnd.choice(sections)
        files["docs/BR.md"] = None
    if "docs/BR.md" in files:
        files["docs/BR.md"] = doc[:rev_at] + revs + doc[rev_at + 1:dates_at] + rdates + \
            doc[dates_at + 1:]
    msg = subject + "\n\nSynthetic change %d.\n" % i
    out.write(b"commit refs/heads/main\nmark :%d\n" % i)
    out.write(b"committer Bench <bench@example.org> %d +0000\n" % t)
    out.write(blob(msg))
    for path, lines in files.items():
        out.write(b"M 100644 inline %s\n" % path.encode())
        out.write(blob("\n".join(lines) + "\n"))
EOF
}

bench_synthetic() {
	local dir n
	dir=$1
	mkdir -p "$dir" || return 1
	# Every size is imported and packed the same way: a repository cut from a larger
	# one by `git clone` gets another pack layout, which alone changed git's time by
	# 3x here (glibc malloc trimming: thousands of brk calls).
	for n in $2; do
		git init -q --bare "$dir/$n.git" || return 1
		# glibc's default trim threshold makes fast-import spend 90% of its time in brk()
		bench_stream "$n" |
			MALLOC_TOP_PAD_=67108864 MALLOC_TRIM_THRESHOLD_=134217728 \
				git --git-dir="$dir/$n.git" fast-import --quiet || return 1
		[ "$(git --git-dir="$dir/$n.git" rev-list --count refs/heads/main)" = "$n" ] || return 1
		git --git-dir="$dir/$n.git" symbolic-ref HEAD refs/heads/main || return 1
		git --git-dir="$dir/$n.git" repack -adq || return 1
	done
}
