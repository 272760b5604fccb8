/*
 * contract.c: the cost of one path under one deal, period by period.
 */
#include "bandwise/contract.h"

#include "contract_periods.h"

#include "bandwise/error.h"

#include <math.h>
#include <string.h>

bw_deal bw_deal_from_band(const bw_band *band, int term_months, double commit_usd)
{
	bw_deal deal = {term_months,
	                commit_usd,
	                band->discount,
	                band->overage,
	                band->overage_discount,
	                band->rollover,
	                band->true_up,
	                NULL,
	                0,
	                band->price_lock};
	return deal;
}

int bw_contract__periods(const bw_deal *deal, double *shares, int *first_month, int max)
{
	int period_months = deal->true_up == BW_TRUE_UP_ANNUAL ? 12 : deal->term_months;
	int count = 0;

	for (int start = 0; start < deal->term_months; start += period_months) {
		int end = start + period_months < deal->term_months ? start + period_months
		                                                    : deal->term_months;
		if (count == max)
			return -1;
		shares[count] = (double)(end - start) / (double)deal->term_months;
		first_month[count] = start;
		count++;
	}
	return count;
}

void bw_contract__cost_periods(const bw_deal *deal, const double *period_list_usd,
                               const double *shares, int count, bw_path_cost *out)
{
	double credit = 0, d = deal->discount;
	double r = deal->overage == BW_OVERAGE_COMMITTED ? d
	           : deal->overage == BW_OVERAGE_CUSTOM  ? deal->overage_discount
	                                                 : 0;
	double overage_rate = (1 - r) / (1 - d); /* list-priced excess, less r */

	memset(out, 0, sizeof(*out));
	for (int p = 0; p < count; p++) {
		double list = period_list_usd[p];
		double commit =
		    deal->schedule_usd ? deal->schedule_usd[p] : deal->commit_usd * shares[p];
		double available = commit + credit;
		double drawn = (1 - d) * list;

		out->list_usd += list;
		out->cost_usd += commit;
		out->consumption_usd += drawn;
		out->drawn_usd += drawn < available ? drawn : available;
		if (drawn <= available) {
			double unused = available - drawn;
			/* Carried credit is lost after the last period. */
			credit = p + 1 < count ? deal->rollover * unused : 0;
			double lost = unused - credit;
			out->unused_usd += lost;
			if (lost > 0)
				out->shortfall = 1;
		} else {
			double paid = (drawn - available) * overage_rate;
			out->overage_usd += paid;
			out->cost_usd += paid;
			credit = 0;
		}
	}
}

/* Enough for a 100-year term with annual true-up. */
#define MAX_PERIODS 100

int bw_contract_cost_path(const bw_deal *deal, const double *monthly_list_usd, int months,
                          bw_path_cost *out)
{
	double shares[MAX_PERIODS], sums[MAX_PERIODS];
	int first[MAX_PERIODS], count;

	memset(out, 0, sizeof(*out));
	if (deal->term_months < 1 || months < deal->term_months)
		return bw_error_set(BW_ERANGE, "a %d-month deal needs %d months of spend, got %d",
		                    deal->term_months, deal->term_months, months);
	if (!(deal->discount >= 0 && deal->discount < 1) ||
	    !(deal->rollover >= 0 && deal->rollover <= 1) || !(deal->commit_usd >= 0))
		return bw_error_set(BW_ERANGE, "a deal needs 0 <= discount < 1, 0 <= rollover <= 1 "
		                               "and a commitment >= 0");
	if ((count = bw_contract__periods(deal, shares, first, MAX_PERIODS)) < 0)
		return bw_error_set(BW_ERANGE, "a term of %d months has too many true-up periods",
		                    deal->term_months);
	if (deal->schedule_usd != NULL && deal->schedule_count != count)
		return bw_error_set(
		    BW_ERANGE,
		    "a %d-month deal with %s true-up has %d periods, but its schedule "
		    "has %d amounts",
		    deal->term_months, bw_true_up_name(deal->true_up), count, deal->schedule_count);
	for (int p = 0; p < count; p++) {
		int end = p + 1 < count ? first[p + 1] : deal->term_months;
		sums[p] = 0;
		for (int m = first[p]; m < end; m++)
			sums[p] += monthly_list_usd[m];
	}
	bw_contract__cost_periods(deal, sums, shares, count, out);
	return 0;
}
