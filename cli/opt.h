/* One option table per command: it drives the parsing and produces the
 * command's --help, so that the two cannot drift apart.
 *
 * A command describes itself with an opt_command: its name, the prose of its
 * help and its options, in the order the synopsis shows them. opt_parse walks
 * argv once, stores each option's value where the table says, handles the
 * global options (--config, --cache, --help) and leaves the positional
 * arguments, in order, in argv[1..]. Long options may be abbreviated to any
 * unique prefix and written --name=value or --name value; "--" ends the
 * options. Usage errors name the command and exit with status 2. */
#ifndef PW_CLI_OPT_H
#define PW_CLI_OPT_H

#include <stddef.h>

struct pw_tool;

typedef enum {
	OPT_END = 0, /* ends a table */
	OPT_SWITCH,  /* no value: *(int *)value = 1 */
	OPT_STRING,  /* *(const char **)value = the value (borrowed from argv) */
	OPT_LIST,    /* repeatable: the value appended to *(opt_list *)value */
	OPT_CHOICE,  /* one of `choices` ("text|json"): *(int *)value = its index */
	OPT_CALL,    /* parse(cmd, value text, value) checks and stores it */
	OPT_ARG,     /* a positional argument, named in the synopsis only */
} opt_type;

enum {
	OPT_MANDATORY = 1, /* the synopsis shows it without brackets (the command checks it) */
	OPT_GROUP = 2,     /* shares its synopsis brackets with the next option */
};

/* The values of an OPT_LIST option (borrowed from argv); opt_list_clear frees the array. */
typedef struct {
	const char **items;
	size_t count;
} opt_list;

typedef struct {
	opt_type type;
	const char *name; /* long name without "--"; OPT_ARG: as the synopsis shows it */
	char alias;       /* a one-letter short form (-q), or 0 */
	void *value;      /* where the value goes (see opt_type) */
	const char *arg;  /* the value's name in the option list ("DATE"); NULL: no value */
	/* OPT_CHOICE: the values, '|' between; any type: the synopsis shows this
	 * instead of `arg` */
	const char *choices;
	unsigned flags;   /* OPT_MANDATORY, OPT_GROUP */
	const char *help; /* its description; '\n' starts a continuation line */
	/* OPT_CALL: parses the value into *value; returns 0, or an exit status
	 * after printing why (tool_usage) */
	int (*parse)(const char *cmd, const char *text, void *value);
	/* OPT_STRING, OPT_LIST: when set, checks each value before it is stored;
	 * returns 0 or an exit status, like parse */
	int (*check)(const char *cmd, const char *text);
} opt_spec;

typedef struct {
	const char *name;  /* "changes" */
	const char *about; /* after the synopsis and a blank line, before the options */
	const char *after; /* after the options (may be NULL) */
	int column;        /* where the options' descriptions start */
	const opt_spec *opts;
} opt_command;

/* Keeps going: opt_parse's result when the command should run. */
#define OPT_GO (-1)

/* Parses argv[1..argc) (argv[0] is the command's name) by the table. Returns
 * OPT_GO with the positional arguments in argv[1..1+*nargs), or the exit
 * status to end with: 0 after --help printed the help, 2 after a usage error,
 * 1 when out of memory. Positional arguments are a usage error unless the
 * table has OPT_ARG entries. On any result but OPT_GO the table's lists are
 * cleared. */
int opt_parse(size_t *nargs, const opt_command *cmd, struct pw_tool *t, int argc, char **argv);

/* Prints the command's help (what --help prints) to stdout. */
void opt_help(const opt_command *cmd);

/* Frees the lists the table's OPT_LIST entries point to. */
void opt_clear(const opt_command *cmd);
void opt_list_clear(opt_list *l);

#endif
