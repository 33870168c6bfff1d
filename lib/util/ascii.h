/* ASCII case folding: rules and upstream wording are matched
 * case-insensitively in ASCII only, whatever the locale (tolower(3) depends on
 * it). Inline: the classifier folds every character of every changed line. */
#ifndef PW_ASCII_H
#define PW_ASCII_H

static inline char pw_ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Folds `s` in place. */
static inline void pw_ascii_lower_str(char *s)
{
	for (; *s; s++)
		*s = pw_ascii_lower(*s);
}

#endif
