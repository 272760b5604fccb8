/*
 * visible.c: the renderers' terminal safety (util's visible.h) for front
 * ends, which see only the public headers.
 */
#include "bandwise/report.h"

#include "visible.h"

const char *bw_report_visible(char *buf, size_t size, const char *text)
{
	return bwx_visible(buf, size, text, 0);
}
