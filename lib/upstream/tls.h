/* Certificate authorities for https fetches.
 *
 * Debian's libgit2 uses mbedTLS, which has no notion of a "system store": it
 * trusts exactly what GIT_OPT_SET_SSL_CERT_LOCATIONS gives it, and each call
 * replaces the previous set. One call can name one file and one directory, so
 * an extra CA file is loaded as the file and the system bundle's directory
 * (/etc/ssl/certs on Debian/Ubuntu) as the directory: both are trusted. */
#ifndef PW_TLS_H
#define PW_TLS_H

/* The system CA bundle: $SSL_CERT_FILE, else the first existing well-known
 * bundle (/etc/ssl/certs/ca-certificates.crt, ...). NULL when none. */
const char *pw_tls_system_bundle(void);

/* Makes libgit2 trust the system CAs plus, when `extra_ca_file` is not NULL,
 * the CAs in that PEM file. A missing or unreadable extra file is PW_EINPUT. */
int pw_tls_setup(const char *extra_ca_file);

#endif
