/* pkiwatch deadlines on the real cabforum-smime history and the example TSPs;
 * the iCalendar file is read back with a real parser (Debian's
 * python3-icalendar) and is the same file on a second run. */
#include "testutil.h"

#include "compliance_fixture.h"

#include <cjson/cJSON.h>
#include <string.h>

static compfix fx;

static int setup(void **state)
{
	const char *up;
	(void)state;
	compfix_env();
	if (!(up = tu_upstream()))
		return 0; /* each test skips */
	compfix_init(&fx, up);
	/* SMC8 not applicable (effective 2025-07-15); SMC9 (2025-03-15,
	 * 2025-04-01, 2025-09-15) and SMC10 (2025-03-15, 2025-05-15) applicable;
	 * SMC12 (no date) for northwind-trust */
	compfix_ledger(&fx, SMC8, "not-applicable", "[]", NULL);
	compfix_ledger(&fx, SMC9, "applicable", "[]", NULL);
	compfix_ledger(&fx, SMC10, "applicable", "[]", NULL);
	compfix_ledger(&fx, SMC12, "applicable", "[\"northwind-trust\"]", NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	compfix_free(&fx);
	return 0;
}

static int deadlines(char **out, char **err, const char *args)
{
	return compfix_run(&fx, out, err, "deadlines %s", args);
}

static void test_list(void **state)
{
	char *out = NULL, *err = NULL;
	const char *a, *b, *c;
	(void)state;
	tu_upstream_or_skip();
	assert_int_equal(deadlines(&out, &err, ""), 0);
	assert_string_equal(err, "");
	a = strstr(out, "2025-03-15  in 14 days    SMC-9     " SMC9 "  for ministry-pki\n");
	b = strstr(out, "2025-03-15  in 14 days    SMC-10    " SMC10 "  for ministry-pki\n");
	c = strstr(out, "2025-09-15  in 198 days   SMC-9 ");
	assert_true(a && b && c && a < b && b < c);
	assert_non_null(strstr(out, "2025-04-01  in 31 days"));
	assert_non_null(strstr(out, "2025-05-15  in 75 days"));
	assert_null(strstr(out, "2025-07-15")); /* SMC-8: not applicable */
	assert_null(strstr(out, "2024-"));      /* past */
	free(out);
	free(err);
	assert_int_equal(deadlines(&out, NULL, "--within 31 --format json"), 0);
	{
		cJSON *j = cJSON_Parse(out);
		assert_non_null(j);
		assert_int_equal(cJSON_GetArraySize(j), 3);
		assert_string_equal(
		    cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetArrayItem(j, 2), "date")),
		    "2025-04-01");
		assert_int_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(j, 2), "days")->valueint,
		                 31);
		cJSON_Delete(j);
	}
	free(out);
	assert_int_equal(deadlines(&out, NULL, "--tsp northwind-trust"), 0);
	assert_non_null(strstr(out, "no upcoming effective date"));
	free(out);
	assert_int_equal(deadlines(NULL, &err, "--within soon"), 2);
	assert_non_null(strstr(err, "--within takes"));
	free(err);
	assert_int_equal(deadlines(NULL, &err, "--tsp nobody"), 2);
	assert_non_null(strstr(err, "unknown TSP 'nobody'"));
	free(err);
}

/* A TSP profile naming a root program pkiwatch does not know: exit 2, one
 * line naming the file and the field; nothing on stdout. */
static void test_unknown_root_program(void **state)
{
	char *out = NULL, *err = NULL, path[4096];
	(void)state;
	tu_upstream_or_skip();
	snprintf(path, sizeof(path), "%s/tsps/opera-pki.json", fx.repo);
	tu_write(path, "{\"name\":\"O\",\"certificate_types\":[\"tls\"],\"audit_scheme\":"
	               "\"etsi\",\"root_programs\":[\"chrome\",\"opera\"]}\n");
	assert_int_equal(deadlines(&out, &err, ""), 2);
	assert_string_equal(out, "");
	assert_non_null(strstr(err, "pkiwatch: "));
	assert_non_null(strstr(err,
	                       "tsps/opera-pki.json: $.root_programs[1]: unknown root "
	                       "program \"opera\" (known: mozilla, chrome, apple, microsoft)"));
	assert_ptr_equal(strchr(err, '\n'), err + strlen(err) - 1);
	remove(path);
	free(out);
	free(err);
}

