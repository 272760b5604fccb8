/*
 * report_focus.c: priced usage as FOCUS-style rows.
 *
 * Column names and values follow FOCUS 1.2 (research/finops.md §3):
 * ChargeCategory "Usage", ServiceCategory "AI and Machine Learning",
 * ServiceSubcategory "Generative AI", count units capitalised
 * ("1000000 Tokens"), PricingCategory "Standard" (an enterprise spend
 * commitment is a negotiated discount, not a FOCUS commitment discount).
 * Cache status rides in SkuPriceDetails, as FOCUS issue #2099 proposes.
 */
#include "bandwise/report.h"

#include "bandwise/error.h"
#include "csv.h"

#include <stdio.h>
#include <string.h>

static const char *const meters[BW_TOKEN_TYPE_COUNT] = {
    "Input Tokens", "Input Tokens", "Input Tokens", "Input Tokens", "Output Tokens"};
static const char *const cache_status[BW_TOKEN_TYPE_COUNT] = {"Uncached", "CacheWrite-5m",
                                                              "CacheWrite-1h", "CacheRead", ""};

static void row_prefix(FILE *out, const bw_usage_row *r, const char *model)
{
	/* Every text cell from the store goes through the CSV text writer,
	 * which quotes it and neutralises anything a spreadsheet would run. */
	fputs("USD,", out);
	bwx_csv_write_field(out, r->bucket_start);
	fputc(',', out);
	bwx_csv_write_field(out, r->bucket_end);
	fputs(",Usage,Usage-Based,Standard,Anthropic,Anthropic,Anthropic,Claude API,"
	      "AI and Machine Learning,Generative AI,",
	      out);
	bwx_csv_write_field(out, model);
	fputc(',', out);
	bwx_csv_write_field(out, r->workspace_id[0] ? r->workspace_id : "default");
	fputc(',', out);
	bwx_csv_write_field(out, r->inference_geo);
	fputc(',', out);
	bwx_csv_write_field(out, r->service_tier);
	fputc(',', out);
	bwx_csv_write_field(out, r->context_window);
	fputc(',', out);
}

int bw_report_focus_csv(FILE *out, const bw_usage_rows *daily, const bw_catalog *catalog,
                        size_t *unpriced_rows)
{
	*unpriced_rows = 0;
	fputs("BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ChargeFrequency,"
	      "PricingCategory,"
	      "ProviderName,PublisherName,InvoiceIssuerName,ServiceName,ServiceCategory,"
	      "ServiceSubcategory,"
	      "SkuId,SubAccountId,RegionId,x_ServiceTier,x_ContextWindow,SkuMeter,SkuPriceDetails,"
	      "ConsumedQuantity,ConsumedUnit,PricingQuantity,PricingUnit,ListUnitPrice,ListCost,"
	      "ContractedUnitPrice,ContractedCost,EffectiveCost,BilledCost,x_CostBasis\n",
	      out);
	for (size_t i = 0; i < daily->count; i++) {
		const bw_usage_row *r = &daily->items[i];
		bw_price_breakdown price;
		if (bw_catalog_price_row(catalog, r, &price) < 0) {
			(*unpriced_rows)++;
			continue;
		}
		for (int t = 0; t < BW_TOKEN_TYPE_COUNT; t++) {
			if (r->tokens[t] == 0)
				continue;
			double quantity = (double)r->tokens[t] / 1e6,
			       unit = price.usd[t] / quantity;
			row_prefix(out, r, price.model_id);
			fprintf(out, "%s,", meters[t]);
			if (cache_status[t][0])
				fprintf(out, "\"{\"\"x_CacheStatus\"\": \"\"%s\"\"}\"",
				        cache_status[t]);
			fprintf(
			    out,
			    ",%lld,Tokens,%.6f,1000000 Tokens,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,list\n",
			    (long long)r->tokens[t], quantity, unit, price.usd[t], unit,
			    price.usd[t], price.usd[t], price.usd[t]);
		}
		if (r->web_search_requests > 0) {
			double unit = price.web_search_usd / (double)r->web_search_requests;
			row_prefix(out, r, price.model_id);
			fprintf(out,
			        "Web "
			        "Searches,,%lld,Searches,%lld,Searches,%.6f,%.6f,%.6f,%.6f,%.6f,%."
			        "6f,list\n",
			        (long long)r->web_search_requests,
			        (long long)r->web_search_requests, unit, price.web_search_usd, unit,
			        price.web_search_usd, price.web_search_usd, price.web_search_usd);
		}
	}
	return ferror(out) ? bw_error_set(BW_EIO, "cannot write the FOCUS rows") : 0;
}
