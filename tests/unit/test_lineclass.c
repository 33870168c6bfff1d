/* Line classes: the tokens keep each line's equality with every other line
 * (newline included), its indentation, its whitespace-only lines, and the
 * offsets of the original lines. */
#include "testutil.h"

#include "upstream/lineclass.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The token of line i (1-based) of t, without its newline. */
static char *token(const pw_lineclass_text *t, size_t i)
{
	const char *p = t->tokens, *end = t->tokens + t->len, *nl;
	size_t k;
	char *s;
	for (k = 1; k < i; k++) {
		nl = memchr(p, '\n', (size_t)(end - p));
		assert_non_null(nl);
		p = nl + 1;
	}
	nl = memchr(p, '\n', (size_t)(end - p));
	if (!nl)
		nl = end;
	s = strndup(p, (size_t)(nl - p));
	assert_non_null(s);
	return s;
}

static void test_equal_lines_equal_tokens(void **state)
{
	static const char a[] = "alpha\n  beta\n\tgamma\nalpha\n\n \t\r\nbeta\nalpha";
	static const char b[] = "beta\nalpha\n  beta\nalpha";
	pw_lineclass *c = NULL;
	pw_lineclass_text ta, tb;
	char *x, *y;
	size_t i;
	(void)state;
	assert_int_equal(pw_lineclass_new(&c), 0);
	assert_int_equal(pw_lineclass_tokens(&ta, c, a, strlen(a)), 0);
	assert_int_equal(pw_lineclass_tokens(&tb, c, b, strlen(b)), 0);
	assert_int_equal(ta.nlines, 8);
	assert_int_equal(tb.nlines, 4);
	/* the offsets of the original lines */
	assert_int_equal(ta.off[0], 0);
	assert_int_equal(ta.off[1], 6);
	assert_int_equal(ta.off[7], strlen(a) - 5);
	assert_int_equal(ta.off[8], strlen(a));
	/* the same line, the same token, in both texts */
	x = token(&ta, 1), y = token(&ta, 4);
	assert_string_equal(x, y);
	free(y);
	y = token(&tb, 2);
	assert_string_equal(x, y);
	free(y);
	/* ... but "alpha" without its newline (last line) is another line */
	assert_int_equal(ta.tokens[ta.len - 1] == '\n', 0);
	y = token(&ta, 8);
	assert_string_equal(x, y); /* the same class, told apart by the newline */
	free(y);
	free(x);
	/* indentation kept, other lines told apart */
	x = token(&ta, 2), y = token(&ta, 7);
	assert_true(strncmp(x, "  ", 2) == 0 && x[2] != ' ' && x[2] != '\t');
	assert_string_not_equal(x, y);
	free(y);
	y = token(&tb, 3);
	assert_string_equal(x, y);
	free(y);
	free(x);
	x = token(&ta, 3);
	assert_true(x[0] == '\t' && x[1] != '\t');
	free(x);
	/* whitespace-only lines as they are */
	x = token(&ta, 5);
	assert_string_equal(x, "");
	free(x);
	x = token(&ta, 6);
	assert_string_equal(x, " \t\r");
	free(x);
	/* every token is its line's indentation and at most 5 characters of
	 * class number (a line of whitespace only: the line) */
	for (i = 1; i <= ta.nlines; i++) {
		const char *line = a + ta.off[i - 1];
		size_t ws = 0, n = ta.off[i] - ta.off[i - 1] -
		                   (line[ta.off[i] - ta.off[i - 1] - 1] == '\n');
		x = token(&ta, i);
		while (ws < n && strchr(" \t\r\f\v", line[ws]))
			ws++;
		assert_memory_equal(x, line, ws);
		assert_true(ws == n ? strlen(x) == n : strlen(x) > ws && strlen(x) <= ws + 5);
		free(x);
	}
	pw_lineclass_text_clear(&ta);
	pw_lineclass_text_clear(&tb);
	pw_lineclass_free(c);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Many classes: tokens stay distinct (longer numbers) and equal lines keep
 * theirs after the table grows. */
static void test_many_classes(void **state)
{
	pw_lineclass *c = NULL;
	pw_lineclass_text t, u;
	char *text = malloc(20000 * 16), *p = text;
	size_t i, n;
	(void)state;
	assert_non_null(text);
	for (i = 0; i < 20000; i++)
		p += sprintf(p, "line %zu\n", i);
	n = (size_t)(p - text);
	assert_int_equal(pw_lineclass_new(&c), 0);
	assert_int_equal(pw_lineclass_tokens(&t, c, text, n), 0);
	assert_int_equal(pw_lineclass_tokens(&u, c, text, n), 0);
	assert_int_equal(t.nlines, 20000);
	assert_int_equal(t.len, u.len);
	assert_memory_equal(t.tokens, u.tokens, t.len);
	{ /* all distinct */
		char **all = calloc(20000, sizeof(*all));
		assert_non_null(all);
		for (i = 0; i < 20000; i++)
			all[i] = token(&t, i + 1);
		qsort(all, 20000, sizeof(*all), cmp_str);
		for (i = 1; i < 20000; i++)
			assert_string_not_equal(all[i - 1], all[i]);
		for (i = 0; i < 20000; i++)
			free(all[i]);
		free(all);
	}
	pw_lineclass_text_clear(&t);
	pw_lineclass_text_clear(&u);
	pw_lineclass_free(c);
	free(text);
}

/* A NUL byte: not rewritten (libgit2 reads such a text as binary). */
static void test_nul_not_rewritten(void **state)
{
	static const char a[] = "a\n\0b\n";
	pw_lineclass *c = NULL;
	pw_lineclass_text t;
	(void)state;
	assert_int_equal(pw_lineclass_new(&c), 0);
	assert_int_equal(pw_lineclass_tokens(&t, c, a, sizeof(a) - 1), 1);
	assert_null(t.tokens);
	assert_int_equal(pw_lineclass_tokens(&t, c, "", 0), 0);
	assert_int_equal(t.nlines, 0);
	assert_int_equal(t.len, 0);
	pw_lineclass_text_clear(&t);
	pw_lineclass_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_equal_lines_equal_tokens),
	    cmocka_unit_test(test_many_classes),
	    cmocka_unit_test(test_nul_not_rewritten),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
