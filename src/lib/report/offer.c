/*
 * offer.c: `bandwise offer` output: each offer against pay-as-you-go and
 * the recommended deal, a verdict, counter-offer targets, peers.
 */
#include "bandwise/report.h"

#include "bandwise/error.h"
#include "jsonout.h"
#include "labels.h"
#include "table.h"
#include "visible.h"

#include <math.h>
#include <string.h>

static void describe_terms(const bw_deal_file *offer, char *buf, size_t size)
{
	char discount[32], rollover[32], overage[64];
	bwx_format_percent(discount, sizeof(discount), offer->terms.discount, 1);
	bwx_format_percent(rollover, sizeof(rollover), offer->terms.rollover, 0);
	if (offer->terms.overage == BW_OVERAGE_CUSTOM) {
		char r[32];
		bwx_format_percent(r, sizeof(r), offer->terms.overage_discount, 1);
		snprintf(overage, sizeof(overage), "overage at list less %s", r);
	} else {
		snprintf(overage, sizeof(overage), "overage at %s",
		         offer->terms.overage == BW_OVERAGE_COMMITTED ? "the committed rate"
		                                                      : "list");
	}
	snprintf(buf, size, "%s off, %s, %s true-up%s%s%s%s", discount, overage,
	         bw_true_up_name(offer->terms.true_up), offer->terms.rollover > 0 ? ", " : "",
	         offer->terms.rollover > 0 ? rollover : "",
	         offer->terms.rollover > 0 ? " rollover" : "",
	         offer->terms.price_lock == BW_PRICE_LOCK_FIXED ? ", prices fixed at signing"
	         : offer->terms.price_lock == BW_PRICE_LOCK_CAP ? ", prices capped at signing"
	                                                        : "");
}

static void verdict(const bw_offer_evaluation *e, char *buf, size_t size)
{
	char a[64];
	if (e->beats_payg && e->beats_recommended) {
		snprintf(buf, size,
		         "Take it: it beats pay-as-you-go and the best band deal on these paths.");
	} else if (e->beats_payg) {
		bwx_format_usd(a, sizeof(a),
		               e->outcome.expected_cost_usd - e->recommended_expected_cost_usd);
		snprintf(buf, size,
		         "Counter: it beats pay-as-you-go, but costs %s more in expectation than "
		         "the recommended deal.",
		         a);
	} else {
		bwx_format_usd(a, sizeof(a),
		               e->outcome.expected_cost_usd - e->payg_expected_cost_usd);
		snprintf(buf, size,
		         "Decline as written: it costs %s more in expectation than paying as "
		         "you go.",
		         a);
	}
}

