/* util/pdf with a fixed date: the same HTML gives the same PDF bytes with each
 * installed renderer, one second apart or not; without the date the renderer's
 * own clock is left alone. Renderers that are not installed are skipped. */
#include "testutil.h"

#include "util/error.h"
#include "util/fileio.h"
#include "util/pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A renderer of `kind` in $PATH, or NULL. */
static char *renderer(int kind)
{
	static const char *const names[] = {"chromium", "weasyprint"};
	char *out = NULL;
	if (tu_sh(&out, NULL, "command -v %s", names[kind == PW_PDF_CHROMIUM ? 0 : 1]) != 0 ||
	    !out || !*out) {
		free(out);
		return NULL;
	}
	out[strcspn(out, "\n")] = '\0';
	return out;
}

static char *render(const char *dir, const char *prog, int kind, const char *name, const char *date,
                    size_t *len)
{
	pw_pdf_opts o = PW_PDF_OPTS_INIT;
	char html[4096], pdf[4096], *data = NULL;
	o.date = date;
	snprintf(html, sizeof(html), "%s/page.html", dir);
	snprintf(pdf, sizeof(pdf), "%s/%s", dir, name);
	if (pw_pdf_render(prog, kind, html, pdf, &o) < 0)
		fail_msg("%s: %s", prog, pw_error_last());
	assert_int_equal(pw_file_read(&data, len, pdf, (size_t)64 << 20), 0);
	assert_memory_equal(data, "%PDF", 4);
	return data;
}

static void same_bytes(int kind)
{
	char *prog = renderer(kind), *dir = tu_tempdir(), *a, *b, page[4096];
	size_t na, nb;
	if (!prog) {
		free(dir);
		skip();
	}
	snprintf(page, sizeof(page), "%s/page.html", dir);
	tu_write(page, "<!doctype html><meta charset=utf-8><title>t</title>"
	               "<h1>Evidence</h1><p>Gr\xc3\xbc\xc3\x9f"
	               "e, one page.</p>");
	a = render(dir, prog, kind, "a.pdf", "2025-05-31", &na);
	/* not synchronisation: the renderers stamp whole seconds, so the second
	 * run starts in a later second than the first */
	assert_int_equal(tu_sh(NULL, NULL, "sleep 1"), 0);
	b = render(dir, prog, kind, "b.pdf", "2025-05-31", &nb);
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, na);
	if (kind == PW_PDF_CHROMIUM) {
		/* the dates are the given day, not the clock's */
		assert_non_null(memmem(a, na, "/CreationDate (D:20250531000000", 31));
		assert_non_null(memmem(a, na, "/ModDate (D:20250531000000", 26));
	}
	free(a);
	free(b);
	tu_rmrf(dir);
	free(dir);
	free(prog);
}

static void test_chromium_same_bytes(void **state)
{
	(void)state;
	same_bytes(PW_PDF_CHROMIUM);
}

static void test_weasyprint_same_bytes(void **state)
{
	(void)state;
	same_bytes(PW_PDF_WEASYPRINT);
}

static void test_bad_date_refused(void **state)
{
	pw_pdf_opts o = PW_PDF_OPTS_INIT;
	(void)state;
	o.date = "2025-02-30";
	assert_true(pw_pdf_render("/bin/false", PW_PDF_WEASYPRINT, "x.html", "x.pdf", &o) < 0);
	assert_non_null(strstr(pw_error_last(), "2025-02-30"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_chromium_same_bytes),
	    cmocka_unit_test(test_weasyprint_same_bytes),
	    cmocka_unit_test(test_bad_date_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
