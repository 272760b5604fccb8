#!/usr/bin/env bash
# End-to-end tests of the command-line tool: exit statuses, error messages
# that name the file and position, idempotent ingest, determinism.
. "$(dirname "$0")/lib.sh"
DATA=tests/cli/data

# --- the basics ---------------------------------------------------------------
expect_status "version" 0 $BW --version
expect_grep "version prints the version" "$TMP/out" '^bandwise [0-9]+\.[0-9]+\.[0-9]+$'
expect_status "help" 0 $BW help
expect_grep "help lists plan" "$TMP/out" 'plan'
expect_status "no command is bad usage" 2 $BW
expect_status "unknown command" 2 $BW frobnicate
expect_grep "unknown command is named" "$TMP/err" "frobnicate"
for cmd in demo ingest usage forecast plan; do
	expect_status "$cmd --help" 0 $BW $cmd --help
	expect_grep "$cmd --help shows usage" "$TMP/out" "^Usage: bandwise $cmd"
done
expect_status "unknown option" 2 $BW plan --frobnicate
expect_status "bad --term" 2 $BW plan --term zero --paths "$DATA/paths-small.csv"

# --- ingest -------------------------------------------------------------------
DB="$TMP/store.db"
expect_status "ingest two pages" 0 $BW ingest --db "$DB" "$DATA/usage-page1.json" "$DATA/usage-page2.json"
expect_status "usage --json" 0 $BW usage --db "$DB" --json
cp "$TMP/out" "$TMP/usage1.json"
expect_grep "usage has a total" "$TMP/usage1.json" '"total_list_usd": [0-9.]+'
expect_status "re-ingest the same pages" 0 $BW ingest --db "$DB" "$DATA/usage-page1.json" "$DATA/usage-page2.json"
expect_status "usage --json again" 0 $BW usage --db "$DB" --json
expect_same "re-ingest does not double count" "$TMP/usage1.json" "$TMP/out"

# A malformed file: exit 2, the message names the file and a line:column,
# and the store is unchanged.
expect_status "ingest malformed" 2 $BW ingest --db "$DB" "$DATA/usage-truncated.json"
expect_grep "malformed names file and position" "$TMP/err" 'usage-truncated\.json:[0-9]+:[0-9]+'
expect_status "ingest wrong type" 2 $BW ingest --db "$DB" "$DATA/usage-bad-tokens.json"
expect_grep "wrong type names file and position" "$TMP/err" 'usage-bad-tokens\.json:[0-9]+'
expect_status "ingest not a report" 2 $BW ingest --db "$DB" "$DATA/not-a-report.json"
expect_grep "undetectable format says --format" "$TMP/err" '\-\-format'
expect_status "ingest missing file" 2 $BW ingest --db "$DB" "$TMP/nope.json"
expect_status "usage after bad input" 0 $BW usage --db "$DB" --json
expect_same "bad input leaves the store as it was" "$TMP/usage1.json" "$TMP/out"

# Unknown models are listed by name, never priced as zero silently.
expect_status "ingest unknown model" 0 $BW ingest --db "$TMP/unknown.db" "$DATA/usage-unknown-model.json"
expect_status "usage with unknown model" 0 $BW usage --db "$TMP/unknown.db"
expect_grep "unknown model warned by name" "$TMP/out" "claude-imaginary-9.*NOT priced"

# --- plan on the user's own paths ------------------------------------------
expect_status "plan --paths" 0 $BW plan --paths "$DATA/paths-small.csv" --term 12 --json
expect_grep "plan json has recommended" "$TMP/out" '"recommended"'
expect_grep "plan json has bands" "$TMP/out" '"bands"'
expect_grep "plan says illustrative" "$TMP/out" '"illustrative": true'
expect_status "plan text" 0 $BW plan --paths "$DATA/paths-small.csv" --term 12
expect_grep "plan text says illustrative" "$TMP/out" 'ILLUSTRATIVE|[Ii]llustrative'
expect_status "plan bad paths" 2 $BW plan --paths "$DATA/paths-bad.csv" --term 12
expect_grep "bad paths names file and line" "$TMP/err" 'paths-bad\.csv:[0-9]+'

# Inputs (issue 11 item 10): the term has the deal files' bounds, a long one gets a
# caution, and the user's months past the term are said to be dropped.
expect_status "plan --term 121 is refused" 2 $BW plan --paths "$DATA/paths-small.csv" --term 121
expect_grep "the bound is named" "$TMP/err" 'from 1 to 120'
expect_status "plan --paths longer than the term" 0 $BW plan --paths "$DATA/paths-small.csv" --term 6
expect_grep "the dropped months are named" "$TMP/err" 'covers 12 months but the term is 6: months 7 to 12 are dropped'

# A model the catalog has, used before its first price (claude-opus-4-6 from 2026-02-01).
BFP="$TMP/before-first-price.db"
expect_status "ingest usage before a first price" 0 $BW ingest --db "$BFP" "$DATA/usage-before-first-price.json"
expect_status "optimize --policy with usage before a first price" 0 $BW optimize --db "$BFP" --policy examples/policy.json
expect_grep "the unpriced usage is left out" "$TMP/out" 'tokens of models the catalog cannot price are left out'
expect_grep "a rule that matches nothing is a warning" "$TMP/out" 'warning: the routing rule for claude-opus-4-1 .* matches no usage'
expect_status "reconcile without a cost report" 0 $BW reconcile --db "$BFP"
expect_grep "no cost report: said once" "$TMP/out" 'No cost report is stored'
if grep -q 'no cost row' "$TMP/out"; then fail "no cost report: not repeated per line" "$(cat "$TMP/out")"; else pass "no cost report: not repeated per line"; fi
expect_grep "reconcile names the cause: before the first price" "$TMP/out" 'claude-opus-4-6 .*before its first price'

# --- forecast and plan from the store, deterministic with --seed -------------
DEMO="$TMP/demo-data"
mkdir -p "$DEMO"
expect_status "demo --write-data" 0 $BW demo --write-data "$DEMO"
expect_status "demo --write-data makes a new folder" 0 $BW demo --write-data "$TMP/new-demo-folder"
expect_grep "the new folder holds the reports" "$TMP/out" 'new-demo-folder/usage-report-2025-09.json'
expect_status "demo --write-data where no folder can be made" 1 $BW demo --write-data "$TMP/no/such/parent"
expect_grep "demo --write-data says why it cannot" "$TMP/err" 'cannot make the folder: No such file or directory'
expect_status "ingest demo data" 0 $BW ingest --db "$TMP/demo.db" "$DEMO"/usage-report-*.json
expect_status "forecast" 0 $BW forecast --db "$TMP/demo.db" --months 24 --seed 7 --json
cp "$TMP/out" "$TMP/f1.json"
expect_status "forecast again" 0 $BW forecast --db "$TMP/demo.db" --months 24 --seed 7 --json
expect_same "forecast is byte-identical for a seed" "$TMP/f1.json" "$TMP/out"
expect_status "forecast text" 0 $BW forecast --db "$TMP/demo.db" --months 12 --seed 7
expect_grep "forecast's last month says today's list" "$TMP/out" "^last month [$][0-9,]+ at today's list, "
expect_grep "forecast's table says today's list" "$TMP/out" "^List spend at today's list \(prices in force on 20[0-9]{2}-[0-9]{2}-01\), USD"
expect_status "forecast text on the history as billed" 0 $BW forecast --db "$TMP/demo.db" --months 12 --seed 7 --price-basis history
expect_grep "forecast's last month says billed" "$TMP/out" "^last month [$][0-9,]+ billed at list "
# The weekday adjustment: off by default, on when asked (the demo's rows are daily).
expect_status "forecast, weekdays as default" 0 $BW forecast --db "$TMP/demo.db" --samples 2000 --json
if grep -q '"weekday_adjusted": *true' "$TMP/out"; then fail "weekdays are off by default" "adjusted"; else pass "weekdays are off by default"; fi
expect_status "forecast --weekdays on" 0 $BW forecast --db "$TMP/demo.db" --samples 2000 --segments off --weekdays on
expect_grep "weekdays on says so" "$TMP/out" "^Weekdays: fitted per weekday-equivalent day"
expect_status "--weekdays expects on or off" 2 $BW forecast --db "$TMP/demo.db" --weekdays maybe
expect_status "plan from store" 0 $BW plan --db "$TMP/demo.db" --term 24 --seed 7 --json
cp "$TMP/out" "$TMP/p1.json"
expect_status "plan again" 0 $BW plan --db "$TMP/demo.db" --term 24 --seed 7 --json
expect_same "plan is byte-identical for a seed" "$TMP/p1.json" "$TMP/out"
expect_status "plan other seed" 0 $BW plan --db "$TMP/demo.db" --term 24 --seed 8 --json
if cmp -s "$TMP/p1.json" "$TMP/out"; then fail "another seed changes the plan" "identical output"; else pass "another seed changes the plan"; fi
expect_status "forecast on an empty store" 2 $BW forecast --db "$TMP/empty.db"
expect_grep "empty store says what to do" "$TMP/err" 'ingest'

