/* One answer about an obligation, and the check responses import shares
 * (obligation_answer.h). */
#include "app/obligation_answer.h"

#include "core/tsp.h"
#include "ledger/commit.h"
#include "tsp/obligctx.h"
#include "util/day.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

int pw_obligation_answer_check(int *same, pw_workspace *ws, const pw_obliganswers *answers,
                               const char *what)
{
	const pw_obligctx *ctx;
	size_t i;
	int rc;

	if (!answers->count)
		return 0;
	if ((rc = pw_workspace_obligations(&ctx, ws, NULL, answers->items[0].tsp)) < 0)
		return rc;
	rc = pw_obliganswers_check_open(answers, &ctx->obligations, what);
	for (i = 0; rc == 0 && i < answers->count; i++) {
		const pw_obliganswer *a = &answers->items[i];
		same[i] = pw_obliganswer_same(
		    a, pw_obligations_find(&ctx->obligations, a->obligation)->answer);
	}
	return rc;
}

int pw_obligation_answer_run(pw_obligation_answer_result *out, pw_workspace *ws,
                             const pw_obliganswer *a, const pw_obligation_answer_opts *opts)
{
	pw_obligation_answer_opts none = PW_OBLIGATION_ANSWER_OPTS_INIT;
	pw_obliganswers one = {.items = (pw_obliganswer *)a, .count = 1};
	pw_commit_opts co = PW_COMMIT_OPTS_INIT;
	pw_commit_file f = {NULL, NULL, NULL};
	const pw_config *cfg;
	const char *name, *email;
	char now[21], base[41];
	char *rel = NULL, *msg = NULL;
	cJSON *doc = NULL;
	pw_tsp tsp;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&tsp, 0, sizeof(tsp));
	if (!opts)
		opts = &none;
	if ((rc = pw_workspace_config(&cfg, ws)) < 0)
		return rc;
	/* the TSP first: an unknown one is named as such */
	if ((rc = pw_tsp_load(&tsp, cfg->root, a->tsp)) < 0)
		return pw_error_prefix(rc, "--tsp");
	pw_tsp_clear(&tsp);
	if ((rc = pw_obliganswer_check(a, "respond")) < 0 ||
	    (rc = pw_obligation_answer_check(&out->same, ws, &one, "respond")) < 0 ||
	    (rc = pw_obliganswer_describe(&out->summary, a)) < 0 || out->same)
		return rc;
	if ((rc = pw_workspace_now(now, ws)) < 0 || (rc = pw_commit_check(cfg->root)) < 0 ||
	    (rc = pw_commit_base(base, cfg->root)) < 0 ||
	    (rc = pw_workspace_author(&name, &email, ws)) < 0 ||
	    (rc = pw_obliganswer_prepare(&doc, &rel, &msg, cfg->root, base, a, name, email, now)) <
	        0)
		goto out;
	f.path = rel;
	f.json = doc;
	f.message = msg;
	co.author_name = name;
	co.author_email = email;
	co.base = base;
	co.cancel = opts->cancel;
	rc = pw_commit_files((char(*)[41])out->commit, NULL, cfg->root, &f, 1, &co);
out:
	cJSON_Delete(doc);
	free(rel);
	free(msg);
	return rc;
}

void pw_obligation_answer_result_clear(pw_obligation_answer_result *r)
{
	if (!r)
		return;
	free(r->summary);
	memset(r, 0, sizeof(*r));
}
