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

/* A stand-in for Chromium that writes a tagged PDF's structure ids after a
 * counter that moves between runs, as the real one's DOM node counter does on
 * a busy machine (test_evidence saw every id one higher in a second run). */
static char *shifting_renderer(const char *dir)
{
	char path[4096], text[8192];
	snprintf(path, sizeof(path), "%s/shifting-chromium", dir);
	snprintf(text, sizeof(text),
	         "#!/bin/sh\n"
	         "n=$(cat '%s/runs' 2>/dev/null || echo 0); n=$((n + 1)); echo $n > '%s/runs'\n"
	         "for a; do case $a in --print-to-pdf=*) out=${a#--print-to-pdf=};; esac; done\n"
	         "printf '%%%%PDF-1.7\\n/CreationDate (D:20261204101010)\\n"
	         "<</ID (node%%08d)>> <</ID (node%%08d)>> [(node%%08d)] (node12)\\n' "
	         "$((26 + n)) $((69 + n)) $((26 + n)) > \"$out\"\n",
	         dir, dir);
	tu_write(path, text);
	assert_int_equal(tu_sh(NULL, NULL, "chmod +x '%s'", path), 0);
	return strdup(path);
}

static void test_structure_ids_renumbered(void **state)
{
	char *dir = tu_tempdir(), *prog = shifting_renderer(dir), *a, *b, page[4096];
	const char *want = "%PDF-1.7\n/CreationDate (D:20250531000000)\n"
	                   "<</ID (node00000001)>> <</ID (node00000002)>> [(node00000001)] "
	                   "(node12)\n";
	size_t na, nb;
	(void)state;
	snprintf(page, sizeof(page), "%s/page.html", dir);
	tu_write(page, "<!doctype html><title>t</title><p>x</p>");
	a = render(dir, prog, PW_PDF_CHROMIUM, "a.pdf", "2025-05-31", &na);
	b = render(dir, prog, PW_PDF_CHROMIUM, "b.pdf", "2025-05-31", &nb);
	/* ids 27, 70 and 28, 71: each its rank, the same bytes; a name that is
	 * not eight digits is left alone */
	assert_int_equal(na, strlen(want));
	assert_memory_equal(a, want, na);
	assert_int_equal(nb, na);
	assert_memory_equal(a, b, na);
	free(a);
	free(b);
	/* without a fixed date the renderer's output is kept as it is */
	a = render(dir, prog, PW_PDF_CHROMIUM, "c.pdf", NULL, &na);
	assert_non_null(memmem(a, na, "(node00000029)", 14));
	free(a);
	tu_rmrf(dir);
	free(dir);
	free(prog);
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
	    cmocka_unit_test(test_structure_ids_renumbered),
	    cmocka_unit_test(test_bad_date_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
