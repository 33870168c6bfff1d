/* Seeding a mirror from an upstream on the local file system.
 *
 * libgit2's local transport builds a new pack with full delta search for
 * every clone, which takes seconds on the real histories. When the upstream
 * is a local directory (a path or file:// URL, as in tests and offline runs),
 * its pack files are linked (or copied) into the mirror first, as
 * `git clone --local` does; the fetch that follows then finds every object
 * present and only updates refs. Packs are immutable, so sharing them by
 * hard link is safe. */
#ifndef PW_PACKCOPY_H
#define PW_PACKCOPY_H

/* The local directory `url` names ("/x", "./x", "file:///x"), or NULL when it
 * is a network URL. Caller frees. */
char *pw_packcopy_local_path(const char *url);

/* Links or copies every pack (.pack + .idx) of the repository at `upstream`
 * that `repo_path` lacks into <repo_path>/objects/pack, each through a
 * temporary name (tmp_pack_*) and rename, so a killed run never leaves a
 * half-copied pack under a pack's name. An upstream without packs is fine. */
int pw_packcopy_seed(const char *repo_path, const char *upstream);

#endif
