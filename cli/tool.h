/* Shared state and helpers of the command-line front end. */
#ifndef PW_TOOL_H
#define PW_TOOL_H

#include "opt.h"

#include <signal.h>

#include "app/forms_answered.h"
#include "app/workspace.h"
#include "core/config.h"
#include "app/mirror_all.h"
#include "app/publish_all.h"
#include "core/sources.h"

typedef struct pw_tool {
	const char *config_path; /* --config, default ./pkiwatch.json */
	const char *cache_arg;   /* --cache */
	pw_workspace *ws;        /* made by tool_open */
} pw_tool;

/* Prints "pkiwatch: <msg>" to stderr. */
void tool_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints the library's last error and returns the exit status for `code`. */
int tool_fail(int code);

/* Usage error: prints it with a hint and returns 2. */
int tool_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* SIGINT, SIGTERM and SIGHUP while a command records something (signoff,
 * respond, responses import): tool_stop_catch notes the first one in
 * tool_stop_signal, which the library sees as its cancellation flag
 * (pw_commit_opts.cancel: stops before anything is recorded); a second one
 * acts as usual (SA_RESETHAND). tool_stop_release puts the previous handlers
 * back and returns `rc`, or 128 + the signal when one came. */
extern volatile sig_atomic_t tool_stop_signal;
void tool_stop_catch(void);
int tool_stop_release(int rc);

/* The check of --tsp T (opt_spec.check): a valid TSP id. */
int tool_check_tsp(const char *cmd, const char *text);

/* The checks of output paths (opt_spec.check): a directory that is or can be
 * made (--out DIR, --outbox DIR), a file that can be written (--ics FILE);
 * a usage error (exit 2) before any work otherwise. */
int tool_check_out_dir(const char *cmd, const char *text);
int tool_check_out_file(const char *cmd, const char *text);

/* One name a --format LIST may hold, and the bit it sets. */
typedef struct {
	const char *name;
	int bit;
} tool_format;

/* --format LIST (the parse of TOOL_OPT_FORMATS): `text`, names of the `n`
 * `formats` separated by commas, as the OR of their bits in *out; for anything
 * else, or nothing, a usage error "--format takes `expected` separated by
 * commas, not 'text'" (exit 2). */
int tool_formats_parse(int *out, const char *cmd, const char *text, const tool_format *formats,
                       size_t n, const char *expected);

/* Option table entries that several commands share: --tsp T selecting one
 * TSP's rows (`v`: const char **), --format text|json (`v`: int *, 1: json). */
#define TOOL_OPT_ONLY_TSP(v)                                                                       \
	{                                                                                          \
		.type = OPT_STRING, .name = "tsp", .value = (v), .arg = "T",                       \
		.check = tool_check_tsp, .help = "only TSP T"                                      \
	}
#define TOOL_OPT_TEXT_JSON(v)                                                                      \
	{                                                                                          \
		.type = OPT_CHOICE, .name = "format", .value = (v), .arg = "F",                    \
		.choices = "text|json", .help = "text (default) or json"                           \
	}
/* --NAME DIR (`v`: const char **): a directory the command writes to,
 * checked as one; `help` says what goes there and the default. */
#define TOOL_OPT_OUT_DIR(v, name_, help_)                                                          \
	{                                                                                          \
		.type = OPT_STRING, .name = (name_), .value = (v), .check = tool_check_out_dir,    \
		.arg = "DIR", .help = (help_)                                                      \
	}
/* --format LIST: the comma-separated formats a command writes (`choices`:
 * as its help lists them, may be NULL), parsed into `v` by `parse`. */
#define TOOL_OPT_FORMATS(v, choices_, parse_, help_)                                               \
	{                                                                                          \
		.type = OPT_CALL, .name = "format", .value = (v), .arg = "LIST",                   \
		.choices = (choices_), .parse = (parse_), .help = (help_)                          \
	}
/* --outbox DIR of publish and sync (`v`: const char **). */
#define TOOL_OPT_OUTBOX(v)                                                                         \
	TOOL_OPT_OUT_DIR(v, "outbox",                                                              \
	                 "the dry run's outbox (default <compliance repository>/out/outbox)")

/* Opens the workspace (once; `tsps` selects the TSP profiles it loads, NULL:
 * all) and loads what every command needs first: the rules' sources, the
 * configuration, the cache directory. On failure prints the error and
 * returns the exit status (non-zero). */
int tool_open(pw_tool *t, const char *const *tsps, size_t ntsps);

/* Initialises libgit2 once per process; returns an exit status. main() does it
 * before every command except those that first start something that overlaps
 * with it (mirror, sync: see lib/upstream/preconnect.h), which call this themselves. */
int tool_git_init(void);

/* Shuts libgit2 down if tool_git_init initialised it. */
void tool_git_shutdown(void);

/* Makes the workspace (once; `tsps` as for tool_open) without loading
 * anything. On failure prints the error and returns the exit status. */
int tool_workspace(pw_tool *t, const char *const *tsps, size_t ntsps);

/* What `publish` and `sync` print of a publish run (cli/cmd_publish.c): its
 * summary lines (also when GitHub refused some issues), the issues refused,
 * then the failure `rc` if any. Returns the exit status. */
int tool_publish_report(pw_tool *t, int rc, const pw_publish_all_result *r);

/* What `mirror` and `sync` print of a mirror run (cli/cmd_mirror.c): the
 * failed sources on stderr, each source's line (text) or the JSON array.
 * Returns the exit status (1 when a source failed). */
int tool_mirror_report(const pw_mirror_all_result *r, int json);

/* --format LIST of a form's files, for `forms` and `responses import`
 * (cli/cmd_forms.c): md, html, pdf as PW_FORMS_ISSUE_* bits in `v` (int *). */
int tool_form_formats_parse(const char *cmd, const char *text, void *value);
#define TOOL_OPT_FORM_FORMATS(v, help_)                                                            \
	TOOL_OPT_FORMATS(v, "md,html,pdf", tool_form_formats_parse, help_)

/* What `forms --answered` and `responses import` print of an answered form
 * made (cli/cmd_forms.c): its TSP, form, answers counted and files. */
void tool_answered_report(const char *form, const pw_forms_answered_result *r);

/* The message while another run holds the cache (pw_mirror_all_opts.lock_wait). */
void tool_lock_wait(const char *path, int timeout, void *payload);

/* Every subcommand, one file each: cli/cmd_<name>.c */
int cmd_mirror(pw_tool *t, int argc, char **argv);
int cmd_changes(pw_tool *t, int argc, char **argv);
int cmd_publish(pw_tool *t, int argc, char **argv);
int cmd_sync(pw_tool *t, int argc, char **argv);
int cmd_baseline(pw_tool *t, int argc, char **argv);
int cmd_signoff(pw_tool *t, int argc, char **argv);
int cmd_forms(pw_tool *t, int argc, char **argv);
int cmd_deadlines(pw_tool *t, int argc, char **argv);
int cmd_respond(pw_tool *t, int argc, char **argv);
int cmd_responses(pw_tool *t, int argc, char **argv);
int cmd_summary(pw_tool *t, int argc, char **argv);
int cmd_verify(pw_tool *t, int argc, char **argv);
int cmd_self_assessment(pw_tool *t, int argc, char **argv);
int cmd_evidence(pw_tool *t, int argc, char **argv);
int cmd_obligations(pw_tool *t, int argc, char **argv);
int cmd_obligation(pw_tool *t, int argc, char **argv);

#endif
