#include "ledger/sign.h"

#include "util/buf.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/run.h"
#include "core/config.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The name of a format: "openpgp", "ssh", "x509". */
static const char *format_name(pw_sign_format f)
{
	return f == PW_SIGN_SSH ? "ssh" : f == PW_SIGN_X509 ? "x509" : "openpgp";
}

static int parse_format(const char *s, pw_sign_format *f)
{
	if (strcmp(s, "openpgp") == 0)
		*f = PW_SIGN_OPENPGP;
	else if (strcmp(s, "ssh") == 0)
		*f = PW_SIGN_SSH;
	else if (strcmp(s, "x509") == 0)
		*f = PW_SIGN_X509;
	else
		return -1;
	return 0;
}

void pw_sign_clear(pw_sign *s)
{
	if (!s)
		return;
	free(s->key);
	free(s->program);
	memset(s, 0, sizeof(*s));
}

/* A string of git's configuration, or NULL when it is not set. */
static int cfg_string(git_config *cfg, const char *name, char **out)
{
	git_buf b = {NULL, 0, 0};
	int e;
	*out = NULL;
	if (!cfg)
		return 0;
	e = git_config_get_string_buf(&b, cfg, name);
	if (e == GIT_ENOTFOUND) {
		git_error_clear();
		return 0;
	}
	if (e < 0)
		return pw_error_from_git(PW_EINPUT, name);
	*out = strdup(b.ptr);
	git_buf_dispose(&b);
	return *out ? 0 : pw_error_oom();
}

static int replace(char **dst, const char *src)
{
	char *c;
	if (!src)
		return 0;
	if (!(c = strdup(src)))
		return pw_error_oom();
	free(*dst);
	*dst = c;
	return 0;
}

/* git's settings: commit.gpgsign, gpg.format, user.signingkey, the program. */
static int from_git(pw_sign *s, git_config *cfg, char **gitformat)
{
	int on = 0, e;
	if (cfg) {
		e = git_config_get_bool(&on, cfg, "commit.gpgsign");
		if (e == GIT_ENOTFOUND) {
			on = 0;
			git_error_clear();
		} else if (e < 0)
			return pw_error_from_git(PW_EINPUT, "git config commit.gpgsign");
	}
	s->sign = on;
	if ((e = cfg_string(cfg, "gpg.format", gitformat)) < 0 ||
	    (e = cfg_string(cfg, "user.signingkey", &s->key)) < 0)
		return e;
	return 0;
}

/* The program for the format: gpg.<format>.program (gpg.program for
 * openpgp too, as git reads it), else git's default. */
static int program_for(pw_sign *s, git_config *cfg)
{
	static const char *const defaults[] = {"gpg", "ssh-keygen", "gpgsm"};
	static const char *const names[] = {"gpg.openpgp.program", "gpg.ssh.program",
	                                    "gpg.x509.program"};
	int rc;
	if (s->program)
		return 0;
	if ((rc = cfg_string(cfg, names[s->format], &s->program)) < 0)
		return rc;
	if (!s->program && s->format == PW_SIGN_OPENPGP &&
	    (rc = cfg_string(cfg, "gpg.program", &s->program)) < 0)
		return rc;
	if (!s->program && !(s->program = strdup(defaults[s->format])))
		return pw_error_oom();
	return 0;
}

