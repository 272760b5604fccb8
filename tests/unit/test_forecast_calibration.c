/*
 * test_forecast_calibration.c: is the forecast's fan as wide as the truth
 * says? Histories with known breaks are generated (a launch, a plateau, a
 * stopped workspace, steady growth with AR(1) noise), 36 months each and
 * the 12 months after them from the same process; the model the forecast
 * chooses must hold the true 12-month total inside its P10-P90 on about
 * 80% of seeds. Also the pieces: changepoint detection on a clean step,
 * the interval score and the CRPS on hand cases, AR(1) phi on a known series.
 */
#include "test_util.h"

#include "bandwise/error.h"
#include "bandwise/forecast.h"
#include "forecast_internal.h"
#include "segments_internal.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

enum { HISTORY = 36, AHEAD = 12, SEEDS = 60, PATHS = 1000 };

static int seed_count(void);

typedef enum { LAUNCH, PLATEAU, STOPPED, STEADY_AR1, KINDS } kind;

static const char *const kind_names[KINDS] = {"launch", "plateau", "stopped workspace",
                                              "steady growth, AR(1) noise"};

/* One history and its continuation: log spend is a level, a growth and
 * noise; each kind changes the level or the growth once in the history
 * and keeps the new regime afterwards. */
static void generate(kind k, gsl_rng *rng, double *usd)
{
	double y = log(30000), noise = 0;
	for (int t = 0; t < HISTORY + AHEAD; t++) {
		double growth = 0.03, phi = 0, sd = 0.05;
		if (k == PLATEAU)
			growth = t < 24 ? 0.06 : 0.0;
		if (k == STEADY_AR1) {
			growth = 0.04;
			phi = 0.6;
			sd = 0.04; /* innovations; the noise's own sd is 0.05 */
		}
		if (t > 0)
			y += log1p(growth);
		if (k == LAUNCH && t == 26)
			y += log(1.4); /* a new workload: +40% from month 26 on */
		if (k == STOPPED && t == 28)
			y += log(0.6); /* a workspace stops: -40% from month 28 on */
		noise = phi * noise + gsl_ran_gaussian(rng, sd);
		usd[t] = exp(y + noise);
	}
}

/*
 * The same kinds as events of a workspace: two workspaces whose sum has
 * the total's shape. Launch: a core workspace, and a second from month 26
 * at 40% of the core's level (the total +40%). Stopped: a core at 60% and
 * a second at 40% that stops at month 28 (the total -40%). Plateau and
 * steady: a core at 70% and a second at 30% with the kind's growth. Each
 * workspace's log noise is half shared, half its own (correlation 0.5),
 * each part with the kind's sd and AR(1) phi. ws[w * (HISTORY + AHEAD) + t].
 */
enum { WORKSPACES = 2 };

static int first_seed(void);

static void generate_workspaces(kind k, gsl_rng *rng, double *ws)
{
	double y = log(30000), shared = 0, own[WORKSPACES] = {0, 0};
	double weight[WORKSPACES] = {0.7, 0.3};
	if (k == LAUNCH)
		weight[0] = 1, weight[1] = 0.4;
	if (k == STOPPED)
		weight[0] = 0.6, weight[1] = 0.4;
	for (int t = 0; t < HISTORY + AHEAD; t++) {
		double growth = 0.03, phi = 0, sd = 0.05;
		if (k == PLATEAU)
			growth = t < 24 ? 0.06 : 0.0;
		if (k == STEADY_AR1) {
			growth = 0.04;
			phi = 0.6;
			sd = 0.04;
		}
		if (t > 0)
			y += log1p(growth);
		shared = phi * shared + gsl_ran_gaussian(rng, sd);
		for (int w = 0; w < WORKSPACES; w++) {
			own[w] = phi * own[w] + gsl_ran_gaussian(rng, sd);
			int runs =
			    !(w == 1 && ((k == LAUNCH && t < 26) || (k == STOPPED && t >= 28)));
			ws[w * (HISTORY + AHEAD) + t] =
			    runs ? weight[w] * exp(y + sqrt(0.5) * (shared + own[w])) : 0;
		}
	}
}

/* Share of seeds whose true 12-month total lies in the P10-P90 of the
 * per-workspace company's forecast: on the total (segments 0) or by
 * segment (1); *width gets the mean P90/P10, tails[0] and tails[1] the
 * seeds whose truth lies below P10 and above P90. */
static double workspace_coverage_of(kind k, int segments, double *width, int tails[2])
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double ws[WORKSPACES * (HISTORY + AHEAD)], probs[2] = {0.10, 0.90}, q[2];
	int inside = 0, from = first_seed();
	double ratio = 0;

	assert_non_null(rng);
	for (int seed = from; seed < from + seed_count(); seed++) {
		bw_forecast_options o = BW_FORECAST_OPTIONS_INIT;
		bw_paths *paths = NULL;
		double total[HISTORY + AHEAD], history[WORKSPACES * HISTORY], truth = 0;
		bw_segment_fit fits[WORKSPACES];
		gsl_rng_set(rng, 5000u + (unsigned long)seed * 7u + (unsigned long)k * 100003u);
		generate_workspaces(k, rng, ws);
		memset(fits, 0, sizeof(fits));
		for (int t = 0; t < HISTORY + AHEAD; t++)
			total[t] = ws[t] + ws[HISTORY + AHEAD + t];
		for (int w = 0; w < WORKSPACES; w++) {
			memcpy(history + w * HISTORY, ws + w * (HISTORY + AHEAD),
			       HISTORY * sizeof(double));
			while (fits[w].start_month < HISTORY &&
			       !(history[w * HISTORY + fits[w].start_month] > 0))
				fits[w].start_month++;
			fits[w].stopped = !(history[w * HISTORY + HISTORY - 1] > 0);
		}
		o.months = AHEAD;
		o.paths = PATHS;
		o.seed = (unsigned long long)seed;
		if (segments) {
			double rho;
			assert_int_equal(bw_segments__forecast_series(&paths, fits, &rho, history,
			                                              WORKSPACES, HISTORY, &o, 1),
			                 0);
		} else
			assert_int_equal(bw_forecast_run(&paths, NULL, total, HISTORY, &o), 0);
		assert_int_equal(bw_paths_total_quantiles(paths, AHEAD, probs, 2, q, NULL), 0);
		for (int m = 0; m < AHEAD; m++)
			truth += total[HISTORY + m];
		inside += truth >= q[0] && truth <= q[1];
		tails[0] += truth < q[0];
		tails[1] += truth > q[1];
		ratio += q[1] / q[0];
		bw_paths_free(paths);
	}
	gsl_rng_free(rng);
	*width = ratio / seed_count();
	return (double)inside / seed_count();
}

