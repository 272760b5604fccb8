/*
 * assets.c: the table of built-in files (web_embed.S holds the bytes and
 * their sizes).
 */
#include "assets.h"

#include <stdint.h>
#include <string.h>

/* Each file's first byte and size, from web_embed.S. */
extern const char serve_web_index_html[], serve_web_app_css[], serve_web_app_js[];
extern const uint64_t serve_web_index_html_size, serve_web_app_css_size, serve_web_app_js_size;

const serve_asset *serve_asset_find(const char *url)
{
	const serve_asset assets[] = {
	    {"/", "text/html; charset=utf-8", serve_web_index_html,
	     (size_t)serve_web_index_html_size},
	    {"/app.css", "text/css; charset=utf-8", serve_web_app_css,
	     (size_t)serve_web_app_css_size},
	    {"/app.js", "text/javascript; charset=utf-8", serve_web_app_js,
	     (size_t)serve_web_app_js_size},
	};
	static _Thread_local serve_asset found; /* one per answering thread */

	if (strcmp(url, "/index.html") == 0)
		url = "/";
	for (size_t i = 0; i < sizeof(assets) / sizeof(assets[0]); i++)
		if (strcmp(assets[i].path, url) == 0) {
			/* Valid until this thread's next call: the caller sends it first. */
			found = assets[i];
			return &found;
		}
	return NULL;
}