int pw_sign_load(pw_sign *out, const char *root)
{
	git_repository *repo = NULL;
	git_config *cfg = NULL;
	pw_config_signing js;
	char *gitformat = NULL, *path = NULL;
	const char *format;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&js, 0, sizeof(js));
	out->origin = "git config";
	if (git_repository_open_ext(&repo, root, 0, NULL) == 0) {
		if (git_repository_config_snapshot(&cfg, repo) < 0) {
			rc = pw_error_from_git(PW_EINPUT, "git config");
			goto out;
		}
	} else
		git_error_clear();
	if ((rc = from_git(out, cfg, &gitformat)) < 0)
		goto out;
	if (!(path = pw_path_join(root, "pkiwatch.json"))) {
		rc = pw_error_oom();
		goto out;
	}
	if ((rc = pw_config_signing_read(&js, path)) < 0)
		goto out;
	out->require = js.require;
	if (js.sign) {
		out->sign = 1;
		out->origin = "pkiwatch.json";
		if ((rc = replace(&out->key, js.key)) < 0 ||
		    (rc = replace(&out->program, js.program)) < 0)
			goto out;
	}
	format = js.format ? js.format : gitformat;
	if (format && parse_format(format, &out->format) < 0) {
		rc = pw_error_set(
		    PW_EINPUT, "git config gpg.format: '%s' is not openpgp, ssh or x509", format);
		goto out;
	}
	if ((rc = program_for(out, cfg)) < 0)
		goto out;
	if (out->require && !out->sign)
		rc =
		    pw_error_set(PW_EINPUT,
		                 "%s: require_signed is set, but nothing signs the ledger commits: "
		                 "set git's commit.gpgsign and user.signingkey, or \"signing\" in "
		                 "pkiwatch.json; nothing recorded",
		                 path);
out:
	if (rc < 0)
		pw_sign_clear(out);
	pw_config_signing_clear(&js);
	free(gitformat);
	free(path);
	git_config_free(cfg);
	git_repository_free(repo);
	return rc;
}

/* What to fix, after the program's own last words. */
static int sign_failed(const pw_sign *s, const char *key, const char *why_in)
{
	const char *hint;
	char why[400];
	/* `why_in` may be the last error message itself, which this overwrites */
	snprintf(why, sizeof(why), "%s", why_in ? why_in : "");
	switch (s->format) {
	case PW_SIGN_SSH:
		hint = "make the key usable (ssh-add, or user.signingkey naming a key file)";
		break;
	case PW_SIGN_X509:
		hint = "make the certificate's key usable (gpgsm --list-secret-keys)";
		break;
	default:
		hint = "make the key usable (gpg --list-secret-keys; unlock gpg-agent)";
		break;
	}
	return pw_error_set(PW_ERROR,
	                    "ledger commit: signing with %s (gpg.format %s, key '%s', from %s) "
	                    "failed: %s; nothing recorded: %s, or set user.signingkey to the "
	                    "right key, or turn signing off",
	                    s->program, format_name(s->format), key, s->origin,
	                    *why ? why : "no signature made", hint);
}

/* gpg and gpgsm: payload on stdin, detached armored signature on stdout,
 * status lines on stderr; success only with SIG_CREATED, as git checks. */
static int sign_gpg(char **sig, const pw_sign *s, const char *key, const char *payload, size_t len)
{
	const char *argv[] = {s->program, "--status-fd=2", "-bsau", key, NULL};
	pw_run_result r;
	char why[300];
	int rc;

	if ((rc = pw_run(&r, argv, payload, len)) < 0)
		return sign_failed(s, key, pw_error_last());
	if (r.status != 0 || !strstr(r.err, "\n[GNUPG:] SIG_CREATED ") || r.out_len == 0) {
		pw_run_last_line(why, sizeof(why), r.err, "[GNUPG:]");
		pw_run_result_clear(&r);
		return sign_failed(s, key, why);
	}
	*sig = r.out;
	r.out = NULL;
	pw_run_result_clear(&r);
	return 0;
}

static int is_literal_ssh_key(const char *key)
{
	return strncmp(key, "key::", 5) == 0 || strncmp(key, "ssh-", 4) == 0 ||
	       strncmp(key, "ecdsa-", 6) == 0 || strncmp(key, "sk-", 3) == 0;
}

/* ssh-keygen -Y sign: the payload in a file, the signature in FILE.sig. A
 * literal public key (key::..., ssh-...) goes to a file too and is used
 * through the agent (-U), as git does; a path may start with ~/. */
