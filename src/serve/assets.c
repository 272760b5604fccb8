/*
 * assets.c: the table of built-in files (web_embed.S holds the bytes).
 */
#include "assets.h"

#include <string.h>

/* Start and end of each file, from web_embed.S. */
extern const char serve_web_index_html[], serve_web_index_html_end[];
extern const char serve_web_app_css[], serve_web_app_css_end[];
extern const char serve_web_app_js[], serve_web_app_js_end[];

const serve_asset *serve_asset_find(const char *url)
{
	static serve_asset assets[3];
	static int ready;
	if (!ready) {
		/* Sizes are link-time differences, so the table is filled on first use. */
		assets[0] =
		    (serve_asset){"/", "text/html; charset=utf-8", serve_web_index_html,
		                  (size_t)(serve_web_index_html_end - serve_web_index_html)};
		assets[1] = (serve_asset){"/app.css", "text/css; charset=utf-8", serve_web_app_css,
		                          (size_t)(serve_web_app_css_end - serve_web_app_css)};
		assets[2] =
		    (serve_asset){"/app.js", "text/javascript; charset=utf-8", serve_web_app_js,
		                  (size_t)(serve_web_app_js_end - serve_web_app_js)};
		ready = 1;
	}
	if (strcmp(url, "/index.html") == 0)
		url = "/";
	for (size_t i = 0; i < sizeof(assets) / sizeof(assets[0]); i++)
		if (strcmp(assets[i].path, url) == 0)
			return &assets[i];
	return NULL;
}