/* The first seed: 1, or BANDWISE_CALIBRATION_SEEDS_FROM to measure on
 * seeds not looked at while developing (docs/methodology.md has both). */
static int first_seed(void)
{
	const char *from = getenv("BANDWISE_CALIBRATION_SEEDS_FROM");
	return from != NULL && atoi(from) > 0 ? atoi(from) : 1;
}

/* How many seeds: 60, or BANDWISE_CALIBRATION_SEEDS (600 resolves a lean
 * of a few points that 60, with a binomial sd of 5 points, cannot). */
static int seed_count(void)
{
	const char *count = getenv("BANDWISE_CALIBRATION_SEEDS");
	return count != NULL && atoi(count) > 0 ? atoi(count) : SEEDS;
}

/* Share of seeds whose true 12-month total lies in the forecast's P10-P90;
 * *width (when not NULL) gets the mean P90/P10. */
static double coverage_of(kind k, bw_forecast_model model, int *chosen, double *width)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double usd[HISTORY + AHEAD], probs[2] = {0.10, 0.90}, q[2];
	int inside = 0, from = first_seed();
	double ratio = 0;

	assert_non_null(rng);
	for (int seed = from; seed < from + seed_count(); seed++) {
		bw_forecast_options o = BW_FORECAST_OPTIONS_INIT;
		bw_paths *paths = NULL;
		bw_forecast_fit fit;
		double truth = 0;
		/* The history's generator and the forecast's draws are seeded
		 * apart, so the forecast cannot share luck with the truth. */
		gsl_rng_set(rng, 1000u + (unsigned long)seed * 7u + (unsigned long)k * 100003u);
		generate(k, rng, usd);
		o.months = AHEAD;
		o.paths = PATHS;
		o.seed = (unsigned long long)seed;
		o.model = model;
		assert_int_equal(bw_forecast_run(&paths, &fit, usd, HISTORY, &o), 0);
		if (chosen != NULL)
			chosen[fit.model]++;
		assert_int_equal(bw_paths_total_quantiles(paths, AHEAD, probs, 2, q, NULL), 0);
		for (int m = 0; m < AHEAD; m++)
			truth += usd[HISTORY + m];
		inside += truth >= q[0] && truth <= q[1];
		ratio += q[1] / q[0];
		bw_paths_free(paths);
	}
	gsl_rng_free(rng);
	if (width != NULL)
		*width = ratio / seed_count();
	return (double)inside / seed_count();
}

/* Measured on seeds 1..60 (coverage, mean P90/P10): launch 100%, 1.807;
 * plateau 82%, 1.459; stopped workspace 92%, 1.698; steady AR(1) 70%, 1.152.
 * With the state models' parameters drawn per path (2026-12-07): 100%,
 * 1.807; 85%, 1.468; 98%, 1.710; 70%, 1.149. With the recent level, the
 * last break's grid and no allowance for future changes (2026-12-07,
 * methodology §3, "The recent level"): 75%, 1.168; 73%, 1.164; and on 600
 * seeds 83% (1.193), 76% (1.171), 87% (1.189), 68% (1.149), from 100%
 * (1.816), 84%, 99% (1.719), 69%. With the AR(1) coefficient unbiased on
 * its design, the exact variance factors and breaks that must beat the
 * wander (2026-12-07, methodology §3, "The autocorrelation's bias"): 72%,
 * 1.150; 75%, 1.159; 90%, 1.173; 77%, 1.172, and on 600 seeds 81%
 * (1.182), 72% (1.163), 85% (1.181), 73% (1.181). With each of two breaks
 * held to the evidence, the last break's grid of the kind found (with
 * kinks) and the choice by CRPS (2026-12-07, methodology §3, "Each break
 * by that much", "The break's kind and the kink", "Chosen by the CRPS"):
 * 73%, 1.120; 75%, 1.157; 75%, 1.084; 77%, 1.173, and on 600 seeds 81.5%
 * (1.133), 75.5% (1.161), 81.2% (1.116), 76.2% (1.184): every kind inside
 * 75-85%. Sixty seeds resolve a share to about 5 points (the binomial sd
 * at 80%), so every kind is held to 70-90%, and the fans to their
 * measured width on 600 seeds + 10%. */
static const struct {
	double low, high, max_width;
} limits[KINDS] = {
    [LAUNCH] = {0.70, 0.90, 1.133 * 1.10},
    [PLATEAU] = {0.70, 0.90, 1.161 * 1.10},
    [STOPPED] = {0.70, 0.90, 1.116 * 1.10},
    [STEADY_AR1] = {0.70, 0.90, 1.184 * 1.10},
};

