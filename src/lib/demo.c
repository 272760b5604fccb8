/*
 * demo.c: the generator of the sample company's usage report.
 *
 * Spend is built top-down: a monthly level that grows by a fixed rate
 * with a small random shock per month, split over the days of the month
 * with weekday seasonality and daily noise, then split over streams by
 * share. Each stream has a per-request token mix; the number of requests
 * of a day is the stream's dollars divided by the list price of one of its
 * requests, so the report prices back to the intended spend.
 */
#include "bandwise/demo.h"

#include "bandwise/error.h"
#include "bandwise/usage.h"
#include "date.h"
#include "vec.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One traffic stream of the sample company. 'model_before' is used until
 * 'switch_month' (a migration the company made), 'last_month' ends a
 * stream (Sonnet 4.5's 1M-context beta was retired on 2026-04-30). */
typedef struct {
	const char *workspace_id; /* NULL = default workspace */
	const char *model_before;
	const char *model;
	const char *switch_month; /* "YYYY-MM": first month on 'model' */
	const char *last_month;   /* NULL = to the end */
	const char *service_tier;
	const char *context_window;
	double share;                        /* of the company's spend */
	int64_t tokens[BW_TOKEN_TYPE_COUNT]; /* per request */
	double web_searches;                 /* per request */
} demo_stream;

static const demo_stream streams[] = {
    /* Support assistant: Sonnet with a long cached system prompt (5m). */
    {"wrkspc_01DemoSupportAssistant",
     "claude-sonnet-4-20250514",
     "claude-sonnet-4-5-20250929",
     "2025-10",
     NULL,
     "standard",
     "0-200k",
     0.36,
     {1500, 800, 0, 9000, 450},
     0.0},
    /* Support triage on the small model. */
    {"wrkspc_01DemoSupportAssistant",
     "claude-3-5-haiku-20241022",
     "claude-haiku-4-5-20251001",
     "2025-11",
     NULL,
     "standard",
     "0-200k",
     0.07,
     {1200, 0, 0, 0, 150},
     0.0},
    /* Coding agent: Opus with a 1h cache over the repository context. */
    {"wrkspc_01DemoCodingAgent",
     "claude-opus-4-1-20250805",
     "claude-opus-4-1-20250805",
     "2025-09",
     NULL,
     "standard",
     "0-200k",
     0.25,
     {3000, 0, 2000, 30000, 1200},
     0.0},
    /* Coding agent research steps on Sonnet with web search. */
    {"wrkspc_01DemoCodingAgent",
     "claude-sonnet-4-20250514",
     "claude-sonnet-4-5-20250929",
     "2025-10",
     NULL,
     "standard",
     "0-200k",
     0.12,
     {2500, 0, 0, 12000, 800},
     0.05},
    /* Data pipeline (default workspace): nightly batch jobs. */
    {NULL,
     "claude-3-5-haiku-20241022",
     "claude-haiku-4-5-20251001",
     "2025-11",
     NULL,
     "batch",
     "0-200k",
     0.08,
     {4000, 0, 0, 0, 600},
     0.0},
    {NULL,
     "claude-sonnet-4-20250514",
     "claude-sonnet-4-5-20250929",
     "2025-10",
     NULL,
     "batch",
     "0-200k",
     0.09,
     {6000, 0, 0, 0, 1000},
     0.0},
    /* Whole-contract reviews over 200K tokens, until the beta ended. */
    {NULL,
     "claude-sonnet-4-20250514",
     "claude-sonnet-4-5-20250929",
     "2025-10",
     "2026-04",
     "standard",
     "200k-1M",
     0.03,
     {250000, 0, 0, 0, 2000},
     0.0},
};

#define STREAM_COUNT (sizeof(streams) / sizeof(streams[0]))

/* List price of one request of 'stream' on 'day' ("YYYY-MM-DD"). */
static int request_price(const bw_catalog *catalog, const demo_stream *stream, const char *model,
                         const char *day, double *out_usd)
{
	bw_usage_row row;
	bw_price_breakdown price;
	int error;

	memset(&row, 0, sizeof(row));
	snprintf(row.bucket_start, sizeof(row.bucket_start), "%sT00:00:00Z", day);
	snprintf(row.model, sizeof(row.model), "%s", model);
	snprintf(row.service_tier, sizeof(row.service_tier), "%s", stream->service_tier);
	snprintf(row.context_window, sizeof(row.context_window), "%s", stream->context_window);
	/* Price a million requests so web searches (a fraction per request)
	 * are counted in whole units. */
	for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++)
		row.tokens[t] = stream->tokens[t] * 1000000;
	row.web_search_requests = (int64_t)llround(stream->web_searches * 1000000);
	if ((error = bw_catalog_price_row(catalog, &row, &price)) < 0)
		return error;
	*out_usd = price.total_usd / 1e6;
	return 0;
}

