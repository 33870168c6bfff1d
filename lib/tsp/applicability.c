#include "tsp/applicability.h"

#include "util/buf.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

#define CERT_TAGS (PW_TAG_TLS | PW_TAG_EV | PW_TAG_SMIME | PW_TAG_CODE_SIGNING)

const char *pw_applicability_rule_name(unsigned rule)
{
	switch (rule) {
	case PW_APPLY_OFFICER:
		return "officer";
	case PW_APPLY_TYPE:
		return "type";
	case PW_APPLY_NETSEC:
		return "netsec";
	case PW_APPLY_AUDIT:
		return "audit";
	case PW_APPLY_EXTANT:
		return "extant-ca";
	case PW_APPLY_ALL:
		return "all";
	case PW_APPLY_PROGRAM:
		return "root-program";
	}
	return "?";
}

/* The types a TSP (or CA) effectively issues: an EV issuer issues TLS. */
static pw_tagset issued(pw_tagset types)
{
	return types & PW_TAG_EV ? types | PW_TAG_TLS : types;
}

void pw_applicability_clear(pw_applicability *a)
{
	free(a->reason);
	memset(a, 0, sizeof(*a));
}

static int named(const pw_ledger_entry *e, const char *id)
{
	size_t i;
	for (i = 0; i < e->ntsps; i++)
		if (strcmp(e->tsps[i], id) == 0)
			return 1;
	return 0;
}

/* Whether a change of `src` can concern `t` at all: a root program's policy
 * binds the TSPs in that program, for the certificate types it covers. */
static int in_program(const pw_source *src, const pw_tsp *t)
{
	if (!src || !src->root_programs)
		return 1;
	if (!(src->root_programs & t->root_programs))
		return 0;
	return !src->program_types || (issued(t->types) & src->program_types);
}

/* The words of a reason, per language (the TSP profile's "language": the
 * form quotes the reason). Each is a whole phrase around the values. */
typedef struct {
	const char *lang;
	const char *program, *program_end, *programs_end, *officer, *issues, *issues_end, *netsec,
	    *audit, *audit_types, *audit_every, *audit_naming, *audited_under, *extant,
	    *extant_since, *all, *all_program;
} phrases;

static const phrases words[] = {
    {"en", "its hierarchy is in the ", " root program", " root programs",
     "named in the officer's sign-off", "issues ", " certificates",
     "network security requirements bind every TSP", "audit change ",
     "for the certificate types it issues", "for every TSP", " naming ", " (audited under ",
     "operates extant CA '", " since ", "no certificate type or scope tag: applies to every TSP",
     " in the program"},
    {"nl", "uw hiërarchie zit in het ", "-rootprogramma", "-rootprogramma's",
     "genoemd in de vaststelling door de functionaris", "geeft ", "-certificaten uit",
     "de eisen voor netwerkbeveiliging gelden voor elke vertrouwensdienstverlener",
     "auditwijziging ", "voor de certificaattypen die u uitgeeft",
     "voor elke vertrouwensdienstverlener", " over ", " (geaudit onder ", "beheert bestaande CA '",
     " sinds ", "geen certificaattype of reikwijdte: geldt voor elke vertrouwensdienstverlener",
     " in het programma"},
};

static const phrases *words_for(const char *lang)
{
	size_t i;
	for (i = 0; lang && i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i].lang, lang) == 0)
			return &words[i];
	return &words[0];
}

/* "in the chrome root program; ": why a root program's change reaches `t`. */
static int program_reason(pw_buf *b, const pw_source *src, const pw_tsp *t, const phrases *w)
{
	char names[64];
	if (!src || !src->root_programs)
		return 0;
	return pw_buf_printf(
	    b, "%s%s%s", w->program,
	    pw_rootprog_text(src->root_programs & t->root_programs, names, sizeof(names)),
	    (src->root_programs & t->root_programs) & ((src->root_programs & t->root_programs) - 1)
	        ? w->programs_end
	        : w->program_end);
}

/* What the change's requirement lines say about audit schemes
 * (pw_changeset_item.audit_schemes); all zero when unknown. */
typedef struct {
	unsigned schemes;
	int audit_only;
	char *const *criteria; /* per scheme, or NULL */
} audit_scope;

static const audit_scope no_scope = {0, 0, NULL};

static void item_scope(audit_scope *s, const pw_changeset_item *it)
{
	s->schemes = it->audit_schemes;
	s->audit_only = it->audit_only;
	s->criteria = it->audit_criteria;
}