static void test_forecast_calibration__twelve_month_total(void **state)
{
	(void)state;
	for (int k = 0; k < KINDS; k++) {
		int chosen[BW_MODEL_COUNT] = {0};
		double width, covered = coverage_of((kind)k, BW_MODEL_AUTO, chosen, &width);
		printf("    %-28s P10-P90 of the 12-month total holds the truth on %.0f%% of %d "
		       "seeds from %d (mean P90/P10 %.3f); chosen:",
		       kind_names[k], covered * 100, seed_count(), first_seed(), width);
		for (int m = 1; m < BW_MODEL_COUNT; m++)
			printf(" %s %d", bw_forecast_model_name((bw_forecast_model)m), chosen[m]);
		printf("\n");
		/* The target is 75-85%, held as 'limits' says (the 600 seeds'
		 * figures with the 60 seeds' sampling margin; docs/methodology.md
		 * has the seed ranges), every fan no wider (mean P90/P10) than
		 * measured + 10%, so a fan that gets clearly worse either way
		 * fails. */
		assert_true(covered >= limits[k].low && covered <= limits[k].high);
		assert_true(width <= limits[k].max_width);
		if (getenv("BANDWISE_CALIBRATION_ALL") != NULL)
			for (int m = 1; m < BW_MODEL_COUNT; m++)
				printf("      %-12s %.0f%%\n",
				       bw_forecast_model_name((bw_forecast_model)m),
				       coverage_of((kind)k, (bw_forecast_model)m, NULL, NULL) *
				           100);
	}
}

/* A clean step (level x1.5 at month 12, the same growth) is found at its
 * month, and only it. */
static void test_forecast_calibration__changepoint_on_a_clean_step(void **state)
{
	(void)state;
	double y[24];
	bw_forecast__segments seg;
	for (int t = 0; t < 24; t++)
		y[t] = log(1000) + 0.02 * t + (t >= 12 ? log(1.5) : 0) + (t % 2 ? 0.001 : -0.001);
	bw_forecast__changepoints(y, 24, &seg);
	assert_int_equal(seg.count, 2);
	assert_int_equal(seg.starts[1], 12);
	assert_near(seg.b[1], 0.02, 0.002);

	/* And the forecast says so in words, dated. */
	double usd[24];
	bw_forecast_fit fit;
	bw_paths *paths = NULL;
	bw_forecast_options o = BW_FORECAST_OPTIONS_INIT;
	for (int t = 0; t < 24; t++)
		usd[t] = exp(y[t]);
	o.paths = 50;
	o.model = BW_MODEL_CHANGEPOINT;
	assert_int_equal(bw_forecast_run(&paths, &fit, usd, 24, &o), 0);
	bw_forecast_label_changes(&fit, "2025-01");
	assert_int_equal(fit.change_count, 1);
	assert_string_equal(fit.changes[0].month, "2026-01");
	assert_near(fit.changes[0].level_after_usd / fit.changes[0].level_before_usd, 1.5, 0.01);
	if (strncmp(fit.changes[0].text, "2026-01: level up +$", 20) != 0)
		fail_msg("change in words: '%s'", fit.changes[0].text);
	bw_paths_free(paths);

	/* A straight line has no change. */
	for (int t = 0; t < 24; t++)
		y[t] = log(1000) + 0.02 * t + (t % 2 ? 0.01 : -0.01);
	bw_forecast__changepoints(y, 24, &seg);
	assert_int_equal(seg.count, 1);
}

/*
 * Growth that stops on a short history (issue 10's plateau): 13 months,
 * 7% growth for the first 7 and flat for the last 6, log noise sd 0.05,
 * the 12 months after them flat too; 60 seeds. The backtest's 7 origins,
 * most of them before the change, choose theta (half the whole window's
 * slope, about 2% a month here): before the recent-regime rule the
 * 12-month P50 lay above the truth on all 60 seeds and within 10% of it
 * on 24 (median P50 / truth 1.117). A forecast of the flat regime misses
 * by its level's and slope's error only: the last 6 months' slope has sd
 * 0.05 / sqrt(17.5) = 1.2% a month, 11% on the total at the horizon's
 * middle (9.5 months from their centre), so it is within 10% of the truth
 * on about 4 seeds in 5 and above it on half. The rule fires only where
 * the evidence is very strong (about 1 seed in 4 of so short a history;
 * the others keep the backtest's choice), so what is held is less: the
 * P50 above the truth on at most 56 of 60 (60 before the rule), and where
 * it fires no more than 10% above the truth on 3 seeds in 4 (the right
 * regime's 4 in 5, less sampling). Within 10% of the truth: 24 of 60
 * before the rule, 31 with it, 26 once the state models draw their
 * parameters (theta's paths wider on both sides, its median higher on
 * these seeds): printed, not held, as 60 seeds cannot tell 24 from 26.
 */
static int compare_ratio(const void *a, const void *b)
{
	double x = *(const double *)a, z = *(const double *)b;
	return (x > z) - (x < z);
}

enum { SHORT_HISTORY = 13, SHORT_GROWTH_MONTHS = 7, SHORT_SEEDS = 60 };