# --- the demo -------------------------------------------------------------------
expect_status "demo" 0 $BW demo
expect_grep "demo recommends" "$TMP/out" '[Rr]ecommend'
expect_grep "demo says illustrative" "$TMP/out" 'ILLUSTRATIVE|[Ii]llustrative'
expect_status "demo --json" 0 $BW demo --json
expect_grep "demo json has recommended" "$TMP/out" '"recommended"'

# --- decision engine: objectives, named commitments, leverage ---------------
expect_status "plan --objective cvar" 0 $BW plan --paths "$DATA/paths-small.csv" --objective cvar:0.95 --json
expect_grep "objective is reported" "$TMP/out" '"objective": "CVaR 95%"'
expect_status "plan bad objective" 2 $BW plan --paths "$DATA/paths-small.csv" --objective median
expect_grep "bad objective explained" "$TMP/err" "meanstd"
expect_status "plan --commit" 0 $BW plan --paths "$DATA/paths-small.csv" --commit 700000 --json
expect_grep "evaluated commitment in its band" "$TMP/out" '"band": "250K",'
expect_grep "evaluated commitment amount" "$TMP/out" '"commit_usd": 700000.0'
expect_status "plan --commit below every band" 2 $BW plan --paths "$DATA/paths-small.csv" --commit 1000
expect_grep "below every band explained" "$TMP/err" "below every band's threshold"
expect_status "plan --commit --band below its threshold" 2 $BW plan --paths "$DATA/paths-small.csv" --commit 1000 --band 1M
expect_grep "the refusal names the threshold" "$TMP/err" "below the 1M band's threshold .*: it needs at least 1000000.00 USD"
expect_status "plan --commit --band at its threshold" 0 $BW plan --paths "$DATA/paths-small.csv" --commit 1000000 --band 1M
expect_status "plan --commit --band at the next band's threshold" 0 $BW plan --paths "$DATA/paths-small.csv" --commit 1000000 --band 250K
expect_grep "priced in the band that holds it, and said" "$TMP/out" "priced in the 1M band, not the 250K band asked for"
expect_status "plan --commit --band at the next threshold, JSON" 0 $BW plan --paths "$DATA/paths-small.csv" --commit 1000000 --band 250K --json
expect_grep "the band asked for in JSON" "$TMP/out" '"asked_band": "250K"'
printf '{"threshold_measure":"list","bands":[{"name":"250K","min_commit_usd":250000,"discount":0.08},{"name":"1M","min_commit_usd":1000000,"discount":0.2}]}\n' > "$TMP/list-bands.json"
expect_status "plan --commit --band under the list measure" 0 $BW plan --paths "$DATA/paths-small.csv" --bands "$TMP/list-bands.json" --commit 800000 --band 1M --json
expect_grep "the list measure is stated in JSON" "$TMP/out" '"threshold_measure": "list"'
expect_status "plan under the list measure, text" 0 $BW plan --paths "$DATA/paths-small.csv" --bands "$TMP/list-bands.json"
expect_grep "the list measure is stated in text" "$TMP/out" "count a commitment at its LIST value"
expect_status "plan --commit --band below the list-measured threshold" 2 $BW plan --paths "$DATA/paths-small.csv" --bands "$TMP/list-bands.json" --commit 799999 --band 1M
expect_grep "the list-measured refusal says the list value" "$TMP/err" "whose list value at 20% off is 1000000.00 USD"
printf '{"bands":[{"name":"B","min_commit_usd":0,"discount":0.1}],"threshold_measure":"gross"}\n' > "$TMP/bad-measure.json"
expect_status "a bad threshold_measure" 2 $BW plan --paths "$DATA/paths-small.csv" --bands "$TMP/bad-measure.json"
expect_grep "a bad threshold_measure explained" "$TMP/err" 'threshold_measure: expected "net"'
expect_status "plan --help explains the objectives" 0 $BW plan --help
expect_grep "plan --help: why meanstd commits more" "$TMP/out" "it penalises the spread, and a"
expect_grep "plan --help: what the CVaR guards" "$TMP/out" "guards the expensive futures"
expect_status "plan --objective meanstd explains itself" 0 $BW plan --paths "$DATA/paths-small.csv" --objective meanstd:1
expect_grep "meanstd says why it commits more" "$TMP/out" "penalises the spread of cost, and a bigger commitment flattens cost"
expect_grep "leverage is said to be in expected cost" "$TMP/out" "Stretch and protections are priced in expected cost"
expect_status "plan leverage" 0 $BW plan --paths "$DATA/paths-small.csv" --json
expect_grep "plan json has leverage" "$TMP/out" '"protections"'
expect_grep "plan json has floor" "$TMP/out" '"floor"'
expect_status "plan --max-shortfall out of range" 2 $BW plan --paths "$DATA/paths-small.csv" --max-shortfall 2

# --- forecast options and the backtest -----------------------------------------
expect_status "backtest" 0 $BW backtest --db "$TMP/demo.db" --holdout 3 --json
expect_grep "backtest reports MAPE" "$TMP/out" '"mape": [0-9.]+'
expect_grep "backtest reports coverage" "$TMP/out" '"coverage_p10_p90": [0-9.]+'
expect_status "backtest --help" 0 $BW backtest --help
expect_status "backtest holding out everything" 2 $BW backtest --db "$TMP/demo.db" --holdout 13
expect_status "backtest compares the candidates" 0 $BW backtest --db "$TMP/demo.db" --samples 2000
expect_grep "every candidate has a row" "$TMP/out" '^changepoint'
expect_grep "the combo has a row" "$TMP/out" '^combo'
expect_grep "the choice is explained" "$TMP/out" 'Chosen \(\*\): [a-z]+: '
expect_status "forecast --model combo" 0 $BW forecast --db "$TMP/demo.db" --samples 2000 --model combo
expect_grep "the combo is said" "$TMP/out" '^Model: combo \(the combo model, as asked'
expect_status "backtest candidates json" 0 $BW backtest --db "$TMP/demo.db" --samples 2000 --json
expect_grep "candidates in json" "$TMP/out" '"interval_score": [0-9.]+'
expect_grep "coverage by horizon in json" "$TMP/out" '"coverage_by_horizon"'
expect_status "backtest a forced model" 0 $BW backtest --db "$TMP/demo.db" --samples 2000 --model drift --json
expect_grep "the forced model is the chosen one" "$TMP/out" '"chosen": "drift"'
expect_status "forecast --model" 0 $BW forecast --db "$TMP/demo.db" --samples 500 --model damped --json
expect_grep "the model is reported" "$TMP/out" '"model": "damped"'
expect_grep "detected changes are a list" "$TMP/out" '"changes": \['
expect_grep "the recent regime is a key (docs/json.md)" "$TMP/out" '"recent_regime": (null|\{)'
# The demo's Haiku segments fall at today's list when their work moved to
# Haiku 4.5 (2025-11), and its default Sonnet when the long-context reviews
# stopped (2026-05): each segment is forecast from its level since then.
expect_status "forecast by segment, the recent level" 0 $BW forecast --db "$TMP/demo.db" --samples 2000 --json
expect_grep "a segment's regime kind (docs/json.md)" "$TMP/out" '"regime_kind": "level"'
expect_grep "a segment's regime month" "$TMP/out" '"regime_since": "2025-11"'
expect_status "forecast by segment in words" 0 $BW forecast --db "$TMP/demo.db" --samples 2000
expect_grep "the recent level said per segment" "$TMP/out" '^  \(default\) / sonnet: changepoint, [0-9.]+% a month \(level since 2026-05\)'
# A clean step of the total: 14 months growing 2% a month, x1.4 from
# 2026-05 (alternating noise of 1%): forecast from the new level.
awk 'BEGIN { print "ts,llm,in,out"
	for (m = 0; m < 14; m++) {
		i = 2025 * 12 + 9 + m; y = int(i / 12); mo = i % 12 + 1
		nd = mo == 2 ? 28 : (mo == 4 || mo == 6 || mo == 9 || mo == 11) ? 30 : 31
		day = 1e8 * exp(0.02 * m) * (m >= 7 ? 1.4 : 1) * (m % 2 ? 1.01 : 0.99) / nd
		for (d = 1; d <= nd; d++)
			printf "%04d-%02d-%02dT12:00:00Z,claude-sonnet-4-5,%d,%d\n", y, mo, d, day, day / 10
	} }' > "$TMP/step.csv"
