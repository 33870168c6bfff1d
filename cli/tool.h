/* Shared state and helpers of the command-line front end. */
#ifndef PW_TOOL_H
#define PW_TOOL_H

#include "opt.h"

#include <signal.h>

#include "app/workspace.h"
#include "core/config.h"
#include "publish/publish_run.h"
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

/* Untrusted multi-line text for stdout or stderr, in place: each line through
 * pw_utf8_oneline (no escape sequences, BEL, CR), and no line starts (after
 * blanks) with "::", which GitHub Actions runs as a workflow command. Returns
 * the new length. */
size_t tool_clean_lines(char *s);

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

/* The publish run of `publish` and `sync` (cli/cmd_publish.c): runs it into
 * `r` (clear it with pw_publish_run_clear either way) and prints its summary
 * lines; on failure prints the error. Returns the exit status. */
int tool_publish_run(pw_tool *t, int dry, const char *outbox, pw_publish_run *r);

/* The mirror run of `mirror` and `sync` (cli/cmd_mirror.c): mirrors every
 * enabled source (pw_mirror_all_run) and prints the results. Returns the exit
 * status. */
int tool_mirror(pw_tool *t, int reclone, int quiet, int json);

/* Every subcommand, one file each: cli/cmd_<name>.c */
int cmd_mirror(pw_tool *t, int argc, char **argv);
int cmd_changes(pw_tool *t, int argc, char **argv);
int cmd_publish(pw_tool *t, int argc, char **argv);
int cmd_sync(pw_tool *t, int argc, char **argv);
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
