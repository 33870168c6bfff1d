#include "classify/stream.h"

#include "core/noise.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A window of the source's classified changes, newest first: enough
 * neighbours for pw_classify_link_step (see classify.h for the schedule). */
#define WINDOW (3 * PW_CLASSIFY_LINK_WINDOW + 2)

typedef struct {
	const pw_stream_opts *o;
	pw_change win[WINDOW];
	void *user[WINDOW];
	size_t nwin;
	size_t base;   /* number of the change in win[0] */
	size_t seen;   /* changes so far */
	size_t p1, p2; /* next change for pass 1 and pass 2 */
} stream;

/* Hands the oldest change of the window over and drops it. */
static int emit_first(stream *s)
{
	int rc = s->o->final(&s->win[0], s->user[0], s->o->payload);
	pw_change_clear(&s->win[0]);
	s->nwin--;
	memmove(s->win, s->win + 1, s->nwin * sizeof(*s->win));
	memmove(s->user, s->user + 1, s->nwin * sizeof(*s->user));
	s->base++;
	return rc;
}

/* Runs the link steps that became decidable and hands over the changes that
 * are final and no longer needed; `last`: the source is complete. */
static int advance(stream *s, int last)
{
	const size_t w = PW_CLASSIFY_LINK_WINDOW;
	pw_classification *cls[WINDOW];
	size_t i;
	int rc = 0;

	for (i = 0; i < s->nwin; i++)
		cls[i] = &s->win[i].cls;
	while (s->p1 < s->seen && (last || s->p1 + w < s->seen))
		pw_classify_link_step(cls, s->nwin, s->p1++ - s->base, 1);
	while (s->p2 < s->p1 && (s->p1 == s->seen || s->p1 > s->p2 + w))
		pw_classify_link_step(cls, s->nwin, s->p2++ - s->base, 2);
	while (rc == 0 && s->nwin && s->base < s->p2 && (s->p2 == s->seen || s->p2 > s->base + w))
		rc = emit_first(s);
	return rc;
}

/* A draft left standing: its head commit's date and its latest proposed date
 * against the run's day (core/noise.h). */
static void mark_stale(pw_change *c, const pw_noise *noise, const char *today)
{
	const char *latest = NULL;
	size_t k;
	for (k = 0; k < c->cls.ndates; k++)
		if (!latest || strcmp(c->cls.dates[k].date, latest) > 0)
			latest = c->cls.dates[k].date;
	c->stale = pw_noise_stale(noise, today, c->date, latest) != NULL;
}

static int on_commit(const pw_commit_change *cc, void *payload)
{
	stream *s = payload;
	pw_change *c;
	int rc;

	if (s->nwin == WINDOW)
		return pw_error_set(PW_ERROR, "change stream: window overflow");
	c = &s->win[s->nwin];
	s->user[s->nwin] = NULL;
	if ((rc = pw_change_init(c, cc)) < 0)
		return rc;
	if ((rc = pw_classify(s->o->cl, cc, &c->cls)) < 0) {
		rc = pw_error_prefix(rc, "%s", c->id);
		pw_change_clear(c);
		return rc;
	}
	c->classified = 1;
	if (c->cls.superseded) { /* a draft that proposes nothing: not in the stream */
		pw_change_clear(c);
		return 0;
	}
	if (cc->status == PW_STATUS_PROPOSED && s->o->today)
		mark_stale(c, pw_classifier_noise(s->o->cl), s->o->today);
	if (c->cls.proposal) { /* what the draft proposes, from its text */
		free(c->proposal);
		c->proposal = c->cls.proposal;
		c->cls.proposal = NULL;
	}
	if (s->o->classified &&
	    (rc = s->o->classified(cc, c, &s->user[s->nwin], s->o->payload)) < 0) {
		pw_change_clear(c);
		return rc;
	}
	s->nwin++;
	s->seen++;
	return advance(s, 0);
}

int pw_stream_source(const pw_source *src, const pw_stream_opts *opts)
{
	pw_history_opts walk = opts->walk;
	stream *s;
	pw_buf b = PW_BUF_INIT;
	struct stat st;
	int rc;

	if (pw_buf_printf(&b, "%s/%s.git", opts->cache_dir, src->id) < 0)
		return pw_error_oom();
	if (stat(b.ptr, &st) < 0) {
		rc = pw_error_set(PW_ENOTFOUND,
		                  "source %s is not mirrored yet: run 'pkiwatch mirror' (no %s)",
		                  src->id, b.ptr);
		pw_buf_clear(&b);
		return rc;
	}
	if (!(s = calloc(1, sizeof(*s)))) {
		pw_buf_clear(&b);
		return pw_error_oom();
	}
	s->o = opts;
	walk.with_text = 1;
	if (!walk.noise)
		walk.noise = pw_classifier_noise(opts->cl);
	rc = pw_history_walk(b.ptr, src, &walk, on_commit, s);
	if (rc == 0)
		rc = advance(s, 1);
	while (s->nwin) { /* after an error: drop the rest */
		pw_change_clear(&s->win[0]);
		s->nwin--;
		memmove(s->win, s->win + 1, s->nwin * sizeof(*s->win));
	}
	free(s);
	pw_buf_clear(&b);
	return rc;
}