expect_status "ingest a clean step" 0 $BW ingest --db "$TMP/step.db" --columns time=ts,model=llm,input=in,output=out "$TMP/step.csv"
expect_status "forecast a clean step" 0 $BW forecast --db "$TMP/step.db" --samples 2000
expect_grep "the recent level is the reason" "$TMP/out" '^Model: changepoint \(the recent level: spend moved \+40% 7 months ago'
expect_grep "the recent level is said" "$TMP/out" '^Level since 2026-05: \+40% \(the recent level, forecast from it at the history.s growth of 2\.0% a month'
expect_status "forecast a clean step --json" 0 $BW forecast --db "$TMP/step.db" --samples 2000 --json
expect_grep "recent_regime.kind (docs/json.md)" "$TMP/out" '"kind": "level"'
expect_grep "recent_regime.level_change (docs/json.md)" "$TMP/out" '"level_change": 0\.40'
expect_status "forecast unknown model" 2 $BW forecast --db "$TMP/demo.db" --model prophet
expect_grep "unknown model lists the names" "$TMP/err" 'auto, drift, trend, theta, damped, changepoint or combo'
expect_status "forecast --fit-since" 0 $BW forecast --db "$TMP/demo.db" --samples 500 --fit-since 2026-02 --json
expect_grep "the fit starts there" "$TMP/out" '"history_months": 9'
expect_status "forecast --fit-since past the history" 2 $BW forecast --db "$TMP/demo.db" --fit-since 2030-01
expect_grep "fit-since outside explained" "$TMP/err" 'at least 3'
expect_status "plan shows the model" 0 $BW plan --db "$TMP/demo.db" --samples 2000 --json
expect_grep "plan json names the model" "$TMP/out" '"forecast_model": "[a-z]+"'
SHORT="$TMP/short.db"
expect_status "ingest one month" 0 $BW ingest --db "$SHORT" "$DEMO/usage-report-2025-09.json"
expect_status "forecast on one month" 2 $BW forecast --db "$SHORT"
expect_grep "short history asks for --growth" "$TMP/err" '--growth'
expect_status "forecast with an assumed growth" 0 $BW forecast --db "$SHORT" --growth 0.05 --json
expect_grep "assumed growth reported" "$TMP/out" '"assumed_growth": true'
expect_status "forecast with scenarios" 0 $BW forecast --db "$TMP/demo.db" --launch 20000@3:0.5 --price-cut 10%@6 --damping 0.95
expect_status "bad launch" 2 $BW forecast --db "$TMP/demo.db" --launch 20000
expect_grep "bad launch explained" "$TMP/err" 'USD@MONTH'

# --- the price basis and segments -------------------------------------------------
# The demo's Haiku 3.5 work moved to Haiku 4.5 (25% dearer): at today's list
# its first months cost more than billed, and the fit reads less growth.
expect_status "usage shows both series" 0 $BW usage --db "$TMP/demo.db"
expect_grep "usage: billed and today's list" "$TMP/out" "billed at list +the same work at today's list"
expect_grep "usage: the migration in words" "$TMP/out" '2025-11: Haiku 3.5 traffic moved to Haiku 4.5'
expect_status "usage --json" 0 $BW usage --db "$TMP/demo.db" --json
expect_grep "usage --json: today_list_usd" "$TMP/out" '"today_list_usd": [0-9.]+'
expect_status "forecast at today's list" 0 $BW forecast --db "$TMP/demo.db" --samples 2000 --json
expect_grep "forecast says its basis" "$TMP/out" '"price_basis": "today"'
cp "$TMP/out" "$TMP/basis-today.json"
expect_status "forecast as billed" 0 $BW forecast --db "$TMP/demo.db" --samples 2000 --json --price-basis history
expect_grep "forecast as billed says so" "$TMP/out" '"price_basis": "history"'
if cmp -s "$TMP/out" "$TMP/basis-today.json"; then fail "the basis changes the forecast" "same output"; else pass "the basis changes the forecast"; fi
expect_status "bad price basis" 2 $BW forecast --db "$TMP/demo.db" --price-basis yesterday
expect_grep "bad price basis explained" "$TMP/err" "'today' or 'history'"
expect_status "plan lists the price changes" 0 $BW plan --db "$TMP/demo.db" --samples 2000
expect_grep "plan: price changes in words" "$TMP/out" 'Changes in the history'
expect_grep "plan: the migration among the changes" "$TMP/out" '^  2025-11: Haiku 3.5 traffic moved to Haiku 4.5'
expect_status "forecast by segment" 0 $BW forecast --db "$TMP/demo.db" --samples 2000 --segments on
expect_grep "segments said" "$TMP/out" 'Forecast by segment: [0-9]+ segments'
expect_status "segments need the today basis" 2 $BW forecast --db "$TMP/demo.db" --segments on --price-basis history
expect_status "segments refuse a damping" 2 $BW forecast --db "$TMP/demo.db" --segments on --damping 0.9
expect_grep "segments refuse a damping, explained" "$TMP/err" "company's total only"
expect_status "segments refuse a chosen model" 2 $BW forecast --db "$TMP/demo.db" --segments on --model trend
expect_status "segments refuse an assumed growth" 2 $BW forecast --db "$TMP/demo.db" --segments on --growth 0.02
expect_status "bad segments" 2 $BW forecast --db "$TMP/demo.db" --segments maybe
expect_grep "bad segments names the choices" "$TMP/err" "'auto', 'on' or 'off'"
# The default is auto: the demo's 6 segments all have 14 months, so the
# forecast is by segment, and says why; its paths are those of --segments on.
expect_status "forecast: segments auto by default" 0 $BW forecast --db "$TMP/demo.db" --samples 2000 --json
cp "$TMP/out" "$TMP/seg-auto.json"
expect_grep "auto: by segment" "$TMP/seg-auto.json" '"by_segment": true'
expect_grep "auto: the setting said" "$TMP/seg-auto.json" '"segments_setting": "auto"'
expect_grep "auto: why, in words" "$TMP/seg-auto.json" '"segments_note": "By segment \(--segments auto\): 6 of 6 segments have 9 complete months'
expect_status "forecast: segments on" 0 $BW forecast --db "$TMP/demo.db" --samples 2000 --json --segments on
grep -v '"segments_' "$TMP/out" | grep -v '"by_segment"' >"$TMP/seg-on.cut"
grep -v '"segments_' "$TMP/seg-auto.json" | grep -v '"by_segment"' >"$TMP/seg-auto.cut"
expect_same "auto by segment forecasts as on" "$TMP/seg-on.cut" "$TMP/seg-auto.cut"
expect_grep "on: no note" "$TMP/out" '"segments_note": null'
expect_status "forecast: segments off" 0 $BW forecast --db "$TMP/demo.db" --samples 2000 --json --segments off
expect_grep "off: the total" "$TMP/out" '"by_segment": false'
expect_grep "off: no segments" "$TMP/out" '"segments": null'
expect_status "plan --json: segments said" 0 $BW plan --db "$TMP/demo.db" --samples 2000 --json
expect_grep "plan --json: by segment" "$TMP/out" '"by_segment": true'
expect_status "forecast: auto text" 0 $BW forecast --db "$TMP/demo.db" --samples 2000
expect_grep "auto text says by segment" "$TMP/out" '^By segment \(--segments auto\)'
# Auto forecasts the total, and says why, where 'on' would refuse.
expect_status "auto with a damping: the total" 0 $BW forecast --db "$TMP/demo.db" --samples 2000 --damping 0.9
expect_grep "auto with a damping says the total" "$TMP/out" "^Forecast on the company's total \(--segments auto: a --damping shapes"
expect_status "auto as billed: the total" 0 $BW forecast --db "$TMP/demo.db" --samples 2000 --price-basis history --json
expect_grep "auto as billed: not by segment" "$TMP/out" '"by_segment": false'