static json_t *usage_result(const demo_stream *stream, const char *model, int64_t requests)
{
	json_t *row = json_object();
	json_t *cache = json_object();
	json_t *tools = json_object();

	json_object_set_new(row, "account_id", json_null());
	json_object_set_new(row, "api_key_id", json_null());
	json_object_set_new(row, "service_account_id", json_null());
	json_object_set_new(row, "workspace_id",
	                    stream->workspace_id ? json_string(stream->workspace_id) : json_null());
	json_object_set_new(row, "model", json_string(model));
	json_object_set_new(row, "service_tier", json_string(stream->service_tier));
	json_object_set_new(row, "context_window", json_string(stream->context_window));
	json_object_set_new(row, "inference_geo", json_string("not_available"));
	json_object_set_new(row, "uncached_input_tokens",
	                    json_integer(requests * stream->tokens[BW_TOKEN_UNCACHED_INPUT]));
	json_object_set_new(cache, "ephemeral_5m_input_tokens",
	                    json_integer(requests * stream->tokens[BW_TOKEN_CACHE_WRITE_5M]));
	json_object_set_new(cache, "ephemeral_1h_input_tokens",
	                    json_integer(requests * stream->tokens[BW_TOKEN_CACHE_WRITE_1H]));
	json_object_set_new(row, "cache_creation", cache);
	json_object_set_new(row, "cache_read_input_tokens",
	                    json_integer(requests * stream->tokens[BW_TOKEN_CACHE_READ]));
	json_object_set_new(row, "output_tokens",
	                    json_integer(requests * stream->tokens[BW_TOKEN_OUTPUT]));
	json_object_set_new(tools, "web_search_requests",
	                    json_integer((json_int_t)llround(requests * stream->web_searches)));
	json_object_set_new(row, "server_tool_use", tools);
	return row;
}

