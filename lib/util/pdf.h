/* HTML to PDF through an installed renderer: headless Chromium (chromium,
 * chromium-browser, google-chrome; or $PKIWATCH_CHROMIUM), else WeasyPrint
 * (weasyprint; or $PKIWATCH_WEASYPRINT). Each run of Chromium gets a fresh
 * temporary profile that is removed afterwards; the PDF is written to a
 * temporary file next to the target and renamed over it once complete. */
#ifndef PW_PDF_H
#define PW_PDF_H

enum { PW_PDF_CHROMIUM = 1, PW_PDF_WEASYPRINT = 2 };

/* Finds a renderer: *path (caller frees) and *kind. PW_ENOTFOUND, with a
 * message naming both, when neither is installed. */
int pw_pdf_find(char **path, int *kind);

typedef struct {
	/* "YYYY-MM-DD" or NULL: the PDF's creation and modification date
	 * (midnight UTC) instead of the time of rendering, so that the same HTML
	 * gives the same bytes (WeasyPrint through SOURCE_DATE_EPOCH; Chromium's
	 * two date strings rewritten in place, same length, so the cross-reference
	 * offsets stay valid). */
	const char *date;
} pw_pdf_opts;

#define PW_PDF_OPTS_INIT                                                                           \
	{                                                                                          \
		.date = NULL                                                                       \
	}

/* Renders `html_path` into `pdf_path` with the renderer found by pw_pdf_find;
 * `o` may be NULL (the defaults). */
int pw_pdf_render(const char *renderer, int kind, const char *html_path, const char *pdf_path,
                  const pw_pdf_opts *o);

#endif
