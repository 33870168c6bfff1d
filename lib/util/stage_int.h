/* util/stage.c's test hook: not part of the library's interface; only
 * stage.c and the tests include this. */
#ifndef PW_STAGE_INT_H
#define PW_STAGE_INT_H

/* Called by pw_stage_apply with pw_stage_step_arg after each staged file was
 * moved beside its target (`near`, its hidden name), before any is renamed
 * into place, so that a test can kill the process there or hold it. */
extern void (*pw_stage_step_hook)(const char *near, void *arg);
extern void *pw_stage_step_arg;

#endif