# --- offers, peers and tracking -------------------------------------------------
expect_status "offer" 0 $BW offer --db "$TMP/demo.db" --samples 2000 --peers examples/peers-synthetic.csv examples/offer-1m-24.json examples/offer-ramp-24.json
expect_grep "offer verdict in words" "$TMP/out" 'Counter|Take it|Decline'
expect_grep "offer says peers are synthetic" "$TMP/out" 'SYNTHETIC'
printf '{"name":"twelve","term_months":12,"commit_usd":600000,"discount":0.09}\n' > "$TMP/offer12.json"
expect_status "offer --json" 0 $BW offer --paths "$DATA/paths-small.csv" --json "$TMP/offer12.json"
expect_grep "offer json has a target discount" "$TMP/out" '"target_discount"'
expect_grep "offer json has a verdict" "$TMP/out" '"verdict"'
expect_status "offer --objective cvar" 0 $BW offer --paths "$DATA/paths-small.csv" --objective cvar "$TMP/offer12.json"
expect_grep "offer under cvar compares CVaR with CVaR" "$TMP/out" "by CVaR 90% \(the plan's objective\): offer \\$"
expect_grep "every offer gets a target without the band table" "$TMP/out" 'Against pay-as-you-go alone \(no band table\)'
expect_status "offer with a bad file" 2 $BW offer --paths "$DATA/paths-small.csv" "$DATA/paths-bad.csv"
expect_status "offer longer than the paths" 2 $BW offer --paths "$DATA/paths-small.csv" examples/offer-1m-24.json
expect_grep "offer longer than the paths explained" "$TMP/err" 'term is 24' 
expect_status "offer with no file" 2 $BW offer --paths "$DATA/paths-small.csv"
expect_status "track" 0 $BW track --db "$TMP/demo.db" --deal examples/signed-deal.json --samples 1000
expect_grep "track projects the period" "$TMP/out" 'projected'
expect_status "track alert exits 3" 3 $BW track --db "$TMP/demo.db" --deal examples/signed-deal.json --samples 1000 --alert-shortfall 1000
expect_status "track --json" 0 $BW track --db "$TMP/demo.db" --deal examples/signed-deal.json --samples 1000 --json
expect_grep "track json has periods" "$TMP/out" '"position_p50_usd"'
expect_grep "track json has the forecast's price basis" "$TMP/out" '"price_basis": "today"'
expect_grep "track json dates the detected changes" "$TMP/out" '"month": "20[0-9]{2}-[0-9]{2}"'
expect_status "track lists the changes" 0 $BW track --db "$TMP/demo.db" --deal examples/signed-deal.json --samples 1000
expect_grep "track says the months to come are at today's list" "$TMP/out" "^The months to come are forecast on the same work at today's list"
expect_grep "track dates the detected changes" "$TMP/out" '^  20[0-9]{2}-[0-9]{2}: '
if grep -Eq '^  month [0-9]+:' "$TMP/out"; then fail "track does not number the changes" "$(grep -E '^  month' "$TMP/out")"; else pass "track does not number the changes"; fi
expect_status "track without --deal" 2 $BW track --db "$TMP/demo.db"
expect_status "plan --savings" 0 $BW plan --paths "$DATA/paths-small.csv" --savings 0.3 --savings-ramp 3 --json
expect_grep "plan json has trapped savings" "$TMP/out" '"extra_cost_usd"'
printf '{"bands":[{"name":"A","min_commit_usd":100000,"discount":0.12,"true_up":"annual","rollover":0.25}]}\n' > "$TMP/annual.json"
expect_status "plan --ramp" 0 $BW plan --db "$TMP/demo.db" --term 24 --samples 2000 --bands "$TMP/annual.json" --ramp --json
expect_grep "plan json has a ramp" "$TMP/out" '"schedule_usd"'
expect_status "plan with a price cut" 0 $BW plan --paths "$DATA/paths-small.csv" --price-cut 20%@3:0.5
expect_grep "a price lock costs when prices fall" "$TMP/out" 'price lock.*COSTS'
printf '{"bands":[{"name":"A","min_commit_usd":100000,"discount":0.12,"true_up":"annual"}]}\n' > "$TMP/annual2.json"
expect_status "plan --commit schedule" 0 $BW plan --db "$TMP/demo.db" --term 24 --samples 2000 --bands "$TMP/annual2.json" --commit 500000,900000 --json
expect_grep "schedule evaluated as its total" "$TMP/out" '"commit_usd": 1400000.0'
expect_status "plan --commit schedule of the wrong length" 2 $BW plan --db "$TMP/demo.db" --term 24 --samples 2000 --bands "$TMP/annual2.json" --commit 500000,600000,700000
expect_grep "wrong schedule length explained" "$TMP/err" 'schedule has 3'
expect_status "plan --commit garbage" 2 $BW plan --paths "$DATA/paths-small.csv" --commit 5,abc

# --- prompt-cache simulation on a trace ----------------------------------------
expect_status "optimize a small trace" 0 $BW optimize --trace "$DATA/trace-small.jsonl" --model claude-sonnet-4-5 --date 2026-11-24 --json
expect_grep "cache array with three TTLs" "$TMP/out" '"ttl": "inf"'
# 5m: request 2 reads 3 blocks (1,536 tokens); request 3 comes 399 s later: expired.
# 1h: request 3 reads its whole prompt (1,600) too.
expect_grep "5m reads by hand" "$TMP/out" '"read_tokens": 1536,'
expect_grep "1h reads by hand" "$TMP/out" '"read_tokens": 3136,'
expect_status "optimize without a model" 2 $BW optimize --trace "$DATA/trace-small.jsonl"
expect_status "optimize an unknown model" 2 $BW optimize --trace "$DATA/trace-small.jsonl" --model gpt-4o
expect_status "optimize a bad trace" 2 $BW optimize --trace "$DATA/paths-bad.csv" --model claude-sonnet-4-5
if [ -r ../shared/data/traces/mooncake_conversation_trace.jsonl ]; then
	expect_status "optimize the Mooncake trace" 0 $BW optimize --trace ../shared/data/traces/mooncake_conversation_trace.jsonl --model claude-sonnet-4-5 --date 2026-11-24 --json
	expect_grep "Mooncake trace requests" "$TMP/out" '"requests": 12031,'
else
	skip "optimize the Mooncake trace" "../shared/data/traces is absent"
fi

# --- optimization policy ----------------------------------------------------------
expect_status "optimize --policy" 0 $BW optimize --db "$TMP/demo.db" --policy examples/policy.json --months 3 --json
expect_grep "waterfall has stages" "$TMP/out" '"after_batch_usd"'
expect_grep "waterfall repeats the reasons" "$TMP/out" 'Opus 4.5 matches Opus 4.1'
expect_status "plan --policy" 0 $BW plan --db "$TMP/demo.db" --term 24 --samples 2000 --policy examples/policy.json --json
expect_grep "plan --policy reports trapped savings" "$TMP/out" '"trapped": \{'
expect_status "optimize --policy with a bad file" 2 $BW optimize --db "$TMP/demo.db" --policy "$DATA/paths-bad.csv"
expect_status "forecast --policy" 0 $BW forecast --db "$TMP/demo.db" --samples 2000 --policy examples/policy.json
expect_grep "forecast --policy names the levers" "$TMP/out" 'routing [0-9.]+%'
expect_status "plan --savings --ramp-months" 0 $BW plan --paths "$DATA/paths-small.csv" --savings 0.2 --ramp-months 4

# --- the HTML report ------------------------------------------------------------------
expect_status "report html" 0 $BW report --db "$TMP/demo.db" --term 24 --samples 2000 --policy examples/policy.json -o "$TMP/report.html"
for id in stand forecast backtest waterfall curves risk answers whatif leverage assumptions; do
	expect_grep "report has section $id" "$TMP/report.html" "<section id=\"$id\">"
