/* The changes use case (list_changes.h). */
#include "app/list_changes.h"

#include "classify/classify.h"
#include "classify/stream.h"
#include "core/config.h"
#include "core/sources.h"
#include "util/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	const pw_list_changes_opts *opts;
	pw_buf text;        /* the rendered records (JSON: joined by commas) */
	FILE *spill;        /* earlier rendered records, when `text` grew large */
	size_t spill_bytes; /* how large */
	size_t nrecords;
} output;

/* Renders a final change of the stream. */
static int emit(pw_change *c, void *user, void *payload)
{
	output *out = payload;
	size_t i;
	int rc;
	(void)user;
	if (out->opts->json) {
		if (out->nrecords && pw_buf_putc(&out->text, ',') < 0)
			rc = pw_error_oom();
		else
			rc = pw_list_changes_json(&out->text, c);
	} else
		rc = pw_list_changes_text(&out->text, c);
	if (rc == 0) {
		for (i = 0; out->opts->warning && i < c->cls.warnings.count; i++)
			out->opts->warning(c, c->cls.warnings.items[i], out->opts->payload);
		out->nrecords++;
	}
	/* a long history: keep the output in a temporary file until every
	 * source was read, not in memory */
	if (rc == 0 && out->text.len >= out->spill_bytes) {
		if (!out->spill && !(out->spill = tmpfile()))
			rc = pw_error_set(PW_ERROR, "cannot create a temporary file: %s",
			                  strerror(errno));
		else if (fwrite(out->text.ptr, 1, out->text.len, out->spill) != out->text.len)
			rc = pw_error_set(PW_ERROR, "cannot write a temporary file: %s",
			                  strerror(errno));
		pw_buf_reset(&out->text);
	}
	return rc;
}

/* Every source's records to opts->write: the spilled ones, then the rest. */
static int write_out(output *out)
{
	const pw_list_changes_opts *o = out->opts;
	int rc = 0;
	if (o->json)
		rc = o->write("[", 1, o->payload);
	if (rc == 0 && out->spill) {
		char chunk[65536];
		size_t n;
		/* rewind() would flush the buffered tail and hide a failed write
		 * (a full disk): the output would be cut short with status 0 */
		if (fflush(out->spill) != 0 || ferror(out->spill))
			return pw_error_set(PW_ERROR, "cannot write a temporary file: %s",
			                    strerror(errno));
		rewind(out->spill);
		while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), out->spill)) > 0)
			rc = o->write(chunk, n, o->payload);
		if (rc == 0 && ferror(out->spill))
			rc = pw_error_set(PW_ERROR, "cannot read a temporary file");
	}
	if (rc == 0)
		rc = o->write(out->text.ptr ? out->text.ptr : "", out->text.len, o->payload);
	if (rc == 0 && o->json)
		rc = o->write("]\n", 2, o->payload);
	return rc;
}

/* Streams each selected source through emit. */
static int stream_all(output *out, pw_workspace *ws)
{
	const pw_list_changes_opts *o = out->opts;
	const pw_sources *sources;
	const pw_config *cfg;
	const char *cache;
	pw_stream_opts so = PW_STREAM_OPTS_INIT;
	size_t i;
	int rc;

	if ((rc = pw_workspace_sources(&sources, ws)) < 0 ||
	    (rc = pw_workspace_config(&cfg, ws)) < 0 ||
	    (rc = pw_workspace_cache_dir(&cache, ws)) < 0 ||
	    (rc = pw_workspace_today(&so.today, ws)) < 0 || (rc = pw_history_tune()) < 0)
		return rc;
	if (o->source && !pw_sources_find(sources, o->source))
		return pw_error_set(PW_EINPUT, "unknown source '%s'", o->source);
	/* the full change record: classify with the rules */
	if ((rc = pw_classifier_load(&so.cl, NULL)) < 0)
		return rc;
	so.final = emit;
	so.cache_dir = cache;
	so.walk = o->walk;
	so.payload = out;
	for (i = 0; i < sources->count && rc == 0; i++) {
		const pw_source *src = &sources->items[i];
		if (o->source ? strcmp(src->id, o->source) != 0
		              : !pw_config_source_enabled(cfg, src->id))
			continue;
		rc = pw_stream_source(src, &so);
	}
	pw_classifier_free(so.cl);
	return rc;
}

int pw_list_changes_run(pw_workspace *ws, const pw_list_changes_opts *opts)
{
	output out;
	int rc;

	memset(&out, 0, sizeof(out));
	out.opts = opts;
	out.spill_bytes = opts->spill_bytes ? opts->spill_bytes : PW_LIST_CHANGES_SPILL_BYTES;
	out.text = (pw_buf)PW_BUF_INIT;
	/* nothing is written unless every source was read */
	if ((rc = stream_all(&out, ws)) == 0)
		rc = write_out(&out);
	pw_buf_clear(&out.text);
	if (out.spill)
		fclose(out.spill);
	return rc;
}