static int sign_ssh(char **sig, const pw_sign *s, const char *key, const char *payload, size_t len)
{
	const char *tmp = getenv("TMPDIR");
	char dir[4096], why[300];
	pw_buf data = PW_BUF_INIT, keyfile = PW_BUF_INIT, sigfile = PW_BUF_INIT;
	const char *argv[10];
	pw_run_result r;
	size_t n = 0, slen = 0;
	int rc = 0, literal = is_literal_ssh_key(key);

	memset(&r, 0, sizeof(r));
	snprintf(dir, sizeof(dir), "%s/pkiwatch-sign-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return sign_failed(s, key, "cannot make a temporary directory");
	if (pw_buf_printf(&data, "%s/commit", dir) < 0 ||
	    pw_buf_printf(&sigfile, "%s/commit.sig", dir) < 0) {
		rc = pw_error_oom();
		goto out;
	}
	if (literal) {
		const char *k = strncmp(key, "key::", 5) == 0 ? key + 5 : key;
		if (pw_buf_printf(&keyfile, "%s/key.pub", dir) < 0) {
			rc = pw_error_oom();
			goto out;
		}
		if ((rc = pw_file_write_atomic(keyfile.ptr, k, strlen(k))) < 0) {
			rc = sign_failed(s, key, pw_error_last());
			goto out;
		}
	} else if (strncmp(key, "~/", 2) == 0 && getenv("HOME")) {
		if (pw_buf_printf(&keyfile, "%s/%s", getenv("HOME"), key + 2) < 0) {
			rc = pw_error_oom();
			goto out;
		}
	} else if (pw_buf_puts(&keyfile, key) < 0) {
		rc = pw_error_oom();
		goto out;
	}
	if ((rc = pw_file_write_atomic(data.ptr, payload, len)) < 0) {
		rc = sign_failed(s, key, pw_error_last());
		goto out;
	}
	argv[n++] = s->program;
	argv[n++] = "-Y";
	argv[n++] = "sign";
	argv[n++] = "-n";
	argv[n++] = "git";
	argv[n++] = "-f";
	argv[n++] = keyfile.ptr;
	if (literal)
		argv[n++] = "-U";
	argv[n++] = data.ptr;
	argv[n] = NULL;
	if ((rc = pw_run(&r, argv, NULL, 0)) < 0) {
		rc = sign_failed(s, key, pw_error_last());
		goto out;
	}
	if (r.status != 0 || pw_file_read(sig, &slen, sigfile.ptr, 1 << 20) < 0 || slen == 0) {
		free(*sig);
		*sig = NULL;
		pw_run_last_line(why, sizeof(why), r.err, NULL);
		rc = sign_failed(s, key, why);
	}
out:
	pw_run_result_clear(&r);
	pw_tree_remove(dir);
	pw_buf_clear(&data);
	pw_buf_clear(&keyfile);
	pw_buf_clear(&sigfile);
	return rc;
}

int pw_sign_buffer(char **signature, const pw_sign *s, const char *committer, const char *payload,
                   size_t len)
{
	const char *key = s->key && *s->key ? s->key : committer;
	size_t n;
	int rc;

	*signature = NULL;
	if (s->format == PW_SIGN_SSH && !(s->key && *s->key))
		return pw_error_set(
		    PW_EINPUT, "ledger commit: gpg.format is ssh but no key is configured: set "
		               "user.signingkey (a key file, or key::<public key> in ssh-agent); "
		               "nothing recorded");
	rc = s->format == PW_SIGN_SSH ? sign_ssh(signature, s, key, payload, len)
	                              : sign_gpg(signature, s, key, payload, len);
	if (rc < 0)
		return rc;
	/* the header holds the lines; git adds no empty one after the last */
	n = strlen(*signature);
	while (n > 0 && ((*signature)[n - 1] == '\n' || (*signature)[n - 1] == '\r'))
		(*signature)[--n] = '\0';
	if (n == 0) {
		free(*signature);
		*signature = NULL;
		return sign_failed(s, key, "the program wrote no signature");
	}
	return 0;
}
