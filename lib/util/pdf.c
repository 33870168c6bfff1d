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
 * of the PDF at `path` with `stamp` (YYYYMMDDHHMMSS). Chromium (Skia) writes
 * both once, in the document information dictionary. */
static int stamp_dates(const char *path, const char *stamp)
{
	static const char *const keys[] = {"/CreationDate (D:", "/ModDate (D:"};
	char *data = NULL;
	size_t len = 0, i, k;
	int rc;
	if ((rc = pw_file_read(&data, &len, path, (size_t)1 << 30)) < 0)
		return rc;
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
	rc = pw_file_write_atomic(path, data, len);
	free(data);
	return rc;
}

int pw_pdf_render(const char *renderer, int kind, const char *html_path, const char *pdf_path,
                  const pw_pdf_opts *o)
{
	const char *tmpdir = getenv("TMPDIR");
	char *work = NULL, *log = NULL, *tmp_pdf = NULL, *msg = NULL;
	pw_buf url = PW_BUF_INIT, out_arg = PW_BUF_INIT, prof = PW_BUF_INIT;
	char head[5] = {0}, epoch[32] = "", stamp[16] = "";
	FILE *f;
	int rc, status;
	long day;

	if (o && o->date) {
		if ((rc = pw_day_parse(&day, o->date)) < 0)
			return rc;
		snprintf(epoch, sizeof(epoch), "%lld", (long long)day * 86400);
		snprintf(stamp, sizeof(stamp), "%.4s%.2s%.2s000000", o->date, o->date + 5,
		         o->date + 8);
	}

	if (!(work = malloc(strlen(tmpdir && *tmpdir ? tmpdir : "/tmp") + 32)))
		return pw_error_oom();
	sprintf(work, "%s/pkiwatch-pdf-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (!mkdtemp(work)) {
		rc = pw_error_set(PW_ERROR, "%s: %s", work, strerror(errno));
		free(work);
		return rc;
	}
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
		char *argv[16];
		int n = 0;
		if (pw_buf_printf(&out_arg, "--print-to-pdf=%s", tmp_pdf) < 0 ||
		    pw_buf_printf(&prof, "--user-data-dir=%s/profile", work) < 0) {
			rc = PW_ENOMEM;
			goto out;
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
		argv[n++] = url.ptr;
		argv[n] = NULL;
		status = run(argv, log, NULL);
	} else {
		char *argv[] = {(char *)renderer, url.ptr, tmp_pdf, NULL};
		status = run(argv, log, *epoch ? epoch : NULL);
	}
	f = fopen(tmp_pdf, "rb");
	if (f) {
		if (fread(head, 1, 4, f) != 4)
			head[0] = '\0';
		fclose(f);
	}
	if (status != 0 || strcmp(head, "%PDF") != 0) {
		msg = last_line(log);
		rc = pw_error_set(PW_ERROR, "%s: %s could not make a PDF (%s%s%s)", html_path,
		                  renderer,
		                  status == -2  ? "timed out"
		                  : status != 0 ? "it failed"
		                                : "no PDF written",
		                  msg && *msg ? ": " : "", msg ? msg : "");
		remove(tmp_pdf);
		goto out;
	}
	if (kind == PW_PDF_CHROMIUM && *stamp && (rc = stamp_dates(tmp_pdf, stamp)) < 0) {
		remove(tmp_pdf);
		goto out;
	}
	if (rename(tmp_pdf, pdf_path) != 0) {
		rc = pw_error_set(PW_ERROR, "%s: %s", pdf_path, strerror(errno));
		remove(tmp_pdf);
		goto out;
	}
	rc = 0;
out:
	pw_tree_remove(work);
	free(msg);
	free(work);
	free(log);
	free(tmp_pdf);
	pw_buf_clear(&url);
	pw_buf_clear(&out_arg);
	pw_buf_clear(&prof);
	return rc;
}
