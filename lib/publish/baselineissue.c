#include "publish/baselineissue.h"

#include "util/buf.h"
#include "util/error.h"
#include "util/mdsafe.h"

#include <stdlib.h>
#include <string.h>

#define BALLOTS_MAX 60

/* The source of change id "<source>@<hex>". */
static size_t source_len(const char *id)
{
	const char *at = strrchr(id, '@');
	return at ? (size_t)(at - id) : strlen(id);
}

/* One table row: the source, its count, its ballots (each once, at most
 * BALLOTS_MAX). */
static int put_source(pw_buf *b, const pw_baselineissue *bl, const char *src, size_t len)
{
	pw_strlist ballots = PW_STRLIST_INIT;
	size_t i, n = 0;
	int rc = 0;
	for (i = 0; i < bl->changes->count && rc == 0; i++) {
		const char *id = bl->changes->items[i];
		const pw_changeset_item *it;
		if (source_len(id) != len || strncmp(id, src, len) != 0)
			continue;
		n++;
		it = bl->set ? pw_changeset_find(bl->set, id) : NULL;
		if (it && it->change.cls.ballot)
			rc = pw_strlist_add_unique(&ballots, it->change.cls.ballot);
	}
	rc = rc == 0 ? pw_buf_puts(b, "| `") : rc;
	if (rc == 0)
		rc = pw_buf_put(b, src, len);
	if (rc == 0)
		rc = pw_buf_printf(b, "` | %zu | ", n);
	for (i = 0; i < ballots.count && i < BALLOTS_MAX && rc == 0; i++) {
		rc = pw_buf_puts(b, i ? ", " : "");
		if (rc == 0)
			rc = pw_mdsafe_github(b, ballots.items[i]);
	}
	if (rc == 0 && ballots.count > BALLOTS_MAX)
		rc = pw_buf_printf(b, " and %zu more", ballots.count - BALLOTS_MAX);
	if (rc == 0)
		rc = pw_buf_puts(b, ballots.count ? " |\n" : "- |\n");
	pw_strlist_clear(&ballots);
	return rc;
}

int pw_baselineissue_render(char **title, char **body, const pw_baselineissue *b)
{
	pw_buf t = PW_BUF_INIT, x = PW_BUF_INIT;
	size_t i, j, n = b->changes ? b->changes->count : 0;
	int rc;

	*title = *body = NULL;
	rc = pw_buf_printf(&t, "pkiwatch baseline %s: %zu earlier change%s, the status quo",
	                   b->date, n, n == 1 ? "" : "s");
	if (rc == 0)
		rc = pw_buf_printf(
		    &x,
		    PW_BASELINEISSUE_MARKER
		    "\n\n"
		    "pkiwatch.json's `\"baseline\": \"%s\"`: the %zu change%s dated before it %s "
		    "the accepted status quo. pkiwatch opens no issue for %s and sends no "
		    "reminder; this one issue stands for them all. Maintained by pkiwatch: edits "
		    "here are overwritten.\n\n",
		    b->date, n, n == 1 ? "" : "s", n == 1 ? "is" : "are", n == 1 ? "it" : "them");
	if (rc == 0)
		rc = b->recorded
		         ? pw_buf_printf(
		               &x,
		               "**Recorded** by the officer in the ledger: "
		               "`ledger/baselines/%s.json` lists every change it covers.\n",
		               b->date)
		         : pw_buf_puts(&x, "**Not recorded yet.** Accepting it is the officer's "
		                           "decision: `pkiwatch baseline` records it in the ledger "
		                           "(one commit listing every change it covers), and this "
		                           "issue is closed.\n");
	if (rc == 0 && n)
		rc = pw_buf_puts(&x, "\n| Source | Changes | Ballots and versions among them |\n"
		                     "|---|---|---|\n");
	for (i = 0; i < n && rc == 0; i++) {
		const char *id = b->changes->items[i];
		size_t len = source_len(id);
		for (j = 0; j < i; j++) /* each source once, in the order met */
			if (source_len(b->changes->items[j]) == len &&
			    strncmp(b->changes->items[j], id, len) == 0)
				break;
		if (j == i)
			rc = put_source(&x, b, id, len);
	}
	if (rc == 0)
		rc = pw_buf_puts(&x, "\nMoving the baseline later is the officer's explicit "
		                     "decision: change `\"baseline\"` in pkiwatch.json, then run "
		                     "`pkiwatch baseline --replace` (publish refuses the new date "
		                     "until then). `pkiwatch changes --since DATE --format json` "
		                     "lists the changes themselves.\n");
	if (rc < 0) {
		pw_buf_clear(&t);
		pw_buf_clear(&x);
		return pw_error_oom();
	}
	*title = pw_buf_detach(&t);
	*body = pw_buf_detach(&x);
	return 0;
}
