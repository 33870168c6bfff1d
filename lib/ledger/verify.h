/* `pkiwatch verify`: the compliance repository's ledger history checked as
 * an auditor would.
 *  - Every ledger commit (one that adds, changes or removes a file under
 *    ledger/) is signed by a key allowed at that time, i.e. in the commit's
 *    first parent: an SSH key in the allowed-signers file (git's
 *    gpg.ssh.allowedSignersFile format; pkiwatch.json $.signing.allowed_signers,
 *    default "allowed_signers"), or an OpenPGP key whose fingerprint an officer
 *    lists (pkiwatch.json $.officers[].openpgp). A commit that changes who is
 *    allowed (that file, those fingerprints) must itself be signed by a key
 *    allowed before it, once there is one: a commit cannot admit the key it
 *    is signed with.
 *  - The ledger is append-only: no entry is deleted, no recorded decision
 *    (change, decision, tsps, note, officer, time, record_digest) is altered,
 *    and nothing recorded is removed from an entry (object keys stay, lists
 *    only grow; an answer may be replaced). The one way back is `git revert`
 *    of the commit that last wrote the file ("This reverts commit <id>.").
 *  - Every sign-off in HEAD names a change the mirrors know (when the caller
 *    gives a way to ask).
 * Signatures are checked with the programs git uses (ssh-keygen -Y, gpg
 * --verify; gpg needs the officers' public keys in its keyring). */
#ifndef PW_VERIFY_H
#define PW_VERIFY_H

#include <stddef.h>

typedef struct {
	char commit[41]; /* the commit the problem is in */
	char *file;      /* the file concerned (path in the repository), or NULL */
	char *problem;   /* one line */
} pw_verify_problem;

/* A file under ledger/ in HEAD and the signature of the commit that added
 * it (for a sign-off: the decision's own commit). */
typedef struct {
	char *path;      /* path in the repository */
	char added[41];  /* the commit that last added it */
	int signed_ok;   /* that commit is signed by a key allowed then */
	char *signature; /* one line: "good SSH signature by <principal>", or the problem */
} pw_verify_file;

typedef struct {
	pw_verify_problem *items; /* in history order, oldest first */
	size_t count;
	size_t commits;        /* ledger commits checked */
	size_t signed_ok;      /* of which signed by an allowed key */
	size_t entries;        /* files under ledger/ in HEAD */
	size_t signoffs;       /* sign-offs (ledger/<change id>.json) in HEAD */
	char head[41];         /* the commit checked */
	pw_verify_file *files; /* HEAD's ledger files, by path */
	size_t nfiles;
} pw_verify_report;

/* The file at `path` (path in the repository), or NULL. */
const pw_verify_file *pw_verify_report_file(const pw_verify_report *r, const char *path);

typedef struct {
	/* 1 when `change_id` is a change the mirrors know; NULL: not checked */
	int (*known)(const char *change_id, void *arg);
	void *known_arg;
} pw_verify_opts;

#define PW_VERIFY_OPTS_INIT                                                                        \
	{                                                                                          \
		.known = NULL                                                                      \
	}

/* Checks the history of the repository holding `root` up to HEAD. Problems
 * found are in `out` (rc 0); an error is a repository that cannot be read
 * (PW_EINPUT when `root` is not a compliance repository: no git repository,
 * no commit, no pkiwatch.json). */
int pw_verify_ledger(pw_verify_report *out, const char *root, const pw_verify_opts *o);
void pw_verify_report_clear(pw_verify_report *r);

#endif
