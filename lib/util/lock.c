#include "util/lock.h"

#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct pw_lock {
	int fd;
};

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Opens (creating) the lock file without following a symbolic link: whoever
 * controls the directory (a restored Actions cache) must not make pkiwatch
 * create or open a file elsewhere. A link there is never a lock anybody holds,
 * so it is replaced; anything else that is not a regular file is an error.
 * O_NONBLOCK: a FIFO must not hang the open. */
static int open_lock_file(const char *path)
{
	const int flags = O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK;
	struct stat st;
	int fd = open(path, flags, 0644);

	if (fd < 0 && errno == ELOOP && lstat(path, &st) == 0 && S_ISLNK(st.st_mode) &&
	    unlink(path) == 0)
		fd = open(path, flags | O_EXCL, 0644);
	if (fd < 0) {
		pw_error_set(PW_ERROR, "%s: cannot open lock file: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		pw_error_set(PW_ERROR, "%s: the lock file is not a regular file; remove it", path);
		return -1;
	}
	return fd;
}

int pw_lock_acquire(pw_lock **out, const char *path, int timeout_sec, pw_lock_wait_cb on_wait,
                    void *payload)
{
	struct timespec pause = {0, 20 * 1000 * 1000};
	double deadline = 0;
	int fd, waited = 0;

	*out = NULL;
	if ((fd = open_lock_file(path)) < 0)
		return PW_ERROR;
	/* flock(2) has no timeout: poll a non-blocking attempt until the deadline. */
	for (;;) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK) {
			int e = errno;
			close(fd);
			return pw_error_set(PW_ERROR, "%s: cannot lock: %s", path, strerror(e));
		}
		if (!waited) {
			waited = 1;
			deadline = now_seconds() + timeout_sec;
			if (on_wait && timeout_sec != 0)
				on_wait(path, payload);
		}
		if (timeout_sec >= 0 && now_seconds() >= deadline) {
			close(fd);
			return pw_error_set(
			    PW_ELOCKED, "%s: locked by another pkiwatch run; gave up after %d s",
			    path, timeout_sec);
		}
		nanosleep(&pause, NULL);
	}
	*out = malloc(sizeof(**out));
	if (!*out) {
		close(fd);
		return pw_error_oom();
	}
	(*out)->fd = fd;
	return 0;
}

void pw_lock_release(pw_lock *lock)
{
	if (!lock)
		return;
	close(lock->fd); /* closing the last descriptor drops the flock */
	free(lock);
}
