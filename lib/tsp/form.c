#include "tsp/form.h"

#include "tsp/obligation.h"
#include "tsp/response.h"

#include "util/mdsafe.h"
#include "classify/changeset.h"
#include "util/day.h"
#include "util/digest.h"
#include "util/error.h"
#include "util/html.h"
#include "util/printpage.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Every string a form prints, per language: a new language is one more entry. */
typedef struct {
	const char *lang;
	const char *title, *confidential, *confidential_end, *field, *value, *form, *tsp,
	    *key_users, *generated, *reply_by, *changes, *intro, *intro_end, *change_id, *source,
	    *link, *sections, *none, *why, *signed_off, *effective, *none_stated, *sections_word,
	    *questions, *question, *answer, *q_impact, *levels, *q_description, *q_days, *q_meet,
	    *yes_no, *q_planned, *q_mitigation, *q_note, *signature, *declaration, *sig_name,
	    *sig_position, *sig_date, *sig_signature, *no_title, *contents, *col_change,
	    *col_effective;
	/* the HTML form's controls and its "save answers" button */
	const char *level_names[4], *yes, *no, *save_hint, *save_button, *saved, *not_saved,
	    *none_answered, *planned_hint;
	/* defined terms and per-CA questions */
	const char *terms_row, *terms_see, *term_defined, *term_changed, *term_removed,
	    *terms_title, *terms_intro, *term_before, *term_after, *term_removed_text, *terms_more,
	    *cas_title, *cas_intro, *ca_word, *ca_reading, *ca_indicative, *ca_none, *ca_falls,
	    *ca_falls_choices, *ca_reason, *ca_action;
	/* the HTML form's per-CA controls */
	const char *ca_falls_names[3], *ca_by;
	/* dates already past when the form is generated */
	const char *in_force_since, *q_compliant, *q_compliant_end, *q_mixed, *q_mixed_mid,
	    *q_mixed_end, *page_word, *page_of, *confidential_page, *authority_row, *issued_by;
	/* a change's status; an indicative reading's text around its values
	 * (notBefore, cut-off date, criterion, term), when it reads yes and no */
	const char *adopted, *proposed, *reading_yes[5], *reading_no[5];
	/* the officer's note for the TSPs on a change (the sign-off's tsp_note) */
	const char *for_you;
	/* a form that replaces earlier ones */
	const char *replaces, *replaces_text;
	/* the record of a form's answers */
	const char *answers_title, *answers_intro, *answers_row, *not_answered, *answers_by;
	/* a record of answers: the changes asked about that no longer apply */
	const char *changes_gone;
} form_text;

static const form_text texts[] = {
    {"en",
     "Impact assessment form",
     "Confidential: for ",
     " only.",
     "Field",
     "Value",
     "Form",
     "Trust Service Provider",
     "Key users",
     "Generated",
     "Reply by",
     "Changes",
     "The policy authority has signed off the changes below as applicable to you. For "
     "each change, please answer the three questions and return the signed form by ",
     ".",
     "Change id",
     "Source",
     "Link",
     "Sections changed",
     "none stated",
     "Why it applies to you",
     "Signed off",
     "Effective dates",
     "none stated",
     "sections",
     "Questions",
     "Question",
     "Answer",
     "1. Expected impact",
     "\\[ \\] none \\[ \\] low \\[ \\] medium \\[ \\] high",
     "Describe the impact",
     "2. Implementation time (days)",
     "3. Can the effective date be met?",
     "\\[ \\] yes \\[ \\] no",
     "If no: planned date",
     "If no: mitigation",
     "Note (optional)",
     "Declaration and signature",
     "We have assessed the changes in this form and the answers above are correct.",
     "Name",
     "Position",
     "Date",
     "Signature",
     "(no subject)",
     "Changes in this form",
     "Change",
     "Earliest effective date",
     {"none", "low", "medium", "high"},
     "yes",
     "no",
     "Fill in the answers below and save them as a response file for the policy authority, "
     "or print the form and sign it.",
     "Save answers",
     "Saved:",
     "Not saved; please answer:",
     "no change is answered yet",
     "YYYY-MM-DD",
     "Defined terms",
     "quoted in full under \"Terms used\" at the end of this form",
     "defined by this change",
     "definition changed by this change",
     "definition removed by this change",
     "Terms used",
     "The defined terms the changes in this form rely on, word for word as the documents "
     "define them in the version each change introduces. Read the questions with these "
     "definitions, not with the everyday meaning of the words.",
     "Before change",
     "After change",
     "Removed by change",
     "more defined terms: see the change records",
     "Your existing CAs",
     "This change concerns CA certificates that already exist. For each of your existing "
     "CAs, say whether it falls under the changed requirement and what you will do by "
     "which date.",
     "CA",
     "Indicative reading (please confirm)",
     "indicative",
     "none: please assess",
     "Falls under the changed requirement?",
     "\\[ \\] yes \\[ \\] no \\[ \\] unsure",
     "Reason",
     "What will be done, by which date",
     {"yes", "no", "unsure"},
     "by (date)",
     "in force since",
     "3. In force since ",
     ": are you compliant?",
     "3. Compliant with what is in force since ",
     ", and can ",
     " be met?",
     "Page",
     "of",
     "Confidential",
     "Policy authority",
     "Issued by",
     "adopted",
     "proposed",
     {"notBefore ", " is before ", ": this CA meets ", " of \"", "\""},
     {"notBefore ", " is not before ", ": this CA does not meet ", " of \"",
      "\", so it is not one"},
     "What this means for you",
     "Replaces",
     " This form replaces the earlier form named above: the questions still open there are "
     "asked again here. Please answer this form; the earlier one is withdrawn.",
     "Impact assessment: answers",
     "The answers the TSP gave to this form, as the policy authority recorded them: a record "
     "for the audit file, not a form to fill in.",
     "Answers recorded",
     "not answered",
     "recorded by",
     "No longer apply (asked on this form, but no longer signed off as applicable to you; "
     "answers about them are not shown here)"},
    {"nl",
     "Formulier impactanalyse",
     "Vertrouwelijk: uitsluitend voor ",
     ".",
     "Veld",
     "Waarde",
     "Formulier",
     "Vertrouwensdienstverlener",
     "Contactpersonen",
     "Aangemaakt",
     "Antwoord uiterlijk",
     "Wijzigingen",
     "De beleidsautoriteit heeft de onderstaande wijzigingen als op u van toepassing "
     "vastgesteld. Beantwoord per wijziging de drie vragen en stuur het ondertekende "
     "formulier uiterlijk ",
     " terug.",
     "Wijzigings-id",
     "Bron",
     "Link",
     "Gewijzigde secties",
     "niet vermeld",
     "Waarom dit op u van toepassing is",
     "Vastgesteld",
     "Ingangsdata",
     "niet vermeld",
     "secties",
     "Vragen",
     "Vraag",
     "Antwoord",
     "1. Verwachte impact",
     "\\[ \\] geen \\[ \\] laag \\[ \\] middel \\[ \\] hoog",
     "Beschrijf de impact",
     "2. Implementatietijd (dagen)",
     "3. Kan de ingangsdatum worden gehaald?",
     "\\[ \\] ja \\[ \\] nee",
     "Zo nee: geplande datum",
     "Zo nee: overbruggingsmaatregelen",
     "Opmerking (optioneel)",
     "Verklaring en ondertekening",
     "Wij hebben de wijzigingen in dit formulier beoordeeld en de bovenstaande antwoorden "
     "zijn juist.",
     "Naam",
     "Functie",
     "Datum",
     "Handtekening",
     "(geen onderwerp)",
     "Wijzigingen in dit formulier",
     "Wijziging",
     "Vroegste ingangsdatum",
     {"geen", "laag", "middel", "hoog"},
     "ja",
     "nee",
     "Vul hieronder de antwoorden in en sla ze op als antwoordbestand voor de "
     "beleidsautoriteit, of druk het formulier af en onderteken het.",
     "Antwoorden opslaan",
     "Opgeslagen:",
     "Niet opgeslagen; beantwoord nog:",
     "er is nog geen wijziging beantwoord",
     "JJJJ-MM-DD",
     "Gedefinieerde begrippen",
     "volledig geciteerd onder \"Gebruikte begrippen\" aan het eind van dit formulier",
     "gedefinieerd door deze wijziging",
     "definitie gewijzigd door deze wijziging",
     "definitie verwijderd door deze wijziging",
     "Gebruikte begrippen",
     "De gedefinieerde begrippen waarop de wijzigingen in dit formulier steunen, letterlijk "
     "zoals de documenten ze definiëren in de versie die elke wijziging invoert. Lees de "
     "vragen met deze definities, niet met de alledaagse betekenis van de woorden.",
     "Vóór wijziging",
     "Na wijziging",
     "Verwijderd door wijziging",
     "meer gedefinieerde begrippen: zie de wijzigingsgegevens",
     "Uw bestaande CA's",
     "Deze wijziging betreft CA-certificaten die al bestaan. Geef voor elk van uw bestaande "
     "CA's aan of die onder de gewijzigde eis valt en wat u vóór welke datum doet.",
     "CA",
     "Indicatieve lezing (graag bevestigen)",
     "indicatief",
     "geen: graag beoordelen",
     "Valt onder de gewijzigde eis?",
     "\\[ \\] ja \\[ \\] nee \\[ \\] onzeker",
     "Reden",
     "Wat wordt er gedaan, vóór welke datum",
     {"ja", "nee", "onzeker"},
     "uiterlijk (datum)",
     "van kracht sinds",
     "3. Van kracht sinds ",
     ": voldoet u hieraan?",
     "3. Voldoet u aan wat sinds ",
     " van kracht is, en kan ",
     " worden gehaald?",
     "Pagina",
     "van",
     "Vertrouwelijk",
     "Beleidsautoriteit",
     "Uitgegeven door",
     "aangenomen",
     "voorgesteld",
     {"notBefore ", " ligt vóór ", ": deze CA voldoet aan ", " van \"", "\""},
     {"notBefore ", " ligt niet vóór ", ": deze CA voldoet niet aan ", " van \"",
      "\", dus valt er niet onder"},
     "Wat dit voor u betekent",
     "Vervangt",
     " Dit formulier vervangt het eerdere formulier hierboven: de vragen die daar nog open "
     "staan, worden hier opnieuw gesteld. Beantwoord dit formulier; het eerdere vervalt.",
     "Impactanalyse: antwoorden",
     "De antwoorden van de vertrouwensdienstverlener op dit formulier, zoals de "
     "beleidsautoriteit ze heeft vastgelegd: een vastlegging voor het auditdossier, geen "
     "formulier om in te vullen.",
     "Antwoorden vastgelegd",
     "niet beantwoord",
     "vastgelegd door",
     "Niet meer van toepassing (gevraagd op dit formulier, maar niet meer beoordeeld als van "
     "toepassing op u; antwoorden daarop staan hier niet)"},
};

int pw_form_id_valid(const char *form, const char *tsp)
{
	size_t n = strlen(tsp), i;
	if (strncmp(form, tsp, n) != 0 || form[n] != '-' || strlen(form + n) != 18 ||
	    form[n + 9] != '-')
		return 0;
	for (i = 1; i < 9; i++)
		if (form[n + i] < '0' || form[n + i] > '9')
			return 0;
	for (i = 10; i < 18; i++)
		if (!((form[n + i] >= '0' && form[n + i] <= '9') ||
		      (form[n + i] >= 'a' && form[n + i] <= 'f')))
			return 0;
	return 1;
}