/* The change names audit criteria, none of them of the TSP's scheme. */
static int other_scheme(const audit_scope *s, const pw_tsp *t)
{
	return s->schemes && !(s->schemes & PW_AUDIT_BIT(t->audit.scheme));
}

/* "webtrust criteria (WebTrust for Network Security v2.0)": what the change
 * names instead of the TSP's scheme. */
static int other_names(pw_buf *b, const audit_scope *s)
{
	int sc, rc = 0, first = 1;
	for (sc = PW_AUDIT_ETSI; sc <= PW_AUDIT_WEBTRUST && rc == 0; sc++)
		if (s->schemes & PW_AUDIT_BIT(sc)) {
			rc = pw_buf_printf(b, "%s%s criteria%s%s%s", first ? "" : " and ",
			                   pw_tsp_scheme_name(sc), s->criteria ? " (" : "",
			                   s->criteria && s->criteria[sc] ? s->criteria[sc] : "",
			                   s->criteria ? ")" : "");
			first = 0;
		}
	return rc;
}

static int decide(pw_tagset tags, const pw_source *src, const audit_scope *scope,
                  const pw_ledger_entry *e, const pw_tsp *t, const char *lang,
                  pw_applicability *out)
{
	const phrases *w = words_for(lang);
	pw_tagset c = tags & CERT_TAGS, meet;
	pw_buf b = PW_BUF_INIT;
	char types[96];
	size_t i;
	int ok = 1;

	memset(out, 0, sizeof(*out));
	if (src && src->program_types)
		c &= src->program_types | (src->program_types & PW_TAG_TLS ? PW_TAG_EV : 0);
	meet = c & issued(t->types);
	if (!e || strcmp(e->decision, "applicable") != 0)
		return 0;
	if (e->ntsps > 0) {
		if (!named(e, t->id))
			return 0;
		out->rules = PW_APPLY_OFFICER;
		ok = pw_buf_puts(&b, w->officer) == 0;
		goto done;
	}
	if (!in_program(src, t))
		return 0;
	/* an audit matter alone, for another scheme's TSPs */
	if (scope->audit_only && other_scheme(scope, t))
		return 0;
	if (src && src->root_programs) {
		out->rules |= PW_APPLY_PROGRAM;
		ok = program_reason(&b, src, t, w) == 0;
	}
	if (ok && meet) {
		out->rules |= PW_APPLY_TYPE;
		ok = pw_buf_printf(&b, "%s%s%s%s", b.len ? "; " : "", w->issues,
		                   pw_tsp_types_text(meet, types, sizeof(types)),
		                   w->issues_end) == 0;
	}
	if (ok && (tags & PW_TAG_NETSEC)) {
		out->rules |= PW_APPLY_NETSEC;
		ok = pw_buf_printf(&b, "%s%s", b.len ? "; " : "", w->netsec) == 0;
	}
	if (ok && (tags & PW_TAG_AUDIT) && (!c || meet) && !other_scheme(scope, t)) {
		const char *named = scope->criteria ? scope->criteria[t->audit.scheme] : NULL;
		out->rules |= PW_APPLY_AUDIT;
		ok = pw_buf_printf(&b, "%s%s%s%s%s%s%s)", b.len ? "; " : "", w->audit,
		                   c ? w->audit_types : w->audit_every,
		                   named ? w->audit_naming : "", named ? named : "",
		                   w->audited_under, pw_tsp_scheme_name(t->audit_scheme)) == 0;
	}
	if (ok && (tags & PW_TAG_EXTANT_CA)) {
		for (i = 0; ok && i < t->ncas; i++) {
			pw_tagset m = c & issued(t->cas[i].types);
			if (c && !m)
				continue;
			out->rules |= PW_APPLY_EXTANT;
			ok = pw_buf_printf(
			         &b, "%s%s%s' (%s,%s%s)", b.len ? "; " : "", w->extant,
			         t->cas[i].name,
			         pw_tsp_types_text(c ? m : t->cas[i].types, types, sizeof(types)),
			         w->extant_since, t->cas[i].not_before) == 0;
		}
	}
	if (ok && !(tags & (CERT_TAGS | PW_TAG_NETSEC | PW_TAG_AUDIT | PW_TAG_EXTANT_CA))) {
		out->rules |= PW_APPLY_ALL;
		ok = pw_buf_printf(&b, "%s%s%s", b.len ? "; " : "", w->all,
		                   src && src->root_programs ? w->all_program : "") == 0;
	}
	/* the program alone is no reason: some rule above must hold too */
	if (out->rules == PW_APPLY_PROGRAM)
		out->rules = 0;
done:
	if (!ok) {
		pw_buf_clear(&b);
		out->rules = 0;
		return PW_ENOMEM;
	}
	if (!out->rules) {
		pw_buf_clear(&b);
		return 0;
	}
	out->reason = pw_buf_detach(&b);
	return out->reason ? 0 : pw_error_oom();
}

