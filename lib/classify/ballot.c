#include "classify/ballot.h"

#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const pw_ballot_prefixes[] = {"SMC", "CSC", "SC", "NS", NULL};

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char upper(char c)
{
	return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
}

static int make_id(const char *prefix, const char *num, size_t n, char **out)
{
	size_t p = strlen(prefix);
	char *s;
	while (n > 1 && *num == '0')
		num++, n--;
	s = malloc(p + 1 + n + 1);
	if (!s)
		return pw_error_oom();
	memcpy(s, prefix, p);
	s[p] = '-';
	memcpy(s + p + 1, num, n);
	s[p + 1 + n] = '\0';
	*out = s;
	return 1;
}

/* Matches prefix at s[i] followed by an optional separator and digits. */
static size_t match_at(const char *s, size_t len, size_t i, const char *prefix, size_t *num_at,
                       size_t *num_len)
{
	size_t p = strlen(prefix), j, k;
	if (i + p > len)
		return 0;
	for (j = 0; j < p; j++)
		if (upper(s[i + j]) != prefix[j])
			return 0;
	if (i > 0 && is_alpha(s[i - 1]))
		return 0;
	j = i + p;
	if (j < len && (s[j] == '-' || s[j] == '_' || s[j] == ' '))
		j++;
	k = j;
	while (k < len && is_digit(s[k]) && k - j < 6)
		k++;
	if (k == j || (k < len && is_digit(s[k])))
		return 0;
	/* "SC-73a" is fine, but not "SC-2020x" style identifiers glued to letters other than v */
	if (k < len && is_alpha(s[k]) && upper(s[k]) != 'V')
		return 0;
	*num_at = j;
	*num_len = k - j;
	return k - i;
}

int pw_ballot_find(char **out, const char *s, size_t len, const char *const *prefixes)
{
	size_t i, a, n;
	int k;
	*out = NULL;
	for (i = 0; i < len; i++) {
		/* a prefix starts a word (match_at): most letters stand inside one */
		if (!is_alpha(s[i]) || (i > 0 && is_alpha(s[i - 1])))
			continue;
		for (k = 0; prefixes[k]; k++)
			if (upper(s[i]) == prefixes[k][0] &&
			    match_at(s, len, i, prefixes[k], &a, &n))
				return make_id(prefixes[k], s + a, n, out);
	}
	return 0;
}

const char *pw_ballot_merge_branch(size_t *len, const char *subject)
{
	const char *p, *e;
	if (strncmp(subject, "Merge pull request #", 20) == 0) {
		p = strstr(subject, " from ");
		if (!p)
			return NULL;
		p += 6;
		e = p + strcspn(p, " \t\r\n");
		if (memchr(p, '/', (size_t)(e - p))) /* owner/branch */
			p = (const char *)memchr(p, '/', (size_t)(e - p)) + 1;
		*len = (size_t)(e - p);
		return *len ? p : NULL;
	}
	if (strncmp(subject, "Merge branch '", 14) == 0 ||
	    strncmp(subject, "Merge remote-tracking branch '", 30) == 0) {
		p = strchr(subject, '\'') + 1;
		e = strchr(p, '\'');
		if (!e)
			return NULL;
		if (memchr(p, '/', (size_t)(e - p)) && subject[6] == 'r')
			p = (const char *)memchr(p, '/', (size_t)(e - p)) + 1;
		*len = (size_t)(e - p);
		return *len ? p : NULL;
	}
	return NULL;
}

int pw_ballot_from_cell(char **out, const char *cell, const char *prefix)
{
	const char *one[2] = {prefix, NULL};
	size_t n = strlen(cell), i;
	int rc;
	*out = NULL;
	if (prefix && (rc = pw_ballot_find(out, cell, n, one)) != 0)
		return rc;
	if ((rc = pw_ballot_find(out, cell, n, pw_ballot_prefixes)) != 0)
		return rc;
	while (n && (cell[n - 1] == ' ' || cell[n - 1] == '*'))
		n--;
	i = 0;
	while (i < n && (cell[i] == ' ' || cell[i] == '*'))
		i++;
	if (i < n && n - i <= 5) {
		size_t j;
		for (j = i; j < n && is_digit(cell[j]); j++)
			;
		if (j == n) {
			while (i + 1 < n && cell[i] == '0')
				i++;
			*out = strndup(cell + i, n - i);
			return *out ? 1 : pw_error_oom();
		}
	}
	return 0;
}
