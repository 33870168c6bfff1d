/* lib/curl_load: libcurl is loaded on first use, and the binary does not link it. */
#include "testutil.h"

#include "github/curl_load.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static void test_loads_libcurl(void **state)
{
	const pw_curl_api *a = NULL, *b = NULL;
	struct curl_slist *list;
	CURL *c;
	long code = -1;
	(void)state;

	assert_int_equal(pw_curl_load(&a), 0);
	assert_non_null(a);
	assert_int_equal(pw_curl_load(&b), 0);
	assert_ptr_equal(a, b); /* once per process */
	assert_int_equal(a->global_init(CURL_GLOBAL_DEFAULT), CURLE_OK);
	c = a->easy_init();
	assert_non_null(c);
	assert_int_equal(a->easy_setopt(c, CURLOPT_URL, "http://127.0.0.1:1/"), CURLE_OK);
	assert_int_equal(a->easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code), CURLE_OK);
	assert_int_equal(code, 0);
	a->easy_reset(c);
	a->easy_cleanup(c);
	list = a->slist_append(NULL, "Accept: application/vnd.github+json");
	assert_non_null(list);
	assert_string_equal(list->data, "Accept: application/vnd.github+json");
	a->slist_free_all(list);
	assert_string_equal(a->easy_strerror(CURLE_COULDNT_CONNECT), "Couldn't connect to server");
}

static void test_missing_library_is_a_clear_error(void **state)
{
	pw_curl_api api;
	void *h = (void *)1;
	(void)state;

	assert_int_equal(pw_curl_load_open(&api, &h, "libcurl-missing-for-test.so.4"), PW_ERROR);
	assert_null(h);
	assert_non_null(
	    strstr(pw_error_last(), "libcurl-missing-for-test.so.4: cannot load libcurl"));
	assert_non_null(strstr(pw_error_last(), "apt-get install libcurl4"));
}

static void test_library_without_curl_is_refused(void **state)
{
	pw_curl_api api;
	void *h = (void *)1;
	(void)state;

	/* a library that exists (libgit2 links it) but is not libcurl */
	assert_int_equal(pw_curl_load_open(&api, &h, "libz.so.1"), PW_ERROR);
	assert_null(h);
	assert_non_null(strstr(pw_error_last(), "libz.so.1: no function curl_global_init"));
}

/* The point of loading it lazily: `pkiwatch` starts without libcurl and the
 * libraries it pulls in (mirror and changes never need them). */
static void test_binary_does_not_link_libcurl(void **state)
{
	char *out = NULL;
	(void)state;

	assert_int_equal(tu_sh(&out, NULL, "LD_TRACE_LOADED_OBJECTS=1 '%s'", tu_bin()), 0);
	assert_non_null(strstr(out, "libgit2"));
	if (strstr(out, "libcurl"))
		fail_msg("%s loads libcurl at start-up:\n%s", tu_bin(), out);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_loads_libcurl),
	    cmocka_unit_test(test_missing_library_is_a_clear_error),
	    cmocka_unit_test(test_library_without_curl_is_refused),
	    cmocka_unit_test(test_binary_does_not_link_libcurl),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
