#include "tool.h"

int cmd_mirror(pw_tool *t, int argc, char **argv)
{
	(void)t;
	(void)argc;
	(void)argv;
	tool_error("mirror: not implemented yet");
	return 1;
}
