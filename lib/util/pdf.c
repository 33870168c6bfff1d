#include "util/pdf.h"

#include "util/buf.h"
#include "util/day.h"
#include "util/error.h"
#include "util/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RENDER_TIMEOUT_MS (180 * 1000)

/* An executable `name` in $PATH (or `name` itself when it holds a '/'). */
static char *in_path(const char *name)
{
	const char *path = getenv("PATH"), *p, *end;
	if (strchr(name, '/'))
		return access(name, X_OK) == 0 ? strdup(name) : NULL;
	for (p = path ? path : "/usr/bin:/bin"; *p; p = *end ? end + 1 : end) {
		size_t n;
		char *full;
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		n = (size_t)(end - p);
		if (!n)
			continue;
		if (!(full = malloc(n + strlen(name) + 2)))
			return NULL;
		memcpy(full, p, n);
		full[n] = '/';
		strcpy(full + n + 1, name);
		if (access(full, X_OK) == 0)
			return full;
		free(full);
	}
	return NULL;
}

int pw_pdf_find(char **path, int *kind)
{
	static const char *const chromes[] = {"chromium", "chromium-browser", "google-chrome"};
	const char *env = getenv("PKIWATCH_CHROMIUM");
	size_t i;
	*path = NULL;
	*kind = 0;
	if (env && *env) {
		*path = in_path(env);
		*kind = PW_PDF_CHROMIUM;
	}
	for (i = 0; !*path && !(env && *env) && i < sizeof(chromes) / sizeof(chromes[0]); i++) {
		*path = in_path(chromes[i]);
		*kind = PW_PDF_CHROMIUM;
	}
	if (!*path) {
		env = getenv("PKIWATCH_WEASYPRINT");
		*path = in_path(env && *env ? env : "weasyprint");
		*kind = PW_PDF_WEASYPRINT;
	}
	if (*path)
		return 0;
	*kind = 0;
	return pw_error_set(PW_ENOTFOUND,
	                    "PDF output needs headless Chromium ('chromium', Debian package "
	                    "chromium) or WeasyPrint ('weasyprint', Debian package weasyprint); "
	                    "neither is installed (or use --format md,html)");
}

/* file://<absolute path, percent-encoded> */
static int file_url(pw_buf *b, const char *path)
{
	char *abs = realpath(path, NULL);
	const unsigned char *p;
	int rc;
	if (!abs)
		return pw_error_set(PW_ERROR, "%s: %s", path, strerror(errno));
	rc = pw_buf_puts(b, "file://");
	for (p = (const unsigned char *)abs; rc == 0 && *p; p++)
		rc = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		             (*p >= '0' && *p <= '9') || strchr("/._-~", *p)
		         ? pw_buf_putc(b, (char)*p)
		         : pw_buf_printf(b, "%%%02X", *p);
	free(abs);
	return rc;
}

/* The last line of the renderer's output, for the error message. */
static char *last_line(const char *log)
{
	char *text = NULL, *p;
	size_t len = 0;
	if (pw_file_read(&text, &len, log, 1 << 20) < 0 || !text)
		return strdup("");
	while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		text[--len] = '\0';
	p = strrchr(text, '\n');
	p = strdup(p ? p + 1 : text);
	free(text);
	return p;
}

/* Runs argv with stdout and stderr into `log` (with SOURCE_DATE_EPOCH=`epoch`
 * in its environment when not NULL); returns the exit status, or -1. */