static const form_text *text_for(const char *lang)
{
	size_t i;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if (strcmp(texts[i].lang, lang) == 0)
			return &texts[i];
	return NULL;
}

int pw_form_language_check(const pw_tsp *t)
{
	char list[64] = "";
	size_t i, n = 0;
	if (text_for(t->language))
		return 0;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]) && n + 8 < sizeof(list); i++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", i ? ", " : "",
		                      texts[i].lang);
	return pw_error_set(PW_EINPUT, "%s: $.language: no form text for '%s' (forms exist in: %s)",
	                    t->file ? t->file : t->id, t->language, list);
}

static int mine(const pw_form *f, const pw_obligation *o);

/* The reply-by rule (form.h): f->reply_by (and reply_late) from f->generated,
 * f->reply_days, the effective dates of f->changes that bind f->tsp and the
 * due dates of the obligations the form lists. */
static int reply_rule(pw_form *f)
{
	const char *next = NULL, *ob = NULL;
	char before[11], floor[11];
	size_t i, k;
	int rc;
	f->reply_late[0] = '\0';
	f->reply_late_obligation = NULL;
	if ((rc = pw_day_add(f->reply_by, f->generated, f->reply_days)) < 0)
		return rc;
	for (i = 0; i < f->changes->count; i++) {
		const pw_classification *c = &f->changes->items[i].item->change.cls;
		for (k = 0; k < c->ndates; k++)
			if (pw_applicability_binds(&c->dates[k], f->tsp) &&
			    strcmp(c->dates[k].date, f->generated) >= 0 &&
			    (!next || strcmp(c->dates[k].date, next) < 0))
				next = c->dates[k].date;
	}
	/* an obligation due on an effective date: the effective date is named */
	for (i = 0; f->obligations && i < f->obligations->count; i++) {
		const pw_obligation *o = &f->obligations->items[i];
		if (mine(f, o) && o->due[0] && strcmp(o->due, f->generated) >= 0 &&
		    (!next || strcmp(o->due, next) < 0)) {
			next = o->due;
			ob = o->id;
		}
	}
	if (!next || strcmp(f->reply_by, next) < 0)
		return 0;
	if ((rc = pw_day_add(before, next, -PW_FORM_REPLY_MARGIN)) < 0 ||
	    (rc = pw_day_add(floor, f->generated, PW_FORM_REPLY_MIN)) < 0)
		return rc;
	memcpy(f->reply_by, strcmp(before, floor) < 0 ? floor : before, 11);
	if (strcmp(f->reply_by, next) >= 0) {
		memcpy(f->reply_late, next, 11);
		f->reply_late_obligation = ob;
	}
	return 0;
}

/* "<tsp id>-<YYYYMMDD>-<8 hex of digest>" */
static void set_id(pw_form *f, const pw_tsp *t, const char *digest)
{
	snprintf(f->id, sizeof(f->id), "%s-%.4s%.2s%.2s-%.8s", t->id, f->generated,
	         f->generated + 5, f->generated + 8, digest);
}

int pw_form_init(pw_form *f, const pw_tsp *t, const pw_applicable_list *changes, const char *today,
                 int reply_days)
{
	pw_buf ids = PW_BUF_INIT;
	char digest[41];
	size_t i;
	int rc = 0;

	memset(f, 0, sizeof(*f));
	if ((rc = pw_form_language_check(t)) < 0)
		return rc;
	f->text = text_for(t->language);
	f->tsp = t;
	f->changes = changes;
	f->reply_days = reply_days;
	if ((rc = pw_day_add(f->generated, today, 0)) < 0 || (rc = reply_rule(f)) < 0)
		return rc;
	for (i = 0; rc == 0 && i < changes->count; i++)
		rc = pw_buf_printf(&ids, "%s\n", changes->items[i].item->change.id);
	if (rc == 0)
		rc = pw_digest_data(digest, ids.ptr ? ids.ptr : "", ids.len);
	pw_buf_clear(&ids);
	if (rc < 0)
		return rc;
	set_id(f, t, digest);
	return 0;
}

/* A link is printed as one only when it is made of plain URL characters. */
static int plain_url(const char *u)
{
	const char *p;
	if (strncmp(u, "https://", 8) != 0 && strncmp(u, "http://", 7) != 0)
		return 0;
	for (p = u; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr(":/._-@%+=?#", *p)))
			return 0;
	return 1;
}

/* "| name | " then the escaped value and " |\n". */
static int row(pw_buf *b, const char *name, const char *value)
{
	int rc = pw_buf_printf(b, "| %s | ", name);
	if (rc == 0)
		rc = pw_mdsafe_doc(b, value);
	return rc ? rc : pw_buf_puts(b, " |\n");
}

/* A change's ballot and title ("SC-81: Shorten the validity ..."), escaped. */
static int change_title(pw_buf *b, const form_text *x, const pw_change *c)
{
	pw_buf title = PW_BUF_INIT;
	int rc = pw_change_title(&title, c);
	if (rc == 0 && c->cls.ballot) {
		rc = pw_mdsafe_doc(b, c->cls.ballot);
		if (rc == 0 && title.len)
			rc = pw_buf_puts(b, ": ");
	}
	if (rc == 0 && (title.len || !c->cls.ballot))
		rc = pw_mdsafe_doc(b, title.len ? title.ptr : x->no_title);
	pw_buf_clear(&title);
	return rc;
}

/* The cover's list of the form's changes: number, ballot and title, date. */
static int contents(const pw_form *f, const form_text *x, pw_buf *b)
{
	size_t i;
	int rc = pw_buf_printf(b, "\n\n**%s**\n\n| # | %s | %s |\n|---|---|---|\n", x->contents,
	                       x->col_change, x->col_effective);
	for (i = 0; rc == 0 && i < f->changes->count; i++) {
		const pw_applicable *a = &f->changes->items[i];
		const pw_change *c = &a->item->change;
		rc = pw_buf_printf(b, "| %zu | ", i + 1);
		if (rc == 0)
			rc = change_title(b, x, c);
		if (rc == 0)
			rc = pw_buf_printf(b, " | %s |\n",
			                   a->effective[0] ? a->effective : x->none_stated);
	}
	return rc;
}

/* On a record of answers: the changes the form asked about that no longer
 * apply to its TSP, after the contents (`after_table`: the contents table
 * ends just before), each by id, ballot and title. */
static int changes_gone(const pw_form *f, const form_text *x, int after_table, pw_buf *b)
{
	size_t i;
	int rc = pw_buf_printf(b, "%s**%s:**\n\n", after_table ? "\n" : "\n\n", x->changes_gone);
	for (i = 0; rc == 0 && i < f->nchanges_gone; i++) {
		rc = pw_buf_puts(b, "- ");
		if (rc == 0)
			rc = pw_mdsafe_code(b, f->changes_gone[i]->id);
		if (rc == 0)
			rc = pw_buf_puts(b, ": ");
		if (rc == 0)
			rc = change_title(b, x, f->changes_gone[i]);
		if (rc == 0)
			rc = pw_buf_puts(b, "\n");
	}
	return rc;
}

/* The TSP's recorded answer to change `c` on a record of answers, or NULL. */
static const pw_response *answer_to(const pw_form *f, const pw_change *c)
{
	return f->answers ? pw_responses_find(f->answers, c->id, f->tsp->id) : NULL;
}

/* The latest answer about an obligation the record of answers lists, when
 * later than *when (its time and by whom), after the obligations' texts. */
static void latest_obligation_answer(const pw_form *f, const char **when, const char **by);

/* "| Answers recorded | 2025-03-05, recorded by Maria Jansen <...> |": the
 * latest answer to the form's changes and obligations; those without one are
 * named "not answered" where they are asked. */
static int answers_recorded(const pw_form *f, const form_text *x, pw_buf *b)
{
	const char *when = NULL, *by = NULL;
	pw_buf v = PW_BUF_INIT;
	size_t i;
	int rc;
	for (i = 0; i < f->changes->count; i++) {
		const pw_response *r = answer_to(f, &f->changes->items[i].item->change);
		if (r && r->received && (!when || strcmp(r->received, when) > 0)) {
			when = r->received;
			by = r->recorded_by;
		}
	}
	latest_obligation_answer(f, &when, &by);
	if (!when)
		return row(b, x->answers_row, x->not_answered);
	rc = pw_buf_printf(&v, "%.10s", when);
	if (rc == 0 && by)
		rc = pw_buf_printf(&v, ", %s %s", x->answers_by, by);
	if (rc == 0)
		rc = row(b, x->answers_row, v.ptr);
	pw_buf_clear(&v);
	return rc;
}

/* A form without changes asks about the TSP's obligations only (the annual
 * self-assessment): its count row and its request (after the obligations'
 * texts below). */
static const char *only_title(const pw_form *f, const form_text *x);
static int only_count_row(const pw_form *f, const form_text *x, pw_buf *b);
static int only_request(const pw_form *f, const form_text *x, pw_buf *b);

static int header(const pw_form *f, const form_text *x, pw_buf *b)
{
	const pw_tsp *t = f->tsp;
	pw_buf users = PW_BUF_INIT;
	char n[32];
	size_t i;
	int rc = pw_buf_printf(b, "# %s\n\n**", only_title(f, x));
	if (rc == 0) {
		pw_buf name = PW_BUF_INIT;
		rc = pw_mdsafe_doc(&name, t->name);
		if (rc == 0)
			rc = pw_buf_printf(b, "%s%s%s", x->confidential, name.ptr ? name.ptr : "",
			                   x->confidential_end);
		pw_buf_clear(&name);
	}
	if (rc == 0)
		rc = pw_buf_printf(b, "**\n\n| %s | %s |\n|---|---|\n| %s | `%s` |\n", x->field,
		                   x->value, x->form, f->id);
	if (rc == 0 && f->nsupersedes) { /* form ids: [a-z0-9-] */
		rc = pw_buf_printf(b, "| %s | ", x->replaces);
		for (i = 0; rc == 0 && i < f->nsupersedes; i++)
			rc = pw_buf_printf(b, "%s`%s`", i ? ", " : "", f->supersedes[i]);
		if (rc == 0)
			rc = pw_buf_puts(b, " |\n");
	}
	if (rc == 0 && f->authority && *f->authority)
		rc = row(b, x->authority_row, f->authority);
	if (rc == 0 && f->officer && *f->officer)
		rc = row(b, x->issued_by, f->officer);
	if (rc == 0) {
		pw_buf tsp = PW_BUF_INIT;
		rc = pw_buf_printf(&tsp, "%s (%s)", t->name, t->id);
		if (rc == 0)
			rc = row(b, x->tsp, tsp.ptr);
		pw_buf_clear(&tsp);
	}
	for (i = 0; rc == 0 && i < t->nusers; i++)
		rc = pw_buf_printf(&users, "%s%s <%s>", i ? "; " : "", t->users[i].name,
		                   t->users[i].email);
	if (rc == 0 && t->nusers)
		rc = row(b, x->key_users, users.ptr);
	pw_buf_clear(&users);
	snprintf(n, sizeof(n), "%zu", f->changes->count);
	if (rc == 0)
		rc = row(b, x->generated, f->generated);
	if (rc == 0)
		rc = pw_buf_printf(b, "| %s | **%s** |\n", x->reply_by, f->reply_by);
	if (rc == 0)
		rc = f->changes->count || f->nchanges_gone ? row(b, x->changes, n)
		                                           : only_count_row(f, x, b);
	if (rc == 0 && f->answers)
		rc = answers_recorded(f, x, b);
	if (rc == 0)
		rc = pw_buf_puts(b, "\n");
	if (rc == 0 && f->answers) { /* a record: no request to answer */
		rc = pw_buf_puts(b, x->answers_intro);
		if (rc == 0 && f->changes->count)
			rc = contents(f, x, b);
		if (rc == 0 && f->nchanges_gone)
			rc = changes_gone(f, x, f->changes->count > 0, b);
		return rc ? rc : pw_buf_puts(b, "\n");
	}
	if (rc == 0 && !f->changes->count)
		return only_request(f, x, b);
	if (rc == 0)
		rc = pw_buf_printf(b, "%s**%s**%s%s", x->intro, f->reply_by, x->intro_end,
		                   f->nsupersedes ? x->replaces_text : "");
	if (rc == 0)
		rc = contents(f, x, b);
	return rc ? rc : pw_buf_puts(b, "\n");
}

