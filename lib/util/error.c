#include "util/error.h"

#include "util/utf8.h"

#include <git2.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* A fixed buffer is fine here: messages are produced by this library and
 * truncated with snprintf; untrusted text inside them is bounded by it. */
static _Thread_local char last_message[1024];

/* A message is one line of text whatever it quotes (a server's error text, a
 * value from a file, an argument): pw_utf8_oneline. */
static void filter(char *s)
{
	pw_utf8_oneline(s);
}

static void set_message(const char *fmt, va_list ap)
{
	vsnprintf(last_message, sizeof(last_message), fmt, ap);
	filter(last_message);
}

int pw_error_set(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_message(fmt, ap);
	va_end(ap);
	return code;
}

int pw_error_prefix(int code, const char *fmt, ...)
{
	char old[sizeof(last_message)];
	char prefix[512];
	va_list ap;

	memcpy(old, last_message, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	/* a long message is cut: using the result tells GCC that is intended */
	if (snprintf(last_message, sizeof(last_message), "%s: %s", prefix, old) < 0)
		last_message[0] = '\0';
	filter(last_message);
	return code;
}

int pw_error_from_git(int code, const char *what)
{
	const git_error *e = git_error_last();
	const char *why = e && e->message ? e->message : "unknown libgit2 error";
	size_t n = strlen(why);

	/* libgit2 messages sometimes end with a newline */
	while (n > 0 && (why[n - 1] == '\n' || why[n - 1] == '\r'))
		n--;
	snprintf(last_message, sizeof(last_message), "%s: %.*s", what, (int)n, why);
	filter(last_message);
	return code;
}

int pw_error_oom(void)
{
	return pw_error_set(PW_ENOMEM, "out of memory");
}

const char *pw_error_last(void)
{
	return last_message;
}

int pw_error_exit_status(int code)
{
	if (code == PW_OK)
		return 0;
	if (code == PW_EINPUT || code == PW_ENOTFOUND)
		return 2;
	return 1;
}
