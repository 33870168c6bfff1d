/* The changes use case (app/list_changes.h): the text of one hand-made
 * change (pw_list_changes_text), each line worked out from the format by
 * hand: at most 12 sections, upstream text with an ESC as a space and a
 * definition's line starting with "::" (a GitHub Actions workflow command)
 * defused; its JSON record on one line; and pw_list_changes_run on the real
 * cabforum-smime history: the output is one JSON array of the enabled
 * source's changes; an unknown source is bad input with nothing written; a
 * failing write stops the run with its error; output spilled to a temporary
 * file is the output kept in memory, and a temporary file that cannot be
 * written fails the run. */
#include "testutil.h"

#include "compliance_fixture.h"

#include "app/list_changes.h"
#include "util/error.h"

#include <cjson/cJSON.h>
#include <git2.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

static compfix fx;

static char *sections[13] = {"1.1", "1.2", "1.3",  "1.4",  "1.5",  "1.6", "1.7",
                             "1.8", "1.9", "1.10", "1.11", "1.12", "1.13"};
static char *date_sections[1] = {"4.2.1"};

static void make(pw_change *c, pw_effective_date *d, pw_term_ref *t)
{
	memset(c, 0, sizeof(*c));
	memset(d, 0, sizeof(*d));
	memset(t, 0, 2 * sizeof(*t));
	c->id = "s@aaaaaaaaaaaa";
	c->source = "s";
	snprintf(c->date, sizeof(c->date), "2025-03-15");
	c->subject = "Merge branch 'main' into smc-9";
	c->proposal = "Update\x1b the profiles";
	c->branch = "smc-9";
	c->url = "https://example.org/c";
	c->status = PW_STATUS_PROPOSED;
	c->classified = 1;
	c->cls.ballot = "SMC-9";
	c->cls.kind = "ballot";
	c->cls.tags = PW_TAG_SMIME | PW_TAG_AUDIT;
	c->cls.sections.items = sections;
	c->cls.sections.count = 13;
	snprintf(d->date, sizeof(d->date), "2025-09-15");
	d->sections.items = date_sections;
	d->sections.count = 1;
	d->text = "from September 15, 2025";
	c->cls.dates = d;
	c->cls.ndates = 1;
	c->cls.table_lost = 1;
	t[0].term = "Extant CA";
	t[0].document = "SBR.md";
	t[0].section = "1.6.1";
	t[0].definition = "a CA";
	t[1].term = "Mailbox";
	t[1].changed = 1;
	t[1].document = "SBR.md";
	t[1].section = "1.6.1";
	t[1].old_definition = "old text";
	t[1].definition = "first line\n::warning::x";
	c->cls.terms = t;
	c->cls.nterms = 2;
}

static void test_text(void **state)
{
	pw_change c;
	pw_effective_date d;
	pw_term_ref t[2];
	pw_buf b = PW_BUF_INIT;
	(void)state;
	make(&c, &d, t);
	assert_int_equal(pw_buf_puts(&b, "before\n"), 0);
	assert_int_equal(pw_list_changes_text(&b, &c), 0);
	assert_string_equal(
	    b.ptr, "before\n"
	           "s@aaaaaaaaaaaa 2025-03-15 SMC-9 ballot proposed [smime audit]\n"
	           "    Update  the profiles (proposed on smc-9)\n"
	           "    sections: 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 1.10, 1.11, 1.12"
	           " and 1 more\n"
	           "    effective 2025-09-15 (4.2.1): from September 15, 2025\n"
	           "    missing: no version found in the header or change-history table\n"
	           "    terms: Extant CA, Mailbox (definition changed)\n"
	           "    changes the definition of \"Mailbox\" (SBR.md 1.6.1):\n"
	           "      was: old text\n"
	           "      now: first line\n"
	           "            :warning::x\n");
	assert_int_equal(b.len, strlen(b.ptr));
	pw_buf_clear(&b);
}

static void test_json(void **state)
{
	pw_change c;
	pw_effective_date d;
	pw_term_ref t[2];
	pw_buf b = PW_BUF_INIT;
	cJSON *o;
	(void)state;
	make(&c, &d, t);
	if (pw_list_changes_json(&b, &c) < 0)
		fail_msg("%s", pw_error_last());
	assert_null(strchr(b.ptr, '\n'));
	assert_non_null(o = cJSON_Parse(b.ptr));
	assert_string_equal(cJSON_GetObjectItem(o, "id")->valuestring, "s@aaaaaaaaaaaa");
	assert_string_equal(cJSON_GetObjectItem(o, "ballot")->valuestring, "SMC-9");
	cJSON_Delete(o);
	pw_buf_clear(&b);
}

typedef struct {
	pw_buf out;
	size_t calls;
	int fail;
} sink;

static int collect(const char *data, size_t len, void *payload)
{
	sink *s = payload;
	s->calls++;
	if (s->fail)
		return pw_error_set(PW_ERROR, "cannot write: full");
	return pw_buf_put(&s->out, data, len) < 0 ? pw_error_oom() : 0;
}