int pw_applicability_decide(pw_tagset tags, const pw_source *src, const pw_ledger_entry *e,
                            const pw_tsp *t, pw_applicability *out)
{
	return decide(tags, src, &no_scope, e, t, NULL, out);
}

int pw_applicability_binds(const pw_effective_date *d, const pw_tsp *t)
{
	pw_tagset mine = issued(t->types);
	size_t i;
	if (d->derived && d->programs && !(d->programs & t->root_programs))
		return 0;
	/* a stated date narrower than its change: also the types of the
	 * TSP's CAs (an extant CA of a type it no longer issues) */
	for (i = 0; !d->derived && i < t->ncas; i++)
		mine |= issued(t->cas[i].types);
	/* the date's own types (its document's, its section's), read as a
	 * change's are */
	return !(d->types & CERT_TAGS) || (d->types & CERT_TAGS & mine) != 0;
}

int pw_applicability_decide_item(pw_applicability *out, const pw_changeset_item *it,
                                 const pw_ledger_entry *e, const pw_tsp *t)
{
	audit_scope s;
	item_scope(&s, it);
	return decide(it->change.cls.tags, it->source, &s, e, t, NULL, out);
}

int pw_applicability_reason_in(char **out, const pw_changeset_item *it, const pw_ledger_entry *e,
                               const pw_tsp *t, const char *lang)
{
	audit_scope s;
	pw_applicability a;
	int rc;
	*out = NULL;
	item_scope(&s, it);
	if ((rc = decide(it->change.cls.tags, it->source, &s, e, t, lang, &a)) < 0)
		return rc;
	*out = a.reason; /* NULL: does not apply */
	return 0;
}

static int why_not(pw_tagset tags, const pw_source *src, const audit_scope *scope,
                   const pw_ledger_entry *e, const pw_tsp *t, char **out)
{
	pw_tagset c = tags & CERT_TAGS;
	pw_buf b = PW_BUF_INIT;
	char types[96], mine[96], covered[96];
	int rc = 0;

	*out = NULL;
	if (!e)
		rc = pw_buf_puts(&b, "not signed off");
	else if (strcmp(e->decision, "applicable") != 0)
		rc = pw_buf_printf(&b, "signed off %s", e->decision);
	else if (e->ntsps > 0)
		rc = pw_buf_puts(&b, "not named in the officer's sign-off");
	else if (src && src->root_programs && !(src->root_programs & t->root_programs))
		rc = pw_buf_printf(&b, "not in the %s root program (its hierarchy is in %s)",
		                   pw_rootprog_text(src->root_programs, types, sizeof(types)),
		                   pw_rootprog_text(t->root_programs, mine, sizeof(mine)));
	else if (!in_program(src, t))
		rc = pw_buf_printf(&b, "the %s root program covers %s certificates; it issues %s",
		                   pw_rootprog_text(src->root_programs, types, sizeof(types)),
		                   pw_tsp_types_text(src->program_types, covered, sizeof(covered)),
		                   pw_tsp_types_text(t->types, mine, sizeof(mine)));
	else if (scope->audit_only && other_scheme(scope, t)) {
		rc = pw_buf_puts(&b, "an audit change naming only ");
		if (rc == 0)
			rc = other_names(&b, scope);
		if (rc == 0)
			rc = pw_buf_printf(&b, "; audited under %s",
			                   pw_tsp_scheme_name(t->audit.scheme));
	} else {
		if (c)
			rc = pw_buf_printf(&b,
			                   "no matching certificate type (the change concerns %s; "
			                   "it issues %s)",
			                   pw_tsp_types_text(c, types, sizeof(types)),
			                   pw_tsp_types_text(t->types, mine, sizeof(mine)));
		if (rc == 0 && (tags & PW_TAG_AUDIT) && other_scheme(scope, t)) {
			rc = pw_buf_printf(&b, "%saudit change naming only ", b.len ? "; " : "");
			if (rc == 0)
				rc = other_names(&b, scope);
		} else if (rc == 0 && (tags & PW_TAG_AUDIT))
			rc = pw_buf_printf(&b, "%saudit change for other certificate types",
			                   b.len ? "; " : "");
		if (rc == 0 && (tags & PW_TAG_EXTANT_CA))
			rc = pw_buf_printf(&b, "%s%s", b.len ? "; " : "",
			                   t->ncas ? "no extant CA of a matching type"
			                           : "operates no extant CA");
		if (rc == 0 && !b.len)
			rc = pw_buf_puts(&b, "no rule matches");
	}
	if (rc < 0 || !(*out = pw_buf_detach(&b))) {
		pw_buf_clear(&b);
		return pw_error_oom();
	}
	return 0;
}

