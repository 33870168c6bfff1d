#include "github/curl_load.h"

#include "util/error.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>

static const struct {
	const char *name;
	size_t offset;
} functions[] = {
    {"curl_global_init", offsetof(pw_curl_api, global_init)},
    {"curl_easy_init", offsetof(pw_curl_api, easy_init)},
    {"curl_easy_cleanup", offsetof(pw_curl_api, easy_cleanup)},
    {"curl_easy_reset", offsetof(pw_curl_api, easy_reset)},
    {"curl_easy_setopt", offsetof(pw_curl_api, easy_setopt)},
    {"curl_easy_perform", offsetof(pw_curl_api, easy_perform)},
    {"curl_easy_getinfo", offsetof(pw_curl_api, easy_getinfo)},
    {"curl_easy_strerror", offsetof(pw_curl_api, easy_strerror)},
    {"curl_slist_append", offsetof(pw_curl_api, slist_append)},
    {"curl_slist_free_all", offsetof(pw_curl_api, slist_free_all)},
};

int pw_curl_load_open(pw_curl_api *api, void **handle, const char *file)
{
	void *h;
	size_t i;

	*handle = NULL;
	dlerror();
	if (!(h = dlopen(file, RTLD_NOW | RTLD_LOCAL))) {
		const char *why = dlerror();
		return pw_error_set(PW_ERROR,
		                    "%s: cannot load libcurl, which the GitHub client needs (%s); "
		                    "install it (Debian/Ubuntu: apt-get install libcurl4)",
		                    file, why ? why : "not found");
	}
	for (i = 0; i < sizeof(functions) / sizeof(functions[0]); i++) {
		/* POSIX: a function pointer converts to and from void * (dlsym) */
		void *f = dlsym(h, functions[i].name);
		if (!f) {
			dlclose(h);
			return pw_error_set(PW_ERROR, "%s: no function %s: not a usable libcurl",
			                    file, functions[i].name);
		}
		memcpy((char *)api + functions[i].offset, &f, sizeof(f));
	}
	*handle = h;
	return 0;
}

static pthread_mutex_t load_mutex = PTHREAD_MUTEX_INITIALIZER;
static pw_curl_api loaded_api;
static void *loaded_handle; /* kept for the life of the process */

int pw_curl_load(const pw_curl_api **out)
{
	int rc = 0;

	*out = NULL;
	pthread_mutex_lock(&load_mutex);
	if (!loaded_handle)
		rc = pw_curl_load_open(&loaded_api, &loaded_handle, PW_CURL_LIBRARY);
	pthread_mutex_unlock(&load_mutex);
	if (rc == 0)
		*out = &loaded_api;
	return rc;
}
