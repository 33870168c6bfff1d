#include "core/config.h"

#include "util/day.h"
#include "util/error.h"
#include "util/fileio.h"
#include "util/json.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CONFIG_MAX_BYTES (1024 * 1024)

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* GitHub's rules: owner 1-39 of A-Z a-z 0-9 '-', name 1-100 of those and '.'
 * '_', not "." or "..". Anything else would put a path (or a query) into the
 * API URL the token is sent to ("../user"). */
static int valid_repository(const char *s)
{
	size_t owner = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-");
	const char *name = s + owner + 1;
	size_t n;

	if (owner < 1 || owner > 39 || s[owner] != '/')
		return 0;
	n = strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._");
	return n >= 1 && n <= 100 && !name[n] && strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

/* Whether `s` has a control character (a line break in a commit header, an
 * escape sequence on a terminal). */
static int has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/* A label GitHub accepts and that survives its labels= query: at most 50
 * characters, no comma, no control character. */
static const char *label_problem(const char *s)
{
	size_t chars = 0;
	const char *p;

	if (has_control(s))
		return "has a control character or line break";
	if (strchr(s, ','))
		return "has a comma (GitHub's label lists are comma-separated)";
	for (p = s; *p; p++)
		chars += ((unsigned char)*p & 0xc0) != 0x80;
	if (chars > 50)
		return "is longer than GitHub's 50 characters";
	return NULL;
}

static int load_strings(const cJSON *arr, const char *file, const char *jpath, char ***out,
                        size_t *n)
{
	const cJSON *it;
	char path[256];
	int i = 0;

	*out = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(char *));
	if (!*out)
		return pw_error_oom();
	cJSON_ArrayForEach(it, arr)
	{
		pw_json_path_index(path, sizeof(path), jpath, i++);
		if (!cJSON_IsString(it) || !*it->valuestring)
			return pw_error_set(PW_EINPUT, "%s: %s: expected a non-empty string", file,
			                    path);
		if (!((*out)[(*n)++] = strdup(it->valuestring)))
			return pw_error_oom();
	}
	return 0;
}

/* 40 hex digits (spaces allowed, as gpg prints them), kept upper-case. */
static int load_fingerprints(pw_officer *o, const cJSON *arr, const char *file, const char *opath)
{
	const cJSON *it;
	char jpath[96];
	int i = 0;

	if (!(o->openpgp = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(char *))))
		return pw_error_oom();
	cJSON_ArrayForEach(it, arr)
	{
		char fpr[41];
		size_t n = 0;
		const char *p;
		snprintf(jpath, sizeof(jpath), "%s.openpgp[%d]", opath, i++);
		if (!cJSON_IsString(it))
			return pw_error_set(PW_EINPUT, "%s: %s: expected a fingerprint", file,
			                    jpath);
		for (p = it->valuestring; *p; p++) {
			if (*p == ' ')
				continue;
			if (n == 40 || !isxdigit((unsigned char)*p))
				break;
			fpr[n++] = (char)toupper((unsigned char)*p);
		}
		if (*p || n != 40)
			return pw_error_set(PW_EINPUT,
			                    "%s: %s: not an OpenPGP fingerprint (40 hex digits)",
			                    file, jpath);
		fpr[n] = '\0';
		if (!(o->openpgp[o->nopenpgp++] = strdup(fpr)))
			return pw_error_oom();
	}
	return 0;
}

static int load_officers(pw_config *cfg, const cJSON *arr, const char *file)
{
	static const char *const keys[] = {"name", "email", "github", "openpgp", NULL};
	const cJSON *it, *fprs;
	char path[64];
	int i = 0, rc;

	cfg->officers = calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(pw_officer));
	if (!cfg->officers)
		return pw_error_oom();
	cJSON_ArrayForEach(it, arr)
	{
		const char *name, *email, *github;
		pw_officer *o = &cfg->officers[cfg->nofficers++];
		pw_json_path_index(path, sizeof(path), "$.officers", i++);
		if ((rc = pw_json_check_object(it, file, path, keys)) < 0 ||
		    (rc = pw_json_get_string(it, "name", 1, file, path, &name)) < 0 ||
		    (rc = pw_json_get_string(it, "email", 1, file, path, &email)) < 0 ||
		    (rc = pw_json_get_string(it, "github", 0, file, path, &github)) < 0 ||
		    (rc = pw_json_get_array(it, "openpgp", 0, file, path, &fprs)) < 0)
			return rc;
		if (fprs && (rc = load_fingerprints(o, fprs, file, path)) < 0)
			return rc;
		if (!*name)
			return pw_error_set(PW_EINPUT, "%s: %s.name: empty", file, path);
		if (has_control(name) || has_control(email) || (github && has_control(github)))
			return pw_error_set(
			    PW_EINPUT,
			    "%s: %s: a control character or line break in the name, "
			    "e-mail or login",
			    file, path);
		if (!strchr(email, '@') || strpbrk(email, " <>\n"))
			return pw_error_set(PW_EINPUT, "%s: %s.email: not an e-mail address", file,
			                    path);
		o->name = strdup(name);
		o->email = strdup(email);
		o->github = dup_or_null(github);
		if (!o->name || !o->email || (github && !o->github))
			return pw_error_oom();
	}
	return 0;
}