done
# A history too short to backtest still gives a report, without that section.
# shellcheck disable=SC2046 # the four file names have no spaces
expect_status "ingest 4 months" 0 $BW ingest --db "$TMP/short.db" $(ls "$DEMO"/usage-report-*.json | head -4)
expect_status "report on 4 months" 0 $BW report --db "$TMP/short.db" --samples 500 -o "$TMP/short.html"
expect_grep "report on 4 months has the plan" "$TMP/short.html" '<section id="whatif">'
if grep -q '<section id="backtest">' "$TMP/short.html"; then fail "report on 4 months has no backtest section" "it has one"; else pass "report on 4 months has no backtest section"; fi
expect_grep "report has charts" "$TMP/report.html" '<svg class="chart"'
expect_grep "report charts have titles" "$TMP/report.html" '<svg[^>]*><title>'
expect_grep "report says illustrative" "$TMP/report.html" 'ILLUSTRATIVE'
expect_grep "report says the forecast's price basis" "$TMP/report.html" '<p class="basis">The forecast is fitted on the same work at today'
expect_grep "report says why by segment or not" "$TMP/report.html" '<p class="segments-note">'
expect_status "report html --commit" 0 $BW report --db "$TMP/demo.db" --term 24 --samples 2000 --commit 1500000 -o "$TMP/report-commit.html"
dups=$(grep -o ' id="[^"]*"' "$TMP/report-commit.html" | sort | uniq -d)
if [ -z "$dups" ] && grep -q 'id="commit-marker"' "$TMP/report-commit.html"; then pass "report ids are unique (the commitment marker in both charts)"; else fail "report ids are unique (the commitment marker in both charts)" "$dups"; fi
expect_grep "report lists inputs with sha256" "$TMP/report.html" '<code>[0-9a-f]{64}</code>'
if grep -Eqi '(src|href)="(https?:)?//|<script|@import|url\(' "$TMP/report.html"; then
	fail "report makes no external requests" "found a script, an external src/href or a url()"
else
	pass "report makes no external requests"
fi
HOSTILE="$TMP/hostile.db"
expect_status "ingest hostile names" 0 $BW ingest --db "$HOSTILE" "$DATA/usage-hostile.json"
expect_status "report with hostile names" 0 $BW report --db "$HOSTILE" --paths "$DATA/paths-small.csv" -o "$TMP/hostile.html"
expect_grep "workspace name is escaped" "$TMP/hostile.html" '&lt;script&gt;alert\(1\)&lt;/script&gt;'
expect_grep "model name is escaped" "$TMP/hostile.html" '&lt;img src=x onerror=alert\(2\)&gt;'
if grep -q '<script>alert\|<img src=x' "$TMP/hostile.html"; then
	fail "no hostile markup survives" "raw markup found"
else
	pass "no hostile markup survives"
fi
expect_status "report csv" 0 $BW report --db "$TMP/demo.db" --samples 2000 --format csv -o "$TMP/csv"
for f in monthly-usage forecast bands assumptions; do
	if [ -s "$TMP/csv/$f.csv" ]; then pass "csv $f written"; else fail "csv $f written" "missing or empty"; fi
done
expect_grep "bands csv has a header" "$TMP/csv/bands.csv" '^option,recommended,discount'
expect_status "report without -o" 2 $BW report --db "$TMP/demo.db"
expect_status "report xlsx" 0 $BW report --db "$TMP/demo.db" --samples 2000 --policy examples/policy.json --format xlsx -o "$TMP/report.xlsx"
if command -v python3 >/dev/null 2>&1; then
	sheets=$(python3 -c "
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
book = z.read('xl/workbook.xml').decode()
print(','.join(re.findall(r'<sheet name=\"([^\"]+)\"', book)))
sheet = z.read('xl/worksheets/sheet3.xml').decode()
print('frozen' if 'state=\"frozen\"' in sheet else 'not-frozen')
print('numbers' if '<v>' in sheet else 'no-numbers')" "$TMP/report.xlsx" 2>&1 | tr '\n' ' ')
	case "$sheets" in
	*"Monthly usage,Forecast,Bands,Savings,Assumptions frozen numbers"*) pass "xlsx sheets, frozen headers, numbers" ;;
	*) fail "xlsx sheets, frozen headers, numbers" "$sheets" ;;
	esac
else
	skip "xlsx sheets, frozen headers, numbers" "python3 is not installed to read the workbook"
fi
expect_status "report with offers and peers" 0 $BW report --db "$TMP/demo.db" --term 24 --samples 2000 --offer examples/offer-1m-24.json --offer examples/offer-ramp-24.json --peers examples/peers-synthetic.csv --bands "$TMP/annual.json" -o "$TMP/offers.html"
expect_grep "report has the offers section" "$TMP/offers.html" '<section id="offers">'
expect_grep "report says the peers are synthetic" "$TMP/offers.html" 'SYNTHETIC'
expect_grep "report shows the band file sha256" "$TMP/offers.html" 'annual.json \(sha256 <code>[0-9a-f]{64}</code>\)'
expect_status "report csv with offers" 0 $BW report --db "$TMP/demo.db" --term 24 --samples 2000 --offer examples/offer-ramp-24.json --format csv -o "$TMP/csv2"
expect_grep "offers csv" "$TMP/csv2/offers.csv" '^offer,commit_usd'
expect_grep "offers csv: threshold measure and pay-as-you-go target" "$TMP/csv2/offers.csv" ',peer_percentile,threshold_measure,target_discount_payg$'
expect_grep "offers csv: an offer's measure and target" "$TMP/csv2/offers.csv" ',net,0\.[0-9]{6}$'
expect_status "report xlsx with offers" 0 $BW report --db "$TMP/demo.db" --term 24 --samples 2000 --offer examples/offer-ramp-24.json --format xlsx -o "$TMP/offers.xlsx"
if command -v python3 >/dev/null 2>&1; then
	if python3 -c "import sys, zipfile; sys.exit(0 if '<sheet name=\"Offers\"' in zipfile.ZipFile(sys.argv[1]).read('xl/workbook.xml').decode() else 1)" "$TMP/offers.xlsx"; then
		pass "xlsx has an offers sheet"
	else
		fail "xlsx has an offers sheet" "no Offers sheet"
	fi
	if python3 -c "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); s = z.read('xl/sharedStrings.xml').decode(); sys.exit(0 if 'discount vs pay-as-you-go' in s and 'threshold measure' in s else 1)" "$TMP/offers.xlsx"; then
		pass "xlsx offers carry the threshold measure and the pay-as-you-go target"
	else
		fail "xlsx offers carry the threshold measure and the pay-as-you-go target" "no such columns"
	fi
fi

# --- importing other catalogs ---------------------------------------------------------
if [ -r ../shared/data/catalogs/genai-prices-data.json ]; then
	expect_status "catalog import genai-prices" 0 $BW catalog import --date 2026-11-24 --json ../shared/data/catalogs/genai-prices-data.json
	expect_grep "a disagreement is listed" "$TMP/out" '"model": "claude-sonnet-5"'
else
	skip "catalog import genai-prices" "../shared/data/catalogs is absent"
