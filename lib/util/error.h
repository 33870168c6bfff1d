/* Error values and the last error message, in the manner of libgit2.
 *
 * Every library function returns 0 on success or one of the negative codes
 * below, after recording a readable message with pw_error_set().  The message
 * is "<what>: <why>" (for example "pkiwatch.json: $.since: not a date"); the
 * CLI prefixes "pkiwatch: " and prints it.  The library never prints. */
#ifndef PW_ERROR_H
#define PW_ERROR_H

enum {
	PW_OK = 0,
	PW_ERROR = -1,     /* operational failure (I/O, network, libgit2) */
	PW_EINPUT = -2,    /* bad input: config, rules, arguments, data */
	PW_ENOTFOUND = -3, /* a named thing does not exist */
	PW_ELOCKED = -4,   /* a lock is held by another process */
	PW_ENOMEM = -5,
	PW_ECANCEL = -6, /* stopped by the caller's cancellation flag: nothing done */
};

/* Records the message for the calling thread and returns `code`, so that
 * `return pw_error_set(PW_EINPUT, "%s: bad", path);` reads naturally. */
int pw_error_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prefixes the current message: "<prefix>: <old message>". Returns `code`. */
int pw_error_prefix(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Records libgit2's last error, prefixed with `what`. Returns `code`. */
int pw_error_from_git(int code, const char *what);

int pw_error_oom(void);

/* The last message, never NULL ("" when none). */
const char *pw_error_last(void);

/* Exit status for a CLI: 0 for PW_OK, 2 for PW_EINPUT/PW_ENOTFOUND, else 1. */
int pw_error_exit_status(int code);

#endif
