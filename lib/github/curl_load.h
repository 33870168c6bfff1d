/* libcurl, loaded on first use. Only the GitHub client (lib/github/github.c) needs it;
 * linking it would make every run of the binary (a no-op `pkiwatch mirror`,
 * `changes`, ...) map libcurl and the ~20 libraries it depends on at start-up,
 * which costs more CPU than the no-op mirror's own work (bench/mirror.sh). git
 * keeps curl out of its main binary (git-remote-http) for the same reason.
 * Types and constants come from <curl/curl.h> at compile time; the functions
 * from the shared library at run time. */
#ifndef PW_CURL_LOAD_H
#define PW_CURL_LOAD_H

#include <curl/curl.h>

/* The library the binary would have been linked with (its soname). */
#define PW_CURL_LIBRARY "libcurl.so.4"

/* The libcurl functions pkiwatch uses. */
typedef struct {
	CURLcode (*global_init)(long flags);
	CURL *(*easy_init)(void);
	void (*easy_cleanup)(CURL *curl);
	void (*easy_reset)(CURL *curl);
	CURLcode (*easy_setopt)(CURL *curl, CURLoption option, ...);
	CURLcode (*easy_perform)(CURL *curl);
	CURLcode (*easy_getinfo)(CURL *curl, CURLINFO info, ...);
	const char *(*easy_strerror)(CURLcode code);
	struct curl_slist *(*slist_append)(struct curl_slist *list, const char *string);
	void (*slist_free_all)(struct curl_slist *list);
} pw_curl_api;

/* Loads PW_CURL_LIBRARY once per process (thread-safe) and points *out at its
 * functions. A missing library or function is an error naming the library and
 * the package to install. */
int pw_curl_load(const pw_curl_api **out);

/* Opens `file` (a soname or a path) and fills `api`; *handle is for
 * dlclose. Not cached: pw_curl_load is the one to use. */
int pw_curl_load_open(pw_curl_api *api, void **handle, const char *file);

#endif
