/* The compliance repository a command works on, and everything it reads:
 * the rules' sources, pkiwatch.json, the settings resolved from it and the
 * environment (cache directory, upstream base, CA file, today, the ledger's
 * author), the change set from the mirrors, the ledger, the TSP profiles,
 * the forms issued and the TSPs' responses.
 *
 * Each is loaded on demand, the first time it is asked for, and kept: a use
 * case asks for what it needs, in the order its checks should run, and no
 * command has its own copy of the loading code. What a getter returns is
 * borrowed from the workspace and lives until pw_workspace_free, whatever is
 * asked for later: nothing a getter returned is ever replaced or freed
 * before (a later request for other data adds to what is kept). A getter
 * that fails records the message and keeps nothing; asking again retries. */
#ifndef PW_WORKSPACE_H
#define PW_WORKSPACE_H

#include <stddef.h>

#include "classify/changeset.h"
#include "core/config.h"
#include "core/sources.h"
#include "core/tsp.h"
#include "github/github.h"
#include "ledger/ledger.h"
#include "publish/publish.h"
#include "tsp/issued.h"
#include "tsp/obligctx.h"
#include "tsp/response.h"

typedef struct pw_workspace pw_workspace;

typedef struct {
	const char *config_path; /* NULL: ./pkiwatch.json */
	/* the cache of mirrors; NULL: $PKIWATCH_CACHE, else $XDG_CACHE_HOME/pkiwatch,
	 * else $HOME/.cache/pkiwatch */
	const char *cache_dir;
	/* the TSPs pw_workspace_tsps loads (each must exist); NULL/0: every
	 * tsps/<id>.json */
	const char *const *tsps;
	size_t ntsps;
} pw_workspace_opts;

#define PW_WORKSPACE_OPTS_INIT                                                                     \
	{                                                                                          \
		.config_path = NULL                                                                \
	}

/* Makes a workspace; it reads nothing yet. The strings in `opts` are
 * borrowed for the workspace's life. */
int pw_workspace_new(pw_workspace **out, const pw_workspace_opts *opts);
void pw_workspace_free(pw_workspace *ws);

/* rules/sources.json (a missing file is PW_EINPUT). */
int pw_workspace_sources(const pw_sources **out, pw_workspace *ws);

/* pkiwatch.json, checked against the sources, and every TSP profile in
 * tsps/ checked with it (each must load, have form text in its language and
 * extant CAs that exist on pw_workspace_today, pw_tsp_check_cas): a bad
 * profile fails any command that opens the repository. */
int pw_workspace_config(const pw_config **out, pw_workspace *ws);

/* The cache directory (see pw_workspace_opts); PW_EINPUT when none can be named. */
int pw_workspace_cache_dir(const char **out, pw_workspace *ws);

/* Where upstream repositories are fetched from instead of GitHub:
 * $PKIWATCH_UPSTREAM, else the config's upstream_base; *out NULL when neither. */
int pw_workspace_upstream_base(const char **out, pw_workspace *ws);

/* The extra CA certificates (PEM) for every HTTPS client (mirror, GitHub):
 * $PKIWATCH_CA_FILE, else the config's ca_file, relative to the config's
 * directory; *out NULL when neither. */
int pw_workspace_ca_file(const char **out, pw_workspace *ws);

/* Today (UTC) as YYYY-MM-DD, or $PKIWATCH_TODAY (reproducible runs and
 * tests); a value that is not a date is PW_EINPUT. */
int pw_workspace_today(const char **out, pw_workspace *ws);

/* The time now as the ledger records it (YYYY-MM-DDTHH:MM:SSZ,
 * pw_day_now_iso): the date pw_workspace_today gives ($PKIWATCH_TODAY when
 * set), the time of day the system clock's. */
int pw_workspace_now(char out[21], pw_workspace *ws);

/* The author of ledger commits: git's user.name/user.email in the compliance
 * repository, else the config's first officer. */
int pw_workspace_author(const char **name, const char **email, pw_workspace *ws);

/* The source of change id `change_id` ("<source>@<12 hex>"): PW_ENOTFOUND
 * naming the id when it names no known source. */
int pw_workspace_source_of(const pw_source **out, pw_workspace *ws, const char *change_id);

/* The change set from the mirrors: every enabled source, or only source
 * `only_source` (NULL: all). The whole set, once loaded, also serves a
 * request for one source; a single-source set loaded before it stays as it
 * is for those holding it, and so does one of another source. */
int pw_workspace_changeset(const pw_changeset **out, pw_workspace *ws, const char *only_source);

/* The ledger's entries (ledger/<change id>.json). */
int pw_workspace_ledger(const pw_ledger **out, pw_workspace *ws);

/* The TSP profiles the options select. */
int pw_workspace_tsps(const pw_tsps **out, pw_workspace *ws);

/* The records of the forms issued (ledger/forms/<tsp id>.json). */
int pw_workspace_issued(const pw_issued **out, pw_workspace *ws);

/* Every TSP response recorded in the ledger. */
int pw_workspace_responses(const pw_responses **out, pw_workspace *ws);

/* The compliance repository's ledger has changed (a use case committed to
 * it and goes on to read what it committed): the ledger's entries, the forms
 * issued, the responses and the obligations are read anew when next asked
 * for. What those getters returned before stays as it was read, valid until
 * pw_workspace_free. */
int pw_workspace_ledger_changed(pw_workspace *ws);

/* The obligations derived for `today` (NULL: pw_workspace_today) from the
 * workspace's whole change set, ledger, TSP profiles and responses, with
 * the rules and the officer's records (tsp/obligctx.h); of TSP `tsp` only
 * when not NULL (one the options did not select: PW_ENOTFOUND). Asked again
 * for the same day and TSP, the same context; for another day or TSP,
 * derived anew beside it (the one returned before stays valid). */
int pw_workspace_obligations(const pw_obligctx **out, pw_workspace *ws, const char *today,
                             const char *tsp);

/* A new GitHub client for the compliance repository, with the settings
 * every command uses: the config's repository, pw_workspace_ca_file, the
 * network timeout (pw_config_network_timeout) and retries as the client
 * decides (max_retries -1). `outbox` (may be NULL) makes it a dry run's
 * client, writing requests there instead of sending them. Without a token
 * (pw_github_token_set) and without an outbox it fails (PW_EINPUT, "no
 * GitHub token: ..."). The caller frees it (pw_github_free). */
int pw_workspace_github(pw_github **out, pw_workspace *ws, const char *outbox);

/* The compliance repository's pkiwatch issues, listed once through GitHub
 * (pw_workspace_github). *out is NULL when there is no token (GITHUB_TOKEN
 * or GH_TOKEN): nothing is read, no error. */
int pw_workspace_issues(const pw_existing_issues **out, pw_workspace *ws);

#endif