static void test_forecast_calibration__short_plateau(void **state)
{
	(void)state;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double ratio[SHORT_SEEDS];
	int close = 0, above = 0, regime = 0, regime_close = 0;

	assert_non_null(rng);
	for (int seed = 1; seed <= SHORT_SEEDS; seed++) {
		double usd[SHORT_HISTORY + AHEAD], y = log(40000), truth = 0, p50;
		static const double median[1] = {0.5};
		bw_forecast_options o = BW_FORECAST_OPTIONS_INIT;
		bw_forecast_fit fit;
		bw_paths *paths = NULL;
		gsl_rng_set(rng, 9000u + (unsigned long)seed * 7u);
		for (int t = 0; t < SHORT_HISTORY + AHEAD; t++) {
			if (t > 0 && t < SHORT_GROWTH_MONTHS)
				y += log(1.07);
			usd[t] = exp(y + gsl_ran_gaussian(rng, 0.05));
		}
		o.months = AHEAD;
		o.paths = PATHS;
		o.seed = (unsigned long long)seed;
		assert_int_equal(bw_forecast_run(&paths, &fit, usd, SHORT_HISTORY, &o), 0);
		assert_int_equal(bw_paths_total_quantiles(paths, AHEAD, median, 1, &p50, NULL), 0);
		for (int m = 0; m < AHEAD; m++)
			truth += usd[SHORT_HISTORY + m];
		ratio[seed - 1] = p50 / truth;
		close += p50 <= 1.10 * truth;
		above += p50 > truth;
		regime += fit.regime;
		regime_close += fit.regime && p50 <= 1.10 * truth;
		bw_paths_free(paths);
	}
	gsl_rng_free(rng);
	qsort(ratio, SHORT_SEEDS, sizeof(double), compare_ratio);
	double mid = (ratio[SHORT_SEEDS / 2 - 1] + ratio[SHORT_SEEDS / 2]) / 2;
	printf("    short plateau (13 months, flat for 6): P50 within 1.10 x the truth on %d of "
	       "%d seeds, above it on %d, median P50/truth %.3f; the recent regime on %d "
	       "(at most 10%% above the truth on %d of them)\n",
	       close, SHORT_SEEDS, above, mid, regime, regime_close);
	assert_true(above <= 56);
	assert_true(regime >= 1 && regime_close * 4 >= regime * 3);
}

/* The choice on 24 months usd with the rule expected to fire: the choice
 * used the changepoint model, with the evidence the rule needs and a
 * reason starting 'reason'; the forecast's fit (labelled from 2025-01)
 * says so too. Returns the choice and fills *fit. */
static bw_forecast_choice regime_fires(const double *usd, const char *reason, bw_forecast_fit *fit)
{
	bw_forecast_options o = BW_FORECAST_OPTIONS_INIT;
	bw_forecast_choice choice;
	bw_paths *paths = NULL;

	o.paths = 200;
	assert_int_equal(bw_forecast_choose(&choice, usd, 24, &o), 0);
	assert_int_equal(choice.regime, 1);
	assert_int_equal(choice.chosen, BW_MODEL_CHANGEPOINT);
	assert_true(choice.regime_evidence >= BW_FORECAST_REGIME_EVIDENCE);
	if (strncmp(choice.reason, reason, strlen(reason)) != 0)
		fail_msg("reason: '%s'", choice.reason);
	assert_int_equal(bw_forecast_run(&paths, fit, usd, 24, &o), 0);
	bw_forecast_label_changes(fit, "2025-01");
	assert_int_equal(fit->regime, 1);
	assert_int_equal(fit->model, BW_MODEL_CHANGEPOINT);
	bw_paths_free(paths);
	return choice;
}

/* The choice on 24 months usd with the rule expected to stay out. */
static void regime_quiet(const double *usd)
{
	bw_forecast_options o = BW_FORECAST_OPTIONS_INIT;
	bw_forecast_choice choice;

	o.paths = 200;
	assert_int_equal(bw_forecast_choose(&choice, usd, 24, &o), 0);
	assert_int_equal(choice.regime, 0);
	assert_int_equal(choice.regime_shift, 0);
}

/* The recent regime on a clean change of growth: 5% a month for 12 months,
 * then flat for 12 (small alternating noise). The rule fires at the
 * change, the changepoint model is used whatever the backtest chose, and
 * the fit says from when; a straight line of the same noise does not. */
static void test_forecast_calibration__recent_regime_on_a_clean_kink(void **state)
{
	(void)state;
	double usd[24];
	bw_forecast_options o = BW_FORECAST_OPTIONS_INIT;
	bw_forecast_choice choice;
	bw_forecast_fit fit;

	o.paths = 200;
	for (int t = 0; t < 24; t++)
		usd[t] = exp(log(1000) + 0.05 * (t < 12 ? t : 11) + (t % 2 ? 0.01 : -0.01));
	choice = regime_fires(usd, "the recent regime: growth changed", &fit);
	assert_true(choice.regime_from >= 11 && choice.regime_from <= 12);
	assert_near(choice.regime_growth, 0, 0.005);
	assert_string_equal(fit.regime_month, choice.regime_from == 12 ? "2026-01" : "2025-12");

	/* Asked for a model: the rule stays out of it. */
	o.model = BW_MODEL_TREND;
	assert_int_equal(bw_forecast_choose(&choice, usd, 24, &o), 0);
	assert_int_equal(choice.regime, 0);
	assert_int_equal(choice.chosen, BW_MODEL_TREND);

	/* A straight line: no change, no regime. */
	for (int t = 0; t < 24; t++)
		usd[t] = exp(log(1000) + 0.05 * t + (t % 2 ? 0.01 : -0.01));
	regime_quiet(usd);
}

/* The recent level on a clean step: the same growth (2% a month) for 24
 * months, the level x1.4 from month 14 on (small alternating noise). The
 * backtest's origins straddle the step; the rule fires at it as a level
 * shift, the changepoint model is used and says so; a step of 3% (below
 * the 5% a change needs to be worth a word) does not fire. */
