/* pkiwatch verify: the ledger's history checked: signatures, append-only,
 * sign-offs of known changes. */
#include "tool.h"

#include "app/check_ledger.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char about[] =
    "Checks the history of the compliance repository's ledger (every commit that\n"
    "adds, changes or removes a file under ledger/):\n"
    "  - each is signed by a key allowed in its parent commit: an SSH key in the\n"
    "    allowed-signers file (git's gpg.ssh.allowedSignersFile format; pkiwatch.json\n"
    "    signing.allowed_signers, default allowed_signers) or an OpenPGP key whose\n"
    "    fingerprint an officer lists (pkiwatch.json officers[].openpgp; gpg needs the\n"
    "    public key). A commit that changes who is allowed must be signed by a key\n"
    "    allowed before it;\n"
    "  - nothing recorded is deleted or rewritten (a decision never changes; answers\n"
    "    may be added or replaced, lists only grow), except by a git revert of the\n"
    "    commit that last wrote the file;\n"
    "  - every sign-off names a change the mirrors know (run 'pkiwatch mirror' first).\n"
    "Prints one line per problem, '<commit> <file>: <problem>', and exits 1 when there\n"
    "is any; else a one-line summary and exit 0.\n";

static int print_json(const pw_verify_report *r)
{
	cJSON *doc = cJSON_CreateObject(), *list, *p;
	char *text = NULL;
	size_t i;
	int ok = doc && cJSON_AddBoolToObject(doc, "ok", r->count == 0) &&
	         cJSON_AddStringToObject(doc, "head", r->head) &&
	         cJSON_AddNumberToObject(doc, "ledger_commits", (double)r->commits) &&
	         cJSON_AddNumberToObject(doc, "signed_ok", (double)r->signed_ok) &&
	         cJSON_AddNumberToObject(doc, "entries", (double)r->entries) &&
	         cJSON_AddNumberToObject(doc, "signoffs", (double)r->signoffs) &&
	         (list = cJSON_AddArrayToObject(doc, "problems")) != NULL;
	for (i = 0; ok && i < r->count; i++) {
		ok = (p = cJSON_CreateObject()) != NULL && cJSON_AddItemToArray(list, p) &&
		     cJSON_AddStringToObject(p, "commit", r->items[i].commit) &&
		     (r->items[i].file ? cJSON_AddStringToObject(p, "file", r->items[i].file)
		                       : cJSON_AddNullToObject(p, "file")) &&
		     cJSON_AddStringToObject(p, "problem", r->items[i].problem);
	}
	if (ok && (text = cJSON_Print(doc)))
		printf("%s\n", text);
	free(text);
	cJSON_Delete(doc);
	if (!text) {
		tool_error("out of memory");
		return 1;
	}
	return r->count ? 1 : 0;
}

static int print_text(const pw_verify_report *r)
{
	size_t i;
	for (i = 0; i < r->count; i++)
		printf("%.12s %s: %s\n", r->items[i].commit,
		       r->items[i].file ? r->items[i].file : "-", r->items[i].problem);
	if (r->count) {
		printf("verify: %zu problem%s in the ledger's history (HEAD %.12s)\n", r->count,
		       r->count == 1 ? "" : "s", r->head);
		return 1;
	}
	printf("verify: ok: %zu ledger commit%s signed by allowed keys, nothing rewritten or "
	       "deleted, %zu sign-off%s of known changes (HEAD %.12s)\n",
	       r->commits, r->commits == 1 ? "" : "s", r->signoffs, r->signoffs == 1 ? "" : "s",
	       *r->head ? r->head : "none");
	return 0;
}

static int run(pw_workspace *ws, int json)
{
	pw_verify_report rep;
	int rc = pw_check_ledger_run(&rep, ws);

	if (rc < 0)
		rc = tool_fail(rc);
	else
		rc = json ? print_json(&rep) : print_text(&rep);
	pw_verify_report_clear(&rep);
	return rc;
}

int cmd_verify(pw_tool *t, int argc, char **argv)
{
	int json = 0;
	const opt_spec spec[] = {
	    {.type = OPT_CHOICE,
	     .name = "format",
	     .value = &json,
	     .arg = "F",
	     .choices = "text|json",
	     .help = "text (default) or json: {\"ok\", \"head\", \"ledger_commits\",\n"
	             "\"signed_ok\", \"entries\", \"signoffs\", \"problems\": [{\"commit\",\n"
	             "\"file\", \"problem\"}]}"},
	    {.type = OPT_END},
	};
	const opt_command cmd = {"verify", about, NULL, 15, spec};
	size_t nargs;
	int rc;

	if ((rc = opt_parse(&nargs, &cmd, t, argc, argv)) != OPT_GO)
		return rc;
	if ((rc = tool_open(t, NULL, 0)) == 0)
		rc = run(t->ws, json);
	return rc;
}
