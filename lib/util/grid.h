/* A sheet of text cells read from a spreadsheet or CSV file: rows of cells,
 * each the cell's text (never NULL once set) and whether it held a formula.
 * Rows and columns are 0-based here; messages name them as the file's user
 * sees them (pw_grid_cell_name: "B7"). */
#ifndef PW_GRID_H
#define PW_GRID_H

#include <stddef.h>

typedef struct {
	char *text;  /* NULL: empty cell */
	int formula; /* the cell held a formula (its text is the cached value) */
} pw_grid_cell;

typedef struct {
	pw_grid_cell *cells;
	size_t ncells;
} pw_grid_row;

typedef struct {
	pw_grid_row *rows;
	size_t nrows;
} pw_grid;

/* Sets the cell at `row`, `col` to a copy of `text` (`len` bytes), growing the
 * grid. A cell set twice keeps the last text. */
int pw_grid_set(pw_grid *g, size_t row, size_t col, const char *text, size_t len, int formula);
/* The cell's text, or "" for an empty or missing cell (borrowed). */
const char *pw_grid_text(const pw_grid *g, size_t row, size_t col);
/* The cell, or NULL when missing (borrowed). */
const pw_grid_cell *pw_grid_at(const pw_grid *g, size_t row, size_t col);
/* "B7" for row 6, column 1, into `dst` of `n` bytes (returned). */
char *pw_grid_cell_name(size_t row, size_t col, char *dst, size_t n);
void pw_grid_clear(pw_grid *g);

#endif