static void test_run(void **state)
{
	const char *up = tu_upstream_or_skip();
	pw_list_changes_opts o = PW_LIST_CHANGES_OPTS_INIT;
	pw_workspace *ws = NULL;
	sink s = {PW_BUF_INIT, 0, 0};
	cJSON *a, *it;
	int smc9 = 0;
	(void)state;
	compfix_env();
	compfix_init(&fx, up);
	compfix_workspace(&ws, &fx);
	o.json = 1;
	o.write = collect;
	o.payload = &s;
	/* the enabled source: cabforum-smime */
	if (pw_list_changes_run(ws, &o) < 0)
		fail_msg("%s", pw_error_last());
	assert_true(s.calls >= 3); /* "[", the records, "]\n" */
	assert_string_equal(s.out.ptr + s.out.len - 2, "]\n");
	assert_non_null(a = cJSON_Parse(s.out.ptr));
	assert_true(cJSON_GetArraySize(a) > 10);
	cJSON_ArrayForEach(it, a)
	{
		assert_string_equal(cJSON_GetObjectItem(it, "source")->valuestring,
		                    "cabforum-smime");
		smc9 |= strcmp(cJSON_GetObjectItem(it, "id")->valuestring, SMC9) == 0;
	}
	assert_true(smc9);
	cJSON_Delete(a);
	/* an unknown source: bad input, nothing written */
	s.calls = 0;
	o.source = "nosuch";
	assert_int_equal(pw_list_changes_run(ws, &o), PW_EINPUT);
	assert_string_equal(pw_error_last(), "unknown source 'nosuch'");
	assert_int_equal(s.calls, 0);
	/* a write that fails stops the run with its error */
	o.source = "cabforum-smime";
	s.fail = 1;
	assert_int_equal(pw_list_changes_run(ws, &o), PW_ERROR);
	assert_int_equal(s.calls, 1);
	assert_string_equal(pw_error_last(), "cannot write: full");
	pw_buf_clear(&s.out);
	pw_workspace_free(ws);
}

/* Runs `changes` on the fixture's workspace with spill_bytes `spill` into s
 * (emptied first); fails the test when the run fails. */
static void run_into(sink *s, pw_workspace *ws, int json, size_t spill)
{
	pw_list_changes_opts o = PW_LIST_CHANGES_OPTS_INIT;
	o.json = json;
	o.write = collect;
	o.payload = s;
	o.spill_bytes = spill;
	pw_buf_reset(&s->out);
	s->calls = 0;
	if (pw_list_changes_run(ws, &o) < 0)
		fail_msg("%s", pw_error_last());
}

/* The spill file, on cabforum-servercert since 2019 (text about 168 KB, JSON
 * about 517 KB): output that waited in a temporary file (every record
 * spilled at 1 byte; the first ones at 20,000) is byte for byte the output
 * kept in memory (the default 1 MiB holds it all), text and JSON. The spilled file comes back in 64
 * KiB pieces, then the tail in memory (empty at 1 byte): for JSON "[", ceil(L / 65536) pieces, ""
 * and
 * "]\n". A temporary file that cannot be written (a file size limit:
 * EFBIG, as a full disk gives ENOSPC) fails the run with nothing written. */
static void test_spill(void **state)
{
	const char *up = tu_upstream_or_skip();
	pw_list_changes_opts o = PW_LIST_CHANGES_OPTS_INIT;
	pw_workspace *ws = NULL;
	sink mem = {PW_BUF_INIT, 0, 0}, s = {PW_BUF_INIT, 0, 0};
	struct rlimit old, lim;
	size_t records;
	int json;
	(void)state;
	compfix_env();
	compfix_init(&fx, up);
	compfix_source(&fx, up, "cabforum-servercert", "2019-01-01");
	compfix_workspace(&ws, &fx);
	for (json = 0; json <= 1; json++) {
		run_into(&mem, ws, json, 0);
		assert_int_equal(mem.calls, json ? 3 : 1); /* all in memory */
		assert_true(mem.out.len > 100000 && mem.out.len < PW_LIST_CHANGES_SPILL_BYTES);
		run_into(&s, ws, json, 1);
		assert_int_equal(s.out.len, mem.out.len);
		assert_memory_equal(s.out.ptr, mem.out.ptr, mem.out.len);
		records = mem.out.len - (json ? 3 : 0); /* without "[" and "]\n" */
		assert_int_equal(s.calls, (json ? 2 : 0) + (records + 65535) / 65536 + 1);
		run_into(&s, ws, json, 20000);
		assert_int_equal(s.out.len, mem.out.len);
		assert_memory_equal(s.out.ptr, mem.out.ptr, mem.out.len);
		assert_true(s.calls > mem.calls);
	}
	/* the temporary file may not grow beyond 64 KiB */
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 65536;
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	o.json = 1;
	o.write = collect;
	o.payload = &s;
	o.spill_bytes = 1;
	s.calls = 0;
	assert_int_equal(pw_list_changes_run(ws, &o), PW_ERROR);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);
	assert_string_equal(pw_error_last(), "cannot write a temporary file: File too large");
	assert_int_equal(s.calls, 0);
	pw_buf_clear(&mem.out);
	pw_buf_clear(&s.out);
	pw_workspace_free(ws);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text),
	    cmocka_unit_test(test_json),
	    cmocka_unit_test_prestate_setup_teardown(test_run, NULL, compfix_teardown, &fx),
	    cmocka_unit_test_prestate_setup_teardown(test_spill, NULL, compfix_teardown, &fx),
	};
	int rc;
	git_libgit2_init();
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	git_libgit2_shutdown();
	return rc;
}