static void test_forecast_calibration__recent_level_on_a_clean_step(void **state)
{
	(void)state;
	double usd[24];
	bw_forecast_choice choice;
	bw_forecast_fit fit;

	for (int t = 0; t < 24; t++)
		usd[t] =
		    exp(log(1000) + 0.02 * t + (t >= 14 ? log(1.4) : 0) + (t % 2 ? 0.01 : -0.01));
	choice = regime_fires(usd, "the recent level: spend moved +", &fit);
	assert_int_equal(choice.regime_shift, 1);
	assert_int_equal(choice.regime_from, 14);
	assert_near(choice.regime_level, 0.4, 0.02);
	assert_near(choice.regime_growth, 0.02, 0.003);
	if (strstr(choice.reason, "% 10 months ago (a BIC gap of") == NULL)
		fail_msg("reason: '%s'", choice.reason);
	assert_int_equal(fit.regime_shift, 1);
	assert_string_equal(fit.regime_month, "2026-03");

	for (int t = 0; t < 24; t++)
		usd[t] = exp(log(1000) + 0.02 * t + (t >= 14 ? log(1.03) : 0) +
		             (t % 2 ? 0.001 : -0.001));
	regime_quiet(usd);
}

/* On the clean kink (flat from month 17: 0.05 a month before): the grid's
 * largest point is the kink there, its last line flat at the level, and a
 * kink's last line, which leans on the months before it too, is known
 * better (larger m and Sxx) than the full break's from the same month. */
static void assert_kink_is_the_line(const bw_forecast__fitted *f, size_t n)
{
	const bw_forecast__grid_point *largest = NULL;
	double previous = 0, most = 0;
	int compared = 0;
	for (size_t i = 0; i < f->grid_count; i++) {
		double p = f->grid[i].cumulative - previous;
		previous = f->grid[i].cumulative;
		if (p > most)
			most = p, largest = &f->grid[i];
	}
	assert_non_null(largest);
	assert_near(largest->from, 17, 0.5);
	assert_near(largest->b, 0, 1e-3);
	assert_near(largest->a, log(1000) + 0.05 * 17, 0.01);
	for (size_t i = 0; i < f->grid_count; i++) {
		const bw_forecast__grid_point *full = &f->grid[i];
		if (full != largest && full->from == largest->from &&
		    fabs(full->m - ((double)n - full->from)) < 1e-9) {
			assert_true(largest->m > full->m);
			assert_true(largest->sxx > full->sxx);
			compared++;
		}
	}
	assert_int_equal(compared, 1);
}

/* Where the last break is: on a kink in clean data the changepoint
 * model's grid puts nearly all its weight within a month of the break;
 * in noise of sd 0.05 it spreads over months (the best month alone was
 * every path's before), and a line without the break keeps some weight. */
static void test_forecast_calibration__last_break_grid(void **state)
{
	(void)state;
	double y[30];
	bw_forecast_options o = BW_FORECAST_OPTIONS_INIT;
	bw_forecast__fitted f;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	assert_non_null(rng);

	for (int noisy = 0; noisy < 2; noisy++) {
		gsl_rng_set(rng, 3);
		for (int t = 0; t < 30; t++)
			y[t] = log(1000) + 0.05 * (t < 18 ? t : 17) +
			       (noisy ? gsl_ran_gaussian(rng, 0.05) : (t % 2 ? 0.002 : -0.002));
		memset(&f, 0, sizeof(f));
		assert_int_equal(bw_forecast__fit(BW_MODEL_CHANGEPOINT, y, 30, &o, &f, NULL), 0);
		assert_true(f.grid_count > 10);
		double near = 0, previous = 0, most = 0;
		for (size_t i = 0; i < f.grid_count; i++) {
			double p = f.grid[i].cumulative - previous;
			previous = f.grid[i].cumulative;
			double from = f.grid[i].from;
			if (fabs(from - 18) <= 1)
				near += p;
			most = p > most ? p : most;
		}
		assert_near(previous, 1, 1e-9);
		printf("    a kink at month 18, %s: the grid's weight within a month of it %.3f, "
		       "its largest point %.3f\n",
		       noisy ? "noise sd 0.05" : "clean", near, most);
		if (noisy)
			assert_true(most < 0.9);
		else
			assert_true(near > 0.99);
		if (!noisy)
			assert_kink_is_the_line(&f, 30);
		bw_forecast__release(&f);
	}
	gsl_rng_free(rng);
}

/* Winkler's score: the width inside, plus 10 times the miss outside. */
static void test_forecast_calibration__interval_score(void **state)
{
	(void)state;
	assert_near(bw_forecast__interval_score(90, 110, 100), 20, 1e-12);
	assert_near(bw_forecast__interval_score(90, 110, 85), 20 + 10 * 5, 1e-12);
	assert_near(bw_forecast__interval_score(90, 110, 112), 20 + 10 * 2, 1e-12);
	/* CRPS of the sample {3, 1, 2} for 2: mean |x - 2| = 2/3, mean
	 * |x - x'| over the 9 pairs = 8/9, so 2/3 - 4/9 = 2/9. */
	double sample[3] = {3, 1, 2}, exact[1] = {5};
	assert_near(bw_forecast__crps(sample, 3, 2), 2.0 / 9.0, 1e-12);
	assert_near(bw_forecast__crps(exact, 1, 5), 0, 1e-12);
}

