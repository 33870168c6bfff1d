#include "tool.h"

int cmd_changes(pw_tool *t, int argc, char **argv)
{
	(void)t;
	(void)argc;
	(void)argv;
	tool_error("changes: not implemented yet");
	return 1;
}