fi
if [ -r ../shared/data/catalogs/litellm-model-prices.json ] && command -v python3 >/dev/null 2>&1; then
	expect_status "catalog import LiteLLM" 0 $BW catalog import --date 2026-11-24 --json ../shared/data/catalogs/litellm-model-prices.json
	got=$(python3 -c "import json, sys; d = json.load(open(sys.argv[1])); print(d['compared_models'])" "$TMP/out")
	# Counted here, independently: our models (by id or alias) that LiteLLM prices on
	# that day.
	want=$(python3 -c "
import json
ours = json.load(open('data/prices/anthropic.json'))['models']
lit = json.load(open('../shared/data/catalogs/litellm-model-prices.json'))
day = '2026-11-24'; compared = 0
for m in ours:
    entry = next((lit[k] for i in [m['id']] + m.get('aliases', []) for k in (i, 'anthropic/' + i) if k in lit), None)
    live = [p for p in m['prices'] if p['effective_from'] <= day and (p['effective_to'] is None or p['effective_to'] > day)]
    compared += entry is not None and bool(live)
print(compared)")
	if [ "$got" = "$want" ]; then pass "LiteLLM import: the models compared, counted independently ($want)"; else fail "LiteLLM import: the models compared" "got $got, want $want"; fi
fi
expect_status "catalog without import" 2 $BW catalog
expect_status "catalog import a non-catalog" 2 $BW catalog import "$DATA/paths-bad.csv"

# --- request logs --------------------------------------------------------------------
# token_totals DB: every token count and web searches summed from `usage --json`.
token_totals() {
	$BW usage --db "$1" --json 2>/dev/null | python3 -c "
import json, sys
d = json.load(sys.stdin); t = {}
# priced usage by month and model, plus usage with no price on its date
for bm in [bm for m in d['months'] for bm in m['by_model']] + d['unpriced']:
    for k, v in bm['tokens'].items(): t[k] = t.get(k, 0) + v
print(' '.join('%s=%d' % (k, t[k]) for k in sorted(t)))"
}
if command -v python3 >/dev/null 2>&1; then
	RQ="$TMP/rq.db"
	expect_status "ingest Messages API / gateway JSONL" 0 $BW ingest --db "$RQ" --json "$DATA/requests-messages.jsonl"
	expect_grep "messages: 4 requests, the error response left out" "$TMP/out" '"requests": 4'
	got=$(token_totals "$RQ")
	want="cache_creation.ephemeral_1h_input_tokens=500 cache_creation.ephemeral_5m_input_tokens=1800 cache_read_input_tokens=30000 output_tokens=1460 uncached_input_tokens=251600 web_search_requests=2"
	if [ "$got" = "$want" ]; then pass "messages: token totals by hand"; else fail "messages: token totals by hand" "$got"; fi
	expect_status "the same log again, gzip-compressed" 0 sh -c "gzip -c '$DATA/requests-messages.jsonl' >'$TMP/m.jsonl.gz' && $BW ingest --db '$RQ' '$TMP/m.jsonl.gz'"
	expect_grep "gzip copy: already ingested" "$TMP/out" 'already ingested'

	RQ="$TMP/rq-otel.db"
	expect_status "ingest OpenTelemetry GenAI spans" 0 $BW ingest --db "$RQ" "$DATA/requests-otel.jsonl"
	got=$(token_totals "$RQ")
	want="cache_creation.ephemeral_1h_input_tokens=0 cache_creation.ephemeral_5m_input_tokens=1100 cache_read_input_tokens=3050 output_tokens=270 uncached_input_tokens=1550 web_search_requests=0"
	if [ "$got" = "$want" ]; then pass "otel: input includes cache, both attribute names"; else fail "otel: input includes cache, both attribute names" "$got"; fi

	RQ="$TMP/rq-litellm.db"
	expect_status "ingest a LiteLLM SpendLogs CSV export" 0 $BW ingest --db "$RQ" "$DATA/requests-litellm.csv"
	expect_grep "litellm: the OpenAI row left out" "$TMP/out" '1 record is not Claude usage'
	got=$(token_totals "$RQ")
	want="cache_creation.ephemeral_1h_input_tokens=0 cache_creation.ephemeral_5m_input_tokens=150 cache_read_input_tokens=800 output_tokens=110 uncached_input_tokens=500 web_search_requests=0"
	if [ "$got" = "$want" ]; then pass "litellm: prompt_tokens minus the cache counts in metadata"; else fail "litellm: prompt_tokens minus the cache counts in metadata" "$got"; fi

	RQ="$TMP/rq-csv.db"
	expect_status "generic CSV needs --columns" 2 $BW ingest --db "$RQ" "$DATA/requests-generic.csv"
	expect_grep "generic CSV: says what to do" "$TMP/err" 'requests-generic.csv:1: .*--columns'
	expect_status "generic CSV with --columns" 0 $BW ingest --db "$RQ" --columns time=ts,model=llm,input=in,output=out,cache_read=read,workspace=team "$DATA/requests-generic.csv"
	got=$(token_totals "$RQ")
	want="cache_creation.ephemeral_1h_input_tokens=0 cache_creation.ephemeral_5m_input_tokens=0 cache_read_input_tokens=4000 output_tokens=330 uncached_input_tokens=3300 web_search_requests=0"
	if [ "$got" = "$want" ]; then pass "csv: mapped columns"; else fail "csv: mapped columns" "$got"; fi
	expect_status "csv: unknown column" 2 $BW ingest --db "$TMP/x.db" --columns time=when,input=in,output=out "$DATA/requests-generic.csv"
	expect_grep "csv: unknown column named" "$TMP/err" "no column 'when'"

	# Tags: a label per request from the log, kept in the cube.
	RQ="$TMP/rq-tags.db"
	printf '%s\n' \
		'{"model":"claude-haiku-4-5","timestamp":"2026-03-01T10:00:00Z","usage":{"input_tokens":1000000,"output_tokens":0},"metadata":{"feature":"search"}}' \
		'{"model":"claude-haiku-4-5","timestamp":"2026-03-01T11:00:00Z","usage":{"input_tokens":3000000,"output_tokens":0},"metadata":{"feature":"nightly-report"}}' \
		'{"model":"claude-haiku-4-5","timestamp":"2026-03-01T12:00:00Z","usage":{"input_tokens":500000,"output_tokens":0}}' >"$TMP/tagged.jsonl"
	expect_status "ingest with --tag metadata.feature" 0 $BW ingest --db "$RQ" --tag metadata.feature "$TMP/tagged.jsonl"
	expect_status "usage by tag" 0 $BW usage --db "$RQ" --json
	got=$(python3 -c "import json, sys; print({t['tag']: t['list_usd'] for t in json.load(open(sys.argv[1]))['by_tag']})" "$TMP/out")
	if [ "$got" = "{'nightly-report': 3.0, 'search': 1.0, '': 0.5}" ]; then pass "usage: spend by tag (Haiku input, \$1 a million)"; else fail "usage: spend by tag" "$got"; fi
	expect_status "usage text lists tags" 0 $BW usage --db "$RQ"
	expect_grep "usage text: untagged shown as such" "$TMP/out" '\(untagged\) +\$0\.50'
	printf '%s\n' '{"batch": [{"match": {"tag": "nightly-report"}, "share": 1, "reason": "runs overnight"}]}' >"$TMP/tag-policy.json"
	expect_status "a policy rule matching a tag" 0 $BW optimize --db "$RQ" --policy "$TMP/tag-policy.json" --json
	expect_grep "the tagged usage goes to batch: \$4.50 to \$3.00" "$TMP/out" '"after_batch_usd": 3.0'
	expect_status "otel --tag an attribute" 0 $BW ingest --db "$TMP/rq-otel-tag.db" --tag service.name "$DATA/requests-otel.jsonl"
	expect_status "usage of the otel tags" 0 $BW usage --db "$TMP/rq-otel-tag.db" --json
	expect_grep "otel: the resource's service.name is the tag" "$TMP/out" '"tag": "support-bot"'
	expect_status "csv: a tag column" 0 $BW ingest --db "$TMP/rq-csv-tag.db" --columns time=ts,model=llm,input=in,output=out,tag=team "$DATA/requests-generic.csv"
	expect_status "usage of the csv tags" 0 $BW usage --db "$TMP/rq-csv-tag.db" --json
	expect_grep "csv: the team column is the tag" "$TMP/out" '"tag": "legal"'
	expect_status "--tag naming no column" 2 $BW ingest --db "$TMP/x2.db" --tag nope "$DATA/requests-litellm.csv"
	expect_grep "--tag: says which column is missing" "$TMP/err" "no column 'nope'"

	RQ="$TMP/rq-bad.db"
	expect_status "a bad record fails the file" 2 $BW ingest --db "$RQ" "$DATA/requests-messages-bad.jsonl"
	expect_grep "bad record: file:line and what was expected" "$TMP/err" 'requests-messages-bad.jsonl:2: expected a "usage" object'
	expect_status "--max-errors 1 --reject-file" 0 $BW ingest --db "$RQ" --max-errors 1 --reject-file "$TMP/rejected.jsonl" "$DATA/requests-messages-bad.jsonl"
	expect_grep "rejected line kept as it was" "$TMP/rejected.jsonl" '"timestamp":"2026-03-01T10:00:01Z","output_tokens":10'
	expect_status "--max-errors needs a count" 2 $BW ingest --db "$RQ" --max-errors lots "$DATA/requests-messages-bad.jsonl"

	expect_status "request logs over a day from the Admin API: refused" 2 sh -c "$BW ingest --db '$TMP/mix.db' '$DATA/usage-page1.json' >/dev/null && printf '%s\n' '{\"model\":\"claude-sonnet-4-5\",\"timestamp\":\"2026-01-01T10:00:00Z\",\"usage\":{\"input_tokens\":1}}' >'$TMP/mix.jsonl' && $BW ingest --db '$TMP/mix.db' '$TMP/mix.jsonl'"
	expect_grep "mixing: says why" "$TMP/err" 'would double count'
	expect_status "an Admin API report over request logs' day: refused" 2 sh -c "printf '%s\n' '{\"model\":\"claude-sonnet-4-5\",\"timestamp\":\"2026-01-01T10:00:00Z\",\"usage\":{\"input_tokens\":1}}' >'$TMP/mix2.jsonl' && $BW ingest --db '$TMP/mix2.db' '$TMP/mix2.jsonl' >/dev/null && $BW ingest --db '$TMP/mix2.db' '$DATA/usage-page1.json'"
	expect_grep "the report over logs: names the log" "$TMP/err" 'overlaps usage summed from the request log .*mix2.jsonl'
fi

# Real traces: totals against counts computed here, independently.
if [ -r ../shared/data/traces/azure_llm_2023_code.csv ] && command -v python3 >/dev/null 2>&1; then
	T=../shared/data/traces
	expect_status "ingest the Azure code trace" 0 $BW ingest --db "$TMP/azure.db" --model claude-sonnet-4 "$T/azure_llm_2023_code.csv" "$T/azure_llm_2023_conv.csv"
	want=$(awk -F, 'FNR > 1 { i += $2; o += $3 } END { printf "input=%d output=%d", i, o }' "$T/azure_llm_2023_code.csv" "$T/azure_llm_2023_conv.csv")
	got=$(token_totals "$TMP/azure.db" | sed 's/.*output_tokens=\([0-9]*\) uncached_input_tokens=\([0-9]*\).*/input=\2 output=\1/')
	if [ "$got" = "$want" ]; then pass "Azure traces: token totals ($want)"; else fail "Azure traces: token totals" "got $got, want $want"; fi
	expect_status "ingest the Mooncake traces" 0 $BW ingest --db "$TMP/mooncake.db" --model claude-sonnet-4-5 --start 2026-01-05 "$T/mooncake_conversation_trace.jsonl" "$T/mooncake_synthetic_trace.jsonl"
	want=$(python3 -c "
import json, sys
i = o = 0
for p in sys.argv[1:]:
    for line in open(p):
        r = json.loads(line); i += r['input_length']; o += r['output_length']
print('input=%d output=%d' % (i, o))" "$T/mooncake_conversation_trace.jsonl" "$T/mooncake_synthetic_trace.jsonl")
	got=$(token_totals "$TMP/mooncake.db" | sed 's/.*output_tokens=\([0-9]*\) uncached_input_tokens=\([0-9]*\).*/input=\2 output=\1/')
	if [ "$got" = "$want" ]; then pass "Mooncake traces: token totals ($want)"; else fail "Mooncake traces: token totals" "got $got, want $want"; fi
else
	skip "ingest the real traces" "../shared/data/traces is absent"
fi

# An ingest killed with SIGKILL at any moment leaves the store consistent,
# and running it again finishes the job with no double counting.
if command -v python3 >/dev/null 2>&1; then
	python3 -c "
import random
random.seed(7)
models = ['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001', 'claude-opus-4-5-20251101']
with open('$TMP/big.jsonl', 'w') as f:
    for n in range(400000):
        t = 1767225600 + n * 50
        f.write('{\"id\":\"msg_%d\",\"model\":\"%s\",\"created_at\":%d,\"workspace_id\":\"ws%d\",\"usage\":{\"input_tokens\":%d,\"cache_read_input_tokens\":%d,\"output_tokens\":%d},\"metadata\":{\"feature\":\"f%d\"}}\n' % (n, models[n % 3], t, n % 5, random.randint(1, 9000), random.choice([0, 512, 4096]), random.randint(1, 900), n % 7))
"
	started=$(date +%s%N)
	expect_status "reference ingest of the big log" 0 $BW ingest --db "$TMP/ref.db" "$TMP/big.jsonl"
	took_ms=$((($(date +%s%N) - started) / 1000000))
	ref=$(token_totals "$TMP/ref.db")
	consistent=1 interrupted=0
	# Kill at 5%, 25%, 50%, 75% and 95% of a clean run's time: while reading,
	# aggregating, and (at the end) writing the transaction.
	for pct in 5 25 50 75 95; do
		delay=$(awk -v ms="$took_ms" -v p="$pct" 'BEGIN { printf "%.3f", ms * p / 100000 }')
		$BW ingest --db "$TMP/killed.db" "$TMP/big.jsonl" >/dev/null 2>&1 &
		pid=$!
		sleep $delay
		kill -9 $pid 2>/dev/null && interrupted=$((interrupted + 1))
		wait $pid 2>/dev/null
		# Either nothing of the file is stored or all of it.
		now=$(token_totals "$TMP/killed.db")
		if [ -n "$now" ] && [ "$now" != "$ref" ]; then consistent=0; fi
	done
	if [ $consistent = 1 ]; then pass "SIGKILL at 5 moments of a ${took_ms} ms ingest ($interrupted mid-run): the store holds all of the file or none"; else fail "SIGKILL at 5 moments" "partial totals: $now"; fi
	# The big log is read by several threads by default: one thread or three
	# give the same totals, and a bad line is named the same way.
	expect_status "big log with --threads 1" 0 $BW ingest --threads 1 --db "$TMP/one.db" "$TMP/big.jsonl"
	expect_status "big log with --threads 3" 0 $BW ingest --threads 3 --db "$TMP/three.db" "$TMP/big.jsonl"
	one=$(token_totals "$TMP/one.db")
	three=$(token_totals "$TMP/three.db")
	if [ "$one" = "$ref" ] && [ "$three" = "$ref" ]; then pass "threads: 1, 3 and the default give the same totals"; else fail "threads: the same totals" "1: $one; 3: $three; default: $ref"; fi
	sed '300000s/"usage"/"usgae"/' "$TMP/big.jsonl" >"$TMP/big-bad.jsonl"
	expect_status "a bad line deep in the big log, one thread" 2 $BW ingest --threads 1 --db "$TMP/bad1.db" "$TMP/big-bad.jsonl"
	cp "$TMP/err" "$TMP/err1"
	expect_status "a bad line deep in the big log, three threads" 2 $BW ingest --threads 3 --db "$TMP/bad3.db" "$TMP/big-bad.jsonl"
	expect_same "threads: the bad line named alike (big-bad.jsonl:300000)" "$TMP/err1" "$TMP/err"
	expect_grep "threads: the line number is right" "$TMP/err" 'big-bad\.jsonl:300000: expected a "usage" object'
	expect_status "ingest again after the kills" 0 $BW ingest --db "$TMP/killed.db" "$TMP/big.jsonl"
	expect_status "and once more" 0 $BW ingest --db "$TMP/killed.db" "$TMP/big.jsonl"
	got=$(token_totals "$TMP/killed.db")
	if [ "$got" = "$ref" ]; then pass "after the kills: the same totals as one clean ingest"; else fail "after the kills: the same totals as one clean ingest" "got $got, want $ref"; fi
fi

# --- reconcile ------------------------------------------------------------------------
# cost-page1.json is usage-page1.json's first day priced at list, except Sonnet output at 90%.
RDB="$TMP/reconcile.db"
expect_status "reconcile: ingest usage and cost" 0 $BW ingest --db "$RDB" "$DATA/usage-page1.json" "$DATA/cost-page1.json"
expect_status "reconcile" 0 $BW reconcile --db "$RDB"
expect_grep "reconcile: 7 of 8 agree" "$TMP/out" '7 of 8 day, model and token-type pairs agree'
expect_grep "reconcile: the discounted row and its cause" "$TMP/out" 'output_tokens +\$3\.75 +\$3\.38 +cost below list'
expect_status "reconcile --json" 0 $BW reconcile --db "$RDB" --json
expect_grep "reconcile --json: one difference" "$TMP/out" '"matching": 7'
expect_status "reconcile --tolerance 0.2 absorbs a 10% discount" 0 $BW reconcile --db "$RDB" --tolerance 0.2 --json
expect_grep "reconcile: all match at 20%" "$TMP/out" '"matching": 8'
expect_status "reconcile: bad tolerance" 2 $BW reconcile --db "$RDB" --tolerance 2

# --- FOCUS export --------------------------------------------------------------------
expect_status "export --focus" 0 $BW export --focus --db "$TMP/demo.db" -o "$TMP/focus.csv"
expect_status "plan --term 72 gets a caution" 0 $BW plan --db "$TMP/demo.db" --term 72 --samples 300
expect_grep "caution past 60 months" "$TMP/err" 'caution: a 72-month term is long' 
expect_grep "focus header" "$TMP/focus.csv" '^BillingCurrency,ChargePeriodStart,ChargePeriodEnd,ChargeCategory'
expect_status "usage total for the focus check" 0 $BW usage --db "$TMP/demo.db" --json
if command -v python3 >/dev/null 2>&1; then
	verdict=$(python3 -c "
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1])))
focus = sum(float(r['ListCost']) for r in rows)
usage = json.load(open(sys.argv[2]))['total_list_usd']
ok = abs(focus - usage) < 0.01 and all(r['ChargeCategory'] == 'Usage' for r in rows)
print('same' if ok else 'differ %.2f %.2f' % (focus, usage))" "$TMP/focus.csv" "$TMP/out")
	if [ "$verdict" = same ]; then pass "FOCUS list cost sums to the usage total"; else fail "FOCUS list cost sums to the usage total" "$verdict"; fi
