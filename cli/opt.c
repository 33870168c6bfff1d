#include "opt.h"

#include "tool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The synopsis wraps before this column. */
#define SYNOPSIS_WIDTH 90

/* What every command accepts besides its own options (not in its help). */
enum { GLOBAL_NONE, GLOBAL_CONFIG, GLOBAL_CACHE, GLOBAL_HELP };
static const struct {
	const char *name;
	int takes_value;
} globals[] = {{NULL, 0}, {"config", 1}, {"cache", 1}, {"help", 0}};
#define NGLOBALS (sizeof(globals) / sizeof(globals[0]))

static int takes_value(const opt_spec *o)
{
	return o->type != OPT_SWITCH;
}

/* The option "--<name...>" names: exact first, else a unique prefix. Sets
 * *spec or *global; returns 0, or -1 when unknown or ambiguous. */
static int find_long(const opt_command *cmd, const char *name, size_t len, const opt_spec **spec,
                     int *global)
{
	const opt_spec *o, *prefix = NULL;
	size_t g;
	int nprefix = 0, gprefix = GLOBAL_NONE;

	*spec = NULL;
	*global = GLOBAL_NONE;
	for (o = cmd->opts; o->type != OPT_END; o++) {
		if (o->type == OPT_ARG || strncmp(o->name, name, len) != 0)
			continue;
		if (o->name[len] == '\0') {
			*spec = o;
			return 0;
		}
		prefix = o;
		nprefix++;
	}
	for (g = 1; g < NGLOBALS; g++) {
		if (strncmp(globals[g].name, name, len) != 0)
			continue;
		if (globals[g].name[len] == '\0') {
			*global = (int)g;
			return 0;
		}
		gprefix = (int)g;
		nprefix++;
	}
	if (nprefix != 1)
		return -1;
	*spec = prefix;
	*global = prefix ? GLOBAL_NONE : gprefix;
	return 0;
}

static const opt_spec *find_short(const opt_command *cmd, char c)
{
	const opt_spec *o;
	for (o = cmd->opts; o->type != OPT_END; o++)
		if (o->type != OPT_ARG && o->alias && o->alias == c)
			return o;
	return NULL;
}

/* "text|json" as "text or json" ("a, b or c" for more). */
static void choices_text(char *out, size_t n, const char *choices)
{
	const char *p = choices, *bar;
	size_t used = 0;
	out[0] = '\0';
	while (p && used < n) {
		bar = strchr(p, '|');
		used += (size_t)snprintf(out + used, n - used, "%s%.*s",
		                         p == choices ? ""
		                         : bar        ? ", "
		                                      : " or ",
		                         bar ? (int)(bar - p) : (int)strlen(p), p);
		p = bar ? bar + 1 : NULL;
	}
}

static int choice_index(const char *choices, const char *text)
{
	const char *p = choices;
	size_t len = strlen(text);
	int i = 0;
	for (;;) {
		size_t n = strcspn(p, "|");
		if (n == len && strncmp(p, text, n) == 0)
			return i;
		if (!p[n])
			return -1;
		p += n + 1;
		i++;
	}
}

/* Stores the value of option `o`; returns OPT_GO or an exit status. */
static int store(const opt_command *cmd, const opt_spec *o, const char *text)
{
	int rc;
	if (o->check && (rc = o->check(cmd->name, text)) != 0)
		return rc;
	switch (o->type) {
	case OPT_SWITCH:
		*(int *)o->value = 1;
		return OPT_GO;
	case OPT_STRING:
		*(const char **)o->value = text;
		return OPT_GO;
	case OPT_LIST: {
		opt_list *l = o->value;
		const char **p = realloc(l->items, (l->count + 1) * sizeof(*p));
		if (!p) {
			tool_error("out of memory");
			return 1;
		}
		l->items = p;
		l->items[l->count++] = text;
		return OPT_GO;
	}
	case OPT_CHOICE: {
		char want[128];
		int i = choice_index(o->choices, text);
		if (i >= 0) {
			*(int *)o->value = i;
			return OPT_GO;
		}
		choices_text(want, sizeof(want), o->choices);
		return tool_usage(cmd->name, "--%s takes %s, not '%s'", o->name, want, text);
	}
	case OPT_CALL:
		rc = o->parse(cmd->name, text, o->value);
		return rc == 0 ? OPT_GO : rc;
	default:
		return OPT_GO;
	}
}

static int unknown(const opt_command *cmd, const char *arg)
{
	return tool_usage(cmd->name, "unknown or incomplete option '%s'", arg);
}

/* argv[*i] is "--name[=value]"; a value may take argv[*i + 1]. */
static int long_option(const opt_command *cmd, struct pw_tool *t, int argc, char **argv, int *i)
{
	const char *a = argv[*i], *name = a + 2, *eq = strchr(name, '='), *text = NULL;
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const opt_spec *o;
	int global, needs;

	if (find_long(cmd, name, len, &o, &global) < 0)
		return unknown(cmd, a);
	needs = o ? takes_value(o) : globals[global].takes_value;
	if (!needs && eq)
		return unknown(cmd, a);
	if (needs) {
		if (eq)
			text = eq + 1;
		else if (*i + 1 < argc)
			text = argv[++*i];
		else
			return unknown(cmd, a);
	}
	switch (global) {
	case GLOBAL_CONFIG:
		t->config_path = text;
		return OPT_GO;
	case GLOBAL_CACHE:
		t->cache_arg = text;
		return OPT_GO;
	case GLOBAL_HELP:
		opt_help(cmd);
		return 0;
	default:
		return store(cmd, o, text);
	}
}