int bw_report_offers_json(FILE *out, const bw_deal_file *const *offers,
                          const bw_offer_evaluation *evaluations, size_t count,
                          const bw_peers *peers, const bw_peers_fit *fit,
                          const bw_report_context *ctx)
{
	json_t *root = json_object(), *list = json_array();
	char words[256];

	json_object_set_new(root, "currency", json_string("USD"));
	json_object_set_new(root, "paths_source", bwx_json_string_or_null(ctx->paths_source));
	json_object_set_new(root, "catalog_version", bwx_json_string_or_null(ctx->catalog_version));
	json_object_set_new(root, "bands_source",
	                    ctx->bands ? bwx_json_string_or_null(ctx->bands->origin) : json_null());
	json_object_set_new(root, "illustrative", json_boolean(bw_report__bands_illustrative(ctx)));
	if (peers != NULL && fit != NULL) {
		json_t *p = json_object();
		json_object_set_new(p, "source", json_string(peers->origin));
		json_object_set_new(p, "synthetic", json_boolean(peers->synthetic));
		json_object_set_new(p, "deals", json_integer((json_int_t)fit->n));
		json_object_set_new(p, "intercept", bwx_json_real(fit->intercept, 6));
		json_object_set_new(p, "slope_log_commit", bwx_json_real(fit->slope_log_commit, 6));
		json_object_set_new(p, "slope_term_years", bwx_json_real(fit->slope_term_years, 6));
		json_object_set_new(p, "r_squared", bwx_json_fraction(fit->r_squared));
		json_object_set_new(p, "residual_sd", bwx_json_fraction(fit->residual_sd));
		json_object_set_new(root, "peers", p);
	} else {
		json_object_set_new(root, "peers", json_null());
	}
	for (size_t i = 0; i < count; i++) {
		const bw_deal_file *o = offers[i];
		const bw_offer_evaluation *e = &evaluations[i];
		json_t *row = json_object(), *outcome = json_object(), *protections = json_array();
		json_object_set_new(row, "name", json_string(o->name));
		json_object_set_new(row, "file", json_string(o->origin));
		json_object_set_new(row, "term_months", json_integer(o->term_months));
		json_object_set_new(row, "commit_usd", bwx_json_usd(o->commit_usd));
		json_object_set_new(row, "discount", bwx_json_fraction(o->terms.discount));
		json_object_set_new(row, "overage", json_string(bw_overage_name(o->terms.overage)));
		json_object_set_new(row, "overage_discount",
		                    bwx_json_fraction(bw_band_overage_discount(&o->terms)));
		json_object_set_new(row, "rollover", bwx_json_fraction(o->terms.rollover));
		json_object_set_new(row, "true_up", json_string(bw_true_up_name(o->terms.true_up)));
		json_object_set_new(row, "price_lock",
		                    json_string(bw_price_lock_name(o->terms.price_lock)));
		json_object_set_new(
		    row, "threshold_measure",
		    json_string(bw_threshold_measure_name(o->terms.threshold_measure)));
		json_object_set_new(
		    row, "threshold_value_usd",
		    bwx_json_usd(bw_band_threshold_value(&o->terms, o->commit_usd)));
		json_object_set_new(outcome, "expected_cost_usd",
		                    bwx_json_usd(e->outcome.expected_cost_usd));
		json_object_set_new(outcome, "p50_cost_usd", bwx_json_usd(e->outcome.p50_cost_usd));
		json_object_set_new(outcome, "p90_cost_usd", bwx_json_usd(e->outcome.p90_cost_usd));
		json_object_set_new(outcome, "cvar_usd", bwx_json_usd(e->outcome.cvar_usd));
		json_object_set_new(outcome, "expected_unused_usd",
		                    bwx_json_usd(e->outcome.expected_unused_usd));
		json_object_set_new(outcome, "shortfall_probability",
		                    bwx_json_fraction(e->outcome.shortfall_probability));
		json_object_set_new(outcome, "expected_overage_usd",
		                    bwx_json_usd(e->outcome.expected_overage_usd));
		json_object_set_new(outcome, "esr", bwx_json_fraction(e->outcome.esr));
		json_object_set_new(row, "outcome", outcome);
		json_object_set_new(row, "payg_expected_cost_usd",
		                    bwx_json_usd(e->payg_expected_cost_usd));
		json_object_set_new(
		    row, "recommended_band",
		    json_string(e->recommended_band >= 0 ? e->recommended_name : "payg"));
		json_object_set_new(row, "recommended_commit_usd",
		                    bwx_json_usd(e->recommended_commit_usd));
		json_object_set_new(row, "recommended_expected_cost_usd",
		                    bwx_json_usd(e->recommended_expected_cost_usd));
		json_object_set_new(row, "beats_payg", json_boolean(e->beats_payg));
		json_object_set_new(row, "beats_recommended", json_boolean(e->beats_recommended));
		verdict(e, words, sizeof(words));
		json_object_set_new(row, "verdict", json_string(words));
		json_object_set_new(row, "target_discount",
		                    isfinite(e->target_discount)
		                        ? bwx_json_fraction(e->target_discount)
		                        : json_null());
		for (int p = 0; p < BW_PROTECTION_COUNT; p++) {
			json_t *v = json_object();
			json_object_set_new(
			    v, "protection",
			    json_string(bw_protection_name(e->protections[p].protection)));
			json_object_set_new(v, "already", json_boolean(e->protections[p].already));
			json_object_set_new(v, "expected_cost_usd",
			                    bwx_json_usd(e->protections[p].expected_cost_usd));
			json_object_set_new(v, "closes_gap",
			                    json_boolean(e->protections[p].closes_gap));
			json_array_append_new(protections, v);
		}
		json_object_set_new(row, "protections", protections);
		if (peers != NULL && fit != NULL) {
			bw_peers_placement place;
			json_t *pl = json_object();
			bw_peers_place(peers, fit, o->commit_usd, o->term_months, o->terms.discount,
			               &place);
			json_object_set_new(pl, "predicted_discount",
			                    bwx_json_fraction(place.predicted_discount));
			json_object_set_new(pl, "residual", bwx_json_fraction(place.residual));
			json_object_set_new(pl, "percentile", bwx_json_fraction(place.percentile));
			json_object_set_new(pl, "synthetic", json_boolean(peers->synthetic));
			json_object_set_new(row, "peers", pl);
		} else {
			json_object_set_new(row, "peers", json_null());
		}
		json_array_append_new(list, row);
	}
	json_object_set_new(root, "offers", list);
	return bwx_json_print(out, root);
}

