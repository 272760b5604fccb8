/*
 * serve.c: the HTTP server of `bandwise serve` on libmicrohttpd (why that
 * library: docs/dependencies.md). A pool of threads (one per online core,
 * at least 2) answers the requests, so the API callback runs on several
 * threads at once and must be reentrant (serve.h).
 *
 * What every request goes through, in order: the Host check (a page on
 * another site cannot reach us through DNS rebinding), the token (a
 * Bearer header, or the HttpOnly cookie set from the one-time ?token=
 * URL), the body cap (413), then either a built-in file (no request path
 * touches the file system) or the API. Every answer carries the
 * Content-Security-Policy that forbids external loads and inline script.
 */
#define _GNU_SOURCE
#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assets.h"

/* Nothing may load from elsewhere; scripts and styles only from our own
 * files (no inline script, no eval); the API only from us. */
static const char csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
                          "img-src 'self' data:; connect-src 'self'; form-action 'none'; "
                          "frame-ancestors 'none'; base-uri 'none'";

static const char cookie_name[] = "bandwise_token";

enum { MAX_PARAMS = 64 };

/* One request's state across the access handler's calls. */
typedef struct {
	char *body;
	size_t length;
	int too_large;
} request_state;

typedef struct {
	const serve_options *options;
	int login_used;      /* the one-time code has been spent (atomic: threads share it) */
	char host_ok[2][64]; /* the Host values we answer to: "127.0.0.1:8765", "localhost:8765" */
	unsigned port;
} server;

int serve_is_loopback(const char *address)
{
	struct in_addr addr;
	if (inet_pton(AF_INET, address, &addr) != 1)
		return 0;
	return (ntohl(addr.s_addr) >> 24) == 127;
}

void serve_error_reply(serve_reply *reply, int status, const char *message)
{
	json_t *doc = json_pack("{s:s, s:i}", "error", message, "status", status);
	reply->status = status;
	reply->type = NULL;
	reply->filename = NULL;
	reply->json = doc ? json_dumps(doc, JSON_PRESERVE_ORDER | JSON_INDENT(2)) : NULL;
	reply->length = reply->json ? strlen(reply->json) : 0;
	json_decref(doc);
}

/* Same length and same bytes, in time that does not depend on where they
 * differ. */
