/* A compliance repository (git work tree with pkiwatch.json and TSPs), a
 * cache with mirrors, and the fake GitHub, for the publish and signoff tests. */
#ifndef PW_TEST_PUBENV_H
#define PW_TEST_PUBENV_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "fakegh.h"

typedef struct {
	char *dir;   /* temporary root */
	char *repo;  /* <dir>/compliance: git work tree */
	char *cache; /* <dir>/cache */
	fakegh fake;
} pubenv;

/* Creates the directories, a compliance repository (one commit) whose
 * pkiwatch.json publishes to the fake's repository with `sources_json` (e.g.
 * "[\"cabforum-smime\"]") and `since`, and sets the environment (token, API
 * URL, rules, PKIWATCH_TODAY). Starts the fake with `fake_args`. */
void pubenv_init(pubenv *e, const char *sources_json, const char *since,
                 const char *const *fake_args);
void pubenv_free(pubenv *e);

/* What pubenv_start adds to pubenv_init. */
enum {
	PUBENV_REAL = 1,       /* needs $PKIWATCH_UPSTREAM (the test skips without it) */
	PUBENV_MIRROR = 3,     /* and links its cabforum-smime.git into the cache */
	PUBENV_TSPS_VALID = 4, /* pubenv_tsps_valid */
};

/* The start of the tests against the fake: pubenv_init publishing
 * cabforum-smime since `since`, then what `flags` asks for. */
void pubenv_start(pubenv *e, const char *since, const char *const *fake_args, int flags);

/* For teardowns: pubenv_free, then stops every fake still running. */
void pubenv_stop(pubenv *e);

/* A synthetic upstream in <dir>/up (written to `up`): the bare repository
 * cabforum-smime.git (branch main) and its clone w, with committer U, in
 * which the shell commands `script` run (set -e: commits, pushes). */
void pubenv_upstream(pubenv *e, const char *script, char *up, size_t size);

/* The first commit of most synthetic upstreams (for pubenv_upstream's script):
 * SBR.md with one normative section, committed on 2024-05-01. */
#define PUBENV_INITIAL_COMMIT                                                                      \
	"printf '# S/MIME BR\\n\\n## 4.3.1 Issuance\\n\\nThe CA SHALL do things.\\n' > SBR.md && " \
	"git add SBR.md && GIT_COMMITTER_DATE=2024-05-01T00:00:00Z git commit -q -m 'Initial'"

/* Writes the two TSP profiles (ministry: smime, etsi; northwind: tls,
 * webtrust). pubenv_init writes them too (and commits them): every publish
 * reads every profile, the obligations come from them. Removes a broken.json
 * a test wrote. */
void pubenv_tsps_valid(pubenv *e);

/* Links <up>/<id>.git into the cache. */
void pubenv_mirror(pubenv *e, const char *up, const char *id);

/* Rewrites pkiwatch.json's since (not committed). */
void pubenv_since(pubenv *e, const char *since);

/* Runs `pkiwatch --cache <cache> <args>` in the compliance repository. */
int pubenv_run(pubenv *e, char **out, char **err, const char *args);

/* How many issues carry `<!-- pkiwatch:change <id> -->`. */
int pubenv_marker_count(cJSON *issues, const char *id);

/* The change ids (a JSON array of strings) of `pkiwatch changes --format json
 * --drafts --since <since>`; caller frees. */
cJSON *pubenv_change_ids(pubenv *e, const char *since);

/* The issue carrying marker `id` (borrowed from `issues`), or NULL. */
cJSON *pubenv_issue_with(cJSON *issues, const char *id);

int pubenv_has_label(const cJSON *issue, const char *name);

/* Change issues (not the dashboard) in the fake's state, and how many of
 * them carry `label` (NULL: any). */
size_t pubenv_change_issues(pubenv *e, const char *label);

#endif
