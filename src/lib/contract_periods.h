/*
 * contract_periods.h (private): the contract cost on per-period sums.
 *
 * bw_contract_cost_path sums months into true-up periods and calls this;
 * the planner precomputes the period sums of every path once and calls it
 * directly for every candidate commitment, so both share one formula.
 */
#ifndef BANDWISE_CONTRACT_PERIODS_H
#define BANDWISE_CONTRACT_PERIODS_H

#include "bandwise/contract.h"

/* The number of true-up periods of 'deal' and each one's share of the
 * commitment (months_p / term) in 'shares' (room for 'max' periods).
 * Returns the count, or -1 when more than 'max'. */
int bw_contract__periods(const bw_deal *deal, double *shares, int *first_month, int max);

/* DOMAIN §2.5 on 'count' period sums of list spend. */
void bw_contract__cost_periods(const bw_deal *deal, const double *period_list_usd,
                               const double *shares, int count, bw_path_cost *out);

#endif