static int join_sections(pw_buf *b, const pw_strlist *l)
{
	size_t i;
	int rc = 0;
	for (i = 0; rc == 0 && i < l->count; i++)
		rc = pw_buf_printf(b, "%s%s", i ? ", " : "", l->items[i]);
	return rc;
}

/* ---- defined terms and per-CA questions ---------------------------------- */

/* Quoted forms print at most this many definitions (the rest are named). */
#define FORM_TERMS_MAX 40

static int same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Whether term `t` of change k (its index `j`) came earlier in the form. */
static int term_seen(const pw_form *f, size_t k, size_t j)
{
	const pw_term_ref *t = &f->changes->items[k].item->change.cls.terms[j];
	size_t a, i;
	for (a = 0; a <= k; a++) {
		const pw_classification *c = &f->changes->items[a].item->change.cls;
		for (i = 0; i < (a == k ? j : c->nterms); i++) {
			const pw_term_ref *u = &c->terms[i];
			if (strcmp(u->term, t->term) == 0 &&
			    same_text(u->definition, t->definition) &&
			    same_text(u->changed ? u->old_definition : NULL,
			              t->changed ? t->old_definition : NULL))
				return 1;
		}
	}
	return 0;
}

/* The change's row of defined terms: names, what the change does to them. */
static int change_terms(const form_text *x, const pw_classification *cls, pw_buf *b)
{
	size_t i;
	int rc;
	if (!cls->nterms)
		return 0;
	rc = pw_buf_printf(b, "| %s | ", x->terms_row);
	for (i = 0; rc == 0 && i < cls->nterms; i++) {
		const pw_term_ref *t = &cls->terms[i];
		rc = pw_buf_puts(b, i ? "; " : "");
		if (rc == 0)
			rc = pw_mdsafe_doc(b, t->term);
		if (rc == 0 && t->changed)
			rc = pw_buf_printf(b, " (**%s**)",
			                   !t->old_definition ? x->term_defined
			                   : !t->definition   ? x->term_removed
			                                      : x->term_changed);
	}
	return rc == 0 ? pw_buf_printf(b, "; %s |\n", x->terms_see) : rc;
}

static int terms_part(const pw_form *f, const form_text *x, pw_buf *b)
{
	size_t k, j, shown = 0, more = 0;
	int rc = 0, any = 0;
	for (k = 0; k < f->changes->count; k++)
		any |= f->changes->items[k].item->change.cls.nterms > 0;
	if (!any)
		return 0;
	rc = pw_buf_printf(b, "\n## %s\n\n%s\n", x->terms_title, x->terms_intro);
	for (k = 0; rc == 0 && k < f->changes->count; k++) {
		const pw_classification *c = &f->changes->items[k].item->change.cls;
		for (j = 0; rc == 0 && j < c->nterms; j++) {
			const pw_term_ref *t = &c->terms[j];
			pw_buf where = PW_BUF_INIT;
			if (term_seen(f, k, j))
				continue;
			if (shown == FORM_TERMS_MAX) {
				more++;
				continue;
			}
			shown++;
			rc = pw_buf_puts(b, "\n**");
			if (rc == 0)
				rc = pw_mdsafe_doc(b, t->term);
			if (rc == 0)
				rc = pw_buf_printf(&where, "%s %s", t->document, t->section);
			if (rc == 0)
				rc = pw_buf_puts(b, "** (");
			if (rc == 0)
				rc = pw_mdsafe_doc(b, where.ptr);
			pw_buf_clear(&where);
			if (rc == 0)
				rc = pw_buf_puts(b, ")\n\n");
			if (rc == 0 && t->changed && t->old_definition) {
				rc = pw_buf_printf(
				    b, "%s %zu:\n\n",
				    t->definition ? x->term_before : x->term_removed_text, k + 1);
				if (rc == 0)
					rc = pw_mdsafe_quote_doc(b, t->old_definition);
				if (rc == 0 && t->definition)
					rc =
					    pw_buf_printf(b, "\n%s %zu:\n\n", x->term_after, k + 1);
			}
			if (rc == 0 && t->definition)
				rc = pw_mdsafe_quote_doc(b, t->definition);
		}
	}
	if (rc == 0 && more)
		rc = pw_buf_printf(b, "\n… %zu %s.\n", more, x->terms_more);
	return rc;
}

/* The rest of CA `ca`'s table on a record of answers: the TSP's answer about
 * it, if any. */
static int answered_ca(const pw_form *f, const form_text *x, const pw_classification *cls,
                       const pw_tsp_ca *ca, pw_buf *b)
{
	const pw_response_ca *a = NULL;
	const pw_response *r = NULL;
	pw_buf v = PW_BUF_INIT;
	size_t i;
	int rc;
	for (i = 0; i < f->changes->count; i++)
		if (&f->changes->items[i].item->change.cls == cls)
			r = answer_to(f, &f->changes->items[i].item->change);
	for (i = 0; r && i < r->ncas; i++)
		if (strcmp(r->cas[i].ca, ca->name) == 0)
			a = &r->cas[i];
	rc = pw_buf_printf(b, " |\n| %s | ", x->ca_falls);
	if (rc == 0)
		rc = pw_buf_puts(b, !a                                   ? x->not_answered
		                    : strcmp(a->falls_under, "yes") == 0 ? x->ca_falls_names[0]
		                    : strcmp(a->falls_under, "no") == 0  ? x->ca_falls_names[1]
		                                                         : x->ca_falls_names[2]);
	if (rc == 0)
		rc = pw_buf_puts(b, " |\n");
	if (rc == 0)
		rc = row(b, x->ca_reason, a && a->reason ? a->reason : "");
	if (rc == 0 && a)
		rc = pw_buf_printf(&v, "%s%s%s%s", a->action ? a->action : "",
		                   a->action && a->by[0] ? "; " : "", a->by[0] ? x->ca_by : "",
		                   a->by[0] ? " " : "");
	if (rc == 0 && a && a->by[0])
		rc = pw_buf_puts(&v, a->by);
	if (rc == 0)
		rc = row(b, x->ca_action, v.ptr ? v.ptr : "");
	pw_buf_clear(&v);
	return rc;
}

/* The per-CA questions of a change tagged extant-ca: one table per CA. */
static int change_cas(const pw_form *f, const form_text *x, const pw_classification *cls, pw_buf *b)
{
	const pw_tsp *t = f->tsp;
	size_t i;
	int rc;
	if (!(cls->tags & PW_TAG_EXTANT_CA) || !t->ncas)
		return 0;
	rc = pw_buf_printf(b, "\n**%s**\n\n%s\n", x->cas_title, x->cas_intro);
	for (i = 0; rc == 0 && i < t->ncas; i++) {
		const pw_tsp_ca *ca = &t->cas[i];
		pw_careading rd;
		char types[64];
		int has;
		rc = pw_buf_printf(b, "\n*%s %zu:* ", x->ca_word, i + 1);
		if (rc == 0)
			rc = pw_mdsafe_doc(b, ca->name);
		if (rc == 0)
			rc = pw_buf_printf(
			    b, " (notBefore %s; %s)\n\n| %s | %s |\n|---|---|\n| %s | ",
			    ca->not_before, pw_tsp_types_text(ca->types, types, sizeof(types)),
			    x->question, x->answer, x->ca_reading);
		if (rc < 0)
			break;
		has = pw_careading_for(&rd, f->readings, cls, ca);
		if (has < 0)
			return has;
		if (has) {
			const int yes = strcmp(rd.answer, "yes") == 0;
			const char *const *w = yes ? x->reading_yes : x->reading_no;
			pw_buf why = PW_BUF_INIT;
			rc = pw_buf_printf(b, "%s (%s): ", yes ? x->yes : x->no, x->ca_indicative);
			if (rc == 0)
				rc = pw_buf_printf(&why, "%s%s%s%s%s%s%s%s%s", w[0], rd.not_before,
				                   w[1], rd.cutoff, w[2],
				                   pw_careading_criterion_in(&rd, x->lang), w[3],
				                   rd.term, w[4]);
			if (rc == 0)
				rc = pw_mdsafe_doc(b, why.ptr);
			pw_buf_clear(&why);
		} else {
			rc = pw_buf_puts(b, x->ca_none);
		}
		pw_careading_clear(&rd);
		if (rc == 0 && f->answers)
			rc = answered_ca(f, x, cls, ca, b);
		else if (rc == 0)
			rc =
			    pw_buf_printf(b, " |\n| %s | %s |\n| %s |  |\n| %s |  |\n", x->ca_falls,
			                  x->ca_falls_choices, x->ca_reason, x->ca_action);
	}
	return rc;
}

/* Section `id` of the change, linked to its heading in the change's first
 * document at the change's commit when the classifier found the heading's
 * anchor (trusted parts only: the rules' repository and path, the commit,
 * the anchor's [a-z0-9_%A-F-]); else as text. The id is escaped. */
static int section_ref(pw_buf *b, const pw_changeset_item *it, const char *id)
{
	const pw_change *c = &it->change;
	const char *anchor = pw_classification_anchor(&c->cls, id);
	pw_buf url = PW_BUF_INIT;
	int rc = 0, linked;
	if (anchor && c->ndocs && it->source && it->source->repository)
		rc = pw_buf_printf(&url, "https://github.com/%s/blob/%s/%s#%s",
		                   it->source->repository, c->commit, c->docs[0].path, anchor);
	linked = rc == 0 && url.ptr && plain_url(url.ptr);
	if (rc == 0 && linked)
		rc = pw_buf_putc(b, '[');
	if (rc == 0)
		rc = pw_mdsafe_doc(b, id);
	if (rc == 0 && linked)
		rc = pw_buf_printf(b, "](%s)", url.ptr);
	pw_buf_clear(&url);
	return rc;
}

/* One statement of a date in the form's list: the date (or "in force since"
 * and the date when it is past on the day the form is made), the sections
 * (linked), the statement; upstream text escaped. */