int bw_report_offers_text(FILE *out, const bw_deal_file *const *offers,
                          const bw_offer_evaluation *evaluations, size_t count,
                          const bw_peers *peers, const bw_peers_fit *fit,
                          const bw_report_context *ctx, int color)
{
	char a[64], b[64], c[64], terms[256], words[256];
	(void)color;

	if (peers != NULL && fit != NULL) {
		fprintf(out, "Peer benchmark from %s (%zu deals)%s:\n", BWX_VISIBLE(peers->origin),
		        fit->n,
		        peers->synthetic ? ", SYNTHETIC data for illustration, not real deals"
		                         : "");
		fprintf(out,
		        "  discount = %.4f %+.4f ln(commit) %+.4f x years of term   (R^2 %.2f, "
		        "residual sd %.1f points)\n\n",
		        fit->intercept, fit->slope_log_commit, fit->slope_term_years,
		        fit->r_squared, fit->residual_sd * 100);
	}
	for (size_t i = 0; i < count; i++) {
		const bw_deal_file *o = offers[i];
		const bw_offer_evaluation *e = &evaluations[i];
		describe_terms(o, terms, sizeof(terms));
		bwx_format_usd(a, sizeof(a), o->commit_usd);
		fprintf(out, "Offer \"%s\" (%s): commit %s over %d months; %s.\n",
		        BWX_VISIBLE(o->name), BWX_VISIBLE(o->origin), a, o->term_months,
		        BWX_VISIBLE(terms));
		fprintf(out, "  %s\n",
		        bw_report__threshold_count(terms, sizeof(terms), &o->terms, o->commit_usd,
		                                   o->term_months));
		bwx_format_usd(a, sizeof(a), e->outcome.expected_cost_usd);
		bwx_format_usd(b, sizeof(b), e->outcome.p90_cost_usd);
		bwx_format_usd(c, sizeof(c), e->outcome.expected_unused_usd);
		fprintf(out,
		        "  expected cost %s, P90 %s; %s unused on average, some unused on %.0f%% "
		        "of paths\n",
		        a, b, c, e->outcome.shortfall_probability * 100);
		bwx_format_usd(a, sizeof(a), e->payg_expected_cost_usd);
		bwx_format_usd(b, sizeof(b), e->recommended_expected_cost_usd);
		bwx_format_usd(c, sizeof(c), e->recommended_commit_usd);
		fprintf(out, "  pay-as-you-go %s; recommended deal (%s%s%s) %s\n", a,
		        BWX_VISIBLE(e->recommended_name),
		        e->recommended_band >= 0 ? ", commit " : "",
		        e->recommended_band >= 0 ? c : "", b);
		verdict(e, words, sizeof(words));
		fprintf(out, "  %s\n", BWX_VISIBLE(words));
		if (!(e->beats_payg && e->beats_recommended)) {
			if (isfinite(e->target_discount)) {
				bwx_format_percent(a, sizeof(a), e->target_discount, 1);
				fprintf(out,
				        "  Counter-offer: at %s off or more (same commitment and "
				        "terms) it becomes the best option.\n",
				        a);
			} else {
				fprintf(out,
				        "  Counter-offer: no discount below 99%% makes it the best "
				        "option at this commitment: ask for a smaller one.\n");
			}
			for (int p = 0; p < BW_PROTECTION_COUNT; p++) {
				const bw_offer_protection *v = &e->protections[p];
				if (v->already)
					continue;
				double gain = e->outcome.expected_cost_usd - v->expected_cost_usd;
				bwx_format_usd(a, sizeof(a), fabs(gain));
				fprintf(out, "    with %s: %s %s in expectation%s\n",
				        bw_report__protection_request(v->protection), a,
				        gain >= 0 ? "cheaper" : "MORE expensive",
				        v->closes_gap ? ", enough to make it the best option" : "");
			}
		}
		if (peers != NULL && fit != NULL) {
			bw_peers_placement place;
			bw_peers_place(peers, fit, o->commit_usd, o->term_months, o->terms.discount,
			               &place);
			bwx_format_percent(a, sizeof(a), place.predicted_discount, 1);
			fprintf(out,
			        "  Peers%s: comparable deals of this size and term get %s; this "
			        "offer beats %.0f%% of them.\n",
			        peers->synthetic ? " (SYNTHETIC data)" : "", a,
			        place.percentile * 100);
		}
		fputc('\n', out);
	}
	bw_report__bands_note_offers(out, ctx);
	return ferror(out) ? bw_error_set(BW_EIO, "cannot write the report") : 0;
}