/* phi of a long AR(1) series with phi = 0.7 is near 0.7; white noise near 0. */
static void test_forecast_calibration__ar1_phi(void **state)
{
	(void)state;
	enum { N = 4000 };
	double *r = malloc(N * sizeof(double)), e = 0;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	assert_non_null(r);
	gsl_rng_set(rng, 11);
	for (int i = 0; i < N; i++) {
		e = 0.7 * e + gsl_ran_gaussian(rng, 1);
		r[i] = e;
	}
	assert_near(bw_forecast__ar1(r, N), 0.7, 0.05);
	for (int i = 0; i < N; i++)
		r[i] = gsl_ran_gaussian(rng, 1);
	assert_near(bw_forecast__ar1(r, N), 0, 0.05);
	/* By hand: r = 1, 2, 3 gives (2 + 6) / (1 + 4 + 9). */
	const double hand[3] = {1, 2, 3};
	assert_near(bw_forecast__ar1(hand, 3), 8.0 / 14.0, 1e-12);
	gsl_rng_free(rng);
	free(r);
}

/* Residuals of AR(1) noise (coefficient phi, stationary start) about the
 * least-squares lines of [0, cut) and [cut, n) (cut n: one line). */
static void ar1_line_residuals(gsl_rng *rng, double phi, size_t n, size_t cut, double *r)
{
	double e = gsl_ran_gaussian(rng, 1) / sqrt(1 - phi * phi);
	for (size_t t = 0; t < n; t++) {
		if (t > 0)
			e = phi * e + gsl_ran_gaussian(rng, 1);
		r[t] = 3 + 0.04 * (double)t + e; /* any line: the fit takes it out */
	}
	for (size_t s = 0; s < n; s = cut < n && s < cut ? cut : n) {
		size_t e_end = s < cut && cut < n ? cut : n;
		double a, b, sxx, ssr, centre = (double)(s + e_end - 1) / 2;
		double y[64];
		memcpy(y, r + s, (e_end - s) * sizeof(double));
		bw_forecast__fit_line(y, 0, e_end - s, &a, &b, &sxx, &ssr);
		for (size_t t = s; t < e_end; t++)
			r[t] -= a + b * ((double)t - centre);
	}
}

/*
 * The lag-1 autocorrelation of a fitted line's residuals is biased low,
 * by more than Kendall's (1 + 3 phi) / n for a mean, and more still with
 * more columns: on 36 months with phi 0.6 it averages 0.445 about one
 * line (Kendall's correction: 0.52). Corrected by its bias on the design
 * at the estimate it averages 0.569 about one line and 0.526 about two
 * (-0.008 and -0.026 for white noise): held within 0.035 and 0.08.
 */
static void test_forecast_calibration__ar1_unbiased(void **state)
{
	(void)state;
	enum { N = 36, RUNS = 3000 };
	static const double phis[] = {0, 0.3, 0.6};
	bw_forecast__segments two = {.count = 2, .starts = {0, N / 2, N, N}};
	double r[N];
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	assert_non_null(rng);
	gsl_rng_set(rng, 17);
	for (size_t i = 0; i < sizeof(phis) / sizeof(phis[0]); i++) {
		double raw = 0, line = 0, broken = 0;
		for (int run = 0; run < RUNS; run++) {
			ar1_line_residuals(rng, phis[i], N, N, r);
			raw += bw_forecast__ar1(r, N) / RUNS;
			line += bw_forecast__ar1_unbiased(r, N, NULL) / RUNS;
			ar1_line_residuals(rng, phis[i], N, N / 2, r);
			broken += bw_forecast__ar1_unbiased(r, N, &two) / RUNS;
		}
		print_message("phi %.1f on %d months: raw %.3f, corrected about one line %.3f, "
		              "about two %.3f\n",
		              phis[i], N, raw, line, broken);
		assert_true(raw < phis[i] - 1.5 / N); /* the bias is there */
		assert_near(line, phis[i], 0.035);
		assert_near(broken, phis[i], 0.08);
	}
	gsl_rng_free(rng);
}

/* How many segments the search finds on 'runs' histories of kind k (seeds
 * 1..runs, as the calibration's): by_count[c] histories with c segments. */
static void segments_found(kind k, int runs, int by_count[BW_FORECAST__MAX_BREAKS + 2])
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	assert_non_null(rng);
	for (int c = 0; c < BW_FORECAST__MAX_BREAKS + 2; c++)
		by_count[c] = 0;
	for (int seed = 1; seed <= runs; seed++) {
		double usd[HISTORY + AHEAD], y[HISTORY];
		bw_forecast__segments seg;
		gsl_rng_set(rng, 1000u + (unsigned long)seed * 7u + (unsigned long)k * 100003u);
		generate(k, rng, usd);
		for (int t = 0; t < HISTORY; t++)
			y[t] = log(usd[t]);
		bw_forecast__changepoints(y, HISTORY, &seg);
		by_count[seg.count]++;
	}
	gsl_rng_free(rng);
}

/* Steady growth with wandering noise (the calibration's steady kind, 36
 * months) has no break to find: the search's breaks must beat the wander
 * (methodology §3). With the search's second pass alone they stood on
 * 100 of the first 200 seeds (149 with Kendall's correction of phi). */
static void test_forecast_calibration__no_break_in_the_wander(void **state)
{
	(void)state;
	enum { RUNS = 100 };
	int by_count[BW_FORECAST__MAX_BREAKS + 2];
	segments_found(STEADY_AR1, RUNS, by_count);
	int broken = RUNS - by_count[1];
	print_message("breaks found on %d of %d steady histories with AR(1) noise\n", broken, RUNS);
	assert_true(broken <= RUNS / 5);
}

