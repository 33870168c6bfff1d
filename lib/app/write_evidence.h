/* The use case of `pkiwatch evidence`: the auditor's report for a period
 * (publish/evidence.h) on what the workspace loads (the change set, ledger,
 * issuance records, responses, GitHub issues, the obligations as of the
 * period's end with the officer's records) and the ledger's verification
 * (app/check_ledger.h), written as <out_dir>/evidence-FROM-TO.{md,html,json,pdf}:
 * all files or none. The PDF is made from the HTML (util/pdf.h) and dated TO,
 * so the same repository commit and period give the same files. */
#ifndef PW_WRITE_EVIDENCE_H
#define PW_WRITE_EVIDENCE_H

#include <stddef.h>

#include "app/workspace.h"
#include "ledger/verify.h"

/* The formats, in the order their files are listed. */
enum {
	PW_WRITE_EVIDENCE_MD = 1,
	PW_WRITE_EVIDENCE_HTML = 2,
	PW_WRITE_EVIDENCE_JSON = 8,
	PW_WRITE_EVIDENCE_PDF = 4
};

typedef struct {
	const char *from, *to; /* the period, both days included (YYYY-MM-DD) */
	const char *out_dir;   /* created when missing */
	int formats;           /* PW_WRITE_EVIDENCE_* bits */
} pw_write_evidence_opts;

#define PW_WRITE_EVIDENCE_OPTS_INIT                                                                \
	{                                                                                          \
		.out_dir = "evidence", .formats = PW_WRITE_EVIDENCE_MD | PW_WRITE_EVIDENCE_HTML    \
	}

typedef struct {
	/* the files written, md, html, json, pdf (those asked for), owned */
	char *files[4];
	size_t nfiles;
	pw_verify_report verify; /* the ledger's verification in the report */
} pw_write_evidence_result;

/* Writes the report. A PDF needs headless Chromium or WeasyPrint (looked for
 * first). Clear `out` either way. */
int pw_write_evidence_run(pw_write_evidence_result *out, pw_workspace *ws,
                          const pw_write_evidence_opts *opts);
void pw_write_evidence_result_clear(pw_write_evidence_result *r);

#endif