static int date_line(const pw_form *f, const form_text *x, const pw_changeset_item *it,
                     const char *date, const pw_strlist *sections, const char *text, pw_buf *b)
{
	size_t i;
	int rc = strcmp(date, f->generated) < 0
	             ? pw_buf_printf(b, "- **%s %s**", x->in_force_since, date)
	             : pw_buf_printf(b, "- **%s**", date);
	if (rc == 0 && sections->count) {
		/* a section may be a heading title (upstream text): escaped */
		rc = pw_buf_printf(b, " (%s ", x->sections_word);
		for (i = 0; rc == 0 && i < sections->count; i++) {
			rc = pw_buf_puts(b, i ? ", " : "");
			if (rc == 0)
				rc = section_ref(b, it, sections->items[i]);
		}
		if (rc == 0)
			rc = pw_buf_puts(b, ")");
	}
	if (rc == 0 && text && *text) {
		rc = pw_buf_puts(b, ": ");
		if (rc == 0)
			rc = pw_mdsafe_doc(b, text);
	}
	return rc ? rc : pw_buf_puts(b, "\n");
}

static int by_date(const void *a, const void *b)
{
	const pw_effective_date *x = *(const pw_effective_date *const *)a,
	                        *y = *(const pw_effective_date *const *)b;
	return strcmp(x->date, y->date);
}

/* The change's dates that bind the TSP (pw_applicability_binds), sorted, each
 * with every line that states it (SC-81's 2027-03-15: the data reuse period
 * and the validity period). */
static int effective_dates(const pw_form *f, const form_text *x, const pw_changeset_item *it,
                           pw_buf *b)
{
	const pw_classification *cls = &it->change.cls;
	const pw_effective_date **sorted;
	size_t i, k, n = 0;
	int rc = pw_buf_printf(b, "\n**%s**\n\n", x->effective);
	if (rc < 0)
		return rc;
	if (!(sorted = malloc((cls->ndates ? cls->ndates : 1) * sizeof(*sorted))))
		return pw_error_oom();
	for (i = 0; i < cls->ndates; i++)
		if (pw_applicability_binds(&cls->dates[i], f->tsp))
			sorted[n++] = &cls->dates[i];
	if (n == 0) {
		free(sorted);
		return pw_buf_printf(b, "- %s\n", x->none_stated);
	}
	qsort(sorted, n, sizeof(*sorted), by_date); /* stable enough: dates differ */
	for (i = 0; rc == 0 && i < n; i++) {
		const pw_effective_date *d = sorted[i];
		if (d->nitems == 0)
			rc = date_line(f, x, it, d->date, &d->sections, d->text, b);
		for (k = 0; rc == 0 && k < d->nitems; k++)
			rc = date_line(f, x, it, d->date, &d->items[k].sections, d->items[k].text,
			               b);
	}
	free(sorted);
	return rc;
}

/* Question 3 by the change's dates that bind the TSP on the day the form is
 * made: can the date be met; for dates already past, is the TSP compliant
 * since then. */
static int meet_question(const pw_form *f, const form_text *x, const pw_classification *cls,
                         pw_buf *q)
{
	const char *past = NULL, *next = NULL;
	size_t i;
	for (i = 0; i < cls->ndates; i++) {
		const char *d = cls->dates[i].date;
		if (!pw_applicability_binds(&cls->dates[i], f->tsp))
			continue;
		if (strcmp(d, f->generated) < 0) {
			if (!past || strcmp(d, past) > 0)
				past = d;
		} else if (!next || strcmp(d, next) < 0) {
			next = d;
		}
	}
	if (past && next)
		return pw_buf_printf(q, "%s%s%s%s%s", x->q_mixed, past, x->q_mixed_mid, next,
		                     x->q_mixed_end);
	if (past)
		return pw_buf_printf(q, "%s%s%s", x->q_compliant, past, x->q_compliant_end);
	return pw_buf_puts(q, x->q_meet);
}

/* The question table of a record of answers: the TSP's answer in each
 * cell, upstream and TSP text escaped (a line break in an answer is a
 * space: a table cell holds one line). */
static int answered_questions(const pw_form *f, const form_text *x, const pw_response *r,
                              const char *q_meet, pw_buf *b)
{
	static const char *const levels[] = {"none", "low", "medium", "high"};
	char days[32];
	size_t i;
	int rc = pw_buf_printf(b, "\n**%s**\n\n| %s | %s |\n|---|---|\n", x->questions, x->question,
	                       x->answer);
	if (rc < 0 || !r)
		return rc ? rc
		          : pw_buf_printf(b, "| %s | **%s** |\n", x->q_impact, x->not_answered);
	(void)f;
	for (i = 0; i < 4 && strcmp(levels[i], r->impact) != 0; i++)
		;
	rc = row(b, x->q_impact, i < 4 ? x->level_names[i] : r->impact);
	if (rc == 0)
		rc = row(b, x->q_description, r->description ? r->description : "");
	snprintf(days, sizeof(days), "%ld", r->days);
	if (rc == 0)
		rc = row(b, x->q_days, days);
	if (rc == 0)
		rc = pw_buf_printf(b, "| %s | %s |\n", q_meet, r->meets_date ? x->yes : x->no);
	if (rc == 0)
		rc = row(b, x->q_planned, r->planned);
	if (rc == 0)
		rc = row(b, x->q_mitigation, r->mitigation ? r->mitigation : "");
	if (rc == 0)
		rc = row(b, x->q_note, r->note ? r->note : "");
	return rc;
}

static int change(const pw_form *f, const form_text *x, size_t k, pw_buf *b)
{
	const pw_applicable *a = &f->changes->items[k];
	const pw_change *c = &a->item->change;
	const pw_classification *cls = &c->cls;
	pw_buf v = PW_BUF_INIT, q_meet = PW_BUF_INIT;
	int rc;

	/* heading: number, ballot, title */
	rc = pw_buf_printf(b, "\n## %zu. ", k + 1);
	if (rc == 0)
		rc = change_title(b, x, c);
	/* first what the officer says it means for the TSP, quoted */
	if (rc == 0 && a->entry->tsp_note && *a->entry->tsp_note) {
		rc = pw_buf_printf(b, "\n\n**%s**\n\n", x->for_you);
		if (rc == 0)
			rc = pw_mdsafe_quote_doc(b, a->entry->tsp_note);
	}
	if (rc == 0)
		rc = pw_buf_printf(b, "\n\n| %s | %s |\n|---|---|\n| %s | `%s` |\n", x->field,
		                   x->value, x->change_id, c->id);
	if (rc == 0)
		rc = pw_buf_printf(&v, "%s (%s, %s)", c->source,
		                   c->status == PW_STATUS_ADOPTED ? x->adopted : x->proposed,
		                   c->date);
	if (rc == 0)
		rc = row(b, x->source, v.ptr);
	if (rc == 0 && c->url) {
		if (plain_url(c->url))
			rc = pw_buf_printf(b, "| %s | [%s](%s) |\n", x->link, c->url, c->url);
		else
			rc = row(b, x->link, c->url);
	}
	pw_buf_reset(&v);
	if (rc == 0)
		rc = cls->sections.count ? join_sections(&v, &cls->sections)
		                         : pw_buf_puts(&v, x->none);
	if (rc == 0)
		rc = row(b, x->sections, v.ptr);
	if (rc == 0 && strcmp(x->lang, "en") == 0)
		rc = row(b, x->why, a->why.reason);
	else if (rc == 0) { /* the reason in the form's language */
		char *why = NULL;
		rc = pw_applicability_reason_in(&why, a->item, a->entry, f->tsp, x->lang);
		if (rc == 0)
			rc = row(b, x->why, why ? why : a->why.reason);
		free(why);
	}
	if (rc == 0 && a->entry->time) {
		pw_buf_reset(&v);
		rc = pw_buf_printf(&v, "%.10s", a->entry->time);
		if (rc == 0 && a->entry->officer_name && *a->entry->officer_name)
			rc = pw_buf_printf(&v, ", %s", a->entry->officer_name);
		if (rc == 0)
			rc = row(b, x->signed_off, v.ptr);
	}
	if (rc == 0)
		rc = change_terms(x, cls, b);
	pw_buf_clear(&v);
	if (rc == 0)
		rc = effective_dates(f, x, a->item, b);
	if (rc == 0)
		rc = meet_question(f, x, cls, &q_meet);
	if (rc == 0 && f->answers)
		rc = answered_questions(f, x, answer_to(f, c), q_meet.ptr, b);
	else if (rc == 0)
		rc = pw_buf_printf(b,
		                   "\n**%s**\n\n| %s | %s |\n|---|---|\n| %s | %s |\n| %s |  |\n"
		                   "| %s |  |\n| %s | %s |\n| %s |  |\n| %s |  |\n| %s |  |\n",
		                   x->questions, x->question, x->answer, x->q_impact, x->levels,
		                   x->q_description, x->q_days, q_meet.ptr, x->yes_no, x->q_planned,
		                   x->q_mitigation, x->q_note);
	pw_buf_clear(&q_meet);
	if (rc == 0)
		rc = change_cas(f, x, cls, b);
	return rc;
}

/* The texts of "Your obligations", per language (English for a language
 * without its own). */
typedef struct {
	const char *lang, *title, *intro, *due, *status, *milestone, *done, *changes, *statuses[2];
	/* the question of each obligation's status (obliganswer.h) */
	const char *q_title, *q_status, *q_choices, *q_evidence, *q_date, *q_comment,
	    *status_names[4], *word;
	/* a form that asks about obligations only (no change to ask about):
	 * its request (around the reply-by date), its count row and declaration */
	const char *only_title, *only_intro, *only_intro_end, *only_count, *only_declaration,
	    *only_answers_title;
	/* the status of a met and of a waived obligation (a record of answers) */
	const char *closed[2];
	/* a record of answers: the obligations asked about that no longer apply */
	const char *gone;
} oblig_text;

static const oblig_text oblig_texts[] = {
    {"en",
     "Your obligations",
     "What the policy authority tracks that you must do, by when. For each, please say "
     "where you stand under \"Your status\", and send the evidence (audit attestation, "
     "report) to the policy authority.",
     "Due",
     "Status",
     "Milestone",
     "done",
     "Required by",
     {"open", "**overdue**"},
     "Your status",
     "Where do you stand?",
     "\\[ \\] not started \\[ \\] in progress \\[ \\] done \\[ \\] cannot meet",
     "If done: the evidence (document, report or link)",
     "Date: done on; if you cannot meet it, the date you can; otherwise expected by",
     "Comment (optional)",
     {"not started", "in progress", "done", "cannot meet"},
     "Obligation",
     "Obligations: status form",
     "The policy authority asks where you stand on your obligations below. For each, please "
     "answer under \"Your status\" and return the signed form by ",
     ".",
     "Obligations",
     "The answers above about our obligations are correct.",
     "Obligations: answers",
     {"met", "waived"},
     "No longer apply (asked on this form, but no longer derived from the sign-offs, rules "
     "and profile as they are now; answers about them are not shown here)"},
    {"nl",
     "Uw verplichtingen",
     "Wat de beleidsautoriteit bijhoudt dat u moet doen, en uiterlijk wanneer. Geef bij elke "
     "verplichting onder \"Uw stand van zaken\" aan hoe het ervoor staat, en stuur het bewijs "
     "(auditverklaring, rapport) naar de beleidsautoriteit.",
     "Uiterlijk",
     "Status",
     "Mijlpaal",
     "gereed",
     "Vereist door",
     {"open", "**te laat**"},
     "Uw stand van zaken",
     "Hoe staat het ervoor?",
     "\\[ \\] niet begonnen \\[ \\] bezig \\[ \\] gereed \\[ \\] niet haalbaar",
     "Indien gereed: het bewijs (document, rapport of link)",
     "Datum: gereed op; indien niet haalbaar, de datum waarop het wel kan; anders verwacht op",
     "Opmerking (optioneel)",
     {"niet begonnen", "bezig", "gereed", "niet haalbaar"},
     "Verplichting",
     "Formulier stand van zaken verplichtingen",
     "De beleidsautoriteit vraagt hoe het ervoor staat met uw verplichtingen hieronder. Geef "
     "bij elke verplichting onder \"Uw stand van zaken\" antwoord en stuur het ondertekende "
     "formulier uiterlijk ",
     " terug.",
     "Verplichtingen",
     "De bovenstaande antwoorden over onze verplichtingen zijn juist.",
     "Verplichtingen: antwoorden",
     {"voldaan", "vervallen"},
     "Niet meer van toepassing (gevraagd op dit formulier, maar niet meer afgeleid uit de "
     "beoordelingen, regels en het profiel zoals die nu zijn; antwoorden daarop staan hier "
     "niet)"},
};