fi
expect_status "FOCUS in: the export ingested into a new store" 0 $BW ingest --db "$TMP/focus.db" "$TMP/focus.csv"
expect_grep "FOCUS in: detected" "$TMP/out" 'focus-csv, [0-9,]+ FOCUS rows summed'
expect_status "usage of the store the FOCUS came from" 0 $BW usage --db "$TMP/demo.db" --json
cp "$TMP/out" "$TMP/usage-before.json"
expect_status "usage of the FOCUS round trip" 0 $BW usage --db "$TMP/focus.db" --json
expect_same "FOCUS round trip: the same usage, month by month and model by model" "$TMP/usage-before.json" "$TMP/out"
expect_status "export without a format" 2 $BW export --db "$TMP/demo.db"

# --- options: one spec per option drives parsing and --help --------------------
# Global options before the command act as if written after it.
expect_status "usage --db PATH" 0 $BW usage --db "$DB" --json
cp "$TMP/out" "$TMP/usage-after.json"
expect_status "global --db before the command" 0 $BW --db "$DB" usage --json
expect_same "bandwise --db X usage is bandwise usage --db X" "$TMP/usage-after.json" "$TMP/out"
expect_status "global --db= and --prices before the command" 0 \
	$BW --db="$DB" --prices data/prices/anthropic.json usage --json