int pw_applicability_why_not(pw_tagset tags, const pw_source *src, const pw_ledger_entry *e,
                             const pw_tsp *t, char **out)
{
	return why_not(tags, src, &no_scope, e, t, out);
}

int pw_applicability_why_not_item(char **out, const pw_changeset_item *it, const pw_ledger_entry *e,
                                  const pw_tsp *t)
{
	audit_scope s;
	item_scope(&s, it);
	return why_not(it->change.cls.tags, it->source, &s, e, t, out);
}

void pw_applicability_list_clear(pw_applicable_list *l)
{
	size_t i;
	for (i = 0; i < l->count; i++)
		pw_applicability_clear(&l->items[i].why);
	free(l->items);
	free(l->missing);
	memset(l, 0, sizeof(*l));
}

static int by_effective(const void *pa, const void *pb)
{
	const pw_applicable *a = pa, *b = pb;
	int r;
	if (a->effective[0] != b->effective[0])
		return a->effective[0] ? -1 : 1; /* a date first */
	if ((r = strcmp(a->effective, b->effective)) != 0)
		return r;
	if ((r = strcmp(a->item->change.date, b->item->change.date)) != 0)
		return r;
	return strcmp(a->item->change.id, b->item->change.id);
}

int pw_applicability_collect(pw_applicable_list *out, const pw_changeset *set,
                             const pw_ledger *ledger, const pw_tsp *t)
{
	size_t i, j;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < ledger->count; i++) {
		const pw_ledger_entry *e = &ledger->items[i];
		const pw_changeset_item *it;
		pw_applicable *a;
		pw_applicability why;
		if (strcmp(e->decision, "applicable") != 0)
			continue;
		if (!(it = pw_changeset_find(set, e->change))) {
			const char **m = realloc(out->missing, (out->nmissing + 1) * sizeof(*m));
			if (!m) {
				rc = pw_error_oom();
				break;
			}
			out->missing = m;
			m[out->nmissing++] = e->change;
			continue;
		}
		if ((rc = pw_applicability_decide_item(&why, it, e, t)) < 0)
			break;
		if (!why.rules)
			continue;
		if (!(a = realloc(out->items, (out->count + 1) * sizeof(*a)))) {
			pw_applicability_clear(&why);
			rc = pw_error_oom();
			break;
		}
		out->items = a;
		a = &out->items[out->count++];
		memset(a, 0, sizeof(*a));
		a->item = it;
		a->entry = e;
		a->why = why;
		for (j = 0; j < it->change.cls.ndates; j++)
			if (pw_applicability_binds(&it->change.cls.dates[j], t) &&
			    (!a->effective[0] ||
			     strcmp(it->change.cls.dates[j].date, a->effective) < 0))
				memcpy(a->effective, it->change.cls.dates[j].date, 11);
	}
	if (rc < 0) {
		pw_applicability_list_clear(out);
		return rc;
	}
	if (out->count > 1)
		qsort(out->items, out->count, sizeof(*out->items), by_effective);
	return 0;
}

void pw_applicability_drop_answered(pw_applicable_list *l, const pw_tsp *t)
{
	size_t i, j, k = 0;
	for (i = 0; i < l->count; i++) {
		const pw_ledger_entry *e = l->items[i].entry;
		int answered = 0;
		for (j = 0; !answered && j < e->nresponded; j++)
			answered = strcmp(e->responded[j], t->id) == 0;
		if (answered)
			pw_applicability_clear(&l->items[i].why);
		else
			l->items[k++] = l->items[i];
	}
	l->count = k;
}