static const oblig_text *oblig_text_for(const char *lang)
{
	size_t i;
	for (i = 0; i < sizeof(oblig_texts) / sizeof(oblig_texts[0]); i++)
		if (strcmp(oblig_texts[i].lang, lang) == 0)
			return &oblig_texts[i];
	return &oblig_texts[0];
}

/* An obligation the form lists: its TSP's, open or overdue; on a record of
 * answers, every one of its TSP's it is given (those the form asked). */
static int mine(const pw_form *f, const pw_obligation *o)
{
	return strcmp(o->tsp, f->tsp->id) == 0 && (f->answers || o->status == PW_OBLIGATION_OPEN ||
	                                           o->status == PW_OBLIGATION_OVERDUE);
}

static const char *answer_field(const pw_obligation *o, const char *key)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o->answer, key));
}

static void latest_obligation_answer(const pw_form *f, const char **when, const char **by)
{
	size_t i;
	for (i = 0; f->obligations && i < f->obligations->count; i++) {
		const pw_obligation *o = &f->obligations->items[i];
		const char *t = answer_field(o, "time");
		if (mine(f, o) && t && (!*when || strcmp(t, *when) > 0)) {
			*when = t;
			*by = answer_field(o, "by");
		}
	}
}

/* On a record of answers: the TSP's latest answer about `o` in the cells of
 * the status question ("not answered" without one). */
static int answered_obligation(const form_text *x, const oblig_text *y, const pw_obligation *o,
                               pw_buf *b)
{
	static const char *const values[] = {"not-started", "in-progress", "done", "cannot-meet"};
	const char *status = answer_field(o, "status"), *v;
	size_t i;
	int rc = pw_buf_printf(b, "\n**%s**\n\n| %s | %s |\n|---|---|\n", y->q_title, x->question,
	                       x->answer);
	if (rc < 0 || !status)
		return rc ? rc
		          : pw_buf_printf(b, "| %s | **%s** |\n", y->q_status, x->not_answered);
	for (i = 0; i < 4 && strcmp(values[i], status) != 0; i++)
		;
	rc = row(b, y->q_status, i < 4 ? y->status_names[i] : status);
	if (rc == 0)
		rc = row(b, y->q_evidence, (v = answer_field(o, "evidence")) ? v : "");
	if (rc == 0)
		rc = row(b, y->q_date, (v = answer_field(o, "date")) ? v : "");
	if (rc == 0)
		rc = row(b, y->q_comment, (v = answer_field(o, "comment")) ? v : "");
	return rc;
}

static size_t listed_obligations(const pw_form *f);

/* The form's title: a form or a record of answers, about changes or about
 * obligations only. */
static const char *only_title(const pw_form *f, const form_text *x)
{
	const oblig_text *y = oblig_text_for(x->lang);
	if (f->changes->count || f->nchanges_gone)
		return f->answers ? x->answers_title : x->title;
	return f->answers ? y->only_answers_title : y->only_title;
}

static int only_count_row(const pw_form *f, const form_text *x, pw_buf *b)
{
	char n[32];
	snprintf(n, sizeof(n), "%zu", listed_obligations(f));
	return row(b, oblig_text_for(x->lang)->only_count, n);
}

static int only_request(const pw_form *f, const form_text *x, pw_buf *b)
{
	const oblig_text *y = oblig_text_for(x->lang);
	return pw_buf_printf(b, "%s**%s**%s%s\n", y->only_intro, f->reply_by, y->only_intro_end,
	                     f->nsupersedes ? x->replaces_text : "");
}

/* One obligation: its wording as a heading, then a table of its due date,
 * status, milestones (date, done) and the changes it comes from. */
static int obligation_part(const pw_form *f, const form_text *x, const oblig_text *y,
                           const pw_obligation *o, size_t n, pw_buf *b)
{
	size_t i;
	int rc = pw_buf_printf(b, "\n### %zu. ", n);
	if (rc == 0)
		rc = pw_mdsafe_doc(b, o->what);
	if (rc == 0)
		rc = pw_buf_printf(b, "\n\n| %s | %s |\n|---|---|\n| %s | %s |\n| %s | %s |\n",
		                   x->field, x->value, y->due, o->due[0] ? o->due : "-", y->status,
		                   o->status == PW_OBLIGATION_MET ? y->closed[0]
		                   : o->status == PW_OBLIGATION_WAIVED
		                       ? y->closed[1]
		                       : y->statuses[o->status == PW_OBLIGATION_OVERDUE]);
	for (i = 0; rc == 0 && i < o->nmilestones; i++) {
		const pw_obligation_milestone *m = &o->milestones[i];
		rc = pw_buf_printf(b, "| %s %zu: ", y->milestone, i + 1);
		if (rc == 0)
			rc = pw_mdsafe_doc(b, m->what);
		if (rc == 0 && m->done[0])
			rc = pw_buf_printf(b, " | %s (%s %s) |\n", m->due, y->done, m->done);
		else if (rc == 0)
			rc = pw_buf_printf(b, " | %s |\n", m->due);
	}
	if (rc == 0 && o->changes[0])
		rc = pw_buf_printf(b, "| %s | ", y->changes);
	for (i = 0; rc == 0 && o->changes[i]; i++)
		rc = pw_buf_printf(b, "%s%s", i ? ", " : "", o->changes[i]);
	if (rc == 0 && o->changes[0])
		rc = pw_buf_puts(b, " |\n");
	if (rc == 0 && f->answers)
		return answered_obligation(x, y, o, b);
	/* the question (the HTML form puts its controls into the answer cells) */
	if (rc == 0)
		rc = pw_buf_printf(b,
		                   "\n**%s**\n\n| %s | %s |\n|---|---|\n| %s | %s |\n| %s |  |\n"
		                   "| %s |  |\n| %s |  |\n",
		                   y->q_title, x->question, x->answer, y->q_status, y->q_choices,
		                   y->q_evidence, y->q_date, y->q_comment);
	return rc;
}

/* "Your obligations", after the changes (a level-2 heading after the last
 * change's part: the HTML form's question marking stops at the changes). */
static int obligations_part(const pw_form *f, const form_text *x, pw_buf *b)
{
	const oblig_text *y = oblig_text_for(x->lang);
	size_t i, n = 0;
	int rc = 0;
	for (i = 0; f->obligations && i < f->obligations->count; i++)
		n += mine(f, &f->obligations->items[i]);
	if (!n && !f->nobligations_gone)
		return 0;
	/* a record of answers asks nothing */
	rc = f->answers ? pw_buf_printf(b, "\n## %s\n", y->title)
	                : pw_buf_printf(b, "\n## %s\n\n%s\n", y->title, y->intro);
	for (i = 0, n = 0; rc == 0 && f->obligations && i < f->obligations->count; i++)
		if (mine(f, &f->obligations->items[i]))
			rc = obligation_part(f, x, y, &f->obligations->items[i], ++n, b);
	/* what it asked that no longer applies: said, not left out silently */
	if (rc == 0 && f->nobligations_gone)
		rc = pw_buf_printf(b, "\n**%s:** ", y->gone);
	for (i = 0; rc == 0 && i < f->nobligations_gone; i++) {
		if (i)
			rc = pw_buf_puts(b, ", ");
		if (rc == 0)
			rc = pw_mdsafe_code(b, f->obligations_gone[i]);
	}
	if (rc == 0 && f->nobligations_gone)
		rc = pw_buf_puts(b, "\n");
	return rc < 0 ? pw_error_oom() : 0;
}

int pw_form_markdown(pw_buf *out, const pw_form *f)
{
	const form_text *x = f->text;
	pw_form g = *f;
	pw_careadings *own = NULL;
	size_t i;
	int rc = 0;
	if (!g.readings) { /* the rules' readings (rules/extant_cas.json) */
		if ((rc = pw_careadings_load(&own, NULL)) < 0)
			return rc;
		g.readings = own;
	}
	f = &g;
	rc = header(f, x, out);
	for (i = 0; rc == 0 && i < f->changes->count; i++)
		rc = change(f, x, i, out);
	if (rc == 0)
		rc = obligations_part(f, x, out);
	if (rc == 0)
		rc = terms_part(f, x, out);
	if (rc == 0 && !f->answers)
		rc = pw_buf_printf(out,
		                   "\n## %s\n\n%s\n\n| %s | %s |\n|---|---|\n| %s |  |\n| %s |  |\n"
		                   "| %s |  |\n| %s |  |\n",
		                   x->signature,
		                   f->changes->count ? x->declaration
		                                     : oblig_text_for(x->lang)->only_declaration,
		                   x->field, x->value, x->sig_name, x->sig_position, x->sig_date,
		                   x->sig_signature);
	pw_careadings_free(own);
	return rc < 0 ? rc : 0;
}

/* Print CSS after the @page rule (util/printpage: A4, the form id at the top and
 * page numbers at the bottom of every page): a page per change (every h2 starts
 * a page), no external assets. */
