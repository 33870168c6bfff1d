/* libFuzzer target: the readers of what TSPs send and what the authority
 * writes about them, on arbitrary bytes: each input is read as a response
 * file (pw_response_file_load) and as a TSP profile (pw_tsp_load), through a
 * real file as the commands read them. What a reader accepts must be usable:
 * every text within PW_RESPONSE_TEXT_MAX and UTF-8, the one-line description
 * free of control characters, the stored form read back as the same answer. */
#include "core/tsp.h"
#include "tsp/response.h"
#include "util/error.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], tsps[80], file[96];

static void remove_dir(void)
{
	unlink(file);
	rmdir(tsps);
	rmdir(dir);
}

static int write_input(const uint8_t *data, size_t size)
{
	FILE *f;
	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/pkiwatch-fuzz-XXXXXX");
		if (!mkdtemp(dir))
			abort();
		snprintf(tsps, sizeof(tsps), "%s/tsps", dir);
		snprintf(file, sizeof(file), "%s/x.json", tsps);
		if (mkdir(tsps, 0700) < 0)
			abort();
		atexit(remove_dir);
	}
	if (!(f = fopen(file, "wb")))
		abort();
	if (fwrite(data, 1, size, f) != size)
		abort();
	return fclose(f);
}

static void text_ok(const char *s)
{
	if (s && (strlen(s) > PW_RESPONSE_TEXT_MAX || !pw_utf8_valid(s, strlen(s))))
		abort();
}

static void check_response(const pw_response *r)
{
	pw_response back;
	cJSON *j;
	char *d = NULL;
	const char *p;

	text_ok(r->description);
	text_ok(r->mitigation);
	text_ok(r->note);
	if (pw_response_describe(&d, r) == 0) {
		for (p = d; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				abort();
		free(d);
	}
	/* as the ledger stores it, then read back: the same answer */
	j = pw_response_to_json(r);
	if (!j)
		return;
	cJSON_AddStringToObject(j, "received", "2025-01-01T00:00:00Z");
	cJSON_AddStringToObject(j, "recorded_by", "A <a@example.org>");
	if (pw_response_parse(&back, r->tsp, r->change, 1, "ledger", "$", j) != 0 ||
	    !pw_response_same(r, &back))
		abort();
	pw_response_clear(&back);
	cJSON_Delete(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pw_responses rs;
	pw_tsp t;
	size_t i;

	if (write_input(data, size) != 0)
		return 0;
	if (pw_response_file_load(&rs, file) == 0) {
		for (i = 0; i < rs.count; i++)
			check_response(&rs.items[i]);
		pw_responses_clear(&rs);
	}
	if (pw_tsp_load(&t, dir, "x") == 0) {
		if (!t.name || !*t.name || strcmp(t.id, "x") != 0)
			abort();
		pw_tsp_clear(&t);
	}
	return 0;
}