expect_same "global --prices with the built-in catalog changes nothing" "$TMP/usage-after.json" "$TMP/out"
expect_status "global option without a value" 2 $BW --db
expect_grep "global option without a value says so" "$TMP/err" "^bandwise: option '--db' needs a value \(PATH\)$"
expect_status "unknown global option" 2 $BW --frob usage
expect_grep "unknown global option is named" "$TMP/err" "^bandwise: unknown option '--frob'$"

# One message for an unknown or incomplete option, then where to look; exit 2.
expect_status "unknown option exits 2" 2 $BW plan --frob
printf "bandwise plan: unknown option '--frob'\nTry 'bandwise plan --help'.\n" >"$TMP/want"
expect_same "unknown option: one message and a pointer to --help" "$TMP/want" "$TMP/err"
expect_status "option without its value exits 2" 2 $BW plan --term
printf "bandwise plan: option '--term' needs a value (N)\nTry 'bandwise plan --help'.\n" >"$TMP/want"
expect_same "option without its value: one message naming the value" "$TMP/want" "$TMP/err"
expect_status "flag given a value" 2 $BW usage --json=yes
expect_grep "flag given a value says so" "$TMP/err" "^bandwise usage: option '--json' takes no value$"
expect_status "--name=value" 0 $BW plan --term=12 --paths="$DATA/paths-small.csv" --json
expect_status "an unambiguous prefix still works" 0 $BW plan --ter 12 --pat "$DATA/paths-small.csv" --json
expect_status "an ambiguous prefix" 2 $BW plan --sav 0.3 --paths "$DATA/paths-small.csv"
expect_grep "an ambiguous prefix says so" "$TMP/err" "option '--sav' is ambiguous"

# Did you mean: a command or an option one or two edits away.
expect_status "mistyped command" 2 $BW pln
expect_grep "mistyped command: did you mean" "$TMP/err" "no command 'pln'; did you mean 'plan'\?"
expect_status "mistyped command after help" 2 $BW help forcast
expect_grep "help of a mistyped command: did you mean" "$TMP/err" "did you mean 'forecast'\?"
expect_status "mistyped option" 2 $BW plan --trem 24
expect_grep "mistyped option: did you mean" "$TMP/err" "unknown option '--trem'; did you mean '--term'\?"
expect_status "one dash too few" 2 $BW forecast -months 3
expect_grep "one dash too few: did you mean" "$TMP/err" "did you mean '--months'\?"
expect_status "nothing close" 2 $BW frobnicate
if grep -q "did you mean" "$TMP/err"; then fail "no suggestion when nothing is close" "$(cat "$TMP/err")"
else pass "no suggestion when nothing is close"; fi

# Help comes from the specs: every option a command's --help names is
# accepted (the checked build this suite runs also stops on an accepted
# option its --help does not name), and `help CMD` is `CMD --help`.
for cmd in demo ingest pull usage forecast plan backtest optimize offer track report catalog reconcile export sources forget; do
	expect_status "$cmd --help from the specs" 0 $BW $cmd --help
	cp "$TMP/out" "$TMP/help"
	expect_status "help $cmd" 0 $BW help $cmd
	expect_same "help $cmd is $cmd --help" "$TMP/help" "$TMP/out"
	unknown=""
	for name in $(grep -oE -- '--[a-z][a-z0-9-]*' "$TMP/help" | sort -u); do
		# --help last: the options are parsed, nothing is run.
		$BW $cmd "$name" x --help </dev/null >/dev/null 2>"$TMP/err"
		if grep -q "unknown option" "$TMP/err"; then unknown="$unknown $name"; fi
	done
	if [ -z "$unknown" ]; then pass "$cmd accepts every option its --help names"
	else fail "$cmd accepts every option its --help names" "not accepted:$unknown"; fi
	# A command that takes --db says which stores it names.
	if grep -q -- '--db' "$TMP/help"; then
		if grep -q 'postgresql://' "$TMP/help" && grep -q 'host=H dbname=D' "$TMP/help" &&
			grep -q 'BANDWISE_DB' "$TMP/help"; then
			pass "$cmd --help: --db names a file, a URL, key=value and BANDWISE_DB"
		else fail "$cmd --help: --db names a file, a URL, key=value and BANDWISE_DB" "$(grep -A2 -- '--db' "$TMP/help")"; fi
	fi
done

# serve's --help names the API's --json too: only its --db told here.
$BW serve --help >"$TMP/help" 2>&1
if grep -q 'postgresql://' "$TMP/help" && grep -q 'host=H dbname=D' "$TMP/help" && grep -q 'BANDWISE_DB' "$TMP/help"; then
	pass "serve --help: --db names a file, a URL, key=value and BANDWISE_DB"
else fail "serve --help: --db names a file, a URL, key=value and BANDWISE_DB" "$(grep -A2 -- '--db' "$TMP/help")"; fi

# The library's messages name its parameters; the CLI shows them as flags.
expect_status "pull with a bad --since" 2 env ANTHROPIC_ADMIN_KEY=sk-test $BW pull --since x --db "$TMP/pull.db"
expect_grep "the library's 'since' is shown as --since" "$TMP/err" "^bandwise: --since: expected YYYY-MM-DD"
expect_status "pull with a bad --bucket" 2 env ANTHROPIC_ADMIN_KEY=sk-test $BW pull --since 2026-01-01 --bucket 2d --db "$TMP/pull.db"
expect_grep "the library's 'bucket_width' is shown as --bucket" "$TMP/err" "^bandwise: --bucket: expected 1d or 1h, got '2d'$"
expect_status "ingest --pg with a bad --since" 2 $BW ingest --pg postgresql://nobody@127.0.0.1:1/x --since 2026-1-1 --db "$TMP/pg.db"
expect_grep "bw_ingest_litellm_pg's since and until are shown as flags" "$TMP/err" "--since \(and --until\) must be YYYY-MM-DD"
