/*
 * version.c: the library's version at run time.
 */
#include "bandwise/version.h"

const char *bw_version(void)
{
	return BANDWISE_VERSION;
}
