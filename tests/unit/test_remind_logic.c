/* Reminder rules (lib/publish/remind) on hand-made publish results, posted through the
 * dry-run client (its outbox: no network, every comment list comes back
 * empty): when a wait for sign-off begins, the interval edges, the warning
 * window's edges, not-applicable sign-offs, several dates per change. The
 * marker look-up against real comments is tested in
 * tests/integration/test_remind.c. */
#include "testutil.h"

#include "github/github.h"
#include "publish/remind.h"

#include <dirent.h>
#include <string.h>

#define ID_OLD "cabforum-smime@aaaaaaaaaaaa"
#define ID_NEW "cabforum-smime@bbbbbbbbbbbb"

typedef struct {
	pw_changeset_item items[2];
	const pw_changeset_item *ptrs[2];
	pw_effective_date dates[2][4];
	pw_issue_group group;
} fake_group;

/* A group of `n` changes (ids ID_OLD, ID_NEW), each with upstream date
 * `dates[i]` and the effective dates `eff[i]` (NULL-terminated). */
static void make_group(fake_group *f, size_t n, const char *const *dates,
                       const char *const *const *eff)
{
	static const char *const ids[] = {ID_OLD, ID_NEW};
	size_t i, k;
	memset(f, 0, sizeof(*f));
	for (i = 0; i < n; i++) {
		pw_change *c = &f->items[i].change;
		c->id = (char *)ids[i];
		c->source = (char *)"cabforum-smime";
		c->subject = (char *)"A change";
		c->status = PW_STATUS_ADOPTED;
		snprintf(c->date, sizeof(c->date), "%s", dates[i]);
		for (k = 0; eff && eff[i] && eff[i][k]; k++)
			snprintf(f->dates[i][k].date, sizeof(f->dates[i][k].date), "%s", eff[i][k]);
		c->cls.dates = f->dates[i];
		c->cls.ndates = k;
		f->ptrs[i] = &f->items[i];
	}
	f->group.key = (char *)ids[0];
	f->group.items = f->ptrs;
	f->group.count = f->group.marked = n;
}

typedef struct {
	char *dir;
	pw_github *gh;
	pw_config cfg;
	pw_officer officer;
	pw_ledger_entry entries[2];
	pw_ledger ledger;
	pw_tsp tsp[2];
	pw_tsps tsps;
	pw_publish_result res;
	pw_publish_stats st;
	pw_remind_stats rs;
} world;

static void world_init(world *w, fake_group *g, const char *created_at)
{
	pw_github_opts o = PW_GITHUB_OPTS_INIT;
	memset(w, 0, sizeof(*w));
	w->dir = tu_tempdir();
	o.repository = "acme/compliance";
	o.outbox = w->dir;
	o.token = "t";
	assert_int_equal(pw_github_new(&w->gh, &o), 0);
	w->officer.name = (char *)"Maria Jansen";
	w->officer.github = (char *)"mjansen";
	w->cfg.root = w->dir;
	w->cfg.repository = (char *)"acme/compliance";
	w->cfg.officers = &w->officer;
	w->cfg.nofficers = 1;
	w->cfg.remind_after_days = 7;
	w->cfg.reminders_on_issues = 1; /* a comment per issue: what these tests look at */
	w->cfg.warn_before_days = 90;
	w->ledger.items = w->entries;
	w->tsp[0].id = (char *)"ministry";
	w->tsp[0].name = (char *)"Ministry";
	w->tsp[1].id = (char *)"northwind";
	w->tsp[1].name = (char *)"Northwind";
	w->tsps.items = w->tsp;
	w->tsps.count = 2;
	w->res.group = &g->group;
	w->res.number = 4;
	snprintf(w->res.created_at, sizeof(w->res.created_at), "%s", created_at);
	w->st.results = &w->res;
	w->st.nresults = 1;
}

/* Change `i` signed off with `decision`; `responded`: a TSP that answered. */
static void sign(world *w, size_t i, const char *decision, char **responded)
{
	static const char *const ids[] = {ID_OLD, ID_NEW};
	pw_ledger_entry *e = &w->entries[w->ledger.count++];
	e->change = (char *)ids[i];
	e->decision = (char *)decision;
	e->responded = responded;
	e->nresponded = responded ? 1 : 0;
}

/* Runs the reminders on `today`; returns how many comments were posted. */
static size_t run(world *w, fake_group *g, const char *today)
{
	pw_remind_opts o = PW_REMIND_OPTS_INIT;
	w->res.signed_off = pw_publish_group_signed_off(&g->group, &w->ledger);
	pw_publish_waiting_since(w->res.waiting_since, &g->group, &w->ledger, w->res.created_at,
	                         today);
	o.cfg = &w->cfg;
	o.published = &w->st;
	o.ledger = &w->ledger;
	o.tsps = &w->tsps;
	o.today = today;
	pw_remind_stats_clear(&w->rs);
	assert_int_equal(pw_remind_run(w->gh, &o, &w->rs), 0);
	return w->rs.count;
}

