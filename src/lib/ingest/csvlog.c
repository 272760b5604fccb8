/*
 * csvlog.c: CSV request logs (Azure traces, LiteLLM SpendLogs, FOCUS cost
 * and usage rows, and any CSV mapped by --columns): the header into the
 * reader's columns, one record into a request record. LiteLLM's
 * prompt_tokens includes the cache counts.
 */
#include "csvlog.h"

#include "csv.h"

#include "jsonget.h"
#include "strparse.h"
#include "timestamp.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * Split one CSV record (RFC 4180: quoted fields, "" for a quote) in place.
 * Returns the field count, or -1 for a quote that never closes on this
 * record (the caller joins the next line and tries again).
 */
int bw_ingest__csv_split(char *line, char **fields, int max)
{
	int n = 0, more = 1;
	char *p = line;
	while (more && n < max) {
		fields[n++] = p;
		if ((more = bwx_csv_next_field(&p)) < 0)
			return -1;
	}
	return n;
}

static int find_column(const reader *rd, const char *name)
{
	for (int i = 0; i < rd->header_count; i++) {
		const char *h = rd->header[i];
		while (*h == ' ')
			h++;
		if (strcasecmp(h, name) == 0)
			return i;
	}
	return -1;
}

/* "time=ts,model=m,...": the generic CSV's mapping onto the header. */
static int map_columns(reader *rd, char *why, size_t why_size)
{
	struct {
		const char *name;
		int *col;
	} targets[] = {{"time", &rd->col_time},
	               {"model", &rd->col_model},
	               {"input", &rd->col_input},
	               {"output", &rd->col_output},
	               {"cache_read", &rd->col_read},
	               {"cache_write", &rd->col_write},
	               {"cache_write_1h", &rd->col_write_1h},
	               {"workspace", &rd->col_workspace},
	               {"api_key", &rd->col_api_key},
	               {"tier", &rd->col_tier},
	               {"web_search", &rd->col_web},
	               {"tag", &rd->col_tag}};
	const char *spec = rd->options->columns;
	if (spec == NULL) {
		snprintf(why, why_size,
		         "the csv format needs --columns time=COL,input=COL,output=COL,...");
		return -1;
	}
	char *copy = strdup(spec), *save = NULL;
	if (copy == NULL) {
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	for (char *pair = strtok_r(copy, ",", &save); pair; pair = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(pair, '=');
		size_t t;
		if (eq == NULL) {
			snprintf(why, why_size, "--columns: expected NAME=COLUMN, got '%s'", pair);
			free(copy);
			return -1;
		}
		*eq = '\0';
		for (t = 0; t < sizeof(targets) / sizeof(targets[0]); t++)
			if (strcmp(pair, targets[t].name) == 0)
				break;
		if (t == sizeof(targets) / sizeof(targets[0])) {
			snprintf(
			    why, why_size,
			    "--columns: unknown field '%s': expected time, model, input, output, "
			    "cache_read, cache_write, cache_write_1h, workspace, api_key, tier, "
			    "web_search, tag",
			    pair);
			free(copy);
			return -1;
		}
		if ((*targets[t].col = find_column(rd, eq + 1)) < 0) {
			snprintf(why, why_size, "--columns: the header has no column '%s'", eq + 1);
			free(copy);
			return -1;
		}
	}
	free(copy);
	if (rd->col_time < 0 || rd->col_input < 0 || rd->col_output < 0) {
		snprintf(why, why_size, "--columns must name at least time, input and output");
		return -1;
	}
	return 0;
}

int bw_ingest__csv_read_header(reader *rd, bw_ingest_format format, const char *line, char *why,
                               size_t why_size)
{
	if ((rd->header_copy = strdup(line)) == NULL) {
		snprintf(why, why_size, "out of memory");
		return -1;
	}
	rd->header_count = bw_ingest__csv_split(rd->header_copy, rd->header, CSV_MAX_FIELDS);
	if (rd->header_count < 0) {
		snprintf(why, why_size, "the header line has an unclosed quote");
		return -1;
	}
	int *cols[] = {&rd->col_time,     &rd->col_model,    &rd->col_input,    &rd->col_output,
	               &rd->col_read,     &rd->col_write,    &rd->col_write_1h, &rd->col_workspace,
	               &rd->col_api_key,  &rd->col_tier,     &rd->col_web,      &rd->col_metadata,
	               &rd->col_provider, &rd->col_category, &rd->col_quantity, &rd->col_unit,
	               &rd->col_meter,    &rd->col_details,  &rd->col_geo,      &rd->col_window,
	               &rd->col_tag};
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		*cols[i] = -1;
	if (rd->options->tag != NULL && (rd->col_tag = find_column(rd, rd->options->tag)) < 0) {
		snprintf(why, why_size, "--tag: the header has no column '%s'", rd->options->tag);
		return -1;
	}
	switch (format) {
	case BW_INGEST_AZURE_CSV:
		rd->col_time = find_column(rd, "TIMESTAMP");
		rd->col_input = find_column(rd, "ContextTokens");
		rd->col_output = find_column(rd, "GeneratedTokens");
		if (rd->col_time < 0 || rd->col_input < 0 || rd->col_output < 0) {
			snprintf(why, why_size,
			         "expected the header TIMESTAMP,ContextTokens,GeneratedTokens");
			return -1;
		}
		return 0;
	case BW_INGEST_FOCUS_CSV:
		rd->col_time = find_column(rd, "ChargePeriodStart");
		rd->col_category = find_column(rd, "ChargeCategory");
		rd->col_quantity = find_column(rd, "ConsumedQuantity");
		rd->col_unit = find_column(rd, "ConsumedUnit");
		rd->col_meter = find_column(rd, "SkuMeter");
		rd->col_details = find_column(rd, "SkuPriceDetails");
		rd->col_model = find_column(rd, "x_Model") >= 0 ? find_column(rd, "x_Model")
		                                                : find_column(rd, "SkuId");
		rd->col_workspace = find_column(rd, "SubAccountId");
		rd->col_geo = find_column(rd, "RegionId");
		rd->col_tier = find_column(rd, "x_ServiceTier");
		rd->col_window = find_column(rd, "x_ContextWindow");
		rd->col_provider = find_column(rd, "ProviderName");
		if (rd->col_time < 0 || rd->col_quantity < 0 || rd->col_unit < 0 ||
		    rd->col_meter < 0 || rd->col_model < 0) {
			snprintf(
			    why, why_size,
			    "expected a FOCUS header with ChargePeriodStart, ConsumedQuantity, "
			    "ConsumedUnit, SkuMeter and SkuId (or x_Model)");
			return -1;
		}
		return 0;
	case BW_INGEST_LITELLM_CSV:
		rd->col_time = find_column(rd, "startTime");
		rd->col_model = find_column(rd, "model");
		rd->col_input = find_column(rd, "prompt_tokens");
		rd->col_output = find_column(rd, "completion_tokens");
		rd->col_metadata = find_column(rd, "metadata");
		rd->col_api_key = find_column(rd, "api_key");
		rd->col_workspace = find_column(rd, "team_id");
		rd->col_provider = find_column(rd, "custom_llm_provider");
		if (rd->col_time < 0 || rd->col_model < 0 || rd->col_input < 0 ||
		    rd->col_output < 0) {
			snprintf(why, why_size,
			         "expected a LiteLLM_SpendLogs header with startTime, model, "
			         "prompt_tokens and completion_tokens");
			return -1;
		}
		return 0;
	default:
		return map_columns(rd, why, why_size);
	}
}

/* A count column: a plain decimal integer (bwx_parse_int64: no "0x10", no
 * "1e3", no "12.5", no digits lost past 2^53 as strtod would), spaces
 * around it allowed; empty is 0. */
static int csv_count(char **f, int n, int col, int64_t *out, const reader *rd, char *why,
                     size_t why_size)
{
	if (col < 0 || col >= n || f[col][0] == '\0')
		return 0;
	char text[32];
	const char *p = f[col], *reason = "not a whole number";
	while (*p == ' ')
		p++;
	size_t len = strlen(p);
	while (len > 0 && p[len - 1] == ' ')
		len--;
	int64_t v = 0;
	int ok = len > 0 && len < sizeof(text);
	if (ok) {
		memcpy(text, p, len);
		text[len] = '\0';
		ok = bwx_parse_int64(text, &v, &reason) == 0;
		if (ok && v < 0) {
			reason = "negative";
			ok = 0;
		}
	} else if (len >= sizeof(text)) {
		reason = "too long";
	}
	if (!ok) {
		snprintf(why, why_size,
		         "column %s: expected a whole number of tokens, got '%.40s' (%s)",
		         rd->header[col], f[col], reason);
		return -1;
	}
	*out = v;
	return 0;
}

static const char *field(char **f, int n, int col)
{
	return col >= 0 && col < n ? f[col] : "";
}

/* One FOCUS cost-and-usage row: one token type of one model and day. Rows
 * that are not usage (purchases, taxes, credits) or not Claude are left
 * out; the quantity is what was consumed, and bandwise prices it again at
 * list (ListCost and BilledCost are not read). */
static int read_focus_record(const reader *rd, char **f, int n, record *r, char *why,
                             size_t why_size)
{
	const char *category = field(f, n, rd->col_category), *unit = field(f, n, rd->col_unit);
	const char *meter = field(f, n, rd->col_meter), *details = field(f, n, rd->col_details);
	const char *model = field(f, n, rd->col_model), *provider = field(f, n, rd->col_provider);
	int64_t quantity = 0;

	if (rd->col_category >= 0 && strcasecmp(category, "Usage") != 0)
		return 0;
	if ((provider[0] && strcasecmp(provider, "Anthropic") != 0 &&
	     strstr(model, "claude") == NULL) ||
	    model[0] == '\0')
		return 0;
	if (bw_ingest__time_parse(field(f, n, rd->col_time), &r->epoch) < 0) {
		snprintf(why, why_size,
		         "column ChargePeriodStart: expected a date and time, got '%.40s'",
		         field(f, n, rd->col_time));
		return -1;
	}
	if (csv_count(f, n, rd->col_quantity, &quantity, rd, why, why_size) < 0)
		return -1;
	snprintf(r->model, sizeof(r->model), "%s", model);
	const char *ws = field(f, n, rd->col_workspace);
	snprintf(r->workspace, sizeof(r->workspace), "%s", strcmp(ws, "default") == 0 ? "" : ws);
	snprintf(r->tier, sizeof(r->tier), "%s", field(f, n, rd->col_tier));
	snprintf(r->geo, sizeof(r->geo), "%s", field(f, n, rd->col_geo));
	snprintf(r->window, sizeof(r->window), "%s", field(f, n, rd->col_window));
	if (strcasecmp(unit, "Searches") == 0) {
		r->web_searches = quantity;
		return 1;
	}
	if (strcasecmp(unit, "Tokens") != 0) {
		snprintf(why, why_size,
		         "column ConsumedUnit: expected Tokens or Searches, got '%.40s'", unit);
		return -1;
	}
	if (strcasecmp(meter, "Output Tokens") == 0) {
		r->output = quantity;
	} else if (strcasecmp(meter, "Input Tokens") == 0) {
		/* The cache status rides in SkuPriceDetails (bandwise export --focus writes it). */
		if (strstr(details, "CacheRead"))
			r->cache_read = quantity;
		else if (strstr(details, "CacheWrite-1h")) {
			r->has_split = 1;
			r->write_1h = quantity;
		} else if (strstr(details, "CacheWrite"))
			r->cache_write = quantity;
		else
			r->input = quantity;
	} else {
		snprintf(why, why_size,
		         "column SkuMeter: expected Input Tokens or Output Tokens, got '%.40s'",
		         meter);
		return -1;
	}
	return 1;
}

int bw_ingest__csv_read_record(const reader *rd, bw_ingest_format format, char **f, int n,
                               record *r, char *why, size_t why_size)
{
	/* A short row (a line cut, a field lost) would count its missing
	 * columns as zero tokens: refused. */
	if (n < rd->header_count) {
		snprintf(why, why_size, "expected %d fields as in the header, found %d",
		         rd->header_count, n);
		return -1;
	}
	if (rd->col_tag >= 0)
		snprintf(r->tag, sizeof(r->tag), "%s", field(f, n, rd->col_tag));
	if (format == BW_INGEST_FOCUS_CSV)
		return read_focus_record(rd, f, n, r, why, why_size);
	if (rd->col_time >= n) {
		snprintf(why, why_size, "expected %d fields, found %d", rd->header_count, n);
		return -1;
	}
	if (bw_ingest__time_parse(f[rd->col_time], &r->epoch) < 0) {
		snprintf(why, why_size, "column %s: expected a date and time, got '%.40s'",
		         rd->header[rd->col_time], f[rd->col_time]);
		return -1;
	}
	if (csv_count(f, n, rd->col_input, &r->input, rd, why, why_size) < 0 ||
	    csv_count(f, n, rd->col_output, &r->output, rd, why, why_size) < 0 ||
	    csv_count(f, n, rd->col_read, &r->cache_read, rd, why, why_size) < 0 ||
	    csv_count(f, n, rd->col_write, &r->cache_write, rd, why, why_size) < 0 ||
	    csv_count(f, n, rd->col_write_1h, &r->write_1h, rd, why, why_size) < 0 ||
	    csv_count(f, n, rd->col_web, &r->web_searches, rd, why, why_size) < 0)
		return -1;
	if (rd->col_write_1h >= 0) {
		r->has_split = 1;
		r->write_5m = r->cache_write;
		r->cache_write += r->write_1h;
	}
	const char *model = rd->col_model >= 0 && rd->col_model < n && f[rd->col_model][0]
	                        ? f[rd->col_model]
	                        : rd->options->model;
	if (model == NULL) {
		snprintf(why, why_size, "no model: the row has none and no --model was given");
		return -1;
	}
	/* LiteLLM names models "anthropic/claude-..." in places. */
	if (strncmp(model, "anthropic/", 10) == 0)
		model += 10;
	snprintf(r->model, sizeof(r->model), "%s", model);
	if (rd->col_workspace >= 0 && rd->col_workspace < n)
		snprintf(r->workspace, sizeof(r->workspace), "%s", f[rd->col_workspace]);
	if (rd->col_api_key >= 0 && rd->col_api_key < n)
		snprintf(r->api_key, sizeof(r->api_key), "%s", f[rd->col_api_key]);
	if (rd->col_tier >= 0 && rd->col_tier < n)
		snprintf(r->tier, sizeof(r->tier), "%s", f[rd->col_tier]);
	if (format == BW_INGEST_LITELLM_CSV) {
		/* Other providers' rows share the table. */
		if (rd->col_provider >= 0 && rd->col_provider < n && f[rd->col_provider][0] &&
		    strcmp(f[rd->col_provider], "anthropic") != 0 &&
		    strstr(r->model, "claude") == NULL)
			return 0;
		/* Cache counts live in metadata.usage_object; prompt_tokens includes them. */
		r->input_includes_cache = 1;
		const char *metadata = field(f, n, rd->col_metadata);
		/* Empty, null or Python's None: no cache counts. Anything else
		 * must be a JSON object: a cut or mangled one would lose the cache
		 * counts and price the whole prompt as uncached input. */
		int no_metadata = metadata[0] == '\0' || strcmp(metadata, "null") == 0 ||
		                  strcmp(metadata, "None") == 0;
		json_error_t jerr;
		json_t *parsed = no_metadata ? NULL : json_loads(metadata, 0, &jerr);
		if (!no_metadata && !json_is_object(parsed)) {
			if (parsed == NULL)
				snprintf(
				    why, why_size,
				    "column metadata: expected a JSON object, got '%.40s' (%s)",
				    metadata, jerr.text);
			else
				snprintf(why, why_size,
				         "column metadata: expected a JSON object, got '%.40s'",
				         metadata);
			json_decref(parsed);
			return -1;
		}
		if (!no_metadata) {
			json_t *meta = parsed;
			static const char *const read[] = {
			    "usage_object.cache_read_input_tokens",
			    "usage_object.prompt_tokens_details.cached_tokens", NULL};
			static const char *const write[] = {
			    "usage_object.cache_creation_input_tokens",
			    "usage_object.prompt_tokens_details.cache_creation_tokens", NULL};
			int bad =
			    meta != NULL &&
			    (bw_ingest__take_count(meta, read, &r->cache_read, why, why_size) < 0 ||
			     bw_ingest__take_count(meta, write, &r->cache_write, why, why_size) <
			         0);
			json_decref(meta);
			if (bad)
				return -1;
		}
	} else if (format == BW_INGEST_CSV) {
		r->input_includes_cache = 0;
	}
	return 1;
}