static int token_equal(const char *given, const char *token)
{
	size_t n = strlen(token);
	unsigned char differ = 0;
	if (given == NULL || strlen(given) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		differ |= (unsigned char)given[i] ^ (unsigned char)token[i];
	return differ == 0;
}

static void add_headers(struct MHD_Response *response, const char *type)
{
	MHD_add_response_header(response, "Content-Type", type);
	MHD_add_response_header(response, "Content-Security-Policy", csp);
	MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(response, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(response, "X-Frame-Options", "DENY");
	MHD_add_response_header(response, "Cross-Origin-Resource-Policy", "same-origin");
}

static enum MHD_Result send_bytes(struct MHD_Connection *connection, int status, const char *type,
                                  const void *data, size_t length, int copy, const char *filename)
{
	struct MHD_Response *response = MHD_create_response_from_buffer(
	    length, (void *)data, copy ? MHD_RESPMEM_MUST_COPY : MHD_RESPMEM_PERSISTENT);
	enum MHD_Result result;
	if (response == NULL)
		return MHD_NO;
	add_headers(response, type);
	MHD_add_response_header(response, "Cache-Control", "no-store");
	if (filename != NULL) {
		char disposition[160];
		snprintf(disposition, sizeof(disposition), "attachment; filename=\"%s\"", filename);
		MHD_add_response_header(response, "Content-Disposition", disposition);
	}
	result = MHD_queue_response(connection, (unsigned)status, response);
	MHD_destroy_response(response);
	return result;
}

static enum MHD_Result send_reply(struct MHD_Connection *connection, serve_reply *reply)
{
	enum MHD_Result result;
	if (reply->json == NULL)
		serve_error_reply(reply, 500, "out of memory");
	if (reply->json == NULL)
		return MHD_NO;
	result =
	    send_bytes(connection, reply->status, reply->type ? reply->type : "application/json",
	               reply->json, reply->length, 1, reply->type ? reply->filename : NULL);
	free(reply->json);
	reply->json = NULL;
	return result;
}

static enum MHD_Result send_error(struct MHD_Connection *connection, int status,
                                  const char *message)
{
	serve_reply reply = {.status = 0};
	serve_error_reply(&reply, status, message);
	return send_reply(connection, &reply);
}

/* The one-time URL: the token moves into an HttpOnly cookie and the
 * browser is sent to the page without it, so it leaves the address bar
 * and the history. */
static enum MHD_Result send_cookie(struct MHD_Connection *connection, const char *token)
{
	char cookie[256];
	struct MHD_Response *response =
	    MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	enum MHD_Result result;
	if (response == NULL)
		return MHD_NO;
	snprintf(cookie, sizeof(cookie), "%s=%s; HttpOnly; SameSite=Strict; Path=/", cookie_name,
	         token);
	add_headers(response, "text/plain");
	MHD_add_response_header(response, "Set-Cookie", cookie);
	MHD_add_response_header(response, "Location", "/");
	MHD_add_response_header(response, "Cache-Control", "no-store");
	result = MHD_queue_response(connection, MHD_HTTP_SEE_OTHER, response);
	MHD_destroy_response(response);
	return result;
}

static int authorized(struct MHD_Connection *connection, const char *token)
{
	const char *header =
	    MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	if (token == NULL)
		return 1;
	if (header != NULL && strncmp(header, "Bearer ", 7) == 0 && token_equal(header + 7, token))
		return 1;
	return token_equal(MHD_lookup_connection_value(connection, MHD_COOKIE_KIND, cookie_name),
	                   token);
}

typedef struct {
	serve_param params[MAX_PARAMS];
	size_t count;
	int overflow;
} param_list;

static enum MHD_Result collect_param(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
	param_list *list = cls;
	(void)kind;
	if (strcmp(key, "token") == 0)
		return MHD_YES;
	if (list->count == MAX_PARAMS) {
		list->overflow = 1;
		return MHD_NO;
	}
	list->params[list->count].name = key;
	list->params[list->count].value = value ? value : "";
	list->count++;
	return MHD_YES;
}

static enum MHD_Result answer_api(server *s, struct MHD_Connection *connection,
                                  const char *endpoint, int post, request_state *state)
{
	param_list list = {.count = 0};
	serve_request request;
	serve_reply reply = {.status = 500};

	MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, collect_param, &list);
	if (list.overflow)
		return send_error(connection, 400, "too many query parameters");
	request.endpoint = endpoint;
	request.post = post;
	request.params = list.params;
	request.param_count = list.count;
	request.body = post ? state->body : NULL;
	request.body_length = post ? state->length : 0;
	s->options->api(s->options->api_data, &request, &reply);
	return send_reply(connection, &reply);
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *connection, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls)
{
	server *s = cls;
	request_state *state = *con_cls;
	int post = strcmp(method, MHD_HTTP_METHOD_POST) == 0;
	(void)version;

	if (state == NULL) {
		/* First call: headers only. Refuse early what we will refuse anyway. */
		const char *length_header = MHD_lookup_connection_value(
		    connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		const char *host =
		    MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
		if ((state = calloc(1, sizeof(*state))) == NULL)
			return MHD_NO;
		*con_cls = state;
		if (s->options->token == NULL &&
		    (host == NULL ||
		     (strcmp(host, s->host_ok[0]) != 0 && strcmp(host, s->host_ok[1]) != 0)))
			return send_error(
			    connection, 421,
			    "this server answers only to its own address (Host header)");
		if (!post && strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
		    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
			return send_error(connection, 405, "only GET and POST are answered");
		if (length_header != NULL &&
		    strtoull(length_header, NULL, 10) > s->options->max_body)
			return send_error(connection, 413, "the request body is too large");
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		/* A body: kept up to the cap, the rest read and dropped. */
		size_t n = *upload_data_size;
		if (!state->too_large && state->length + n <= s->options->max_body) {
			char *grown = realloc(state->body, state->length + n + 1);
			if (grown == NULL)
				return MHD_NO;
			state->body = grown;
			memcpy(state->body + state->length, upload_data, n);
			state->length += n;
			state->body[state->length] = '\0';
		} else {
			state->too_large = 1;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (state->too_large)
		return send_error(connection, 413, "the request body is too large");

	const char *given = MHD_lookup_connection_value(connection, MHD_GET_ARGUMENT_KIND, "token");
	if (s->options->token != NULL && !post && strcmp(url, "/") == 0 && given != NULL) {
		/* The printed URL's code works once, so a copy of it in a history
		 * or a log is worth nothing; the token itself always works. */
		if (s->options->login_code != NULL && token_equal(given, s->options->login_code) &&
		    __atomic_exchange_n(&s->login_used, 1, __ATOMIC_SEQ_CST) == 0)
			return send_cookie(connection, s->options->token);
		if (token_equal(given, s->options->token))
			return send_cookie(connection, s->options->token);
	}
	if (!authorized(connection, s->options->token))
		return send_error(connection, 401,
		                  "a token is required: open the URL the server printed, or send "
		                  "'Authorization: Bearer TOKEN'");
	if (strncmp(url, "/api/", 5) == 0)
		return answer_api(s, connection, url + 5, post, state);
	if (post)
		return send_error(connection, 405, "only /api/ takes POST");
	const serve_asset *asset = serve_asset_find(url);
	if (asset == NULL)
		return send_error(connection, 404, "no such page");
	return send_bytes(connection, 200, asset->type, asset->data, asset->size, 0, NULL);
}

static void request_done(void *cls, struct MHD_Connection *connection, void **con_cls,
                         enum MHD_RequestTerminationCode code)
{
	request_state *state = *con_cls;
	(void)cls;
	(void)connection;
	(void)code;
	if (state != NULL) {
		free(state->body);
		free(state);
	}
	*con_cls = NULL;
}

int serve_run(const serve_options *options, char *error, size_t error_size)
{
	struct sockaddr_in addr;
	struct MHD_Daemon *daemon;
	const union MHD_DaemonInfo *info;
	server s = {.options = options};
	sigset_t stop, old;
	int signal_number;

	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)options->port);
	if (inet_pton(AF_INET, options->bind, &addr.sin_addr) != 1) {
		snprintf(error, error_size, "'%s' is not a numeric IPv4 address (like 127.0.0.1)",
		         options->bind);
		return -1;
	}
	/* The signals are waited for here, in this thread: the server's thread
	 * inherits the mask and never sees them. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	/* jansson seeds its hash function on first use: done here, before the
	 * threads, as its documentation asks of threaded programs. */
	json_object_seed(0);
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = cores > 2 ? (unsigned)cores : 2;
	daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO,
	                          (uint16_t)options->port, NULL, NULL, answer, &s,
	                          MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_SOCK_ADDR,
	                          (struct sockaddr *)&addr, MHD_OPTION_CONNECTION_TIMEOUT,
	                          (unsigned)options->timeout_seconds, MHD_OPTION_CONNECTION_LIMIT,
	                          (unsigned)256, MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)128,
	                          MHD_OPTION_NOTIFY_COMPLETED, request_done, NULL, MHD_OPTION_END);
	if (daemon == NULL) {
		snprintf(error, error_size, "cannot listen on %s:%u: %s", options->bind,
		         options->port, errno ? strerror(errno) : "libmicrohttpd refused");
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return -1;
	}
	info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
	s.port = info ? info->port : options->port;
	snprintf(s.host_ok[0], sizeof(s.host_ok[0]), "%s:%u", options->bind, s.port);
	snprintf(s.host_ok[1], sizeof(s.host_ok[1]), "localhost:%u", s.port);
	if (options->listening)
		options->listening(options->api_data, s.port);
	while (sigwait(&stop, &signal_number) != 0)
		;
	MHD_stop_daemon(daemon);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return 0;
}
