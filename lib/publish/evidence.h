/* The evidence report an auditor reads for an audit period: the upstream
 * changes of the period, the officer's decisions with the signature status
 * of their ledger commits, the TSPs asked and their answers (overdue ones
 * too), the obligations open or acted on in the period with their
 * milestones, evidence and who accepted or waived them (from the records in
 * ledger/obligations/), the versions of the tracked documents in force at the
 * period's end and the ledger's verification; a summary first (counts, the median days
 * from upstream adoption to sign-off, what is still open), a table of
 * contents, page numbers (print CSS) and the repository commit it was built
 * from.
 *
 * Built only from the repository commit, the mirrors and the range: the same
 * inputs give the same bytes (Markdown, HTML, JSON; the PDF too, dated the
 * period's end through util/pdf). Untrusted upstream text
 * is neutralised in the Markdown and escaped in the HTML (cmark-gfm without
 * raw HTML). */
#ifndef PW_EVIDENCE_H
#define PW_EVIDENCE_H

#include <cjson/cJSON.h>

#include "classify/changeset.h"
#include "ledger/ledger.h"
#include "ledger/verify.h"
#include "publish/publish.h"
#include "tsp/issued.h"
#include "tsp/obligation.h"
#include "tsp/response.h"
#include "util/buf.h"

typedef struct {
	const char *from, *to;   /* YYYY-MM-DD, from <= to */
	const char *repository;  /* owner/name of the compliance repository */
	const pw_changeset *set; /* the changes the mirrors know */
	const pw_ledger *ledger; /* HEAD's sign-offs */
	const pw_issued *issued; /* forms issued */
	const pw_responses *responses;
	const pw_verify_report *verify; /* the ledger's history, HEAD's files */
	const char *prefix; /* the compliance repository's path in its work tree ("" or "dir/") */
	const char *root;   /* the compliance repository (its ledger's self-assessments are read) */
	/* The compliance repository's pkiwatch issues as GitHub listed them: a
	 * change was first seen the day its (earliest) issue was opened. NULL,
	 * or a change no issue names: its upstream commit date, marked so. */
	const pw_existing_issues *issues;
	/* The obligations (tsp/obligation.h) derived with the officer's records
	 * (ledger/obligations/<id>.json, the same records: their events say
	 * who recorded evidence, accepted or waived, and when). Section 5 lists
	 * those open at some time in the period: opened (the earliest sign-off
	 * of their changes) by its end, not closed before its start. NULL: none. */
	const pw_obligations *obligations;
	const pw_obligation_records *oblig_records;
} pw_evidence_opts;

#define PW_EVIDENCE_OPTS_INIT                                                                      \
	{                                                                                          \
		.from = NULL, .to = NULL, .repository = NULL, .set = NULL, .ledger = NULL,         \
		.issued = NULL, .responses = NULL, .verify = NULL, .prefix = "", .root = NULL,     \
		.issues = NULL, .obligations = NULL, .oblig_records = NULL                         \
	}

/* PW_EINPUT unless `from` and `to` are dates and from <= to. */
int pw_evidence_check_range(const char *from, const char *to);

/* The report as Markdown, appended to `out`. */
int pw_evidence_markdown(pw_buf *out, const pw_evidence_opts *o);

/* The same data as JSON (caller deletes). */
int pw_evidence_json(cJSON **out, const pw_evidence_opts *o);

/* The Markdown as a print-ready HTML page (A4, page numbers), appended to `out`. */
int pw_evidence_html(pw_buf *out, const pw_evidence_opts *o, const char *markdown, size_t len);

#endif
