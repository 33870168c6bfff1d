#include "testutil.h"

#include "scratch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *scratch_dir;

const char *scratch_new(void)
{
	scratch_dir = tu_tempdir();
	assert_non_null(scratch_dir);
	return scratch_dir;
}

char *scratch_path(const char *rel)
{
	char *p = malloc(strlen(scratch_dir) + strlen(rel) + 2);
	assert_non_null(p);
	sprintf(p, "%s/%s", scratch_dir, rel);
	return p;
}

void scratch_put(const char *rel, const char *text)
{
	char *p = scratch_path(rel);
	assert_int_equal(tu_sh(NULL, NULL, "mkdir -p \"$(dirname '%s')\"", p), 0);
	tu_write(p, text);
	free(p);
}

int scratch_teardown(void **state)
{
	(void)state;
	if (scratch_dir)
		tu_rmrf(scratch_dir);
	free(scratch_dir);
	scratch_dir = NULL;
	return 0;
}