/* argv[*i] is "-abc": letters of switches, the last may take a value. */
static int short_options(const opt_command *cmd, int argc, char **argv, int *i)
{
	const char *a = argv[*i], *p;
	int rc = OPT_GO;

	for (p = a + 1; *p && rc == OPT_GO; p++) {
		const opt_spec *o = find_short(cmd, *p);
		if (!o)
			return unknown(cmd, a);
		if (!takes_value(o)) {
			rc = store(cmd, o, NULL);
			continue;
		}
		if (p[1])
			return store(cmd, o, p + 1);
		if (*i + 1 >= argc)
			return unknown(cmd, a);
		return store(cmd, o, argv[++*i]);
	}
	return rc;
}

static int has_args(const opt_command *cmd)
{
	const opt_spec *o;
	for (o = cmd->opts; o->type != OPT_END; o++)
		if (o->type == OPT_ARG)
			return 1;
	return 0;
}

int opt_parse(size_t *nargs, const opt_command *cmd, struct pw_tool *t, int argc, char **argv)
{
	size_t npos = 0;
	int i, rc = OPT_GO, only_args = 0;

	for (i = 1; i < argc && rc == OPT_GO; i++) {
		char *a = argv[i];
		if (only_args || a[0] != '-' || a[1] == '\0')
			argv[1 + npos++] = a; /* never ahead of i: nothing unread is overwritten */
		else if (strcmp(a, "--") == 0)
			only_args = 1;
		else if (a[1] == '-')
			rc = long_option(cmd, t, argc, argv, &i);
		else
			rc = short_options(cmd, argc, argv, &i);
	}
	if (rc == OPT_GO && npos && !has_args(cmd))
		rc = tool_usage(cmd->name, "unexpected argument '%s'", argv[1]);
	if (rc != OPT_GO)
		opt_clear(cmd);
	*nargs = rc == OPT_GO ? npos : 0;
	return rc;
}

/* One synopsis item: "[--name VALUE]", "--name VALUE", "ARG", "[--a A --b B]", "[--t T]...". */
static void synopsis_item(char *out, size_t n, const opt_spec **op)
{
	const opt_spec *o = *op;
	size_t used = 0;
	int bracket = o->type != OPT_ARG && !(o->flags & OPT_MANDATORY);

	if (o->type == OPT_ARG) {
		snprintf(out, n, "%s", o->name);
		return;
	}
	used += (size_t)snprintf(out, n, "%s", bracket ? "[" : "");
	for (;;) {
		const char *v = o->choices ? o->choices : o->arg;
		used += (size_t)snprintf(out + used, used < n ? n - used : 0, "--%s%s%s", o->name,
		                         v ? " " : "", v ? v : "");
		if (!(o->flags & OPT_GROUP) || o[1].type == OPT_END)
			break;
		o++;
		used += (size_t)snprintf(out + used, used < n ? n - used : 0, " ");
	}
	snprintf(out + used, used < n ? n - used : 0, "%s%s", bracket ? "]" : "",
	         o->type == OPT_LIST ? "..." : "");
	*op = o;
}

static void print_synopsis(const opt_command *cmd)
{
	const opt_spec *o;
	char item[256];
	int indent, col;

	col = printf("usage: pkiwatch %s", cmd->name);
	indent = col + 1;
	for (o = cmd->opts; o->type != OPT_END; o++) {
		int len;
		synopsis_item(item, sizeof(item), &o);
		len = (int)strlen(item);
		if (col + 1 + len > SYNOPSIS_WIDTH && col > indent) {
			col = printf("\n%*s", indent - 1, "") - 1;
		}
		col += printf(" %s", item);
	}
	printf("\n");
}

static void print_option(const opt_command *cmd, const opt_spec *o)
{
	char label[128];
	const char *p = o->help ? o->help : "";
	int width = cmd->column - 2;

	snprintf(label, sizeof(label), "--%s%s%s%s%c", o->name, o->arg ? " " : "",
	         o->arg ? o->arg : "", o->alias ? ", -" : "", o->alias ? o->alias : '\0');
	printf("  %-*s%s", width, label, (int)strlen(label) >= width ? " " : "");
	for (;;) {
		size_t n = strcspn(p, "\n");
		printf("%.*s\n", (int)n, p);
		if (!p[n])
			break;
		p += n + 1;
		printf("%*s", cmd->column, "");
	}
}

void opt_help(const opt_command *cmd)
{
	const opt_spec *o;

	print_synopsis(cmd);
	printf("\n%s", cmd->about ? cmd->about : "");
	for (o = cmd->opts; o->type != OPT_END; o++)
		if (o->type != OPT_ARG)
			print_option(cmd, o);
	fputs(cmd->after ? cmd->after : "", stdout);
}

void opt_list_clear(opt_list *l)
{
	free(l->items);
	l->items = NULL;
	l->count = 0;
}

void opt_clear(const opt_command *cmd)
{
	const opt_spec *o;
	for (o = cmd->opts; o->type != OPT_END; o++)
		if (o->type == OPT_LIST)
			opt_list_clear(o->value);
}
