/* XLSX cells with libzip and expat (xlsx.h). */
#include "util/xlsx.h"

#include "util/buf.h"
#include "util/error.h"

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define PART_MAX (64u << 20)
#define MAX_ROWS 1048576u
#define MAX_COLS 16384u

/* one part of the archive, whole, NUL-terminated */
static int read_part(zip_t *z, const char *path, const char *part, int optional, char **out,
                     size_t *len)
{
	zip_stat_t st;
	zip_file_t *f;
	char *buf;
	zip_int64_t n;
	size_t got = 0;

	*out = NULL;
	*len = 0;
	zip_stat_init(&st);
	if (zip_stat(z, part, 0, &st) < 0) {
		if (optional)
			return 0;
		return pw_error_set(PW_EINPUT, "%s: not a worksheet: no %s in the archive", path,
		                    part);
	}
	if (!(st.valid & ZIP_STAT_SIZE) || st.size > PART_MAX)
		return pw_error_set(PW_EINPUT, "%s: %s: larger than %u MiB", path, part,
		                    PART_MAX >> 20);
	if (!(f = zip_fopen(z, part, 0)))
		return pw_error_set(PW_EINPUT, "%s: %s: %s", path, part, zip_strerror(z));
	if (!(buf = malloc((size_t)st.size + 1))) {
		zip_fclose(f);
		return pw_error_oom();
	}
	while (got < st.size && (n = zip_fread(f, buf + got, st.size - got)) > 0)
		got += (size_t)n;
	if (got != st.size || zip_fread(f, buf, 0) < 0) {
		int rc = pw_error_set(PW_EINPUT, "%s: %s: cut short or damaged (%s)", path, part,
		                      zip_file_strerror(f));
		zip_fclose(f);
		free(buf);
		return rc;
	}
	zip_fclose(f);
	buf[got] = '\0';
	*out = buf;
	*len = got;
	return 0;
}

/* ---- one expat run over a part, with a handler per kind of part ---- */

typedef struct parse parse;
typedef void (*elem_fn)(parse *p, const char *name, const char **attrs, int start);

struct parse {
	XML_Parser xp;
	const char *path, *part;
	int rc; /* first error (message set) */
	elem_fn elem;
	pw_buf text; /* character data being collected */
	int collect;
	size_t max_cell;
	/* shared strings */
	char **strings;
	size_t nstrings, capstrings;
	int in_rph;
	/* workbook and relationships */
	struct rel {
		char *id, *target, *type;
		char *name;
		int hidden;
	} * rels;
	size_t nrels;
	/* a sheet */
	pw_grid *grid;
	size_t row, next_col, col;
	int in_row, in_cell, formula, in_is;
	char type[16];
	char ref[16];
};

static const char *local(const char *name)
{
	const char *s = strrchr(name, '|');
	return s ? s + 1 : name;
}

static const char *attr(const char **attrs, const char *name)
{
	size_t i;
	for (i = 0; attrs && attrs[i]; i += 2)
		if (!strcmp(local(attrs[i]), name))
			return attrs[i + 1];
	return NULL;
}

static void fail(parse *p, int rc)
{
	if (!p->rc)
		p->rc = rc;
	XML_StopParser(p->xp, XML_FALSE);
}

static void XMLCALL on_start(void *ud, const char *name, const char **attrs)
{
	parse *p = ud;
	if (!p->rc)
		p->elem(p, local(name), attrs, 1);
}

static void XMLCALL on_end(void *ud, const char *name)
{
	parse *p = ud;
	if (!p->rc)
		p->elem(p, local(name), NULL, 0);
}

static void XMLCALL on_text(void *ud, const char *s, int len)
{
	parse *p = ud;
	if (p->rc || !p->collect)
		return;
	if (p->text.len + (size_t)len > p->max_cell) {
		fail(p, pw_error_set(PW_EINPUT, "%s: %s%s%s: text longer than %zu bytes", p->path,
		                     p->part, p->ref[0] ? ": cell " : "", p->ref, p->max_cell));
		return;
	}
	if (pw_buf_put(&p->text, s, (size_t)len) < 0)
		fail(p, PW_ENOMEM);
}

static void XMLCALL on_doctype(void *ud, const char *name, const char *sysid, const char *pubid,
                               int internal)
{
	parse *p = ud;
	(void)name, (void)sysid, (void)pubid, (void)internal;
	fail(p, pw_error_set(PW_EINPUT, "%s: %s: has a DOCTYPE (not allowed)", p->path, p->part));
}

