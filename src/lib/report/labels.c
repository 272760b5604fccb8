/*
 * labels.c: words that several renderers share (labels.h).
 */
#include "labels.h"

#include "table.h"

#include <math.h>
#include <string.h>

static const char *const stage_names[BW_POLICY_STAGES] = {"list", "after routing", "after caching",
                                                          "after batch"};

const char *bw_report__stage_name(int s)
{
	return s >= 0 && s < BW_POLICY_STAGES ? stage_names[s] : "?";
}

double bw_report__saving_share(const double usd[BW_POLICY_STAGES])
{
	return usd[0] > 0 ? 1 - usd[BW_POLICY_STAGES - 1] / usd[0] : 0;
}

double bw_report__percent_of(double part, double total)
{
	return total > 0 ? 100 * part / total : 0;
}

const char *bw_report__protection_label(bw_protection protection)
{
	static const char *const labels[BW_PROTECTION_COUNT] = {
	    "overage at the committed rate", "rollover of unused commitment", "term-level true-up",
	    "price lock", "ramp (a commitment per year)"};
	return (unsigned)protection < BW_PROTECTION_COUNT ? labels[protection] : "?";
}

const char *bw_report__protection_request(bw_protection protection)
{
	/* The offer module values rollover at 50% of the unused commitment. */
	static const char *const labels[BW_PROTECTION_COUNT] = {
	    "overage at the committed rate", "rollover of 50% of unused commitment",
	    "term-level true-up", "a price lock", "a ramp"};
	return (unsigned)protection < BW_PROTECTION_COUNT ? labels[protection] : "?";
}

void bw_report__format_share(char *buf, size_t size, double share)
{
	/* Decide on the printed value, so the words and the rounding agree. */
	bwx_format_percent(buf, size, share, 0);
	if (share > 0 && strcmp(buf, "0%") == 0)
		snprintf(buf, size, "under 1%%");
	else if (share < 1 && strcmp(buf, "100%") == 0)
		snprintf(buf, size, "over 99%%");
}

void bw_report__format_commit(char *buf, size_t size, double commit_usd, double commit_max_usd)
{
	/* Amounts of $1,000 or more print in whole dollars, rounded. */
	if (isfinite(commit_max_usd) && commit_usd < commit_max_usd &&
	    commit_usd > commit_max_usd - 1)
		commit_usd = ceil(commit_max_usd) - 1;
	bwx_format_usd(buf, size, commit_usd);
}

int bw_report__bands_illustrative(const bw_report_context *ctx)
{
	return ctx->bands != NULL && ctx->bands->illustrative;
}

void bw_report__bands_note_text(FILE *out, const bw_report_context *ctx)
{
	const bw_bands *bands = ctx->bands;
	if (bands != NULL && bands->illustrative)
		fprintf(out,
		        "\nNote: the band discounts and protections are ILLUSTRATIVE ASSUMPTIONS "
		        "from %s,\n"
		        "not Anthropic terms (no public rate card exists). Use the quotes you "
		        "hold: --bands FILE.\n",
		        bands->origin);
	else if (bands != NULL)
		fprintf(out, "\nBands from %s.\n", bands->origin);
}

void bw_report__bands_note_offers(FILE *out, const bw_report_context *ctx)
{
	if (bw_report__bands_illustrative(ctx))
		fprintf(out,
		        "The recommended deals use ILLUSTRATIVE band assumptions (%s), not "
		        "Anthropic terms.\n",
		        ctx->bands->origin);
}

const char bw_report__bands_warning_html[] =
    "The band discounts and protections used here are illustrative assumptions, "
    "not Anthropic terms (no public rate card exists).";

const char *bw_report__assumptions_takeaway(const bw_report_context *ctx)
{
	return bw_report__bands_illustrative(ctx)
	           ? "The band discounts and protections are ILLUSTRATIVE ASSUMPTIONS, not "
	             "Anthropic terms: "
	             "replace them with the quotes you hold."
	           : "Every number above comes from the inputs below.";
}