static const char css[] =
    "html{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "body{font:10.5pt/1.45 \"DejaVu Sans\",\"Liberation Sans\",Arial,sans-serif;color:#000;"
    "margin:0}\n"
    "@media screen{body{max-width:180mm;margin:1.5em auto;padding:0 1em}"
    "h2{margin-top:2.5em}}\n"
    "h1{font-size:18pt;margin:0 0 8pt}\n"
    "h2{font-size:13.5pt;break-before:page;page-break-before:always;"
    "border-bottom:1px solid #888;padding-bottom:3pt}\n"
    /* fixed layout: long unbreakable upstream text (URLs, section lists, ids)
     * wraps inside its cell instead of widening the table past the margin */
    "table{border-collapse:collapse;width:100%;table-layout:fixed;margin:6pt 0 10pt;"
    "break-inside:auto}\n"
    "tr{break-inside:avoid;page-break-inside:avoid}\n"
    /* a question table (and the line that names it) is not split over pages */
    ".pw-questions{break-inside:avoid;page-break-inside:avoid}\n"
    ".pw-questions>p{break-after:avoid;page-break-after:avoid;margin-bottom:0}\n"
    "th,td{border:1px solid #888;padding:4pt 6pt;text-align:left;vertical-align:top;"
    "overflow-wrap:anywhere;word-break:break-word}\n"
    "h1,h2,p,li{overflow-wrap:anywhere}\n"
    "th{background:#eee}\n"
    "th:first-child{width:38%}\n"
    "th:first-child:nth-last-child(3){width:8%}\n"
    "td:empty{height:2.2em}\n"
    "code{font-family:\"DejaVu Sans Mono\",monospace;font-size:9.5pt;word-break:break-all}\n"
    "@media print{td textarea{resize:none}}\n"
    "a{color:#000;word-break:break-all}\n"
    "li{margin:2pt 0}\n"
    /* quoted definitions */
    "blockquote{margin:3pt 0 6pt;padding:1pt 0 1pt 8pt;border-left:3px solid #999;font-size:9.5pt;"
    "overflow-wrap:anywhere}\n"
    "blockquote p{margin:3pt 0}blockquote ol,blockquote ul{margin:2pt 0;padding-left:1.6em}\n"
    /* the answers: real form controls that print as boxes and circles */
    ".pw-choice{display:inline-block;margin:0 1.1em 2pt 0;white-space:nowrap}\n"
    /* drawn by the CSS, not the widget toolkit: WeasyPrint draws no radio
     * widgets, and the boxes look the same in every renderer */
    ".pw-choice input{-webkit-appearance:none;appearance:none;display:inline-block;"
    "box-sizing:border-box;width:9pt;height:9pt;border:1px solid #333;border-radius:50%;"
    "margin:0 .35em 0 0;vertical-align:-1pt;background:#fff}\n"
    ".pw-choice input:checked{background:radial-gradient(circle,#000 0,#000 35%,#fff 45%)}\n"
    "td input[type=text],td textarea{width:100%;box-sizing:border-box;font:inherit;"
    "border:1px solid #999;padding:2pt 3pt;background:#fff;color:#000}\n"
    "td input[type=text]{height:1.8em;display:block}\n"
    "td textarea{height:4.2em;resize:vertical;display:block}\n"
    "td input.pw-days{width:8em}\n"
    "td textarea.pw-note{height:2.4em}\n"
    ".pw-by{display:block;margin-top:3pt}.pw-by input.pw-days{display:inline-block}\n"
    "[hidden]{display:none!important}\n"
    "#pw-save-bar{border:1px solid #888;background:#f4f4f4;padding:4pt 8pt;margin:0 0 10pt}\n"
    "#pw-save-bar p{margin:3pt 0}\n"
    "@media print{.pw-screen{display:none!important}}\n";

static const char script[] =
    "(function () {\n"
    "  \"use strict\";\n"
    "  var form = document.getElementById(\"pw-answers\");\n"
    "  var bar = document.getElementById(\"pw-save-bar\");\n"
    "  var button = document.getElementById(\"pw-save\");\n"
    "  var status = document.getElementById(\"pw-save-status\");\n"
    "  if (!form || !bar || !button || !status || !window.Blob || !window.URL) return;\n"
    "  function value(name) {\n"
    "    var el = form.elements[name];\n"
    "    return el && typeof el.value === \"string\" ? el.value.trim() : \"\";\n"
    "  }\n"
    "  /* YYYY-MM-DD and a day of the calendar (import refuses 2025-02-30) */\n"
    "  function realDate(s) {\n"
    "    if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(s)) return false;\n"
    "    var d = new Date(s + \"T00:00:00Z\");\n"
    "    return !isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;\n"
    "  }\n"
    "  /* The per-CA answers of change k (cK-caN-*): a CA left blank is left\n"
    "   * out; what is missing goes to `problems`. */\n"
    "  function caAnswers(k, problems) {\n"
    "    var cas = [];\n"
    "    for (var i = 1; form.elements[\"c\" + k + \"-ca\" + i + \"-name\"]; i++) {\n"
    "      var p = \"c\" + k + \"-ca\" + i + \"-\";\n"
    "      var name = form.elements[p + \"name\"].value, falls = value(p + \"falls\");\n"
    "      var reason = value(p + \"reason\"), action = value(p + \"action\");\n"
    "      var by = value(p + \"by\");\n"
    "      if (!falls && !reason && !action && !by) continue;\n"
    "      var c = {ca: name};\n"
    "      if (falls !== \"yes\" && falls !== \"no\" && falls !== \"unsure\")\n"
    "        problems.push(k + \": \" + name + \": \" + form.getAttribute(\"data-q-ca-falls\"));\n"
    "      else c.falls_under = falls;\n"
    "      if (reason) c.reason = reason;\n"
    "      if (action) c.action = action;\n"
    "      if (by && !realDate(by))\n"
    "        problems.push(k + \": \" + name + \": \" + form.getAttribute(\"data-q-ca-by\"));\n"
    "      else if (by) c.by = by;\n"
    "      cas.push(c);\n"
    "    }\n"
    "    return cas;\n"
    "  }\n"
    "  /* The answers about the obligations (oN-*): an obligation left blank is\n"
    "   * left out; what is missing goes to `problems`. */\n"
    "  function obligationAnswers(problems) {\n"
    "    var n = parseInt(form.getAttribute(\"data-obligations\"), 10) || 0, list = [];\n"
    "    var word = form.getAttribute(\"data-o-word\") + \" \";\n"
    "    for (var i = 1; i <= n; i++) {\n"
    "      var p = \"o\" + i + \"-\";\n"
    "      var st = value(p + \"status\"), ev = value(p + \"evidence\");\n"
    "      var d = value(p + \"date\"), cm = value(p + \"comment\");\n"
    "      if (!st && !ev && !d && !cm) continue;\n"
    "      var o = {obligation: value(p + \"id\")};\n"
    "      if (!st) problems.push(word + i + \": \" + form.getAttribute(\"data-q-ostatus\"));\n"
    "      else o.status = st;\n"
    "      if (ev) o.evidence = ev;\n"
    "      else if (st === \"done\")\n"
    "        problems.push(word + i + \": \" + form.getAttribute(\"data-q-oevidence\"));\n"
    "      if (d && !realDate(d) || !d && st === \"cannot-meet\")\n"
    "        problems.push(word + i + \": \" + form.getAttribute(\"data-q-odate\"));\n"
    "      else if (d) o.date = d;\n"
    "      if (cm) o.comment = cm;\n"
    "      list.push(o);\n"
    "    }\n"
    "    return list;\n"
    "  }\n"
    "  /* The response file of `pkiwatch responses import`: every change with an\n"
    "   * answer; a change left blank is left out. */\n"
    "  function answers() {\n"
    "    var n = parseInt(form.getAttribute(\"data-changes\"), 10) || 0;\n"
    "    var out = {tsp: form.getAttribute(\"data-tsp\"), form: form.getAttribute(\"data-form\"),\n"
    "               responses: []};\n"
    "    var problems = [];\n"
    "    for (var k = 1; k <= n; k++) {\n"
    "      var p = \"c\" + k + \"-\";\n"
    "      var impact = value(p + \"impact\"), days = value(p + \"days\"), meets = value(p + "
    "\"meets\");\n"
    "      var description = value(p + \"description\"), planned = value(p + \"planned\");\n"
    "      var mitigation = value(p + \"mitigation\"), note = value(p + \"note\");\n"
    "      var cas = caAnswers(k, problems);\n"
    "      if (!impact && !days && !meets && !description && !planned && !mitigation && !note &&\n"
    "          !cas.length)\n"
    "        continue;\n"
    "      var r = {change: value(p + \"change\")};\n"
    "      if (!impact) problems.push(k + \": \" + form.getAttribute(\"data-q-impact\"));\n"
    "      else r.impact = impact;\n"
    "      if (description) r.description = description;\n"
    "      if (!/^[0-9]+$/.test(days) || parseInt(days, 10) > 3650)\n"
    "        problems.push(k + \": \" + form.getAttribute(\"data-q-days\"));\n"
    "      else r.days = parseInt(days, 10);\n"
    "      if (meets !== \"yes\" && meets !== \"no\")\n"
    "        problems.push(k + \": \" + form.getAttribute(\"data-q-meet\"));\n"
    "      else r.meets_date = meets === \"yes\";\n"
    "      if (meets === \"no\") {\n"
    "        if (!realDate(planned))\n"
    "          problems.push(k + \": \" + form.getAttribute(\"data-q-planned\"));\n"
    "        else r.planned = planned;\n"
    "      }\n"
    "      if (mitigation) r.mitigation = mitigation;\n"
    "      if (note) r.note = note;\n"
    "      if (cas.length) r.cas = cas;\n"
    "      out.responses.push(r);\n"
    "    }\n"
    "    var obligations = obligationAnswers(problems);\n"
    "    if (obligations.length) out.obligations = obligations;\n"
    "    if (!out.responses.length && !obligations.length && !problems.length)\n"
    "      problems.push(form.getAttribute(\"data-none\"));\n"
    "    return {file: out, problems: problems};\n"
    "  }\n"
    "  button.addEventListener(\"click\", function () {\n"
    "    var a = answers();\n"
    "    if (a.problems.length) {\n"
    "      status.textContent = form.getAttribute(\"data-not-saved\") + \" \" + "
    "a.problems.join(\"; \");\n"
    "      return;\n"
    "    }\n"
    "    var text = JSON.stringify(a.file, null, 2) + \"\\n\";\n"
    "    var link = document.createElement(\"a\");\n"
    "    link.href = URL.createObjectURL(new Blob([text], {type: \"application/json\"}));\n"
    "    link.download = a.file.form + \"-answers.json\";\n"
    "    document.body.appendChild(link);\n"
    "    link.click();\n"
    "    document.body.removeChild(link);\n"
    "    status.textContent = form.getAttribute(\"data-saved\") + \" \" + link.download;\n"
    "  });\n"
    "  bar.hidden = false;\n"
    "})();\n";

/* ` name="<value escaped>"` */
static int attr(pw_buf *b, const char *name, const char *value)
{
	int rc = pw_buf_printf(b, " %s=\"", name);
	if (rc == 0)
		rc = pw_html_escape(b, value);
	return rc ? rc : pw_buf_putc(b, '"');
}

/* Radio buttons named c<k>-<name> (o<k>-<name> for obligation k) with the
 * given values and labels. */
static int radios_of(pw_buf *b, char kind, size_t k, const char *name, const char *const *values,
                     const char *const *labels, size_t n)
{
	size_t i;
	int rc = 0;
	for (i = 0; rc == 0 && i < n; i++) {
		rc = pw_buf_printf(b,
		                   "<label class=\"pw-choice\"><input type=\"radio\" "
		                   "name=\"%c%zu-%s\" value=\"%s\">",
		                   kind, k, name, values[i]);
		if (rc == 0)
			rc = pw_html_escape(b, labels[i]);
		if (rc == 0)
			rc = pw_buf_puts(b, "</label>");
	}
	return rc;
}

static int radios(pw_buf *b, size_t k, const char *name, const char *const *values,
                  const char *const *labels, size_t n)
{
	return radios_of(b, 'c', k, name, values, labels, n);
}

/* The `n`-th (1-based) obligation the form lists under "Your obligations". */
static const pw_obligation *listed_obligation(const pw_form *f, size_t n)
{
	size_t i;
	for (i = 0; f->obligations && i < f->obligations->count; i++)
		if (mine(f, &f->obligations->items[i]) && --n == 0)
			return &f->obligations->items[i];
	return NULL;
}

static size_t listed_obligations(const pw_form *f)
{
	size_t i, n = 0;
	for (i = 0; f->obligations && i < f->obligations->count; i++)
		n += mine(f, &f->obligations->items[i]);
	return n;
}

size_t pw_form_obligation_count(const pw_form *f)
{
	return listed_obligations(f);
}

const char *pw_form_obligation_id(const pw_form *f, size_t i)
{
	const pw_obligation *o = listed_obligation(f, i + 1);
	return o ? o->id : NULL;
}

int pw_form_ask_obligations(pw_form *f, const struct pw_obligations *obs)
{
	pw_buf ids = PW_BUF_INIT;
	char digest[41];
	size_t i, n;
	int rc;
	f->obligations = obs;
	/* their due dates are dates the answers are needed before */
	if ((rc = reply_rule(f)) < 0 || f->changes->count)
		return rc;
	n = listed_obligations(f);
	for (i = 1; rc == 0 && i <= n; i++)
		rc = pw_buf_printf(&ids, "obligation %s\n", listed_obligation(f, i)->id);
	if (rc == 0)
		rc = pw_digest_data(digest, ids.ptr ? ids.ptr : "", ids.len);
	pw_buf_clear(&ids);
	if (rc < 0)
		return rc;
	set_id(f, f->tsp, digest);
	return 0;
}

/* The control answering question `q` (0: status, 1: evidence, 2: date, 3:
 * comment) about obligation `n`: fields o<n>-status, -evidence, -date,
 * -comment, its id in o<n>-id. */
static int oblig_control(const pw_form *f, size_t n, int q, pw_buf *b)
{
	static const char *const values[] = {"not-started", "in-progress", "done", "cannot-meet"};
	const oblig_text *y = oblig_text_for(((const form_text *)f->text)->lang);
	const pw_obligation *o = listed_obligation(f, n);
	int rc = 0;
	if (!o)
		return pw_error_set(PW_ERROR, "form: a damaged answer mark");
	switch (q) {
	case 0:
		rc = pw_buf_printf(b, "<input type=\"hidden\" name=\"o%zu-id\"", n);
		if (rc == 0)
			rc = attr(b, "value", o->id);
		if (rc == 0)
			rc = pw_buf_puts(b, ">");
		if (rc == 0)
			rc = radios_of(b, 'o', n, "status", values, y->status_names, 4);
		break;
	case 1:
		rc = pw_buf_printf(b, "<textarea name=\"o%zu-evidence\" rows=\"2\"></textarea>", n);
		break;
	case 2:
		rc = pw_buf_printf(b,
		                   "<input type=\"text\" class=\"pw-days\" name=\"o%zu-date\" "
		                   "pattern=\"[0-9]{4}-[0-9]{2}-[0-9]{2}\" size=\"12\"",
		                   n);
		if (rc == 0)
			rc = attr(b, "placeholder", ((const form_text *)f->text)->planned_hint);
		if (rc == 0)
			rc = pw_buf_puts(b, ">");
		break;
	default:
		rc = pw_buf_printf(
		    b, "<textarea class=\"pw-note\" name=\"o%zu-comment\" rows=\"1\"></textarea>",
		    n);
	}
	return rc;
}

/* The control answering question `q` (0: impact .. 5: mitigation, 6: note) of
 * change k. */
static int control(const pw_form *f, size_t k, int q, pw_buf *b)
{
	static const char *const levels[] = {"none", "low", "medium", "high"};
	static const char *const yes_no[] = {"yes", "no"};
	const form_text *x = f->text;
	const char *yn_labels[2];
	int rc = 0;
	yn_labels[0] = x->yes;
	yn_labels[1] = x->no;
	switch (q) {
	case 0:
		rc = pw_buf_puts(b, "<input type=\"hidden\"");
		if (rc == 0)
			rc = pw_buf_printf(b, " name=\"c%zu-change\"", k);
		if (rc == 0)
			rc = attr(b, "value", f->changes->items[k - 1].item->change.id);
		if (rc == 0)
			rc = pw_buf_puts(b, ">");
		if (rc == 0)
			rc = radios(b, k, "impact", levels, x->level_names, 4);
		break;
	case 1:
		rc = pw_buf_printf(b, "<textarea name=\"c%zu-description\" rows=\"3\"></textarea>",
		                   k);
		break;
	case 2:
		rc = pw_buf_printf(b,
		                   "<input type=\"text\" class=\"pw-days\" name=\"c%zu-days\" "
		                   "inputmode=\"numeric\" pattern=\"[0-9]{1,4}\" size=\"6\">",
		                   k);
		break;
	case 3:
		rc = radios(b, k, "meets", yes_no, yn_labels, 2);
		break;
	case 4:
		rc = pw_buf_printf(b,
		                   "<input type=\"text\" class=\"pw-days\" name=\"c%zu-planned\" "
		                   "pattern=\"[0-9]{4}-[0-9]{2}-[0-9]{2}\" size=\"12\"",
		                   k);
		if (rc == 0)
			rc = attr(b, "placeholder", x->planned_hint);
		if (rc == 0)
			rc = pw_buf_puts(b, ">");
		break;
	case 5:
		rc = pw_buf_printf(b, "<textarea name=\"c%zu-mitigation\" rows=\"3\"></textarea>",
		                   k);
		break;
	default:
		rc = pw_buf_printf(
		    b, "<textarea class=\"pw-note\" name=\"c%zu-note\" rows=\"1\"></textarea>", k);
	}
	return rc;
}

/* The control answering question `q` (0: falls under, 1: reason, 2: action
 * and by when) about CA `ca` (1-based, the TSP's extant_cas order) of change
 * k: fields named c<k>-ca<ca>-<name>, the CA's name in c<k>-ca<ca>-name. */
static int ca_control(const pw_form *f, size_t k, size_t ca, int q, pw_buf *b)
{
	static const char *const falls[] = {"yes", "no", "unsure"};
	const form_text *x = f->text;
	char name[32];
	int rc = 0;
	switch (q) {
	case 0:
		rc = pw_buf_printf(b, "<input type=\"hidden\" name=\"c%zu-ca%zu-name\"", k, ca);
		if (rc == 0)
			rc = attr(b, "value", f->tsp->cas[ca - 1].name);
		if (rc == 0)
			rc = pw_buf_puts(b, ">");
		snprintf(name, sizeof(name), "ca%zu-falls", ca);
		if (rc == 0)
			rc = radios(b, k, name, falls, x->ca_falls_names, 3);
		break;
	case 1:
		rc = pw_buf_printf(b, "<textarea name=\"c%zu-ca%zu-reason\" rows=\"2\"></textarea>",
		                   k, ca);
		break;
	default:
		rc = pw_buf_printf(b,
		                   "<textarea name=\"c%zu-ca%zu-action\" rows=\"2\"></textarea>"
		                   "<label class=\"pw-by\">",
		                   k, ca);
		if (rc == 0)
			rc = pw_html_escape(b, x->ca_by);
		if (rc == 0)
			rc = pw_buf_printf(b,
			                   " <input type=\"text\" class=\"pw-days\" "
			                   "name=\"c%zu-ca%zu-by\" "
			                   "pattern=\"[0-9]{4}-[0-9]{2}-[0-9]{2}\" size=\"12\"",
			                   k, ca);
		if (rc == 0)
			rc = attr(b, "placeholder", x->planned_hint);
		if (rc == 0)
			rc = pw_buf_puts(b, "></label>");
	}
	return rc;
}

/* cmark-gfm's table cells cannot hold raw HTML unless the whole document is
 * rendered unsafe, so the answer cells of the question tables get a
 * placeholder that is replaced by the form controls after rendering. It
 * carries part of the digest of the Markdown, which holds the upstream text:
 * that text cannot contain the digest of a document containing itself. */
#define QUESTIONS 7
/* the status question of an obligation: status, evidence, date, comment */
#define OBLIG_QUESTIONS 4

static int is_questions_par(cmark_node *n, const char *title)
{
	cmark_node *strong = cmark_node_first_child(n), *text;
	const char *lit;
	if (cmark_node_get_type(n) != CMARK_NODE_PARAGRAPH || !strong ||
	    cmark_node_get_type(strong) != CMARK_NODE_STRONG || cmark_node_next(strong))
		return 0;
	text = cmark_node_first_child(strong);
	return text && cmark_node_get_type(text) == CMARK_NODE_TEXT && !cmark_node_next(text) &&
	       (lit = cmark_node_get_literal(text)) && strcmp(lit, title) == 0;
}

/* Replaces the content of answer cell `cell` by the text `mark`. */
static int mark_cell(cmark_node *cell, const char *mark)
{
	cmark_node *c, *t;
	while ((c = cmark_node_first_child(cell)) != NULL)
		cmark_node_free(c);
	if (!(t = cmark_node_new(CMARK_NODE_TEXT)) || !cmark_node_set_literal(t, mark) ||
	    !cmark_node_append_child(cell, t)) {
		cmark_node_free(t);
		return pw_error_oom();
	}
	return 0;
}

/* Marks the answer cells of the rows after the header, from row `first`
 * (0: the first after the header) on, `n` of them: "PWQ<nonce>-<key>-<q>."
 * (q counted from `first`). */
static int mark_rows_as(cmark_node *table, const char *key, int first, int n, const char *nonce)
{
	cmark_node *row = cmark_node_first_child(table), *cell;
	char mark[96];
	int q = 0, rc;
	if (!row || !cmark_gfm_extensions_get_table_row_is_header(row))
		return pw_error_set(PW_ERROR, "form: question table %s without a header", key);
	for (row = cmark_node_next(row); row && q < first + n; row = cmark_node_next(row), q++) {
		if (q < first)
			continue;
		cell = cmark_node_first_child(row);
		cell = cell ? cmark_node_next(cell) : NULL;
		if (!cell)
			return pw_error_set(PW_ERROR, "form: question table %s: no answer cell",
			                    key);
		snprintf(mark, sizeof(mark), "PWQ%s-%s-%d.", nonce, key, q - first);
		if ((rc = mark_cell(cell, mark)) < 0)
			return rc;
	}
	if (q != first + n)
		return pw_error_set(PW_ERROR, "form: question table %s: %d rows", key, q);
	return 0;
}

/* "PWQ<nonce>-<k>-<q>." for the question table of change k (ca 0),
 * "PWQ<nonce>-<k>-c<ca>-<q>." for CA `ca`'s. */
static int mark_rows(cmark_node *table, size_t k, size_t ca, int first, int n, const char *nonce)
{
	char key[48];
	if (ca)
		snprintf(key, sizeof(key), "%zu-c%zu", k, ca);
	else
		snprintf(key, sizeof(key), "%zu", k);
	return mark_rows_as(table, key, first, n, nonce);
}

/* Moves the sibling blocks `first` .. `last` into a <div class="pw-questions">
 * (a custom block: cmark-gfm writes its own tags, never upstream text) that
 * print keeps on one page; *at gets the div. */
static int keep_together(cmark_node **at, cmark_node *first, cmark_node *last)
{
	cmark_node *div = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK), *n, *next;
	if (!div || !cmark_node_set_on_enter(div, "<div class=\"pw-questions\">") ||
	    !cmark_node_set_on_exit(div, "</div>") || !cmark_node_insert_before(first, div)) {
		cmark_node_free(div);
		return pw_error_oom();
	}
	for (n = first; n; n = next) {
		next = n == last ? NULL : cmark_node_next(n);
		if (!cmark_node_append_child(div, n))
			return pw_error_set(PW_ERROR,
			                    "form: cannot keep a question table together");
	}
	*at = div;
	return 0;
}

