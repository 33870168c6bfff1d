#include "upstream/tls.h"

#include "util/error.h"
#include "util/fileio.h"

#include <errno.h>
#include <git2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_file(const char *path)
{
	struct stat st;
	return path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

const char *pw_tls_system_bundle(void)
{
	static const char *const known[] = {
	    "/etc/ssl/certs/ca-certificates.crt", /* Debian, Ubuntu, Alpine */
	    "/etc/pki/tls/certs/ca-bundle.crt",   /* Fedora, RHEL */
	    "/etc/ssl/ca-bundle.pem",             /* openSUSE */
	    "/etc/ssl/cert.pem",                  /* BSDs, macOS */
	};
	const char *env = getenv("SSL_CERT_FILE");
	size_t i;

	if (env && *env && is_file(env))
		return env;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (is_file(known[i]))
			return known[i];
	return NULL;
}

int pw_tls_setup(const char *extra_ca_file)
{
	const char *system = pw_tls_system_bundle();
	char *dir = NULL;
	int rc;

	if (extra_ca_file) {
		if (access(extra_ca_file, R_OK) != 0)
			return pw_error_set(PW_EINPUT, "%s: cannot read CA file: %s", extra_ca_file,
			                    strerror(errno));
		/* the extra file, plus every certificate in the system bundle's directory */
		if (system && !(dir = pw_path_dirname(system)))
			return pw_error_oom();
		rc = git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, extra_ca_file, dir);
		free(dir);
		if (rc < 0)
			return pw_error_from_git(PW_EINPUT, extra_ca_file);
		return 0;
	}
	if (!system)
		return 0; /* keep libgit2's built-in default, if any */
	if (git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, system, NULL) < 0)
		return pw_error_from_git(PW_ERROR, system);
	return 0;
}
