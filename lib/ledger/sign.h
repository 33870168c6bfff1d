/* Signing ledger commits the way git signs commits: the settings come from
 * the compliance repository's git configuration (commit.gpgsign, gpg.format
 * openpgp|ssh|x509, user.signingkey, gpg.program / gpg.<format>.program),
 * overridden by pkiwatch.json's "signing" (core/config.h), and the signature
 * is made by the program git would run:
 *   openpgp  gpg --status-fd=2 -bsau KEY          (payload on stdin)
 *   x509     gpgsm --status-fd=2 -bsau KEY        (payload on stdin)
 *   ssh      ssh-keygen -Y sign -n git -f KEY FILE (FILE.sig; -U for a literal key)
 * pkiwatch never holds a key: the key is the program's (gpg-agent, ssh-agent,
 * a key file the user named). */
#ifndef PW_SIGN_H
#define PW_SIGN_H

#include <stddef.h>

typedef enum { PW_SIGN_OPENPGP = 0, PW_SIGN_SSH, PW_SIGN_X509 } pw_sign_format;

typedef struct {
	int sign;    /* sign ledger commits */
	int require; /* pkiwatch.json "require_signed": refuse to commit unsigned */
	pw_sign_format format;
	char *key;          /* the signing key as configured; NULL: the committer (openpgp, x509) */
	char *program;      /* the program to run */
	const char *origin; /* borrowed literal: "git config" or "pkiwatch.json" */
} pw_sign;

/* The settings for the repository holding `root`: its git configuration
 * (libgit2 reads it as git does: repository, global, system), then
 * <root>/pkiwatch.json's "signing" and "require_signed" over it. PW_EINPUT
 * when "require_signed" is set and nothing asks for signing. */
int pw_sign_load(pw_sign *out, const char *root);
void pw_sign_clear(pw_sign *s);

/* Signs `payload` (a commit object's text) with the configured program:
 * *signature gets the armored signature without its final newline, as it
 * goes into a commit's gpgsig header (caller frees). `committer` ("Name
 * <email>") is the key when none is configured (openpgp, x509, as git does).
 * A failure (no key, a locked agent, a missing program) is PW_ERROR with a
 * one-line message saying what to fix. */
int pw_sign_buffer(char **signature, const pw_sign *s, const char *committer, const char *payload,
                   size_t len);

#endif
