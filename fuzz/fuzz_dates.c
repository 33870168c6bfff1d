/* libFuzzer target: the date parser on arbitrary bytes. */
#include "classify/dates.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	pw_date *ds = NULL, one;
	size_t n = 0, i;
	char iso[11];

	if (pw_dates_find(&ds, &n, s, size) == 0) {
		for (i = 0; i < n; i++) {
			if (ds[i].start >= ds[i].end || ds[i].end > size)
				abort();
			pw_dates_format(iso, &ds[i]);
			if (pw_dates_key_iso(iso) != pw_dates_key(&ds[i]))
				abort(); /* every found date round-trips */
		}
		free(ds);
	}
	if (pw_dates_parse(s, size, &one) > size)
		abort();
	return 0;
}