static int load_sources(pw_config *cfg, const cJSON *arr, const pw_sources *sources,
                        const char *file)
{
	size_t i, j;
	int rc;

	if (!arr) { /* default: every known source */
		cfg->sources = calloc(sources->count + 1, sizeof(char *));
		if (!cfg->sources)
			return pw_error_oom();
		for (i = 0; i < sources->count; i++)
			if (!(cfg->sources[cfg->nsources++] = strdup(sources->items[i].id)))
				return pw_error_oom();
		return 0;
	}
	if ((rc = load_strings(arr, file, "$.sources", &cfg->sources, &cfg->nsources)) < 0)
		return rc;
	for (i = 0; i < cfg->nsources; i++) {
		if (!pw_sources_find(sources, cfg->sources[i]))
			return pw_error_set(PW_EINPUT, "%s: $.sources[%zu]: unknown source \"%s\"",
			                    file, i, cfg->sources[i]);
		for (j = 0; j < i; j++)
			if (strcmp(cfg->sources[i], cfg->sources[j]) == 0)
				return pw_error_set(PW_EINPUT,
				                    "%s: $.sources[%zu]: \"%s\" listed twice", file,
				                    i, cfg->sources[i]);
	}
	return 0;
}

static int parse_signing(pw_config_signing *out, const cJSON *root, const char *file)
{
	static const char *const keys[] = {"format", "key", "program", "allowed_signers", NULL};
	const cJSON *sg = cJSON_GetObjectItemCaseSensitive(root, "signing");
	const cJSON *req = cJSON_GetObjectItemCaseSensitive(root, "require_signed");
	const char *format = NULL, *key = NULL, *program = NULL, *allowed = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (req && !cJSON_IsBool(req))
		return pw_error_set(PW_EINPUT, "%s: $.require_signed: expected true or false",
		                    file);
	out->require = cJSON_IsTrue(req);
	if (!sg || cJSON_IsNull(sg))
		return 0;
	if ((rc = pw_json_check_object(sg, file, "$.signing", keys)) < 0 ||
	    (rc = pw_json_get_string(sg, "format", 0, file, "$.signing", &format)) < 0 ||
	    (rc = pw_json_get_string(sg, "key", 0, file, "$.signing", &key)) < 0 ||
	    (rc = pw_json_get_string(sg, "program", 0, file, "$.signing", &program)) < 0 ||
	    (rc = pw_json_get_string(sg, "allowed_signers", 0, file, "$.signing", &allowed)) < 0)
		return rc;
	if (format && strcmp(format, "openpgp") != 0 && strcmp(format, "ssh") != 0 &&
	    strcmp(format, "x509") != 0)
		return pw_error_set(
		    PW_EINPUT, "%s: $.signing.format: expected openpgp, ssh or x509, got \"%s\"",
		    file, format);
	if ((key && !*key) || (program && !*program) || (allowed && !*allowed))
		return pw_error_set(PW_EINPUT, "%s: $.signing: an empty string", file);
	if (allowed && (*allowed == '/' || strstr(allowed, "..")))
		return pw_error_set(
		    PW_EINPUT, "%s: $.signing.allowed_signers: not a path inside the repository",
		    file);
	out->sign = 1;
	if ((format && !(out->format = strdup(format))) || (key && !(out->key = strdup(key))) ||
	    (program && !(out->program = strdup(program))) ||
	    (allowed && !(out->allowed_signers = strdup(allowed)))) {
		pw_config_signing_clear(out);
		return pw_error_oom();
	}
	return 0;
}

void pw_config_signing_clear(pw_config_signing *s)
{
	if (!s)
		return;
	free(s->format);
	free(s->key);
	free(s->program);
	free(s->allowed_signers);
	memset(s, 0, sizeof(*s));
}

int pw_config_signing_read(pw_config_signing *out, const char *path)
{
	cJSON *root = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (access(path, F_OK) != 0)
		return 0;
	if ((rc = pw_json_parse_file(&root, path, CONFIG_MAX_BYTES)) == 0) {
		if (!cJSON_IsObject(root))
			rc = pw_error_set(PW_EINPUT, "%s: $: not a JSON object", path);
		else
			rc = parse_signing(out, root, path);
	}
	cJSON_Delete(root);
	return rc;
}

