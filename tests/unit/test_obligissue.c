/* The obligation issue's body, title and labels (publish/obligissue), on
 * obligations built here: markers, neutralised hostile text, a digest that
 * changes only with the obligation, and GitHub's 65,536-character limit for
 * any amount of untrusted text. */
#include "testutil.h"

#include "publish/issue.h"
#include "publish/obligissue.h"
#include "util/strlist.h"

#include <string.h>

static char *changes[] = {"cabforum-smime@750290055cf5", NULL};
static char *criteria[] = {"ETSI TS 119 411-6 v1.1.1", NULL};

static void make(pw_obligation *o, pw_obligation_milestone *ms, pw_obligation_quote *q, size_t nq)
{
	memset(o, 0, sizeof(*o));
	o->id = "ob-ministry-87a095d1";
	o->tsp = "ministry";
	o->kind = "audit";
	o->rule = "etsi-scope-extension";
	o->what = "Scope-extension audit: bring ETSI TS 119 411-6 v1.1.1 into the audit scope";
	o->reason = "audited under etsi";
	strcpy(o->due, "2023-09-01");
	o->changes = changes;
	o->criteria = criteria;
	o->quotes = q;
	o->nquotes = nq;
	o->milestones = ms;
	o->nmilestones = 2;
	ms[0].what = "auditor engaged";
	strcpy(ms[0].due, "2023-05-04");
	ms[0].done[0] = '\0';
	ms[1].what = "scope-extension audit performed";
	strcpy(ms[1].due, "2023-09-01");
	ms[1].done[0] = '\0';
	o->status = PW_OBLIGATION_OPEN;
	o->evidence = cJSON_CreateArray();
}

static char *body_of(const pw_obligation *o)
{
	char *b = NULL;
	assert_int_equal(pw_obligissue_body(&b, o, NULL, NULL, "2023-01-10"), 0);
	assert_non_null(b);
	return b;
}

static void test_markers_and_digest(void **state)
{
	pw_obligation o;
	pw_obligation_milestone ms[2];
	pw_obligation_quote q = {changes[0], "3. ETSI TS 119 411-6 v1.1.1 or newer"};
	pw_issue_markers m, m2;
	char *b, *b2, opened[11];
	(void)state;
	make(&o, ms, &q, 1);
	b = body_of(&o);
	{
		static const char head[] =
		    "<!-- pkiwatch:obligation ob-ministry-87a095d1 -->\n"
		    "<!-- pkiwatch:opened 2023-01-10 -->\n<!-- pkiwatch:digest ";
		assert_int_equal(strncmp(b, head, sizeof(head) - 1), 0);
	}
	assert_int_equal(pw_issue_markers_parse(&m, b), 0);
	assert_string_equal(m.obligation, "ob-ministry-87a095d1");
	assert_int_equal(m.nchanges, 0); /* never taken for a change issue */
	assert_null(m.key);
	assert_int_equal(strlen(m.digest), 40);
	pw_obligissue_opened(opened, b);
	assert_string_equal(opened, "2023-01-10");
	tu_assert_has(b, "<!-- pkiwatch:ostate due 2023-09-01|milestones 2023-05-04,2023-09-01|"
	                 "criteria ETSI TS 119 411-6 v1.1.1|changes cabforum-smime@750290055cf5 "
	                 "-->\n");
	tu_assert_has(b, "- [ ] 1. **2023-05-04** auditor engaged\n");
	/* the same obligation: the same body; a milestone done: another digest */
	b2 = body_of(&o);
	assert_string_equal(b, b2);
	free(b2);
	strcpy(ms[0].done, "2023-06-06");
	b2 = body_of(&o);
	assert_int_equal(pw_issue_markers_parse(&m2, b2), 0);
	assert_string_not_equal(m.digest, m2.digest);
	tu_assert_has(b2, "- [x] 1. **2023-05-04** auditor engaged (done 2023-06-06)\n");
	pw_issue_markers_clear(&m);
	pw_issue_markers_clear(&m2);
	free(b);
	free(b2);
	cJSON_Delete(o.evidence);
}

/* The TSP's answer (issue 12): a part of its own, in the state marker (so
 * the update comment names it), neutralised; "done" with evidence tells the
 * officer to accept. Without an answer the body is as before. */
