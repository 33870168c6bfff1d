/* A sheet of text cells (grid.h). */
#include "util/grid.h"

#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int grow(void **items, size_t *count, size_t need, size_t size)
{
	size_t n = *count ? *count : 8;
	void *p;
	if (need <= *count)
		return 0;
	while (n < need)
		n *= 2;
	if (!(p = realloc(*items, n * size)))
		return pw_error_oom();
	memset((char *)p + *count * size, 0, (n - *count) * size);
	*items = p;
	*count = n;
	return 0;
}

int pw_grid_set(pw_grid *g, size_t row, size_t col, const char *text, size_t len, int formula)
{
	pw_grid_row *r;
	pw_grid_cell *c;
	char *copy;
	size_t nrows = g->nrows, ncells;
	int rc;
	/* the arrays grow in doubling steps; nrows/ncells count what is used */
	if (row >= nrows) {
		size_t cap = nrows;
		void *p = g->rows;
		if ((rc = grow(&p, &cap, row + 1, sizeof(*g->rows))) < 0)
			return rc;
		g->rows = p;
		g->nrows = row + 1;
	}
	r = &g->rows[row];
	ncells = r->ncells;
	if (col >= ncells) {
		size_t cap = ncells;
		void *p = r->cells;
		if ((rc = grow(&p, &cap, col + 1, sizeof(*r->cells))) < 0)
			return rc;
		r->cells = p;
		r->ncells = col + 1;
	}
	if (!(copy = malloc(len + 1)))
		return pw_error_oom();
	memcpy(copy, text, len);
	copy[len] = '\0';
	c = &r->cells[col];
	free(c->text);
	c->text = copy;
	c->formula = formula;
	return 0;
}

const pw_grid_cell *pw_grid_at(const pw_grid *g, size_t row, size_t col)
{
	if (row >= g->nrows || col >= g->rows[row].ncells)
		return NULL;
	return &g->rows[row].cells[col];
}

const char *pw_grid_text(const pw_grid *g, size_t row, size_t col)
{
	const pw_grid_cell *c = pw_grid_at(g, row, col);
	return c && c->text ? c->text : "";
}

char *pw_grid_cell_name(size_t row, size_t col, char *dst, size_t n)
{
	char letters[16];
	size_t i = sizeof(letters) - 1, c = col + 1;
	letters[i] = '\0';
	while (c && i) {
		letters[--i] = (char)('A' + (c - 1) % 26);
		c = (c - 1) / 26;
	}
	snprintf(dst, n, "%s%zu", letters + i, row + 1);
	return dst;
}

void pw_grid_clear(pw_grid *g)
{
	size_t i, j;
	for (i = 0; i < g->nrows; i++) {
		for (j = 0; j < g->rows[i].ncells; j++)
			free(g->rows[i].cells[j].text);
		free(g->rows[i].cells);
	}
	free(g->rows);
	g->rows = NULL;
	g->nrows = 0;
}