/* A plateau (growth stops at month 24 of 36) is one break: the search's
 * second, in the noise of the last months, must beat the one alone by the
 * evidence too (methodology §3, "Each break by that much"; without that
 * it stood on 181 of 600 seeds, now on 8). Two real steps are both kept. */
static void test_forecast_calibration__one_break_on_a_plateau(void **state)
{
	(void)state;
	enum { RUNS = 100 };
	int by_count[BW_FORECAST__MAX_BREAKS + 2];
	segments_found(PLATEAU, RUNS, by_count);
	int pairs = by_count[3];
	assert_int_equal(by_count[1], 0); /* the plateau itself is always found */
	print_message("two breaks found on %d of %d plateau histories\n", pairs, RUNS);
	assert_true(pairs <= RUNS / 20);
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	assert_non_null(rng);
	/* A launch (+40% at month 12) and a stop (-40% at 26) at 3% a month. */
	double y[HISTORY];
	bw_forecast__segments seg;
	gsl_rng_set(rng, 5);
	for (int t = 0; t < HISTORY; t++)
		y[t] = log(30000) + 0.03 * t + (t >= 12 ? log(1.4) : 0) + (t >= 26 ? log(0.6) : 0) +
		       gsl_ran_gaussian(rng, 0.03);
	bw_forecast__changepoints(y, HISTORY, &seg);
	assert_int_equal(seg.count, 3);
	assert_int_equal(seg.starts[1], 12);
	assert_int_equal(seg.starts[2], 26);
	gsl_rng_free(rng);
}

/* Measured on seeds 1..60 by segment (coverage, mean P90/P10): launch 75%,
 * 1.119; plateau 78%, 1.441; stopped workspace 73%, 1.075; steady AR(1)
 * 78%, 1.136 (on the total: 100%, 77%, 98%, 77%). These are the default's
 * figures: --segments auto forecasts them by segment (both workspaces have
 * 9 complete months or more; the launched one 10). On 600 seeds
 * (BANDWISE_CALIBRATION_SEEDS=600) the launch and the steady kind hold
 * 74-75% with the truth above P90 three times as often as below P10: the
 * slowing-growth candidates' bias (docs/methodology.md, "Why the upper
 * tail is missed"). With the state models' parameters drawn per path
 * (2026-12-07): 83%, 1.100; 78%, 1.458; 75%, 1.075; 75%, 1.135 (the bounds
 * below unchanged). With those draws and the recent regime together
 * (the code now): 83%, 1.100; 90%, 1.237; 75%, 1.075; 73%, 1.134 on seeds
 * 1..60, 82%, 93%, 73%, 80% on 61..120, and on 600 seeds 89% (28 below,
 * 37 above), 90% (50, 10), 80% (57, 65), 72% (44, 124). With the recent
 * level, the last break's grid and the young segments' narrower slope
 * (2026-12-07, methodology §3 and §2.2): 73%, 1.077; 83%, 1.158; 78%,
 * 1.076; 73%, 1.131 on seeds 1..60, 78%, 85%, 78%, 83% on 61..120, and on
 * 600 seeds 80% (61 below, 61 above), 82% (74, 37), 81% (57, 59), 68%
 * (63, 128). With the AR(1) coefficient unbiased on its design, the exact
 * variance factors and breaks that must beat the wander (2026-12-07,
 * methodology §3, "The autocorrelation's bias"): 73%, 1.074; 80%, 1.146;
 * 78%, 1.073; 75%, 1.158 on seeds 1..60, and on 600 seeds 79% (65 below,
 * 63 above), 80% (80, 43), 80% (59, 61), 75% (37, 111). With each of two
 * breaks held to the evidence, the grid of the kind found and the choice
 * by CRPS (2026-12-07, methodology §3): 73%, 1.080; 85%, 1.159; 80%,
 * 1.082; 77%, 1.153 on seeds 1..60, and on 600 seeds 78.8% (62, 65),
 * 83.3% (61, 39), 80.3% (55, 63), 78.7% (27, 101). */
static const struct {
	double low, high, max_width;
} segment_limits[KINDS] = {
    /* 80% on 600 seeds, its misses balanced; 73% on seeds 1..60 (60
     * seeds resolve about 5 points): held to 70%, as the stop. */
    [LAUNCH] = {0.70, 0.85, 1.119 * 1.10},
    /* The recent regime (docs/methodology.md §3) forecasts the flat year
     * from the months since growth stopped: the misses are balanced and
     * the fan narrower (mean P90/P10 1.158 from 1.441 before it); 90% and
     * 93% (seeds 1..60, 61..120) with the changepoint model's allowance
     * for future changes, 83% and 85% without it (82% on 600 seeds; 83.3%
     * now, P90/P10 1.161). Held to 75-90%, and no wider than 1.161 + 10%. */
    [PLATEAU] = {0.75, 0.90, 1.161 * 1.10},
    /* 78% on seeds 1..60 and 61..120, 81% on 600 with the misses on both
     * sides alike (57 below, 59 above) and a fan no narrower than the
     * exact interval of a line with known noise (docs/methodology.md
     * §2.2): sampling, held to 70%. */
    [STOPPED] = {0.70, 0.85, 1.075 * 1.10},
    /* 73% on seeds 1..60 and 83% on 61..120; on 600 seeds 68% by segment
     * (63 below P10, 128 above P90) and 69% on the total, from 72% and 72%
     * before the recent level and the last break's grid (both fire, or
     * narrow the changepoint model's fan, on a few of these AR(1)
     * histories: methodology §3, "The recent level, measured"): the kind
     * stays below the target with the truth above P90 twice as often as
     * below P10 (docs/methodology.md, "why the upper tail"). Held to 70%,
     * so that a change that loses it more still fails. */
    [STEADY_AR1] = {0.70, 0.85, 1.159 * 1.10},
};