static void test_answer(void **state)
{
	pw_obligation o;
	pw_obligation_milestone ms[2];
	char *b, *before;
	(void)state;
	make(&o, ms, NULL, 0);
	before = body_of(&o);
	tu_assert_lacks(before, "answer");
	o.answer = cJSON_Parse("{\"status\":\"in-progress\",\"date\":\"2023-07-15\","
	                       "\"comment\":\"@mjansen <b>booked</b>\\nCAB\",\"form\":"
	                       "\"ministry-20230601-0a1b2c3d\",\"time\":\"2023-06-02T08:00:00Z\"}");
	assert_non_null(o.answer);
	b = body_of(&o);
	tu_assert_has(b, "|changes cabforum-smime@750290055cf5|answer in-progress 2023-07-15 -->");
	tu_assert_has(b, "\n### The TSP's answer\n\nin-progress, expected by 2023-07-15, comment ");
	tu_assert_has(b, "(answered 2023-06-02, form ministry-20230601-0a1b2c3d)\n");
	tu_assert_lacks(b, "@mjansen"); /* neutralised: no mention */
	tu_assert_lacks(b, "<b>");
	tu_assert_lacks(b, "The TSP reports it done");
	free(b);
	cJSON_Delete(o.answer);
	o.answer = cJSON_Parse("{\"status\":\"done\",\"evidence\":\"CAB letter 117\","
	                       "\"time\":\"2023-06-02T08:00:00Z\"}");
	b = body_of(&o);
	tu_assert_has(b, "|answer done -->");
	tu_assert_has(b, "\n### The TSP's answer\n\ndone, evidence 'CAB letter 117' (answered "
	                 "2023-06-02)\n\nThe TSP reports it done and names its evidence: check it, "
	                 "then `pkiwatch obligation accept ob-ministry-87a095d1`.\n");
	free(b);
	cJSON_Delete(o.answer);
	free(before);
	cJSON_Delete(o.evidence);
}

static void test_labels_and_title(void **state)
{
	pw_obligation o;
	pw_obligation_milestone ms[2];
	pw_strlist l;
	char *t;
	(void)state;
	make(&o, ms, NULL, 0);
	assert_int_equal(pw_obligissue_labels(&l, &o, NULL), 0);
	assert_int_equal(l.count, 3);
	assert_string_equal(l.items[0], "pkiwatch");
	assert_string_equal(l.items[1], "obligation");
	assert_string_equal(l.items[2], "ministry");
	pw_strlist_clear(&l);
	o.status = PW_OBLIGATION_OVERDUE;
	assert_int_equal(pw_obligissue_labels(&l, &o, NULL), 0);
	assert_true(pw_strlist_has(&l, "overdue"));
	pw_strlist_clear(&l);
	o.what = "@everyone see #1 <img src=x>";
	t = pw_obligissue_title(&o, NULL);
	tu_assert_lacks(t, "@everyone");
	tu_assert_lacks(t, "#1");
	free(t);
	cJSON_Delete(o.evidence);
}

/* Hostile and huge untrusted text: neutralised, and the body stays under
 * 65,536 characters with its markers whole. */
static void test_hostile_and_huge(void **state)
{
	pw_obligation o;
	pw_obligation_milestone ms[2];
	pw_obligation_quote q[300];
	char *amp = malloc(20001), *b;
	pw_issue_markers m;
	size_t i;
	(void)state;
	memset(amp, '&', 20000);
	amp[20000] = '\0';
	for (i = 0; i < 300; i++) {
		q[i].change = changes[0];
		q[i].text =
		    i == 0 ? "--> <script>x</script> @everyone #12 `code` [l](javascript:x)" : amp;
	}
	make(&o, ms, q, 300);
	o.what = amp;
	o.reason = amp;
	o.note = amp;
	for (i = 0; i < 200; i++) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "url", amp);
		cJSON_AddStringToObject(e, "note", amp);
		cJSON_AddItemToArray(o.evidence, e);
	}
	b = body_of(&o);
	assert_true(strlen(b) <= 65536);
	assert_int_equal(pw_issue_markers_parse(&m, b), 0);
	assert_string_equal(m.obligation, "ob-ministry-87a095d1");
	assert_int_equal(strlen(m.digest), 40);
	pw_issue_markers_clear(&m);
	tu_assert_lacks(b, "<script>");
	tu_assert_lacks(b, "--> <");
	tu_assert_lacks(b, "@everyone");
	tu_assert_lacks(b, "#12");
	tu_assert_lacks(b, "[l](");
	tu_assert_has(b, "… and "); /* says that more was left out */
	free(b);
	free(amp);
	cJSON_Delete(o.evidence);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_markers_and_digest),
	    cmocka_unit_test(test_answer),
	    cmocka_unit_test(test_labels_and_title),
	    cmocka_unit_test(test_hostile_and_huge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