/* The per-CA tables of change k (1-based) that change_cas writes: rows
 * indicative reading, falls under, reason, action; the last three answered. */
#define CA_QUESTIONS 3

static size_t ca_tables(const pw_form *f, size_t k)
{
	const pw_classification *cls = &f->changes->items[k - 1].item->change.cls;
	return (cls->tags & PW_TAG_EXTANT_CA) ? f->tsp->ncas : 0;
}

static int is_table(cmark_node *n)
{
	return n && strcmp(cmark_node_get_type_string(n), "table") == 0;
}

/* 1 when heading `n` is the text `title` alone. */
static int heading_is(cmark_node *n, const char *title)
{
	cmark_node *text = cmark_node_first_child(n);
	const char *lit;
	return text && cmark_node_get_type(text) == CMARK_NODE_TEXT && !cmark_node_next(text) &&
	       (lit = cmark_node_get_literal(text)) && strcmp(lit, title) == 0;
}

/* Marks the answer cells of every change's question table (*marked gets
 * their number) and of its per-CA tables, the tables after it in the
 * change's part (*marked_cas: their number), and of the status question of
 * each obligation under "Your obligations" (*marked_obl). */
static int mark_questions(cmark_node *doc, const pw_form *f, const char *nonce, size_t *marked,
                          size_t *marked_cas, size_t *marked_obl)
{
	const form_text *x = f->text;
	const oblig_text *y = oblig_text_for(x->lang);
	cmark_node *n;
	size_t k = 0, cas = 0;
	int rc = 0, asked = 0, in_obligations = 0;
	*marked = *marked_cas = *marked_obl = 0;
	for (n = cmark_node_first_child(doc); rc == 0 && n; n = cmark_node_next(n)) {
		int in_form = k >= 1 && k <= f->changes->count;
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING &&
		    cmark_node_get_heading_level(n) == 2) {
			if (in_form && asked && cas != ca_tables(f, k))
				return pw_error_set(PW_ERROR, "form: change %zu: %zu CA tables", k,
				                    cas);
			k++;
			asked = 0;
			cas = 0;
			in_obligations = k > f->changes->count && heading_is(n, y->title);
		} else if (in_obligations && is_questions_par(n, y->q_title) &&
		           is_table(cmark_node_next(n))) {
			cmark_node *t = cmark_node_next(n);
			char mark_k[32];
			snprintf(mark_k, sizeof(mark_k), "o%zu", ++*marked_obl);
			if ((rc = mark_rows_as(t, mark_k, 0, OBLIG_QUESTIONS, nonce)) == 0)
				rc = keep_together(&n, n, t);
		} else if (in_form && !asked && is_questions_par(n, x->questions) &&
		           is_table(cmark_node_next(n))) {
			cmark_node *t = cmark_node_next(n);
			if ((rc = mark_rows(t, k, 0, 0, QUESTIONS, nonce)) == 0)
				rc = keep_together(&n, n, t);
			asked = 1;
			(*marked)++;
		} else if (in_form && asked && is_table(n)) {
			cmark_node *cap = cmark_node_previous(n);
			if (++cas > ca_tables(f, k))
				return pw_error_set(PW_ERROR, "form: change %zu: an extra table",
				                    k);
			if (!cap || cmark_node_get_type(cap) != CMARK_NODE_PARAGRAPH)
				cap = n;
			if ((rc = mark_rows(n, k, cas, 1, CA_QUESTIONS, nonce)) == 0)
				rc = keep_together(&n, cap, n);
			(*marked_cas)++;
		}
	}
	return rc;
}