static int run(parse *p, const char *path, const char *part, const char *xml, size_t len,
               elem_fn elem)
{
	int rc;
	p->xp = XML_ParserCreateNS(NULL, '|');
	if (!p->xp)
		return pw_error_oom();
	p->path = path;
	p->part = part;
	p->elem = elem;
	p->rc = 0;
	XML_SetUserData(p->xp, p);
	XML_SetElementHandler(p->xp, on_start, on_end);
	XML_SetCharacterDataHandler(p->xp, on_text);
	XML_SetStartDoctypeDeclHandler(p->xp, on_doctype);
	if (len > (size_t)0x7fffffff) {
		XML_ParserFree(p->xp);
		return pw_error_set(PW_EINPUT, "%s: %s: too large", path, part);
	}
	if (XML_Parse(p->xp, xml, (int)len, 1) == XML_STATUS_ERROR && !p->rc)
		p->rc = pw_error_set(PW_EINPUT, "%s: %s: line %lu: %s", path, part,
		                     (unsigned long)XML_GetCurrentLineNumber(p->xp),
		                     XML_ErrorString(XML_GetErrorCode(p->xp)));
	rc = p->rc;
	XML_ParserFree(p->xp);
	p->xp = NULL;
	return rc;
}

/* ---- shared strings: <si> of <t> and <r><t> runs (not <rPh>) ---- */

static void shared_elem(parse *p, const char *name, const char **attrs, int start)
{
	(void)attrs;
	if (!strcmp(name, "si")) {
		if (start) {
			p->text.len = 0;
			return;
		}
		if (p->nstrings == p->capstrings) {
			size_t n = p->capstrings ? 2 * p->capstrings : 64;
			char **s = realloc(p->strings, n * sizeof(*s));
			if (!s) {
				fail(p, pw_error_oom());
				return;
			}
			p->strings = s;
			p->capstrings = n;
		}
		if (!(p->strings[p->nstrings] =
		          strndup(p->text.ptr ? p->text.ptr : "", p->text.len)))
			fail(p, pw_error_oom());
		else
			p->nstrings++;
	} else if (!strcmp(name, "rPh")) {
		p->in_rph = start;
	} else if (!strcmp(name, "t")) {
		p->collect = start && !p->in_rph;
	}
}

/* ---- workbook: sheets; relationships: targets ---- */

static int add_rel(parse *p, struct rel **out)
{
	struct rel *r = realloc(p->rels, (p->nrels + 1) * sizeof(*r));
	if (!r)
		return pw_error_oom();
	p->rels = r;
	*out = memset(&r[p->nrels++], 0, sizeof(*r));
	return 0;
}

static void workbook_elem(parse *p, const char *name, const char **attrs, int start)
{
	const char *n = attr(attrs, "name"), *id = attr(attrs, "id"), *state = attr(attrs, "state");
	struct rel *r;
	if (!start || strcmp(name, "sheet"))
		return;
	if (!n || !id) {
		fail(p, pw_error_set(PW_EINPUT, "%s: %s: a sheet without name or id", p->path,
		                     p->part));
		return;
	}
	if (add_rel(p, &r) < 0) {
		fail(p, PW_ENOMEM);
		return;
	}
	r->hidden = state && strcmp(state, "visible") != 0;
	if (!(r->name = strdup(n)) || !(r->id = strdup(id)))
		fail(p, pw_error_oom());
}

/* relationships are stored after the sheets, with name NULL */
static void rels_elem(parse *p, const char *name, const char **attrs, int start)
{
	const char *id = attr(attrs, "Id"), *target = attr(attrs, "Target"),
	           *type = attr(attrs, "Type");
	struct rel *r;
	if (!start || strcmp(name, "Relationship") || !id || !target)
		return;
	if (add_rel(p, &r) < 0) {
		fail(p, PW_ENOMEM);
		return;
	}
	if (!(r->id = strdup(id)) || !(r->target = strdup(target)) ||
	    !(r->type = strdup(type ? type : "")))
		fail(p, pw_error_oom());
}

/* ---- a sheet's cells ---- */

