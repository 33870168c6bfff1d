/* The text and JSON of `pkiwatch deadlines` (pw_list_deadlines_text, _json)
 * from a hand-made list: an overdue reply, an overdue obligation milestone
 * and an effective date, each line worked out from the format by hand
 * (columns: date, when padded to 12, ballot padded to 8, id); upstream text
 * with a line break and an ESC shown as spaces; the empty list naming today. */
#include "testutil.h"

#include "app/list_deadlines.h"

#include <cjson/cJSON.h>
#include <string.h>

static pw_changeset_item item;
static pw_effective_date date;
static pw_issued_form form;
static pw_obligation ob;
static pw_deadline eff;
static pw_deadlines_reply reply;
static pw_deadlines_oblig od;
static const char *tsps[] = {"ministry-pki", "northwind-trust"};
static const char *dates[] = {"2025-01-01", "2025-03-15"};
static char *changes[] = {"s@aaaaaaaaaaaa", NULL};
static pw_list_deadlines_entry entries[3];

static void make(pw_list_deadlines_result *r)
{
	item.change.id = "s@aaaaaaaaaaaa";
	item.change.subject = "Update the profiles";
	item.change.url = "https://example.org/c";
	item.change.cls.ballot = "SMC-9";
	snprintf(date.date, sizeof(date.date), "2025-03-15");
	date.text = "effective\nMarch 15, \x1b[31m2025";
	snprintf(form.reply_by, sizeof(form.reply_by), "2025-02-20");
	snprintf(form.generated, sizeof(form.generated), "2025-02-06");
	form.tsp = "ministry-pki";
	form.form = "ministry-pki-20250206-0a1b2c3d";
	ob.id = "ob-ministry-pki-12345678";
	ob.tsp = "ministry-pki";
	ob.what = "Extend the audit scope";
	ob.nmilestones = 3;
	ob.changes = changes;
	snprintf(ob.due, sizeof(ob.due), "2025-09-01");
	snprintf(eff.date, sizeof(eff.date), "2025-03-15");
	eff.days = 14;
	eff.item = &item;
	eff.first = &date;
	eff.tsps = tsps;
	eff.ntsps = 2;
	reply.form = &form;
	reply.item = &item;
	reply.days = -9;
	snprintf(od.date, sizeof(od.date), "2025-02-01");
	od.days = -28;
	od.ob = &ob;
	od.milestone = 1;
	od.what = "auditor\nengaged";
	entries[0] = (pw_list_deadlines_entry){
	    .kind = PW_LIST_DEADLINES_REPLY, .reply = &reply, .dates = dates, .ndates = 2};
	entries[1] =
	    (pw_list_deadlines_entry){.kind = PW_LIST_DEADLINES_OBLIGATION, .obligation = &od};
	entries[2] =
	    (pw_list_deadlines_entry){.kind = PW_LIST_DEADLINES_EFFECTIVE, .effective = &eff};
	memset(r, 0, sizeof(*r));
	r->today = "2025-03-01";
	r->entries = entries;
	r->count = 3;
}

static void test_text(void **state)
{
	pw_list_deadlines_result r;
	pw_buf b = PW_BUF_INIT;
	(void)state;
	make(&r);
	assert_int_equal(pw_list_deadlines_text(&b, &r), 0);
	assert_string_equal(
	    b.ptr,
	    /* "9 days ago" is 10 wide, "SMC-9" 5 */
	    "2025-02-20  9 days ago    SMC-9     s@aaaaaaaaaaaa  reply overdue from ministry-pki\n"
	    "    form ministry-pki-20250206-0a1b2c3d of 2025-02-06; effective 2025-01-01, "
	    "2025-03-15\n"
	    /* "28 days ago" is 11 wide, no ballot: "-" */
	    "2025-02-01  28 days ago   -         ob-ministry-pki-12345678  overdue obligation of "
	    "ministry-pki: milestone 1 of 3, auditor engaged\n"
	    "    Extend the audit scope\n"
	    "2025-03-15  in 14 days    SMC-9     s@aaaaaaaaaaaa  for ministry-pki northwind-trust\n"
	    "    effective March 15,  [31m2025\n");
	pw_buf_clear(&b);

	/* no dates stated; the change's subject when the date has no text */
	entries[0].ndates = 0;
	date.text = NULL;
	r.count = 3;
	assert_int_equal(pw_list_deadlines_text(&b, &r), 0);
	tu_assert_has(b.ptr, "; effective none stated\n");
	tu_assert_has(b.ptr, "northwind-trust\n    Update the profiles\n");
	pw_buf_clear(&b);

	r.count = 0;
	assert_int_equal(pw_list_deadlines_text(&b, &r), 0);
	assert_string_equal(b.ptr, "no upcoming effective date of an applicable change, no "
	                           "overdue response and no open obligation (today is "
	                           "2025-03-01)\n");
	pw_buf_clear(&b);
}

static const char *kind(const cJSON *arr, int i)
{
	return cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(arr, i), "kind"));
}

static void test_json(void **state)
{
	pw_list_deadlines_result r;
	pw_buf b = PW_BUF_INIT;
	const cJSON *o;
	cJSON *arr;
	(void)state;
	make(&r);
	assert_int_equal(pw_list_deadlines_json(&b, &r), 0);
	assert_int_equal(b.ptr[b.len - 1], '\n');
	assert_non_null(arr = cJSON_Parse(b.ptr));
	assert_int_equal(cJSON_GetArraySize(arr), 3);
	assert_string_equal(kind(arr, 0), "reply-overdue");
	assert_string_equal(kind(arr, 1), "obligation-milestone");
	assert_string_equal(kind(arr, 2), "effective");
	o = cJSON_GetArrayItem(arr, 0);
	assert_int_equal(cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, "days")), -9);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "effective_dates")),
	                 2);
	o = cJSON_GetArrayItem(arr, 2);
	/* JSON keeps the text as it is (the reader escapes it) */
	assert_string_equal(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "text")),
	                    "effective\nMarch 15, \x1b[31m2025");
	cJSON_Delete(arr);
	pw_buf_clear(&b);

	r.count = 0;
	assert_int_equal(pw_list_deadlines_json(&b, &r), 0);
	assert_string_equal(b.ptr, "[]\n");
	pw_buf_clear(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text),
	    cmocka_unit_test(test_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
