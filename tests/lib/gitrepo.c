#include "testutil.h"

#include "gitrepo.h"
#include "scratch.h"

#include <stdlib.h>

void gitrepo_ledger(int commit)
{
	scratch_new();
	assert_int_equal(tu_sh(NULL, NULL,
	                       "cd '%s' && git init -q -b main . && mkdir ledger && echo '{}' > "
	                       "ledger/old.json && git config user.name T && git config "
	                       "user.email t@example.org",
	                       scratch_dir),
	                 0);
	if (commit)
		assert_int_equal(tu_sh(NULL, NULL, "cd '%s' && git add -A && git commit -q -m init",
		                       scratch_dir),
		                 0);
}

char *gitrepo_git(const char *args)
{
	char *out = NULL;
	tu_sh(&out, NULL, "cd '%s' && git %s 2>&1", scratch_dir, args);
	assert_non_null(out);
	return out;
}

void gitrepo_assert(const char *args, const char *want)
{
	char *out = gitrepo_git(args);
	assert_string_equal(out, want);
	free(out);
}
