/* An exclusive advisory lock on a file (flock(2)), so that two pkiwatch runs
 * never work on one cache at the same time. The kernel drops the lock when the
 * holder dies, even by kill -9: a lock is never left stale. */
#ifndef PW_LOCK_H
#define PW_LOCK_H

typedef struct pw_lock pw_lock;

/* Called once, before waiting, when another process holds the lock. */
typedef void (*pw_lock_wait_cb)(const char *path, void *payload);

/* Takes the lock on `path` (created when missing). When another process holds
 * it, calls `on_wait` (may be NULL) and waits up to `timeout_sec` seconds
 * (0: fail at once; negative: wait forever). Fails with PW_ELOCKED after the
 * timeout. */
int pw_lock_acquire(pw_lock **out, const char *path, int timeout_sec, pw_lock_wait_cb on_wait,
                    void *payload);

/* Releases the lock and frees `lock` (NULL is fine). */
void pw_lock_release(pw_lock *lock);

#endif