/* The same kinds as a workspace's events, forecast on the total and by
 * segment (each segment the total's model choice, joined by a copula). */
static void test_forecast_calibration__by_segment(void **state)
{
	(void)state;
	for (int k = 0; k < KINDS; k++) {
		double width[2], covered[2];
		int tails[2][2] = {{0, 0}, {0, 0}};
		for (int on = 0; on < 2; on++)
			covered[on] = workspace_coverage_of((kind)k, on, &width[on], tails[on]);
		printf("    %-28s per workspace: P10-P90 holds the truth on %.0f%% of %d seeds "
		       "from %d by segment (mean P90/P10 %.3f; %d below P10, %d above P90), "
		       "%.0f%% on the total (%.3f)\n",
		       kind_names[k], covered[1] * 100, seed_count(), first_seed(), width[1],
		       tails[1][0], tails[1][1], covered[0] * 100, width[0]);
		/* In the 75-85% target (the launch, the stop and the steady kind:
		 * no lower than 70%, see segment_limits); none wider than
		 * measured + 10%;
		 * and no further from 80% than the total's forecast of the same
		 * histories, give or take 5 points (the steady kind: 73% against
		 * 77% on seeds 1..60, 72% against 72% on 600 seeds: 60 seeds
		 * resolve no finer). */
		assert_true(covered[1] >= segment_limits[k].low &&
		            covered[1] <= segment_limits[k].high);
		assert_true(width[1] <= segment_limits[k].max_width);
		assert_true(fabs(covered[1] - 0.8) <= fabs(covered[0] - 0.8) + 0.05);
	}
}

/*
 * A short history (13 months, as a company that has just started with
 * the Admin API has) of growth that wanders: log spend y_t = y_{t-1} +
 * g_t + noise, the monthly growth g_t a random walk (from 2%, steps of sd
 * 0.5 points; noise sd 2%). Thirteen points cannot tell the growth's
 * wandering from its level, and the state models' fan must say so. Before
 * the state models drew their parameters per path (methodology §3, "The
 * state models' parameters") the damped trend, forced, held the true
 * 12-month total inside P10-P90 on 46% of seeds 1..200 (52.5% on
 * 201..400) with a mean P90/P10 of 1.17: every path ran the end states of
 * the grid's best smoothing, a near-straight line; now 68.5% (70.0%),
 * 1.26. Held to 60% (the binomial sd of a share of 200 is 3.3 points).
 */
static void test_forecast_calibration__short_wandering_growth(void **state)
{
	(void)state;
	enum { SHORT = 13, RUNS = 200 };
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double usd[SHORT + AHEAD], probs[2] = {0.10, 0.90}, q[2], log_width = 0;
	int inside = 0, tails[2] = {0, 0};

	assert_non_null(rng);
	for (int seed = 1; seed <= RUNS; seed++) {
		bw_forecast_options o = BW_FORECAST_OPTIONS_INIT;
		bw_paths *paths = NULL;
		double y = log(30000), growth = 0.02, truth = 0;
		gsl_rng_set(rng, 77u + 13u * (unsigned long)seed);
		for (int t = 0; t < SHORT + AHEAD; t++) {
			growth += gsl_ran_gaussian(rng, 0.005);
			y += growth;
			usd[t] = exp(y + gsl_ran_gaussian(rng, 0.02));
		}
		o.months = AHEAD;
		o.paths = PATHS;
		o.seed = (unsigned long long)seed;
		o.model = BW_MODEL_DAMPED;
		assert_int_equal(bw_forecast_run(&paths, NULL, usd, SHORT, &o), 0);
		assert_int_equal(bw_paths_total_quantiles(paths, AHEAD, probs, 2, q, NULL), 0);
		for (int m = 0; m < AHEAD; m++)
			truth += usd[SHORT + m];
		inside += truth >= q[0] && truth <= q[1];
		tails[0] += truth < q[0];
		tails[1] += truth > q[1];
		log_width += log(q[1] / q[0]);
		bw_paths_free(paths);
	}
	gsl_rng_free(rng);
	printf("    damped on 13 months of wandering growth: P10-P90 holds the truth on %.1f%% of "
	       "%d seeds (%d below P10, %d above P90; mean P90/P10 %.3f)\n",
	       100.0 * inside / RUNS, RUNS, tails[0], tails[1], exp(log_width / RUNS));
	assert_true(inside >= RUNS * 6 / 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_forecast_calibration__changepoint_on_a_clean_step),
	    cmocka_unit_test(test_forecast_calibration__short_plateau),
	    cmocka_unit_test(test_forecast_calibration__recent_regime_on_a_clean_kink),
	    cmocka_unit_test(test_forecast_calibration__recent_level_on_a_clean_step),
	    cmocka_unit_test(test_forecast_calibration__last_break_grid),
	    cmocka_unit_test(test_forecast_calibration__interval_score),
	    cmocka_unit_test(test_forecast_calibration__ar1_phi),
	    cmocka_unit_test(test_forecast_calibration__ar1_unbiased),
	    cmocka_unit_test(test_forecast_calibration__no_break_in_the_wander),
	    cmocka_unit_test(test_forecast_calibration__one_break_on_a_plateau),
	    cmocka_unit_test(test_forecast_calibration__twelve_month_total),
	    cmocka_unit_test(test_forecast_calibration__by_segment),
	    cmocka_unit_test(test_forecast_calibration__short_wandering_growth),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