static int add_path(bw_demo_files *files, const char *path)
{
	/* The public list keeps no capacity: grow from its count each time
	 * (a demo writes a few dozen files). */
	size_t capacity = files->count;
	int error =
	    bwx_vec_grow((void **)&files->paths, &capacity, files->count, sizeof(*files->paths));
	if (error < 0)
		return error;
	if ((files->paths[files->count] = strdup(path)) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	files->count++;
	return 0;
}

/* Write one month (an index, year * 12 + month - 1) as one response page. */
static int write_month(const char *dir, int month_index, double month_usd, int is_last,
                       gsl_rng *rng, const bw_catalog *catalog, bw_demo_files *files)
{
	int year, month;
	bwx_month_split(month_index, &year, &month);
	int ndays = bwx_days_in_month(year, month);
	int64_t first_day = bwx_days_from_civil(year, month, 1);
	double weights[31], weight_sum = 0;
	char month_label[BWX_MONTH_SIZE], path[4096];
	json_t *page = json_object(), *data = json_array();
	int error = 0;

	bwx_month_format(month_index, month_label);
	/* Weekends carry 60% of a weekday; each day has ~8% noise. */
	for (int d = 1; d <= ndays; d++) {
		int dow = bwx_day_of_week(first_day + d - 1);
		double base = (dow == 0 || dow == 6) ? 0.6 : 1.0;
		weights[d - 1] = base * exp(gsl_ran_gaussian(rng, 0.08));
		weight_sum += weights[d - 1];
	}
	for (int d = 1; d <= ndays; d++) {
		char day[BWX_DATE_SIZE], start[BWX_TIME_SIZE], end[BWX_TIME_SIZE];
		json_t *bucket = json_object(), *results = json_array();

		bwx_date_format(first_day + d - 1, day);
		bwx_time_format_day(first_day + d - 1, start);
		bwx_time_format_day(first_day + d, end); /* the next day, maybe the next month's */
		double day_usd = month_usd * weights[d - 1] / weight_sum;
		for (size_t s = 0; s < STREAM_COUNT; s++) {
			const demo_stream *stream = &streams[s];
			const char *model = strcmp(month_label, stream->switch_month) < 0
			                        ? stream->model_before
			                        : stream->model;
			double per_request_usd;
			if (stream->last_month && strcmp(month_label, stream->last_month) > 0)
				continue;
			if ((error = request_price(catalog, stream, model, day, &per_request_usd)) <
			    0)
				goto done;
			double stream_usd =
			    day_usd * stream->share * exp(gsl_ran_gaussian(rng, 0.05));
			int64_t requests = (int64_t)llround(stream_usd / per_request_usd);
			json_array_append_new(results, usage_result(stream, model, requests));
		}
		json_object_set_new(bucket, "starting_at", json_string(start));
		json_object_set_new(bucket, "ending_at", json_string(end));
		json_object_set_new(bucket, "results", results);
		json_array_append_new(data, bucket);
	}
	json_object_set_new(page, "data", data);
	data = NULL;
	json_object_set_new(page, "has_more", json_boolean(!is_last));
	if (is_last) {
		json_object_set_new(page, "next_page", json_null());
	} else {
		/* The API's cursor is opaque; this one names the next month. */
		char cursor[32], next[BWX_MONTH_SIZE];
		bwx_month_format(month_index + 1, next);
		snprintf(cursor, sizeof(cursor), "page_demo_%s", next);
		json_object_set_new(page, "next_page", json_string(cursor));
	}
	snprintf(path, sizeof(path), "%s/usage-report-%s.json", dir, month_label);
	errno = 0;
	if (json_dump_file(page, path, JSON_COMPACT | JSON_PRESERVE_ORDER) != 0) {
		error = bw_error_set(BW_EIO, "%s: cannot write the demo usage report: %s", path,
		                     errno ? strerror(errno) : "write failed");
		goto done;
	}
	error = add_path(files, path);
done:
	json_decref(data);
	json_decref(page);
	return error;
}

int bw_demo_write(const char *dir, const bw_demo_options *options, const bw_catalog *catalog,
                  bw_demo_files *files)
{
	int month_index, error = 0;
	gsl_rng *rng = NULL;

	if (bwx_month_scan(options->first_month, &month_index, NULL) < 0 || options->months < 1)
		return bw_error_set(BW_EUSAGE, "demo: bad first month '%s' or month count %d",
		                    options->first_month, options->months);
	if ((rng = gsl_rng_alloc(gsl_rng_mt19937)) == NULL)
		return bw_error_set(BW_ERROR, "out of memory");
	gsl_rng_set(rng, (unsigned long)options->seed);
	double level = options->first_month_list_usd;
	for (int m = 0; m < options->months; m++) {
		/* A month-level shock of ~4% on top of the trend, so the history
		 * carries the kind of noise the forecast has to model. */
		double month_usd = level * exp(gsl_ran_gaussian(rng, 0.04));
		if ((error = write_month(dir, month_index + m, month_usd, m == options->months - 1,
		                         rng, catalog, files)) < 0)
			goto done;
		level *= 1.0 + options->monthly_growth;
	}
done:
	gsl_rng_free(rng);
	return error;
}

void bw_demo_files_dispose(bw_demo_files *files)
{
	if (files == NULL)
		return;
	for (size_t i = 0; i < files->count; i++)
		free(files->paths[i]);
	free(files->paths);
	files->paths = NULL;
	files->count = 0;
}
