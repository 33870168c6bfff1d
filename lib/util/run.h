/* Running a helper program (gpg, ssh-keygen) and collecting what it says:
 * its standard input is given as bytes, its standard output and error are
 * captured whole. No shell is involved: argv[0] is looked up in PATH. */
#ifndef PW_RUN_H
#define PW_RUN_H

#include <stddef.h>

typedef struct {
	int status; /* exit status; 128 + signal when killed; -1 when it could not start */
	char *out;  /* standard output, NUL-terminated (never NULL after a run) */
	size_t out_len;
	char *err; /* standard error, NUL-terminated */
	size_t err_len;
} pw_run_result;

/* Runs argv (NULL-terminated) with `in` (`in_len` bytes; NULL: nothing) on
 * its standard input and waits for it. PW_ERROR only when it could not be
 * run at all (the message names argv[0] and why: "not found" when it is not
 * installed); a program that ran and failed is 0 with res->status != 0. */
int pw_run(pw_run_result *res, const char *const *argv, const char *in, size_t in_len);
void pw_run_result_clear(pw_run_result *res);

/* The last line of `text` that is not empty and does not start with
 * `skip` (NULL: none), control characters replaced by spaces, into `out`
 * (cut to `n` bytes). "" when there is none. */
void pw_run_last_line(char *out, size_t n, const char *text, const char *skip);

#endif
