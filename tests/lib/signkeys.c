#include "testutil.h"

#include "signkeys.h"

#include <stdlib.h>
#include <string.h>

static char *fmt(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *s = malloc(n);
	assert_non_null(s);
	snprintf(s, n, "%s/%s", a, b);
	return s;
}

static char *chomp(char *s)
{
	size_t n;
	assert_non_null(s);
	n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

char *signkeys_ssh_another(const signkeys *k, const char *name)
{
	char *pub = NULL;
	assert_int_equal(tu_sh(NULL, NULL,
	                       "mkdir -p '%s/ssh' && ssh-keygen -q -t ed25519 -N '' -C '%s' -f "
	                       "'%s/ssh/%s'",
	                       k->dir, name, k->dir, name),
	                 0);
	assert_int_equal(tu_sh(&pub, NULL, "cat '%s/ssh/%s.pub'", k->dir, name), 0);
	return chomp(pub);
}

void signkeys_make(signkeys *k, const char *dir, int ssh, const char *uid)
{
	char *out = NULL;
	memset(k, 0, sizeof(*k));
	k->dir = strdup(dir);
	assert_non_null(k->dir);
	if (ssh) {
		k->ssh_pub = signkeys_ssh_another(k, "id");
		k->ssh_key = fmt(dir, "ssh/id");
	}
	if (uid) {
		k->gnupghome = fmt(dir, "gnupg");
		assert_int_equal(tu_sh(NULL, NULL, "mkdir -m 700 -p '%s'", k->gnupghome), 0);
		setenv("GNUPGHOME", k->gnupghome, 1);
		assert_int_equal(tu_sh(NULL, NULL,
		                       "gpg --batch --quiet --passphrase '' --quick-gen-key '%s' "
		                       "ed25519 sign never 2>/dev/null",
		                       uid),
		                 0);
		assert_int_equal(tu_sh(&out, NULL,
		                       "gpg --batch --with-colons --list-secret-keys | awk -F: "
		                       "'$1==\"fpr\"{print $10; exit}'"),
		                 0);
		k->openpgp = chomp(out);
		assert_int_equal(strlen(k->openpgp), 40);
	}
}

void signkeys_x509(signkeys *k, const char *dn, const char *email)
{
	char *out = NULL, *params, *trust;
	size_t n;
	if (!k->gnupghome) {
		k->gnupghome = fmt(k->dir, "gnupg");
		assert_int_equal(tu_sh(NULL, NULL, "mkdir -m 700 -p '%s'", k->gnupghome), 0);
		setenv("GNUPGHOME", k->gnupghome, 1);
	}
	params = fmt(k->gnupghome, "x509-params");
	n = strlen(dn) + strlen(email) + 128;
	out = malloc(n);
	assert_non_null(out);
	/* a Serial makes gpgsm sign the certificate itself instead of a request */
	snprintf(out, n,
	         "Key-Type: RSA\nKey-Length: 2048\nKey-Usage: sign, cert\nSerial: random\n"
	         "Name-DN: %s\nName-Email: %s\n",
	         dn, email);
	tu_write(params, out);
	free(out);
	out = NULL;
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s' && echo allow-loopback-pinentry >> gpg-agent.conf && "
	                       "echo disable-crl-checks >> gpgsm.conf && gpgsm --batch "
	                       "--pinentry-mode loopback --passphrase '' --gen-key '%s' >cert.der "
	                       "2>/dev/null && gpgsm --batch --import cert.der 2>/dev/null",
	                       k->gnupghome, params),
	                 0);
	assert_int_equal(tu_sh(&out, NULL,
	                       "gpgsm --batch --with-colons --list-secret-keys | awk -F: "
	                       "'$1==\"fpr\"{print $10; exit}'"),
	                 0);
	k->x509 = chomp(out);
	assert_int_equal(strlen(k->x509), 40);
	/* "S relax": a trusted root without the extensions gpgsm would check */
	trust = fmt(k->gnupghome, "trustlist.txt");
	n = strlen(k->x509) + 16;
	out = malloc(n);
	assert_non_null(out);
	snprintf(out, n, "%s S relax\n", k->x509);
	tu_write(trust, out);
	free(out);
	free(trust);
	free(params);
	assert_int_equal(tu_sh(NULL, NULL, "gpgconf --reload gpg-agent"), 0);
}

void signkeys_allowed(const char *path, const char *principal, const char *pub)
{
	char *text;
	size_t n = strlen(principal) + strlen(pub) + 4;
	text = malloc(n);
	assert_non_null(text);
	snprintf(text, n, "%s %s\n", principal, pub);
	tu_write(path, text);
	free(text);
}

void signkeys_stop(signkeys *k)
{
	if (k->gnupghome) {
		tu_sh(NULL, NULL, "GNUPGHOME='%s' gpgconf --kill gpg-agent 2>/dev/null",
		      k->gnupghome);
		unsetenv("GNUPGHOME");
	}
	free(k->dir);
	free(k->ssh_key);
	free(k->ssh_pub);
	free(k->gnupghome);
	free(k->openpgp);
	free(k->x509);
	memset(k, 0, sizeof(*k));
}