/* The body of the last comment in the outbox (caller frees). */
static char *last_comment(world *w)
{
	struct dirent **names;
	char *path, *text, *found = NULL;
	cJSON *j;
	int n = scandir(w->dir, &names, NULL, alphasort), i;
	assert_true(n > 0);
	for (i = n - 1; i >= 0 && !found; i--) {
		if (strstr(names[i]->d_name, "-POST-") &&
		    strstr(names[i]->d_name, "-comments.json")) {
			path = malloc(strlen(w->dir) + strlen(names[i]->d_name) + 2);
			sprintf(path, "%s/%s", w->dir, names[i]->d_name);
			text = tu_read(path);
			j = cJSON_Parse(text);
			found = strdup(cJSON_GetStringValue(
			    cJSON_GetObjectItem(cJSON_GetObjectItem(j, "body"), "body")));
			cJSON_Delete(j);
			free(text);
			free(path);
		}
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	assert_non_null(found);
	return found;
}

static void world_free(world *w)
{
	pw_remind_stats_clear(&w->rs);
	pw_github_free(w->gh);
	tu_rmrf(w->dir);
	free(w->dir);
}

/* The wait of g's issue, opened on `opened`, begins on `want` when asked on
 * `today` ("": no wait, or the opening is unknown). */
static void assert_waiting_since(world *w, fake_group *g, const char *opened, const char *today,
                                 const char *want)
{
	char out[11];
	pw_publish_waiting_since(out, &g->group, &w->ledger, opened, today);
	assert_string_equal(out, want);
}

/* When the wait begins: the issue's opening, or the oldest change without
 * sign-off when that is later (an issue reopened for a new change). */
static void test_waiting_since(void **state)
{
	static const char *const dates[] = {"2024-01-10", "2025-06-10"};
	fake_group g;
	world w;
	(void)state;
	make_group(&g, 2, dates, NULL);
	world_init(&w, &g, "2025-01-01");
	/* both wait: since the issue opened */
	assert_waiting_since(&w, &g, "2025-01-01", "2025-07-01", "2025-01-01");
	sign(&w, 0, "applicable", NULL);
	/* only the new one waits */
	assert_waiting_since(&w, &g, "2025-01-01", "2025-07-01", "2025-06-10");
	/* a committer date after today is not believed: from the opening (a
	 * date in 2099 would otherwise silence the reminders until then) */
	assert_waiting_since(&w, &g, "2025-01-01", "2025-06-09", "2025-01-01");
	assert_waiting_since(&w, &g, "", "2025-07-01", ""); /* opening unknown */
	assert_waiting_since(&w, &g, "2025-07-0x", "2025-07-01", "");
	/* an opening on an impossible day or in a prose form is unknown too */
	assert_waiting_since(&w, &g, "2025-02-30", "2025-07-01", "");
	assert_waiting_since(&w, &g,
	                     "2025-1\xe2\x80\x90"
	                     "1",
	                     "2025-07-01", "");
	sign(&w, 1, "not-applicable", NULL);
	assert_waiting_since(&w, &g, "2025-01-01", "2025-07-01", ""); /* signed off */
	world_free(&w);
}

/* Upstream dates that are no calendar date are not used (30 February);
 * any calendar date after today is not believed, also after 2099. */
static void test_waiting_since_upstream_dates(void **state)
{
	static const struct {
		const char *const dates[2], *want;
	} cases[] = {
	    {{"2025-02-30", "2025-06-10"}, "2025-06-10"}, /* the oldest date there is */
	    {{"2100-01-01", "2025-06-10"}, "2025-01-01"}, /* from the opening */
	};
	fake_group g;
	world w;
	size_t i;
	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		make_group(&g, 2, cases[i].dates, NULL);
		world_init(&w, &g, "2025-01-01");
		assert_waiting_since(&w, &g, "2025-01-01", "2025-07-01", cases[i].want);
		world_free(&w);
	}
}

/* An issue signed off long ago and reopened for a new change: no reminder
 * until the new change has waited remind_after_days, then one that counts
 * from the new change. */
