/* The compliance repository's pkiwatch.json. */
#ifndef PW_CONFIG_H
#define PW_CONFIG_H

#include <stddef.h>

#include "core/sources.h"

typedef struct {
	char *name;
	char *email;
	char *github; /* GitHub login, for assignment; may be NULL */
	/* OpenPGP fingerprints (40 upper-case hex) of the officer's signing keys:
	 * `pkiwatch verify` accepts ledger commits they sign */
	char **openpgp;
	size_t nopenpgp;
} pw_officer;

/* pkiwatch.json's signing settings: "signing" names what git's configuration
 * would (gpg.format, user.signingkey, the program), and "require_signed"
 * refuses to record anything unsigned. All NULL/0 when absent. */
typedef struct {
	int sign;              /* "signing" is given: sign every ledger commit */
	char *format;          /* "openpgp", "ssh" or "x509"; NULL: git's gpg.format */
	char *key;             /* NULL: git's user.signingkey */
	char *program;         /* NULL: git's gpg[.<format>].program, else the default */
	char *allowed_signers; /* SSH allowed-signers file, relative to the repository root;
	                          NULL: "allowed_signers" */
	int require;           /* "require_signed": true */
} pw_config_signing;

typedef struct {
	char *path;       /* the file it was loaded from */
	char *root;       /* the compliance repository: the file's directory */
	char *repository; /* "owner/name" to publish to */
	char **sources;   /* enabled source ids, in rules order */
	size_t nsources;
	char since[11]; /* YYYY-MM-DD: older changes are never published ("" = no limit) */
	/* YYYY-MM-DD: changes before it are the accepted status quo, not published
	 * one issue each ("" = none; ledger/baseline.h records it) */
	char baseline[11];
	pw_officer *officers;
	size_t nofficers;
	char **labels; /* extra labels put on every issue */
	size_t nlabels;
	char *upstream_base; /* replaces https://github.com/<owner>/ ; may be NULL */
	char *ca_file;       /* extra CA bundle for https; may be NULL */
	char *authority;     /* the policy authority's name (forms print it); may be NULL */
	/* reminders (remind.h): a change issue waiting this many days for sign-off
	 * gets a comment, and again every as many days; a signed-off change whose
	 * effective date is at most warn_before_days ahead gets one while TSP
	 * responses are missing */
	long remind_after_days; /* 1..PW_CONFIG_REMIND_MAX, default 7 */
	long warn_before_days;  /* 1..PW_CONFIG_WARN_MAX, default 90 */
	/* "reminders": "digest" (0, the default): what is due goes into one
	 * comment on the dashboard per remind_after_days; "issues" (1): one
	 * comment on each issue, as before */
	int reminders_on_issues;
	pw_config_signing signing;
	/* seconds a network operation (git fetch, GitHub API) may go without
	 * progress: 1..PW_CONFIG_NET_TIMEOUT_MAX, 0 when not set */
	long network_timeout;
} pw_config;

#define PW_CONFIG_REMIND_DEFAULT  7
#define PW_CONFIG_REMIND_MAX      365
#define PW_CONFIG_WARN_DEFAULT    90
#define PW_CONFIG_WARN_MAX        3650
#define PW_CONFIG_NET_TIMEOUT_MAX 3600

/* The bound on time without progress for network operations, in seconds:
 * $PKIWATCH_NETWORK_TIMEOUT when set (PW_EINPUT when it is not a number of
 * seconds 1..PW_CONFIG_NET_TIMEOUT_MAX), else the config's network_timeout
 * (cfg may be NULL), else 0 (the callee's default, at most 120 s). */
int pw_config_network_timeout(int *out, const pw_config *cfg);

/* Loads and validates `path` against the known sources. Every error names the
 * file, the JSON path and the problem (PW_EINPUT). */
#define PW_CONFIG_AUTHORITY_MAX 200

int pw_config_load(pw_config **out, const char *path, const pw_sources *sources);

int pw_config_source_enabled(const pw_config *cfg, const char *id);

void pw_config_free(pw_config *cfg);

/* The signing settings of the configuration file `path` alone (the ledger's
 * commit engine reads them from <root>/pkiwatch.json): a missing file is
 * none; the file's other keys are not checked here. */
int pw_config_signing_read(pw_config_signing *out, const char *path);
void pw_config_signing_clear(pw_config_signing *s);

#endif
