/*
 * gen_requests.c: writes a deterministic JSONL file of per-request message
 * logs for the ingest benchmark (bench/ingest/run.sh).
 *
 *   gen_requests OUT.jsonl TARGET_BYTES
 *
 * One JSON object per line, keys always in the same order and no spaces:
 * id, type, model, timestamp, workspace_id, usage {input_tokens,
 * cache_creation_input_tokens, cache_read_input_tokens, cache_creation
 * {ephemeral_5m_input_tokens, ephemeral_1h_input_tokens}, output_tokens,
 * service_tier, server_tool_use {web_search_requests}}, stop_reason,
 * metadata {feature}. Lines are written until the file holds at least
 * TARGET_BYTES; the last line is never cut. Timestamps increase with the
 * bytes written, so any size spans the same 90 days from 2026-01-01T00:00Z.
 *
 * The sequence comes from splitmix64 with a fixed seed: the same TARGET_BYTES
 * gives a byte-identical file. Prints "lines=N bytes=B" on stdout.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEED           0x62616e6477697365ULL /* "bandwise" */
#define SPAN_MS        (90LL * 86400 * 1000)
#define OUT_BUFFER     (8u << 20)
#define LINE_MAX_BYTES 1024

static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A uniform double in [0, 1) from the top 53 bits. */
static double uniform(uint64_t *state)
{
	return (double)(splitmix64(state) >> 11) * (1.0 / 9007199254740992.0);
}

/*
 * A right-skewed integer in [lo, hi]: log-uniform, with u^skew pushing the
 * mass further towards lo (most requests are small, a few are huge).
 */
static uint64_t skewed(uint64_t *state, double lo, double hi, double skew)
{
	double u = pow(uniform(state), skew);
	double v = lo * exp(u * log(hi / lo));
	uint64_t n = (uint64_t)(v + 0.5);
	return n < (uint64_t)lo ? (uint64_t)lo : n > (uint64_t)hi ? (uint64_t)hi : n;
}

static char *put_str(char *p, const char *s)
{
	size_t n = strlen(s);
	memcpy(p, s, n);
	return p + n;
}

