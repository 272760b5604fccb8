/*
 * assets.h: the page's files, built into the binary by web_embed.S from
 * web/. The server answers only these paths: no request path reaches the
 * file system.
 */
#ifndef BANDWISE_SERVE_ASSETS_H
#define BANDWISE_SERVE_ASSETS_H

#include <stddef.h>

typedef struct {
	const char *path; /* "/app.js" */
	const char *type; /* its Content-Type */
	const char *data;
	size_t size;
} serve_asset;

/* The built-in file at 'url' ("/" is index.html), or NULL. */
const serve_asset *serve_asset_find(const char *url);

#endif