static void test_reopened_issue(void **state)
{
	static const char *const dates[] = {"2024-01-10", "2025-06-10"};
	fake_group g;
	world w;
	char *c;
	(void)state;
	make_group(&g, 2, dates, NULL);
	world_init(&w, &g, "2025-01-01");
	sign(&w, 0, "applicable", NULL);
	assert_int_equal(run(&w, &g, "2025-06-12"), 0);
	assert_int_equal(run(&w, &g, "2025-06-16"), 0);
	assert_int_equal(run(&w, &g, "2025-06-17"), 1);
	assert_int_equal(w.rs.items[0].kind, PW_REMIND_SIGNOFF);
	assert_int_equal(w.rs.items[0].days, 7);
	c = last_comment(&w);
	assert_non_null(strstr(
	    c, "<!-- pkiwatch:remind signoff since 2025-06-10 every 7 days, interval 1 -->"));
	assert_non_null(strstr(c, "waited **7 days** for sign-off (since 2025-06-10;"));
	assert_non_null(strstr(c, "pkiwatch signoff " ID_NEW " --decision"));
	assert_null(strstr(c, "pkiwatch signoff " ID_OLD));
	free(c);
	world_free(&w);
}

/* Interval edges: day remind_after_days - 1 nothing, day remind_after_days
 * interval 1, 2 * remind_after_days - 1 still interval 1, then interval 2. */
static void test_signoff_edges(void **state)
{
	static const char *const dates[] = {"2024-01-10"};
	fake_group g;
	world w;
	char *c;
	(void)state;
	make_group(&g, 1, dates, NULL);
	world_init(&w, &g, "2025-03-01");
	assert_int_equal(run(&w, &g, "2025-03-07"), 0);
	assert_int_equal(run(&w, &g, "2025-03-08"), 1);
	c = last_comment(&w);
	assert_non_null(strstr(c, "since 2025-03-01 every 7 days, interval 1 -->"));
	assert_non_null(strstr(c, "Maria Jansen (@mjansen)"));
	free(c);
	assert_int_equal(run(&w, &g, "2025-03-14"), 1);
	c = last_comment(&w);
	assert_non_null(strstr(c, "interval 1 -->")); /* the same marker: found on GitHub */
	free(c);
	assert_int_equal(run(&w, &g, "2025-03-15"), 1);
	c = last_comment(&w);
	assert_non_null(strstr(c, "interval 2 -->"));
	free(c);
	/* the runner's clock behind the issue's: nothing, no negative interval */
	assert_int_equal(run(&w, &g, "2025-02-20"), 0);
	world_free(&w);
}

/* The warning window: a date warn_before_days + 1 ahead nothing, exactly
 * warn_before_days ahead interval 0, today "today", past nothing; a TSP
 * that responded is not named; not-applicable warns nobody; a change's
 * later date still counts after its first one passed. */
static void test_warning_window(void **state)
{
	static const char *const dates[] = {"2024-01-10"};
	static const char *const eff0[] = {"2025-01-15", "2025-06-30", NULL};
	static const char *const *const eff[] = {eff0};
	char *north[] = {(char *)"northwind", NULL};
	fake_group g;
	world w;
	char *c;
	(void)state;
	make_group(&g, 1, dates, eff);
	world_init(&w, &g, "2024-02-01");
	sign(&w, 0, "applicable", north);
	assert_int_equal(run(&w, &g, "2025-03-31"), 0); /* 91 days before 2025-06-30 */
	assert_int_equal(run(&w, &g, "2025-04-01"), 1); /* 90 */
	assert_int_equal(w.rs.items[0].kind, PW_REMIND_RESPONSES);
	assert_int_equal(w.rs.items[0].days, 90);
	assert_string_equal(w.rs.items[0].date, "2025-06-30");
	assert_string_equal(w.rs.items[0].tsps.items[0], "Ministry");
	assert_int_equal(w.rs.items[0].tsps.count, 1);
	c = last_comment(&w);
	assert_non_null(
	    strstr(c, "<!-- pkiwatch:remind responses 2025-06-30 every 7 days, interval 0 -->"));
	assert_non_null(strstr(c, "is in **90 days**, and 1 TSP it applies to has not"));
	free(c);
	assert_int_equal(run(&w, &g, "2025-06-29"), 1);
	c = last_comment(&w);
	assert_non_null(strstr(c, "is in **1 day**,"));
	free(c);
	assert_int_equal(run(&w, &g, "2025-06-30"), 1);
	c = last_comment(&w);
	assert_non_null(strstr(c, "effective date **2025-06-30** is **today**, and"));
	assert_non_null(strstr(c, "interval 12 -->"));
	free(c);
	assert_int_equal(run(&w, &g, "2025-07-01"), 0); /* passed */
	w.entries[0].decision = (char *)"not-applicable";
	assert_int_equal(run(&w, &g, "2025-06-29"), 0);
	world_free(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_waiting_since),
	    cmocka_unit_test(test_waiting_since_upstream_dates),
	    cmocka_unit_test(test_reopened_issue),
	    cmocka_unit_test(test_signoff_edges),
	    cmocka_unit_test(test_warning_window),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