static char *put_u64(char *p, uint64_t v)
{
	char tmp[20];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

/* v as exactly `width` digits, zero-padded (v must fit). */
static char *put_fixed(char *p, uint64_t v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

/* Days since 1970-01-01 to a civil date (proleptic Gregorian). */
static void civil_from_days(int64_t z, int *year, int *month, int *day)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	*year = (int)(yoe + era * 400 + (m <= 2));
	*month = (int)m;
	*day = (int)d;
}

/* The index of the bucket u falls in; `cumulative` holds the upper bounds, the last 1.0. */
static int pick(double u, const double *cumulative, int n)
{
	for (int i = 0; i < n - 1; i++)
		if (u < cumulative[i])
			return i;
	return n - 1;
}

static const char *const MODELS[] = {"claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001",
                                     "claude-opus-4-5-20251101"};
static const double MODEL_CUM[] = {0.60, 0.90, 1.0};

static const char *const WORKSPACES[] = {"wrkspc_bench01", "wrkspc_bench02", "wrkspc_bench03",
                                         "wrkspc_bench04", "wrkspc_bench05", "wrkspc_bench06",
                                         "wrkspc_bench07", "wrkspc_bench08"};
static const double WORKSPACE_CUM[] = {0.30, 0.50, 0.65, 0.77, 0.86, 0.93, 0.97, 1.0};

static const char *const STOP_REASONS[] = {"end_turn", "tool_use", "max_tokens", "stop_sequence"};
static const double STOP_CUM[] = {0.80, 0.95, 0.99, 1.0};

static const char *const FEATURES[] = {"search",      "chat",    "summarize",
                                       "code_review", "extract", "agent"};
static const double FEATURE_CUM[] = {0.25, 0.50, 0.65, 0.80, 0.90, 1.0};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* One line into p (at most LINE_MAX_BYTES); returns its end. */
static char *write_line(char *p, uint64_t *rng, uint64_t id, int64_t ms)
{
	static int64_t cached_day = -1;
	static char date[11];

	const char *model = MODELS[pick(uniform(rng), MODEL_CUM, COUNT(MODELS))];
	const char *workspace = WORKSPACES[pick(uniform(rng), WORKSPACE_CUM, COUNT(WORKSPACES))];
	const char *tier = uniform(rng) < 0.90 ? "standard" : "batch";
	const char *stop = STOP_REASONS[pick(uniform(rng), STOP_CUM, COUNT(STOP_REASONS))];
	const char *feature = FEATURES[pick(uniform(rng), FEATURE_CUM, COUNT(FEATURES))];

	uint64_t input = skewed(rng, 100, 50000, 1.6);
	uint64_t output = skewed(rng, 10, 4000, 1.4);
	/* Cache reads: none on 40% of requests, else whole 512-token blocks. */
	uint64_t read = uniform(rng) < 0.40 ? 0 : 512 * skewed(rng, 1, 200, 1.5);
	/* Cache writes: none on 55%; the rest 5-minute, with a 1-hour part on some. */
	uint64_t write5m = 0, write1h = 0;
	double w = uniform(rng);
	if (w >= 0.55) {
		write5m = 512 * skewed(rng, 1, 40, 1.5);
		if (w >= 0.90)
			write1h = 512 * skewed(rng, 1, 20, 1.5);
	}
	/* Web search on ~4% of requests, 1 to 5 searches each. */
	uint64_t web = uniform(rng) < 0.04 ? 1 + splitmix64(rng) % 5 : 0;

	int64_t day = ms / 86400000, in_day = ms % 86400000;
	if (day != cached_day) {
		int y, m, d;
		civil_from_days(day, &y, &m, &d);
		char *q = put_fixed(date, (uint64_t)y, 4);
		*q++ = '-';
		q = put_fixed(q, (uint64_t)m, 2);
		*q++ = '-';
		put_fixed(q, (uint64_t)d, 2);
		cached_day = day;
	}

	p = put_str(p, "{\"id\":\"msg_");
	p = put_fixed(p, id, 12);
	p = put_str(p, "\",\"type\":\"message\",\"model\":\"");
	p = put_str(p, model);
	p = put_str(p, "\",\"timestamp\":\"");
	memcpy(p, date, 10);
	p += 10;
	*p++ = 'T';
	p = put_fixed(p, (uint64_t)(in_day / 3600000), 2);
	*p++ = ':';
	p = put_fixed(p, (uint64_t)(in_day / 60000 % 60), 2);
	*p++ = ':';
	p = put_fixed(p, (uint64_t)(in_day / 1000 % 60), 2);
	*p++ = '.';
	p = put_fixed(p, (uint64_t)(in_day % 1000), 3);
	p = put_str(p, "Z\",\"workspace_id\":\"");
	p = put_str(p, workspace);
	p = put_str(p, "\",\"usage\":{\"input_tokens\":");
	p = put_u64(p, input);
	p = put_str(p, ",\"cache_creation_input_tokens\":");
	p = put_u64(p, write5m + write1h);
	p = put_str(p, ",\"cache_read_input_tokens\":");
	p = put_u64(p, read);
	p = put_str(p, ",\"cache_creation\":{\"ephemeral_5m_input_tokens\":");
	p = put_u64(p, write5m);
	p = put_str(p, ",\"ephemeral_1h_input_tokens\":");
	p = put_u64(p, write1h);
	p = put_str(p, "},\"output_tokens\":");
	p = put_u64(p, output);
	p = put_str(p, ",\"service_tier\":\"");
	p = put_str(p, tier);
	p = put_str(p, "\",\"server_tool_use\":{\"web_search_requests\":");
	p = put_u64(p, web);
	p = put_str(p, "}},\"stop_reason\":\"");
	p = put_str(p, stop);
	p = put_str(p, "\",\"metadata\":{\"feature\":\"");
	p = put_str(p, feature);
	p = put_str(p, "\"}}\n");
	return p;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: gen_requests OUT.jsonl TARGET_BYTES\n");
		return 2;
	}
	char *end = NULL;
	errno = 0;
	unsigned long long target = strtoull(argv[2], &end, 10);
	if (errno != 0 || end == argv[2] || *end != '\0' || target == 0) {
		fprintf(stderr, "gen_requests: TARGET_BYTES must be a positive integer, not '%s'\n",
		        argv[2]);
		return 2;
	}
	FILE *f = fopen(argv[1], "wb");
	char *buf = malloc(OUT_BUFFER);
	if (f == NULL || buf == NULL) {
		fprintf(stderr, "gen_requests: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}

	uint64_t rng = SEED, lines = 0, written = 0;
	int64_t last_ms = 0;
	size_t used = 0;
	int failed = 0;
	const int64_t start_ms = 1767225600000LL; /* 2026-01-01T00:00:00Z */
	while (written < target) {
		/*
		 * The time advances with the share of the target already written,
		 * plus up to a second of jitter, never going backwards.
		 */
		int64_t ms = (int64_t)((double)written / (double)target * (double)SPAN_MS) +
		             (int64_t)(splitmix64(&rng) % 1000);
		if (ms < last_ms)
			ms = last_ms;
		last_ms = ms;
		char *e = write_line(buf + used, &rng, ++lines, start_ms + ms);
		size_t n = (size_t)(e - (buf + used));
		used += n;
		written += n;
		if (used > OUT_BUFFER - LINE_MAX_BYTES) {
			if (fwrite(buf, 1, used, f) != used) {
				failed = 1;
				break;
			}
			used = 0;
		}
	}
	if (!failed && used > 0 && fwrite(buf, 1, used, f) != used)
		failed = 1;
	if (fclose(f) != 0 || failed) {
		fprintf(stderr, "gen_requests: writing %s: %s\n", argv[1], strerror(errno));
		free(buf);
		return 1;
	}
	free(buf);
	printf("lines=%" PRIu64 " bytes=%" PRIu64 "\n", lines, written);
	return 0;
}
