/* libFuzzer target: the heading index and the GFM table parser on arbitrary
 * Markdown (every table-like block is parsed, as the classifier would). */
#include "classify/mdtable.h"
#include "classify/sections.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pw_section_index x;
	pw_mdtable t;
	size_t line, n, k;
	int first, last;

	if (pw_sections_build(&x, (const char *)data, size) < 0)
		return 0;
	for (line = 1; line <= x.nlines; line++) {
		const pw_section *s = pw_sections_at(&x, (int)line);
		if (s && (s->line > (int)line || !s->id))
			abort();
		if (pw_sections_line(&n, &x, (int)line) == NULL)
			abort();
		if (pw_mdtable_block(&first, &last, &x, (int)line) != 0)
			continue;
		if (pw_mdtable_parse_block(&x, first, last, &t) == 0) {
			for (k = 0; k < t.nrows; k++)
				if (t.rows[k].line < first || t.rows[k].line > last)
					abort();
			pw_mdtable_clear(&t);
		}
		line = (size_t)last; /* next block */
	}
	pw_sections_clear(&x);
	return 0;
}