static const char checker[] =
    "import sys\n"
    "from icalendar import Calendar\n"
    "raw = open(sys.argv[1], 'rb').read()\n"
    "for line in raw.split(b'\\r\\n')[:-1]:\n"
    "    assert len(line) <= 75 and b'\\n' not in line, line\n"
    "assert raw.endswith(b'\\r\\n')\n"
    "cal = Calendar.from_ical(raw)\n"
    "assert str(cal['VERSION']) == '2.0' and cal['PRODID']\n"
    "ev = cal.walk('VEVENT')\n"
    "uids = [str(e['UID']) for e in ev]\n"
    "assert len(set(uids)) == len(uids), uids\n"
    "for e in ev:\n"
    "    assert e['DTSTAMP'].dt and e.decoded('DTEND') > e.decoded('DTSTART')\n"
    "    print(e.decoded('DTSTART').isoformat(), str(e['UID']), str(e['SUMMARY']))\n";

static void test_ics_parses(void **state)
{
	char *out = NULL, *err = NULL, py[4096], ics[4096], *first, *second;
	(void)state;
	tu_upstream_or_skip();
	if (tu_sh(NULL, NULL, "/usr/bin/python3 -c 'import icalendar'") != 0) {
		const char *r = getenv("PKIWATCH_REQUIRE_REAL_DATA");
		if (r && *r == '1')
			fail_msg("python3-icalendar is missing (make test-deps)");
		print_message("skipped: python3-icalendar is missing (make test-deps)\n");
		skip();
	}
	snprintf(py, sizeof(py), "%s/check.py", fx.dir);
	snprintf(ics, sizeof(ics), "%s/deadlines.ics", fx.dir);
	tu_write(py, checker);
	assert_int_equal(deadlines(&out, NULL, "--ics ../deadlines.ics"), 0);
	assert_non_null(strstr(out, "5 events written to ../deadlines.ics"));
	free(out);
	assert_int_equal(tu_sh(&out, &err, "/usr/bin/python3 '%s' '%s'", py, ics), 0);
	assert_string_equal(err, "");
	assert_non_null(strstr(out, "2025-03-15 cabforum-smime-128ba3851744-20250315@pkiwatch "
	                            "SMC-9 takes effect: Ballot SMC09 - Pre-Linting, WebTrust "
	                            "for NetSec, and Minor Updates"));
	assert_non_null(strstr(out, "2025-09-15 cabforum-smime-128ba3851744-20250915@pkiwatch"));
	assert_non_null(strstr(out, "2025-05-15 cabforum-smime-ccbc0c2c7971-20250515@pkiwatch"));
	free(out);
	free(err);
	/* a second run (another day, same deadlines ahead) writes the same file */
	first = tu_read(ics);
	setenv("PKIWATCH_TODAY", "2025-03-02", 1);
	assert_int_equal(deadlines(NULL, NULL, "--ics ../deadlines.ics"), 0);
	setenv("PKIWATCH_TODAY", "2025-03-01", 1);
	second = tu_read(ics);
	assert_non_null(first);
	assert_non_null(second);
	assert_string_equal(first, second);
	free(first);
	free(second);
}

/* Overdue responses: forms issued (recorded by 'pkiwatch forms' in a git
 * copy of the compliance repository) whose reply-by date passed without the
 * TSP's answer are listed with the change's effective dates, one per TSP and
 * change, and every form still awaiting answers is a reply-by event in the
 * iCalendar file (checked with python3-icalendar), stable across runs. */