static int parse_ref(const char *ref, size_t *row, size_t *col)
{
	size_t c = 0, r = 0;
	const char *s = ref;
	while (*s >= 'A' && *s <= 'Z' && c <= MAX_COLS)
		c = c * 26 + (size_t)(*s++ - 'A' + 1);
	if (s == ref || c > MAX_COLS)
		return -1;
	if (*s < '1' || *s > '9')
		return -1;
	while (*s >= '0' && *s <= '9' && r <= MAX_ROWS)
		r = r * 10 + (size_t)(*s++ - '0');
	if (*s || r > MAX_ROWS)
		return -1;
	*row = r - 1;
	*col = c - 1;
	return 0;
}

static void cell_end(parse *p)
{
	const char *s = p->text.ptr ? p->text.ptr : "";
	size_t len = p->text.len;
	if (!strcmp(p->type, "s")) {
		char *end;
		unsigned long i;
		if (!len) {
			len = 0;
		} else {
			i = strtoul(s, &end, 10);
			if (*end || i >= p->nstrings) {
				fail(p, pw_error_set(PW_EINPUT,
				                     "%s: %s: cell %s: no shared string %.20s",
				                     p->path, p->part, p->ref, s));
				return;
			}
			s = p->strings[i];
			len = strlen(s);
		}
	}
	if (len > p->max_cell) {
		fail(p, pw_error_set(PW_EINPUT, "%s: %s: cell %s: text longer than %zu bytes",
		                     p->path, p->part, p->ref, p->max_cell));
		return;
	}
	if ((len || p->formula) && pw_grid_set(p->grid, p->row, p->col, s, len, p->formula) < 0)
		fail(p, PW_ENOMEM);
}

static void sheet_elem(parse *p, const char *name, const char **attrs, int start)
{
	if (!strcmp(name, "row")) {
		const char *r = attr(attrs, "r");
		if (!start)
			return;
		if (r) {
			char *end;
			unsigned long v = strtoul(r, &end, 10);
			if (*end || v < 1 || v > MAX_ROWS) {
				fail(p, pw_error_set(PW_EINPUT, "%s: %s: bad row number %.20s",
				                     p->path, p->part, r));
				return;
			}
			p->row = v - 1;
		} else if (p->in_row) {
			p->row++;
		}
		p->in_row = 1;
		p->next_col = 0;
	} else if (!strcmp(name, "c")) {
		const char *r = attr(attrs, "r"), *t = attr(attrs, "t");
		if (!start) {
			p->in_cell = 0;
			cell_end(p);
			return;
		}
		p->in_cell = 1;
		p->formula = 0;
		p->text.len = 0;
		snprintf(p->type, sizeof(p->type), "%s", t ? t : "n");
		if (r) {
			size_t row;
			if (parse_ref(r, &row, &p->col) < 0 || row != p->row) {
				fail(p, pw_error_set(PW_EINPUT, "%s: %s: bad cell reference %.20s",
				                     p->path, p->part, r));
				return;
			}
		} else {
			p->col = p->next_col;
		}
		p->next_col = p->col + 1;
		pw_grid_cell_name(p->row, p->col, p->ref, sizeof(p->ref));
	} else if (!p->in_cell) {
		return;
	} else if (!strcmp(name, "f")) {
		if (start)
			p->formula = 1;
	} else if (!strcmp(name, "v")) {
		p->collect = start && strcmp(p->type, "inlineStr") != 0;
	} else if (!strcmp(name, "is")) {
		p->in_is = start;
	} else if (!strcmp(name, "rPh")) {
		p->in_rph = start;
	} else if (!strcmp(name, "t")) {
		p->collect = start && p->in_is && !p->in_rph;
	}
}

/* "worksheets/sheet1.xml" relative to xl/, or "/xl/worksheets/sheet1.xml" */
static char *part_path(const char *target)
{
	pw_buf b = PW_BUF_INIT;
	if (target[0] == '/')
		return strdup(target + 1);
	if (pw_buf_puts(&b, "xl/") < 0 || pw_buf_puts(&b, target) < 0) {
		pw_buf_clear(&b);
		return NULL;
	}
	return pw_buf_detach(&b);
}

static const struct rel *rel_find(const parse *p, size_t from, const char *id)
{
	size_t i;
	for (i = from; i < p->nrels; i++)
		if (!p->rels[i].name && !strcmp(p->rels[i].id, id))
			return &p->rels[i];
	return NULL;
}

