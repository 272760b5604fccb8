/*
 * serve.h: the HTTP front end of `bandwise serve` (libmicrohttpd).
 *
 * This folder knows HTTP, not the domain: it serves the page built into
 * the binary (web/, web_embed.S), checks the token, caps bodies, sets the
 * security headers, and hands every /api/NAME request to one callback
 * that answers with a JSON document. The CLI gives that callback (so the
 * API's documents are the CLI's --json documents, byte for byte) and
 * parses the command line. Like the CLI it sees include/ only.
 */
#ifndef BANDWISE_SERVE_H
#define BANDWISE_SERVE_H

#include <stddef.h>

/* One query parameter, in the order the URL gives them. */
typedef struct {
	const char *name;
	const char *value; /* "" for "?ramp" */
} serve_param;

/* An API request: /api/<endpoint>, its parameters and its body. */
typedef struct {
	const char *endpoint; /* "plan" for /api/plan */
	int post;             /* 1 for POST, 0 for GET */
	const serve_param *params;
	size_t param_count;
	const char *body; /* the POSTed bytes (NUL-terminated), or NULL */
	size_t body_length;
} serve_request;

/* The answer: an HTTP status and a JSON document (malloc'd, the server
 * frees it); or, with 'type' set, a download of that type named
 * 'filename' (the report). */
typedef struct {
	int status;
	char *json;
	size_t length;
	const char *type;     /* NULL: application/json */
	const char *filename; /* with type: Content-Disposition: attachment */
} serve_reply;

typedef void serve_api_fn(void *data, const serve_request *request, serve_reply *reply);

typedef struct {
	const char *bind;         /* a numeric IPv4 address: "127.0.0.1" */
	unsigned port;            /* 0 = any free port (serve_run reports which) */
	const char *token;        /* required on every request when not NULL */
	const char *login_code;   /* with a token: "/?token=CODE" sets the token's cookie,
	                             once (the printed URL); "/?token=TOKEN" always does */
	size_t max_body;          /* larger request bodies get 413 */
	unsigned timeout_seconds; /* idle connections are closed after this */
	serve_api_fn *api;
	void *api_data;
	/* Called once the socket listens, with the port it listens on. */
	void (*listening)(void *data, unsigned port);
} serve_options;

/* 1 when 'address' is a numeric IPv4 loopback address (127.0.0.0/8). */
int serve_is_loopback(const char *address);

/*
 * Listen and answer until SIGINT or SIGTERM. Requests are answered by a
 * pool of threads (one per online core, at least 2): the API callback runs
 * on several threads at once and must be reentrant.
 * Returns 0 after a signal, or -1 with 'error' filled when the server
 * cannot start (a bad address, a port in use).
 */
int serve_run(const serve_options *options, char *error, size_t error_size);

/* A JSON error document {"error": MESSAGE, "status": STATUS} (malloc'd). */
void serve_error_reply(serve_reply *reply, int status, const char *message);

#endif