/* `html` with every mark replaced by its control, into `out`. */
static int put_controls(pw_buf *out, const char *html, const pw_form *f, const char *nonce,
                        size_t expected, size_t expected_cas, size_t expected_obl)
{
	char prefix[32];
	const char *p = html, *m;
	size_t plen, found = 0, found_cas = 0, found_obl = 0;
	int rc = 0;
	snprintf(prefix, sizeof(prefix), "PWQ%s-", nonce);
	plen = strlen(prefix);
	while (rc == 0 && (m = strstr(p, prefix)) != NULL) {
		size_t k, ca = 0;
		int q, used = 0;
		rc = pw_buf_put(out, p, (size_t)(m - p));
		if (rc < 0)
			break;
		if (m[plen] == 'o' && sscanf(m + plen, "o%zu-%d.%n", &k, &q, &used) == 2 && used) {
			if (k < 1 || k > expected_obl || q < 0 || q >= OBLIG_QUESTIONS)
				return pw_error_set(PW_ERROR, "form: a damaged answer mark");
			rc = oblig_control(f, k, q, out);
			found_obl++;
		} else if (sscanf(m + plen, "%zu-c%zu-%d.%n", &k, &ca, &q, &used) == 3 && used) {
			if (k < 1 || k > f->changes->count || ca < 1 || ca > ca_tables(f, k) ||
			    q < 0 || q >= CA_QUESTIONS)
				return pw_error_set(PW_ERROR, "form: a damaged answer mark");
			rc = ca_control(f, k, ca, q, out);
			found_cas++;
		} else if (sscanf(m + plen, "%zu-%d.%n", &k, &q, &used) == 2 && used && k >= 1 &&
		           k <= f->changes->count && q >= 0 && q < QUESTIONS) {
			rc = control(f, k, q, out);
			found++;
		} else {
			return pw_error_set(PW_ERROR, "form: a damaged answer mark");
		}
		p = m + plen + used;
	}
	if (rc == 0)
		rc = pw_buf_puts(out, p);
	if (rc == 0 && (found != expected * QUESTIONS || found_cas != expected_cas * CA_QUESTIONS ||
	                found_obl != expected_obl * OBLIG_QUESTIONS))
		return pw_error_set(PW_ERROR, "form: %zu answer cells, expected %zu",
		                    found + found_cas + found_obl,
		                    expected * QUESTIONS + expected_cas * CA_QUESTIONS +
		                        expected_obl * OBLIG_QUESTIONS);
	return rc;
}

/* The top of the form on screen: what to do and the "save answers" button,
 * shown by the script (hidden without JavaScript and in print). */
static int save_bar(pw_buf *b, const form_text *x)
{
	int rc = pw_buf_puts(b, "<div id=\"pw-save-bar\" class=\"pw-screen\" hidden>\n<p>");
	if (rc == 0)
		rc = pw_html_escape(b, x->save_hint);
	if (rc == 0)
		rc = pw_buf_puts(b, " <button type=\"button\" id=\"pw-save\">");
	if (rc == 0)
		rc = pw_html_escape(b, x->save_button);
	if (rc == 0)
		rc = pw_buf_puts(b, "</button></p>\n<p id=\"pw-save-status\" role=\"status\"></p>\n"
		                    "</div>\n");
	return rc;
}

static int form_open(pw_buf *b, const pw_form *f)
{
	const form_text *x = f->text;
	int rc = pw_buf_puts(b, "<form id=\"pw-answers\" autocomplete=\"off\"");
	if (rc == 0)
		rc = attr(b, "data-tsp", f->tsp->id);
	if (rc == 0)
		rc = attr(b, "data-form", f->id);
	if (rc == 0)
		rc = pw_buf_printf(b, " data-changes=\"%zu\" data-obligations=\"%zu\"",
		                   f->changes->count, listed_obligations(f));
	if (rc == 0)
		rc = attr(b, "data-o-word", oblig_text_for(x->lang)->word);
	if (rc == 0)
		rc = attr(b, "data-q-ostatus", oblig_text_for(x->lang)->q_status);
	if (rc == 0)
		rc = attr(b, "data-q-oevidence", oblig_text_for(x->lang)->q_evidence);
	if (rc == 0)
		rc = attr(b, "data-q-odate", oblig_text_for(x->lang)->q_date);
	if (rc == 0)
		rc = attr(b, "data-q-impact", x->q_impact);
	if (rc == 0)
		rc = attr(b, "data-q-days", x->q_days);
	if (rc == 0)
		rc = attr(b, "data-q-meet", x->q_meet);
	if (rc == 0)
		rc = attr(b, "data-q-planned", x->q_planned);
	if (rc == 0)
		rc = attr(b, "data-q-ca-falls", x->ca_falls);
	if (rc == 0)
		rc = attr(b, "data-q-ca-by", x->ca_by);
	if (rc == 0)
		rc = attr(b, "data-saved", x->saved);
	if (rc == 0)
		rc = attr(b, "data-not-saved", x->not_saved);
	if (rc == 0)
		rc = attr(b, "data-none", x->none_answered);
	if (rc == 0)
		rc = pw_buf_puts(b, ">\n");
	if (rc == 0)
		rc = save_bar(b, x);
	return rc;
}

/* mark_questions as a pw_printpage_edit. */
typedef struct {
	const pw_form *f;
	const char *nonce;
	size_t marked, marked_cas, marked_obl;
} marking;

static int mark_edit(cmark_node *doc, void *ctx)
{
	marking *m = ctx;
	return mark_questions(doc, m->f, m->nonce, &m->marked, &m->marked_cas, &m->marked_obl);
}

int pw_form_html(pw_buf *out, const pw_form *f, const char *markdown, size_t len)
{
	const form_text *x = f->text;
	pw_printpage_opts page = PW_PRINTPAGE_OPTS_INIT;
	pw_buf top_left = PW_BUF_INIT;
	char *html = NULL, digest[41], nonce[17];
	marking m = {.f = f, .nonce = nonce};
	int rc;

	if ((rc = pw_digest_data(digest, markdown, len)) < 0)
		return rc;
	memcpy(nonce, digest, 16);
	nonce[16] = '\0';
	if ((rc = pw_printpage_render(&html, markdown, len, f->answers ? NULL : mark_edit, &m,
	                              "the form")) < 0)
		return rc;
	page.lang = f->tsp->language;
	page.title = f->id;
	page.top_right = f->id;
	page.css = css;
	/* "Confidential · <authority>" at the top of every page */
	rc = pw_buf_puts(&top_left, x->confidential_page);
	if (rc == 0 && f->authority && *f->authority)
		rc = pw_buf_printf(&top_left, " \xC2\xB7 %s", f->authority);
	page.top_left = top_left.ptr;
	page.page_word = x->page_word;
	page.page_of = x->page_of;
	if (rc == 0)
		rc = pw_printpage_head(out, &page);
	pw_buf_clear(&top_left);
	if (rc == 0 && f->answers) { /* a record of answers: the page as rendered */
		rc = pw_buf_puts(out, html);
		if (rc == 0)
			rc = pw_printpage_foot(out, NULL);
		free(html);
		return rc < 0 ? rc : 0;
	}
	if (rc == 0)
		rc = form_open(out, f);
	if (rc == 0)
		rc = put_controls(out, html, f, nonce, m.marked, m.marked_cas, m.marked_obl);
	if (rc == 0 && m.marked != f->changes->count)
		rc = pw_error_set(PW_ERROR, "form: %zu question tables for %zu changes", m.marked,
		                  f->changes->count);
	if (rc == 0 && m.marked_obl != listed_obligations(f))
		rc = pw_error_set(PW_ERROR, "form: %zu status questions for %zu obligations",
		                  m.marked_obl, listed_obligations(f));
	/* inline, no external asset; without JavaScript the form still works on paper */
	if (rc == 0)
		rc = pw_buf_puts(out, "</form>\n");
	if (rc == 0)
		rc = pw_printpage_foot(out, script);
	free(html);
	return rc < 0 ? rc : 0;
}