/* The authority's name as forms print it on every page. */
static int authority_valid(const char *s)
{
	size_t n = strlen(s), i;
	if (n == 0 || n > PW_CONFIG_AUTHORITY_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

/* The values of pkiwatch.json's keys, borrowed from its JSON. */
typedef struct {
	const char *repo, *since, *baseline, *base, *ca, *authority, *reminders;
	const cJSON *srcs, *officers, *labels;
} config_json;

/* The keys' values, of the right types (the numbers straight into `cfg`);
 * any other key is an error. */
static int read_keys(config_json *j, pw_config *cfg, const cJSON *root, const char *path)
{
	static const char *const keys[] = {
	    "repository",        "sources",          "since",         "baseline",
	    "officers",          "labels",           "upstream_base", "ca_file",
	    "remind_after_days", "warn_before_days", "signing",       "require_signed",
	    "network_timeout",   "authority",        "reminders",     NULL};
	int rc;
	if ((rc = pw_json_check_object(root, path, "$", keys)) < 0 ||
	    (rc = pw_json_get_string(root, "repository", 1, path, "$", &j->repo)) < 0 ||
	    (rc = pw_json_get_array(root, "sources", 0, path, "$", &j->srcs)) < 0 ||
	    (rc = pw_json_get_string(root, "since", 0, path, "$", &j->since)) < 0 ||
	    (rc = pw_json_get_string(root, "baseline", 0, path, "$", &j->baseline)) < 0 ||
	    (rc = pw_json_get_string(root, "reminders", 0, path, "$", &j->reminders)) < 0 ||
	    (rc = pw_json_get_array(root, "officers", 1, path, "$", &j->officers)) < 0 ||
	    (rc = pw_json_get_array(root, "labels", 0, path, "$", &j->labels)) < 0 ||
	    (rc = pw_json_get_string(root, "upstream_base", 0, path, "$", &j->base)) < 0 ||
	    (rc = pw_json_get_string(root, "ca_file", 0, path, "$", &j->ca)) < 0 ||
	    (rc = pw_json_get_string(root, "authority", 0, path, "$", &j->authority)) < 0 ||
	    (rc = pw_json_get_int(root, "remind_after_days", 0, 1, PW_CONFIG_REMIND_MAX, path, "$",
	                          &cfg->remind_after_days)) < 0 ||
	    (rc = pw_json_get_int(root, "warn_before_days", 0, 1, PW_CONFIG_WARN_MAX, path, "$",
	                          &cfg->warn_before_days)) < 0 ||
	    (rc = pw_json_get_int(root, "network_timeout", 0, 1, PW_CONFIG_NET_TIMEOUT_MAX, path,
	                          "$", &cfg->network_timeout)) < 0)
		return rc;
	return 0;
}

/* The baseline: a date, not before since. */
static int check_baseline(const config_json *j, const char *path)
{
	if (j->baseline && !pw_day_valid(j->baseline))
		return pw_error_set(PW_EINPUT,
		                    "%s: $.baseline: expected a date YYYY-MM-DD, got \"%.100s\"",
		                    path, j->baseline);
	if (j->baseline && j->since && strcmp(j->baseline, j->since) < 0)
		return pw_error_set(PW_EINPUT,
		                    "%s: $.baseline: %s is before $.since %s: changes before since "
		                    "are never published anyway",
		                    path, j->baseline, j->since);
	return 0;
}

/* The values' rules, in the order their errors are reported. */
static int check_values(const config_json *j, const char *path)
{
	int rc;
	if (!valid_repository(j->repo))
		return pw_error_set(
		    PW_EINPUT,
		    "%s: $.repository: expected \"owner/name\" as GitHub names them, "
		    "got \"%.100s\"",
		    path, j->repo);
	if (j->since && !pw_day_valid(j->since))
		return pw_error_set(PW_EINPUT,
		                    "%s: $.since: expected a date YYYY-MM-DD, got \"%s\"", path,
		                    j->since);
	if (j->reminders && strcmp(j->reminders, "digest") != 0 &&
	    strcmp(j->reminders, "issues") != 0)
		return pw_error_set(
		    PW_EINPUT, "%s: $.reminders: expected \"digest\" or \"issues\", got \"%.40s\"",
		    path, j->reminders);
	if ((rc = check_baseline(j, path)) < 0)
		return rc;
	if (cJSON_GetArraySize(j->officers) == 0)
		return pw_error_set(PW_EINPUT, "%s: $.officers: at least one officer is needed",
		                    path);
	if (j->authority && !authority_valid(j->authority))
		return pw_error_set(PW_EINPUT,
		                    "%s: $.authority: a name of 1 to %d bytes without control "
		                    "characters",
		                    path, PW_CONFIG_AUTHORITY_MAX);
	return 0;
}

/* The checked values kept in `cfg`. */
static int keep_values(pw_config *cfg, const config_json *j)
{
	cfg->reminders_on_issues = j->reminders && strcmp(j->reminders, "issues") == 0;
	if (j->baseline)
		memcpy(cfg->baseline, j->baseline, 11);
	if (j->since)
		memcpy(cfg->since, j->since, 11);
	if (!(cfg->repository = strdup(j->repo)) ||
	    (j->base && !(cfg->upstream_base = strdup(j->base))) ||
	    (j->ca && !(cfg->ca_file = strdup(j->ca))) ||
	    (j->authority && !(cfg->authority = strdup(j->authority))))
		return pw_error_oom();
	return 0;
}

/* $.labels: extra labels for every issue, each one GitHub takes. */
static int load_labels(pw_config *cfg, const cJSON *labels, const char *path)
{
	size_t i;
	int rc;
	if (!labels)
		return 0;
	if ((rc = load_strings(labels, path, "$.labels", &cfg->labels, &cfg->nlabels)) < 0)
		return rc;
	for (i = 0; i < cfg->nlabels; i++) {
		const char *why = label_problem(cfg->labels[i]);
		if (why)
			return pw_error_set(PW_EINPUT, "%s: $.labels[%zu]: \"%.60s\" %s", path, i,
			                    cfg->labels[i], why);
	}
	return 0;
}

int pw_config_load(pw_config **out, const char *path, const pw_sources *sources)
{
	config_json j;
	cJSON *root = NULL;
	pw_config *cfg;
	int rc;

	*out = NULL;
	memset(&j, 0, sizeof(j));
	cfg = calloc(1, sizeof(*cfg));
	if (!cfg)
		return pw_error_oom();
	cfg->remind_after_days = PW_CONFIG_REMIND_DEFAULT;
	cfg->warn_before_days = PW_CONFIG_WARN_DEFAULT;
	if (!(cfg->path = strdup(path)) || !(cfg->root = pw_path_dirname(path)))
		rc = pw_error_oom();
	else
		rc = pw_json_parse_file(&root, path, CONFIG_MAX_BYTES);
	if (rc == 0 && (rc = read_keys(&j, cfg, root, path)) == 0 &&
	    (rc = parse_signing(&cfg->signing, root, path)) == 0 &&
	    (rc = check_values(&j, path)) == 0 && (rc = keep_values(cfg, &j)) == 0 &&
	    (rc = load_sources(cfg, j.srcs, sources, path)) == 0 &&
	    (rc = load_officers(cfg, j.officers, path)) == 0)
		rc = load_labels(cfg, j.labels, path);
	cJSON_Delete(root);
	if (rc < 0)
		pw_config_free(cfg);
	else
		*out = cfg;
	return rc;
}

int pw_config_network_timeout(int *out, const pw_config *cfg)
{
	const char *env = getenv("PKIWATCH_NETWORK_TIMEOUT");
	char *end;
	long v;

	*out = cfg ? (int)cfg->network_timeout : 0;
	if (!env || !*env)
		return 0;
	errno = 0;
	v = strtol(env, &end, 10);
	if (errno || *end || v < 1 || v > PW_CONFIG_NET_TIMEOUT_MAX)
		return pw_error_set(PW_EINPUT,
		                    "PKIWATCH_NETWORK_TIMEOUT: not a number of seconds (1..%d)",
		                    PW_CONFIG_NET_TIMEOUT_MAX);
	*out = (int)v;
	return 0;
}

int pw_config_source_enabled(const pw_config *cfg, const char *id)
{
	size_t i;
	for (i = 0; i < cfg->nsources; i++)
		if (strcmp(cfg->sources[i], id) == 0)
			return 1;
	return 0;
}

static void free_strings(char **v, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void pw_config_free(pw_config *cfg)
{
	size_t i;

	if (!cfg)
		return;
	free(cfg->path);
	free(cfg->root);
	free(cfg->repository);
	free_strings(cfg->sources, cfg->nsources);
	for (i = 0; i < cfg->nofficers; i++) {
		free(cfg->officers[i].name);
		free(cfg->officers[i].email);
		free(cfg->officers[i].github);
		free_strings(cfg->officers[i].openpgp, cfg->officers[i].nopenpgp);
	}
	free(cfg->officers);
	free_strings(cfg->labels, cfg->nlabels);
	free(cfg->upstream_base);
	free(cfg->ca_file);
	free(cfg->authority);
	pw_config_signing_clear(&cfg->signing);
	free(cfg);
}