static void test_overdue_replies(void **state)
{
	char *out = NULL, *err = NULL, *r2, py[4096], ics[4096], *first, *second;
	const char *a, *b, *c;
	(void)state;
	tu_upstream_or_skip();
	r2 = malloc(strlen(fx.dir) + 32);
	sprintf(r2, "%s/issued", fx.dir);
	snprintf(py, sizeof(py), "%s/check.py", fx.dir);
	snprintf(ics, sizeof(ics), "%s/replies.ics", fx.dir);
	tu_write(py, checker);
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cp -r '%s' '%s' && cd '%s' && git init -q -b main . && git add "
	                       "-A && git -c user.name=T -c user.email=t@example.org commit -q "
	                       "-m init",
	                       fx.repo, r2, r2),
	                 0);
#define PW(args) "cd '%s' && '%s' --cache '%s' " args, r2, tu_bin(), fx.cache
	/* forms of 2025-01-20, due 2025-02-19: ministry SMC-9, SMC-10; northwind SMC-12 */
	assert_int_equal(
	    tu_sh(&out, &err, "export PKIWATCH_TODAY=2025-01-20; " PW("forms --format md")), 0);
	assert_non_null(strstr(out, "ministry-pki: 2 changes, reply by 2025-02-19:"));
	free(out);
	free(err);
	/* ministry answers SMC-10; on 2025-02-25 a new form goes out to ministry
	 * (SMC-9 only): it replaces the first, whose SMC-9 question is still open
	 * (issue 15), and is due a week before SMC-9's 2025-03-15 (the reply-by
	 * rule: 30 days, 2025-03-27, would be after it) */
	assert_int_equal(tu_sh(NULL, NULL,
	                       PW("respond --tsp ministry-pki --change " SMC10
	                          " --impact low --days 5 --meets-date yes")),
	                 0);
	assert_int_equal(
	    tu_sh(&out, NULL,
	          "export PKIWATCH_TODAY=2025-02-25; " PW("forms --format md --tsp ministry-pki")),
	    0);
	assert_non_null(strstr(out, "ministry-pki: 1 change, reply by 2025-03-08:"));
	assert_non_null(strstr(out, "  replaces: form ministry-pki-20250120-"));
	free(out);

	assert_int_equal(tu_sh(&out, &err, PW("deadlines")), 0);
	assert_string_equal(err, "");
	/* one line per TSP and change: northwind's SMC-12 from its form of
	 * 2025-01-20; ministry's SMC-9 is asked by the form that replaced the
	 * first and is due 2025-03-08, not overdue; SMC-10 answered */
	b = strstr(out, "2025-02-19  10 days ago   SMC-12    " SMC12
	                "  reply overdue from northwind-trust\n    form northwind-trust-20250120-");
	c = strstr(out, "2025-03-15  in 14 days    SMC-9     " SMC9);
	assert_true(b && c && b < c);
	/* with the change's effective dates */
	assert_non_null(strstr(b, "; effective none stated\n"));
	assert_null(strstr(out, "reply overdue from ministry-pki"));
	assert_null(strstr(out, SMC10 "  reply overdue"));
	{
		const char *x = out;
		int n = 0;
		while ((x = strstr(x, "reply overdue")) != NULL)
			n++, x++;
		assert_int_equal(n, 1);
	}
	free(out);
	free(err);
	/* json: the overdue first, each with its kind */
	assert_int_equal(tu_sh(&out, NULL, PW("deadlines --format json --within 14")), 0);
	{
		cJSON *j = cJSON_Parse(out), *o;
		assert_non_null(j);
		assert_int_equal(cJSON_GetArraySize(j), 3); /* 1 overdue + 2 on 2025-03-15 */
		o = cJSON_GetArrayItem(j, 0);
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o, "kind")),
		                    "reply-overdue");
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o, "tsp")),
		                    "northwind-trust");
		assert_int_equal(cJSON_GetObjectItem(o, "days")->valueint, -10);
		o = cJSON_GetArrayItem(j, 1);
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o, "kind")),
		                    "effective");
		assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItem(o, "date")),
		                    "2025-03-15");
		cJSON_Delete(j);
	}
	free(out);
	/* a TSP's view: only its own */
	assert_int_equal(tu_sh(&out, NULL, PW("deadlines --tsp northwind-trust")), 0);
	assert_non_null(strstr(out, "reply overdue from northwind-trust"));
	assert_null(strstr(out, "ministry-pki"));
	free(out);

	/* iCalendar: 5 effective dates + the 2 forms in force awaiting answers
	 * (northwind's of 2025-01-20, ministry's of 2025-02-25; not the one it
	 * replaced) */
	assert_int_equal(tu_sh(&out, NULL, PW("deadlines --ics ../replies.ics")), 0);
	assert_non_null(strstr(out, "7 events written to ../replies.ics"));
	free(out);
	assert_int_equal(tu_sh(&out, &err, "/usr/bin/python3 '%s' '%s'", py, ics), 0);
	assert_string_equal(err, "");
	a = strstr(out, "2025-03-08 reply-ministry-pki-20250225-");
	assert_non_null(a);
	assert_non_null(
	    strstr(a, "@pkiwatch Reply due from ministry-pki: form ministry-pki-20250225-"));
	assert_non_null(strstr(out, "2025-02-19 reply-northwind-trust-20250120-"));
	assert_null(strstr(out, "reply-ministry-pki-20250120-"));
	assert_non_null(strstr(out, "2025-03-15 cabforum-smime-128ba3851744-20250315@pkiwatch"));
	free(out);
	free(err);
	/* the unanswered changes in the description, not the answered one */
	first = tu_read(ics);
	assert_non_null(first);
	assert_int_equal(
	    tu_sh(&out, NULL,
	          "/usr/bin/python3 -c \"import sys\nfrom icalendar import "
	          "Calendar\nfor e in Calendar.from_ical(open(sys.argv[1],'rb').read())"
	          ".walk('VEVENT'):\n  u=str(e['UID'])\n  if u.startswith('reply-"
	          "ministry-pki-20250225'): print(str(e['DESCRIPTION']))\" '%s'",
	          ics),
	    0);
	assert_non_null(strstr(out, "SMC-9 " SMC9));
	assert_null(strstr(out, SMC10));
	free(out);
	/* the next day: the same file (UIDs and stamps do not depend on the day) */
	assert_int_equal(
	    tu_sh(NULL, NULL,
	          "export PKIWATCH_TODAY=2025-03-02; " PW("deadlines --ics ../replies.ics")),
	    0);
	second = tu_read(ics);
	assert_non_null(second);
	assert_string_equal(first, second);
	free(first);
	free(second);
	/* --within 5: the reply-by date 7 days ahead is left out, overdue stays */
	assert_int_equal(tu_sh(&out, NULL, PW("deadlines --within 5 --ics ../replies.ics")), 0);
	assert_non_null(strstr(out, " written"));
	free(out);
	first = tu_read(ics);
	assert_non_null(strstr(first, "UID:reply-northwind-trust-20250120-"));
	assert_null(strstr(first, "UID:reply-ministry-pki-20250225-"));
	free(first);
	/* once every answer is in, nothing is overdue */
	assert_int_equal(tu_sh(NULL, NULL,
	                       PW("respond --tsp ministry-pki --change " SMC9
	                          " --impact none --days 0 --meets-date yes")),
	                 0);
	assert_int_equal(tu_sh(&out, NULL, PW("deadlines --tsp ministry-pki --ics ../replies.ics")),
	                 0);
	assert_null(strstr(out, "reply overdue"));
	free(out);
	first = tu_read(ics);
	assert_null(strstr(first, "UID:reply-"));
	free(first);
	/* a damaged record: exit 2 naming the file */
	{
		char path[4096];
		snprintf(path, sizeof(path), "%s/ledger/forms/northwind-trust.json", r2);
		tu_write(path, "{\"tsp\":\"ministry-pki\",\"forms\":[]}\n");
	}
	assert_int_equal(tu_sh(NULL, &err, PW("deadlines")), 2);
	assert_non_null(strstr(err, "ledger/forms/northwind-trust.json: $.tsp: 'ministry-pki' is "
	                            "not the file's TSP 'northwind-trust'"));
	free(err);
#undef PW
	free(r2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_list),
	    cmocka_unit_test(test_unknown_root_program),
	    cmocka_unit_test(test_ics_parses),
	    cmocka_unit_test(test_overdue_replies),
	};
	return cmocka_run_group_tests_name("deadlines_cli", tests, setup, teardown);
}
