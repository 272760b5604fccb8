/*
 * bandwise/contract.h: what one path of monthly list spend costs under one
 * committed-spend deal (DOMAIN.md §2.5).
 */
#ifndef BANDWISE_CONTRACT_H
#define BANDWISE_CONTRACT_H

#include "bandwise/bands.h"

/* One deal: a commitment over a term with the terms of a band. */
typedef struct {
	int term_months;
	double commit_usd; /* total over the term; per true-up period pro rata by months */
	double discount;   /* fraction off list */
	bw_overage overage;
	double overage_discount; /* with BW_OVERAGE_CUSTOM: fraction off list on overage */
	double rollover;         /* share of a period's unused commitment carried to the next */
	bw_true_up true_up;
	const double *schedule_usd; /* a ramp: one commitment per true-up period (borrowed), or
	                               NULL for commit_usd pro rata; commit_usd is then their sum */
	int schedule_count;
	int price_lock; /* the planner prices a locked deal on list at signing prices; the
	                   contract engine itself takes whatever list spend it is given */
} bw_deal;

/* The deal for band 'band' at commitment 'commit_usd'. */
bw_deal bw_deal_from_band(const bw_band *band, int term_months, double commit_usd);

/* What one path cost under one deal (all USD over the term). */
typedef struct {
	double cost_usd;        /* commitments paid + overage paid */
	double list_usd;        /* the pay-as-you-go cost of the same usage */
	double unused_usd;      /* commitment never drawn down (lost) */
	double overage_usd;     /* paid above the commitment */
	double consumption_usd; /* usage at the committed rate: (1 - d) x list */
	double drawn_usd;       /* the part of it drawn from the commitment and credits */
	int shortfall;          /* 1 when any commitment was lost */
} bw_path_cost;

/*
 * Price 'months' months of list spend (monthly_list_usd[0..months-1], the
 * first deal->term_months are used) under 'deal'. Per true-up period p
 * (12 months with annual true-up, the last one shorter; the whole term
 * otherwise): consumption D = (1 - d) L_p draws on C_p + R_p; unused
 * U = C_p + R_p - D carries R_{p+1} = rollover x U (lost after the last
 * period); an excess X = D - C_p - R_p is billed X (1 - r) / (1 - d), r the
 * overage's discount off list: X at the committed rate, X / (1 - d) at list.
 * A schedule must have one amount per period. Returns 0, or BW_ERANGE when the path is shorter
 * than the term or the deal is malformed.
 */
int bw_contract_cost_path(const bw_deal *deal, const double *monthly_list_usd, int months,
                          bw_path_cost *out);

#endif
