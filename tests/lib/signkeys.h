/* Signing keys made with the real tools for the tests that sign ledger
 * commits: an SSH key from ssh-keygen and an OpenPGP key from gpg --batch,
 * without passphrases, in a directory of the test's own (GNUPGHOME is set
 * to one inside it, so the user's keyrings are never touched). Call
 * signkeys_stop before the directory is removed: it stops the gpg-agent
 * the key generation started. */
#ifndef PW_TEST_SIGNKEYS_H
#define PW_TEST_SIGNKEYS_H

typedef struct {
	char *dir;       /* where the keys are */
	char *ssh_key;   /* <dir>/ssh/id (private key file; id.pub beside it) */
	char *ssh_pub;   /* the public key line ("ssh-ed25519 AAAA... comment") */
	char *gnupghome; /* <dir>/gnupg, exported as GNUPGHOME */
	char *openpgp;   /* the OpenPGP key's fingerprint (40 hex) */
	char *x509;      /* the X.509 certificate's fingerprint (40 hex), for gpgsm */
} signkeys;

/* An SSH key `name` (ssh/<name>) in `dir` when `ssh`, an OpenPGP key for
 * `uid` ("Name <email>") when `uid` is not NULL. Fails the test when a tool
 * is missing. */
void signkeys_make(signkeys *k, const char *dir, int ssh, const char *uid);

/* An X.509 key and self-signed certificate for `dn` and `email` made by
 * gpgsm --gen-key in k->gnupghome (made and exported as GNUPGHOME when
 * signkeys_make made none): trusted there (trustlist.txt), without CRL
 * checks, so that gpgsm and git verify-commit accept its signatures. */
void signkeys_x509(signkeys *k, const char *dn, const char *email);

/* Another SSH key ssh/<name> in k->dir: its public key line (caller frees),
 * the private key file at <dir>/ssh/<name>. */
char *signkeys_ssh_another(const signkeys *k, const char *name);

/* Writes an allowed-signers file (git's gpg.ssh.allowedSignersFile format)
 * at `path` admitting `principal` with the public key line `pub`. */
void signkeys_allowed(const char *path, const char *principal, const char *pub);

/* Stops the gpg-agent of k->gnupghome, unsets GNUPGHOME, frees the strings. */
void signkeys_stop(signkeys *k);

#endif