static int run(char *const argv[], const char *log, const char *epoch)
{
	struct timespec ts = {0, 20 * 1000 * 1000};
	long waited = 0;
	int status;
	pid_t pid = fork(), r;
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, 0600);
		int null = open("/dev/null", O_RDONLY);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		if (null >= 0)
			dup2(null, 0);
		if (epoch && setenv("SOURCE_DATE_EPOCH", epoch, 1) != 0)
			_exit(127);
		execv(argv[0], argv);
		_exit(127);
	}
	/* a renderer that hangs is killed after RENDER_TIMEOUT_MS */
	while ((r = waitpid(pid, &status, WNOHANG)) == 0 && waited < RENDER_TIMEOUT_MS) {
		nanosleep(&ts, NULL);
		waited += 20;
	}
	if (r == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		return -2;
	}
	if (r < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Overwrites the 14 digits after each "/CreationDate (D:" and "/ModDate (D:"
 * with `stamp`: Chromium dates its PDF at the time of rendering. */
static void stamp_dates(char *data, size_t len, const char *stamp)
{
	static const char *const keys[] = {"/CreationDate (D:", "/ModDate (D:"};
	size_t i, k;
	for (k = 0; k < 2; k++) {
		size_t n = strlen(keys[k]);
		for (i = 0; i + n + 14 <= len; i++) {
			size_t d;
			if (memcmp(data + i, keys[k], n) != 0)
				continue;
			for (d = 0; d < 14 && data[i + n + d] >= '0' && data[i + n + d] <= '9'; d++)
				;
			if (d == 14)
				memcpy(data + i + n, stamp, 14);
		}
	}
}

#define NODE_KEY    "(node"
#define NODE_DIGITS 8

/* The offset of the NODE_DIGITS digits of a "(nodeNNNNNNNN)" at data + i,
 * or 0 when none starts there. */
static size_t node_id_at(const char *data, size_t len, size_t i)
{
	size_t n = strlen(NODE_KEY), d;
	if (i + n + NODE_DIGITS + 1 > len || memcmp(data + i, NODE_KEY, n) != 0)
		return 0;
	for (d = 0; d < NODE_DIGITS; d++)
		if (data[i + n + d] < '0' || data[i + n + d] > '9')
			return 0;
	return data[i + n + NODE_DIGITS] == ')' ? i + n : 0;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

/* Chromium's tagged PDF names structure elements "(nodeNNNNNNNN)" after
 * the renderer's DOM node counter, which a busy machine sometimes starts
 * one later (seen in test_evidence: every id shifted by one). Each id
 * becomes its rank among the document's ids, at the same width: the same
 * structure gives the same bytes, references (/ID, /Headers, the ID tree,
 * sorted by the same order) stay consistent and no offset moves. */
static int renumber_node_ids(char *data, size_t len)
{
	long *ids = NULL;
	size_t count = 0, cap = 0, uniq = 0, i, at;
	for (i = 0; i < len; i++) {
		if (!(at = node_id_at(data, len, i)))
			continue;
		if (count == cap) {
			long *grown = realloc(ids, (cap = cap ? cap * 2 : 64) * sizeof(*ids));
			if (!grown) {
				free(ids);
				return pw_error_oom();
			}
			ids = grown;
		}
		ids[count++] = strtol(data + at, NULL, 10);
	}
	if (count) {
		qsort(ids, count, sizeof(*ids), cmp_long);
		for (i = 0; i < count; i++)
			if (uniq == 0 || ids[uniq - 1] != ids[i])
				ids[uniq++] = ids[i];
	}
	for (i = 0; i < len && uniq; i++) {
		long id, *found;
		char digits[32];
		if (!(at = node_id_at(data, len, i)))
			continue;
		id = strtol(data + at, NULL, 10);
		found = bsearch(&id, ids, uniq, sizeof(*ids), cmp_long);
		/* a rank never has more digits than the id it replaces */
		if (snprintf(digits, sizeof(digits), "%0*ld", NODE_DIGITS,
		             (long)(found - ids) + 1) == NODE_DIGITS)
			memcpy(data + at, digits, NODE_DIGITS);
	}
	free(ids);
	return 0;
}

/* Chromium's PDF, made reproducible in place: the dates of `stamp`, the
 * structure ids renumbered. */
static int make_reproducible(const char *path, const char *stamp)
{
	char *data = NULL;
	size_t len = 0;
	int rc;
	if ((rc = pw_file_read(&data, &len, path, (size_t)1 << 30)) < 0)
		return rc;
	stamp_dates(data, len, stamp);
	if ((rc = renumber_node_ids(data, len)) == 0)
		rc = pw_file_write_atomic(path, data, len);
	free(data);
	return rc;
}

/* For a fixed o->date: the SOURCE_DATE_EPOCH of its midnight and the PDF
 * date stamp "YYYYMMDD000000" Chromium's output gets. */
static int fixed_date(char epoch[32], char stamp[16], const pw_pdf_opts *o)
{
	long day;
	int rc;
	if (!o || !o->date)
		return 0;
	if ((rc = pw_day_parse(&day, o->date)) < 0)
		return rc;
	snprintf(epoch, 32, "%lld", (long long)day * 86400);
	snprintf(stamp, 16, "%.4s%.2s%.2s000000", o->date, o->date + 5, o->date + 8);
	return 0;
}

/* *out: a new private directory under $TMPDIR (else /tmp). */
static int make_workdir(char **out)
{
	const char *tmpdir = getenv("TMPDIR");
	const char *base = tmpdir && *tmpdir ? tmpdir : "/tmp";
	char *work = malloc(strlen(base) + 32);
	int rc;
	*out = NULL;
	if (!work)
		return pw_error_oom();
	sprintf(work, "%s/pkiwatch-pdf-XXXXXX", base);
	if (!mkdtemp(work)) {
		rc = pw_error_set(PW_ERROR, "%s: %s", work, strerror(errno));
		free(work);
		return rc;
	}
	*out = work;
	return 0;
}

/* Headless Chromium prints `url` to `pdf`, with its profile in `work`;
 * *status: the run's (util/run). */
static int run_chromium(int *status, const char *renderer, const char *url, const char *pdf,
                        const char *work, const char *log)
{
	pw_buf out_arg = PW_BUF_INIT, prof = PW_BUF_INIT;
	char *argv[16];
	int n = 0;
	if (pw_buf_printf(&out_arg, "--print-to-pdf=%s", pdf) < 0 ||
	    pw_buf_printf(&prof, "--user-data-dir=%s/profile", work) < 0) {
		pw_buf_clear(&out_arg);
		pw_buf_clear(&prof);
		return PW_ENOMEM;
	}
	argv[n++] = (char *)renderer;
	argv[n++] = "--headless";
	argv[n++] = "--no-sandbox";
	argv[n++] = "--disable-gpu";
	argv[n++] = "--no-first-run";
	argv[n++] = "--disable-background-networking";
	argv[n++] = "--disable-component-update";
	argv[n++] = "--disable-sync";
	argv[n++] = "--no-pdf-header-footer";
	argv[n++] = prof.ptr;
	argv[n++] = out_arg.ptr;
	argv[n++] = (char *)url;
	argv[n] = NULL;
	*status = run(argv, log, NULL);
	pw_buf_clear(&out_arg);
	pw_buf_clear(&prof);
	return 0;
}

/* Whether `path` starts as a PDF does. */
static int is_pdf(const char *path)
{
	char head[5] = {0};
	FILE *f = fopen(path, "rb");
	if (f) {
		if (fread(head, 1, 4, f) != 4)
			head[0] = '\0';
		fclose(f);
	}
	return strcmp(head, "%PDF") == 0;
}

/* The error of a renderer run that made no PDF, with the last line it
 * logged. */
static int render_failed(const char *html_path, const char *renderer, int status, const char *log)
{
	char *msg = last_line(log);
	int rc = pw_error_set(PW_ERROR, "%s: %s could not make a PDF (%s%s%s)", html_path, renderer,
	                      status == -2  ? "timed out"
	                      : status != 0 ? "it failed"
	                                    : "no PDF written",
	                      msg && *msg ? ": " : "", msg ? msg : "");
	free(msg);
	return rc;
}

/* The renderer's PDF `tmp_pdf` (its dates stamped for Chromium when
 * `stamp` is set) renamed to `pdf_path`; removed when that fails. */
static int keep_pdf(int kind, const char *stamp, const char *tmp_pdf, const char *pdf_path)
{
	int rc = 0;
	if (kind == PW_PDF_CHROMIUM && *stamp)
		rc = make_reproducible(tmp_pdf, stamp);
	if (rc == 0 && rename(tmp_pdf, pdf_path) != 0)
		rc = pw_error_set(PW_ERROR, "%s: %s", pdf_path, strerror(errno));
	if (rc < 0)
		remove(tmp_pdf);
	return rc;
}

int pw_pdf_render(const char *renderer, int kind, const char *html_path, const char *pdf_path,
                  const pw_pdf_opts *o)
{
	char *work = NULL, *log = NULL, *tmp_pdf = NULL;
	pw_buf url = PW_BUF_INIT;
	char epoch[32] = "", stamp[16] = "";
	int rc, status;

	if ((rc = fixed_date(epoch, stamp, o)) < 0 || (rc = make_workdir(&work)) < 0)
		return rc;
	if (!(log = pw_path_join(work, "renderer.log")) ||
	    !(tmp_pdf = malloc(strlen(pdf_path) + 32))) {
		rc = pw_error_oom();
		goto out;
	}
	/* "./" before a relative path that starts with '-': the renderer takes
	 * the output file as an argument and would read it as an option */
	sprintf(tmp_pdf, "%s%s.tmp%ld", pdf_path[0] == '-' ? "./" : "", pdf_path, (long)getpid());
	if ((rc = file_url(&url, html_path)) < 0)
		goto out;
	if (kind == PW_PDF_CHROMIUM) {
		if ((rc = run_chromium(&status, renderer, url.ptr, tmp_pdf, work, log)) < 0)
			goto out;
	} else {
		char *argv[] = {(char *)renderer, url.ptr, tmp_pdf, NULL};
		status = run(argv, log, *epoch ? epoch : NULL);
	}
	if (status != 0 || !is_pdf(tmp_pdf)) {
		rc = render_failed(html_path, renderer, status, log);
		remove(tmp_pdf);
	} else {
		rc = keep_pdf(kind, stamp, tmp_pdf, pdf_path);
	}
out:
	pw_tree_remove(work);
	free(work);
	free(log);
	free(tmp_pdf);
	pw_buf_clear(&url);
	return rc;
}
