/*
 * serve_load.c: a bounded load test of `bandwise serve` on loopback, with
 * latency percentiles. CONCURRENCY threads each keep one HTTP/1.1
 * connection open and send GET requests until REQUESTS have been sent in
 * all; request i asks for PATH with "&commit=" a commitment that changes
 * from request to request (the what-if of a slider being moved).
 *
 *   serve_load PORT REQUESTS CONCURRENCY PATH [NAME]
 *
 * Prints "RESULT NAME | p50 .. ms, p95 .. ms, p99 .. ms, ..." for
 * bench/serve/run.sh. A request counts as an error unless it gets a 200
 * with its whole body. Our own client rather than wrk: Debian's wrk needs
 * a Lua script to vary the URL, and this is one small file.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int port;
static long total;
static const char *path;
static atomic_long next_request;
static atomic_long errors;
static double *latency_ms;

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int connect_loopback(void)
{
	struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0)
		return -1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* One request on 'fd': 0 on a complete 200, -1 otherwise. */
static int one_request(int fd, long i, char *buf, size_t size)
{
	char request[1024];
	int n = snprintf(request, sizeof(request),
	                 "GET %s&commit=%ld HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n", path,
	                 1000000 + (i % 400) * 10000, port);
	size_t have = 0, body_at = 0, length = 0;
	if (write(fd, request, (size_t)n) != n)
		return -1;
	for (;;) {
		ssize_t got = read(fd, buf + have, size - have - 1);
		if (got <= 0)
			return -1;
		have += (size_t)got;
		buf[have] = '\0';
		if (body_at == 0) {
			char *end = strstr(buf, "\r\n\r\n"), *cl;
			if (end == NULL)
				continue;
			body_at = (size_t)(end - buf) + 4;
			if (strncmp(buf, "HTTP/1.1 200", 12) != 0 ||
			    (cl = strcasestr(buf, "\r\nContent-Length:")) == NULL || cl > end)
				return -1;
			length = strtoul(cl + 17, NULL, 10);
		}
		if (have >= body_at + length)
			return have == body_at + length ? 0 : -1;
		if (have + 1 >= size)
			return -1;
	}
}

static void *worker(void *unused)
{
	size_t size = 1 << 20;
	char *buf = malloc(size);
	int fd = connect_loopback();
	(void)unused;
	for (long i; (i = atomic_fetch_add(&next_request, 1)) < total;) {
		double start = now_ms();
		if (fd < 0 || one_request(fd, i, buf, size) < 0) {
			atomic_fetch_add(&errors, 1);
			if (fd >= 0)
				close(fd);
			fd = connect_loopback();
			latency_ms[i] = -1;
			continue;
		}
		latency_ms[i] = now_ms() - start;
	}
	if (fd >= 0)
		close(fd);
	free(buf);
	return NULL;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: serve_load PORT REQUESTS CONCURRENCY PATH [NAME]\n");
		return 2;
	}
	port = atoi(argv[1]);
	total = atol(argv[2]);
	int concurrency = atoi(argv[3]);
	path = argv[4];
	const char *name = argc > 5 ? argv[5] : "serve";
	pthread_t *threads = calloc((size_t)concurrency, sizeof(*threads));
	latency_ms = calloc((size_t)total, sizeof(double));
	if (total <= 0 || concurrency <= 0 || threads == NULL || latency_ms == NULL)
		return 2;

	double start = now_ms();
	for (int t = 0; t < concurrency; t++)
		pthread_create(&threads[t], NULL, worker, NULL);
	for (int t = 0; t < concurrency; t++)
		pthread_join(threads[t], NULL);
	double seconds = (now_ms() - start) / 1e3;

	size_t ok = 0;
	for (long i = 0; i < total; i++)
		if (latency_ms[i] >= 0)
			latency_ms[ok++] = latency_ms[i];
	qsort(latency_ms, ok, sizeof(double), by_value);
#define PCT(p) (ok ? latency_ms[(size_t)((p) * (double)(ok - 1) + 0.5)] : 0)
	printf("RESULT %s | p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms; %ld requests, %d "
	       "concurrent, %ld errors, %.0f requests/s\n",
	       name, PCT(0.50), PCT(0.95), PCT(0.99), ok ? latency_ms[ok - 1] : 0, total,
	       concurrency, (long)atomic_load(&errors), ok / seconds);
	free(threads);
	free(latency_ms);
	return atomic_load(&errors) == 0 ? 0 : 1;
}