static void parse_free(parse *p)
{
	size_t i;
	for (i = 0; i < p->nstrings; i++)
		free(p->strings[i]);
	free(p->strings);
	for (i = 0; i < p->nrels; i++) {
		free(p->rels[i].id);
		free(p->rels[i].target);
		free(p->rels[i].type);
		free(p->rels[i].name);
	}
	free(p->rels);
	pw_buf_clear(&p->text);
}

static int read_book(pw_xlsx *out, zip_t *z, const char *path, parse *p)
{
	char *xml = NULL, *part = NULL;
	size_t len, i, nsheets;
	int rc;
	const struct rel *ss = NULL;

	if ((rc = read_part(z, path, "xl/workbook.xml", 0, &xml, &len)) < 0 ||
	    (rc = run(p, path, "xl/workbook.xml", xml, len, workbook_elem)) < 0)
		goto out;
	nsheets = p->nrels;
	if (!nsheets) {
		rc = pw_error_set(PW_EINPUT, "%s: xl/workbook.xml: no sheets", path);
		goto out;
	}
	free(xml);
	if ((rc = read_part(z, path, "xl/_rels/workbook.xml.rels", 0, &xml, &len)) < 0 ||
	    (rc = run(p, path, "xl/_rels/workbook.xml.rels", xml, len, rels_elem)) < 0)
		goto out;
	for (i = nsheets; i < p->nrels; i++) {
		size_t tl = strlen(p->rels[i].type);
		if (tl >= 14 && !strcmp(p->rels[i].type + tl - 14, "/sharedStrings"))
			ss = &p->rels[i];
	}
	free(xml);
	xml = NULL;
	if (!(part = part_path(ss ? ss->target : "sharedStrings.xml"))) {
		rc = pw_error_oom();
		goto out;
	}
	if ((rc = read_part(z, path, part, !ss, &xml, &len)) < 0 ||
	    (xml && (rc = run(p, path, part, xml, len, shared_elem)) < 0))
		goto out;
	if (!(out->sheets = calloc(nsheets, sizeof(*out->sheets)))) {
		rc = pw_error_oom();
		goto out;
	}
	for (i = 0; i < nsheets; i++) {
		const struct rel *r = rel_find(p, nsheets, p->rels[i].id);
		pw_xlsx_sheet *s = &out->sheets[out->count];
		if (!r) {
			rc = pw_error_set(PW_EINPUT, "%s: sheet %s: no relationship %s", path,
			                  p->rels[i].name, p->rels[i].id);
			goto out;
		}
		free(part);
		free(xml);
		xml = NULL;
		if (!(part = part_path(r->target)) || !(s->name = strdup(p->rels[i].name))) {
			rc = pw_error_oom();
			goto out;
		}
		s->hidden = p->rels[i].hidden;
		out->count++;
		p->grid = &s->grid;
		p->row = 0;
		p->in_row = p->in_cell = p->in_is = p->in_rph = p->collect = 0;
		p->ref[0] = '\0';
		if ((rc = read_part(z, path, part, 0, &xml, &len)) < 0 ||
		    (rc = run(p, path, part, xml, len, sheet_elem)) < 0)
			goto out;
	}
out:
	free(xml);
	free(part);
	return rc;
}

int pw_xlsx_read(pw_xlsx *out, const char *path, size_t max_cell)
{
	parse p;
	zip_t *z;
	int err = 0, rc;

	memset(out, 0, sizeof(*out));
	if (!(z = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &err))) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, err);
		rc = pw_error_set(err == ZIP_ER_OPEN || err == ZIP_ER_READ ? PW_ERROR : PW_EINPUT,
		                  "%s: not an XLSX workbook: %s", path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}
	memset(&p, 0, sizeof(p));
	p.max_cell = max_cell;
	rc = read_book(out, z, path, &p);
	parse_free(&p);
	zip_discard(z);
	if (rc < 0)
		pw_xlsx_clear(out);
	return rc;
}

const pw_xlsx_sheet *pw_xlsx_find(const pw_xlsx *x, const char *name)
{
	size_t i;
	for (i = 0; i < x->count; i++)
		if (!strcmp(x->sheets[i].name, name))
			return &x->sheets[i];
	return NULL;
}

void pw_xlsx_clear(pw_xlsx *x)
{
	size_t i;
	for (i = 0; i < x->count; i++) {
		free(x->sheets[i].name);
		pw_grid_clear(&x->sheets[i].grid);
	}
	free(x->sheets);
	x->sheets = NULL;
	x->count = 0;
}
