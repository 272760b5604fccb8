# bandwise: committed-spend sizing for LLM API deals.
#
#   make demo    install what is missing, build, run `bandwise demo`
#   make test    install what is missing, build with ASan+UBSan, run every test
#   make deps    install missing Debian packages (apt-get, non-interactive)
#   make bench   build optimised and run the benchmarks under bench/
#   make         build build/release/bandwise
#   make asan    build the sanitizer variant only
#   make fuzz    libFuzzer on every reader, FUZZ_SECONDS each (clang)
#   make format  clang-format every source file
#   make lint    fail on unformatted files (clang-format) and cppcheck warnings
#
# Two variants are built side by side: build/release (-O2, for the demo and
# the benchmarks) and build/asan (-O1 -g with AddressSanitizer and
# UndefinedBehaviorSanitizer, for the tests).

CC      ?= gcc
CSTD    := -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN    := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wvla -Wmissing-prototypes -Wstrict-prototypes
LIBS    := -lsqlite3 -ljansson -lgsl -lgslcblas -lnettle -lxlsxwriter -lz -lzstd -lxxhash -lcurl -lpq -lmicrohttpd -lpthread -lm
# libpq's header lives under Debian's postgresql include directory.
PQ_INC  := -I/usr/include/postgresql

# Debian packages the build and the tests need. `make deps` installs the
# missing ones and does nothing when all are present.
DEPS_PKGS := gcc make libsqlite3-dev libjansson-dev libgsl-dev nettle-dev libcmocka-dev libxlsxwriter-dev zlib1g-dev libzstd-dev libxxhash-dev libcurl4-openssl-dev libpq-dev libmicrohttpd-dev
# What only the tests need: a real browser for the HTML report, and its
# driver from the npm registry (test tooling only); a PostgreSQL server that
# the tests start on loopback for `ingest --pg`; python3 for the local
# stand-in of the Admin API; clang-format and cppcheck for `make lint`,
# which `make test` runs first; a ClickHouse server (two shards on loopback)
# for `ingest --clickhouse`.
TEST_DEPS_PKGS := chromium nodejs npm postgresql python3 clang-format cppcheck clickhouse-server

# The library is three layers, each a folder (docs/architecture.md):
# src/util (helpers with no domain knowledge), src/lib (the domain) with
# its two families src/lib/ingest and src/lib/report, and src/cli.
UTIL_SRC := $(sort $(wildcard src/util/*.c))
LIB_SRC  := $(sort $(wildcard src/lib/*.c src/lib/ingest/*.c src/lib/report/*.c)) $(UTIL_SRC)
LIB_ASM  := $(sort $(wildcard src/lib/*.S))
CLI_SRC  := $(sort $(wildcard src/cli/*.c))
# `bandwise serve`: the HTTP front end (a front end like the CLI: include/
# only) and the page it serves (web/, built in by web_embed.S).
SERVE_SRC := $(sort $(wildcard src/serve/*.c))
SERVE_ASM := $(sort $(wildcard src/serve/*.S))
WEB       := $(wildcard web/*)
# tests/unit mirrors src: tests/unit/test_<module>.c for src/lib, and
# tests/unit/<folder>/test_<module>.c for src/util, src/lib/ingest, src/lib/report.
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c tests/unit/*/test_*.c))
BENCH_SRC := $(sort $(wildcard bench/*.c))
DATA     := $(wildcard data/prices/*.json data/bands/*.json data/caching/*.json data/models/*.json)

RELEASE_FLAGS := -O2 -g -DNDEBUG
ASAN_FLAGS    := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all

.PHONY: all release asan demo test deps deps-test bench fuzz format lint clean check-deps

all: release

# --- dependencies -------------------------------------------------------

deps:
	@missing=""; \
	for p in $(DEPS_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "make deps: installing$$missing"; \
		sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
		$$sudo apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

deps-test: deps
	@missing=""; \
	for p in $(TEST_DEPS_PKGS); do dpkg -s $$p >/dev/null 2>&1 || command -v $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "make deps-test: installing$$missing"; \
		sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
		($$sudo apt-get update -qq && \
		 DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing) || \
		echo "make deps-test: could not install$$missing; the browser test will say it skipped"; \
	fi
	@if [ ! -d tests/browser/node_modules/playwright-core ] && command -v npm >/dev/null 2>&1; then \
		echo "make deps-test: npm install (tests/browser: playwright-core, test tooling only)"; \
		(cd tests/browser && npm ci --no-audit --no-fund --silent) || \
		echo "make deps-test: npm install failed; the browser test will say it skipped"; \
	fi

# --- build rules, instantiated once per variant ---------------------------
# Each folder sees only what its layer may use (the include rules of
# docs/architecture.md; tests/cli/test_headers.sh checks the rest):
# util sees include/ for error.h only; the domain sees util; ingest and
# report each see their own folder besides; the CLI, the tests' public-API
# checks and the benchmarks see only include/, so the CLI cannot reach
# library internals.
UTIL_INC   := -Iinclude -Isrc/util
LIB_INC    := -Iinclude -Isrc/util -Isrc/lib $(PQ_INC)
INGEST_INC := $(LIB_INC) -Isrc/lib/ingest
REPORT_INC := $(LIB_INC) -Isrc/lib/report
CLI_INC    := -Iinclude -Isrc/serve
SERVE_INC  := -Iinclude

define VARIANT
$(1)_DIR := build/$(1)
$(1)_LIB_OBJ := $$(patsubst src/%.c,build/$(1)/%.o,$(LIB_SRC)) \
                $$(patsubst src/lib/%.S,build/$(1)/lib/%.o,$(LIB_ASM))
$(1)_CLI_OBJ := $$(patsubst src/cli/%.c,build/$(1)/cli/%.o,$(CLI_SRC)) \
                $$(patsubst src/serve/%.c,build/$(1)/serve/%.o,$(SERVE_SRC)) \
                $$(patsubst src/serve/%.S,build/$(1)/serve/%.o,$(SERVE_ASM))

build/$(1)/util/%.o: src/util/%.c
	@mkdir -p $$(@D)
	$$(CC) $(CSTD) $(WARN) $(2) $(UTIL_INC) -MMD -MP -c $$< -o $$@

build/$(1)/lib/ingest/%.o: src/lib/ingest/%.c
	@mkdir -p $$(@D)
	$$(CC) $(CSTD) $(WARN) $(2) $(INGEST_INC) -MMD -MP -c $$< -o $$@

build/$(1)/lib/report/%.o: src/lib/report/%.c
	@mkdir -p $$(@D)
	$$(CC) $(CSTD) $(WARN) $(2) $(REPORT_INC) -MMD -MP -c $$< -o $$@

build/$(1)/lib/%.o: src/lib/%.c
	@mkdir -p $$(@D)
	$$(CC) $(CSTD) $(WARN) $(2) $(LIB_INC) -MMD -MP -c $$< -o $$@

build/$(1)/lib/%.o: src/lib/%.S $(DATA)
	@mkdir -p $$(@D)
	$$(CC) $(2) -c $$< -o $$@

build/$(1)/cli/%.o: src/cli/%.c
	@mkdir -p $$(@D)
	$$(CC) $(CSTD) $(WARN) $(2) $(CLI_INC) -MMD -MP -c $$< -o $$@

build/$(1)/serve/%.o: src/serve/%.c
	@mkdir -p $$(@D)
	$$(CC) $(CSTD) $(WARN) $(2) $(SERVE_INC) -MMD -MP -c $$< -o $$@

build/$(1)/serve/%.o: src/serve/%.S $(WEB)
	@mkdir -p $$(@D)
	$$(CC) $(2) -c $$< -o $$@

build/$(1)/libbandwise.a: $$($(1)_LIB_OBJ)
	rm -f $$@ && ar rcs $$@ $$^

build/$(1)/bandwise: $$($(1)_CLI_OBJ) build/$(1)/libbandwise.a
	$$(CC) $(2) -o $$@ $$($(1)_CLI_OBJ) build/$(1)/libbandwise.a $(LIBS)

build/$(1)/tests build/$(1)/bench:
	mkdir -p $$@

-include $$(wildcard build/$(1)/*/*.d build/$(1)/*/*/*.d)
endef

$(eval $(call VARIANT,release,$(RELEASE_FLAGS)))
$(eval $(call VARIANT,asan,$(ASAN_FLAGS)))

# Unit tests may include private headers (they test internals too).
TEST_BIN := $(patsubst tests/unit/%.c,build/asan/tests/%,$(TEST_SRC))
build/asan/tests/%: tests/unit/%.c tests/unit/test_util.h build/asan/libbandwise.a
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) $(ASAN_FLAGS) -Wno-missing-prototypes -Itests/unit $(INGEST_INC) -Isrc/lib/report -MMD -MP $< -o $@ build/asan/libbandwise.a $(LIBS) -lcmocka

# Fuzz targets: replayed over their corpora by the tests (gcc, with a
# standalone driver), fuzzed for real by `make fuzz` (clang's libFuzzer).
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZ_REPLAY := $(patsubst fuzz/%.c,build/asan/fuzz/%,$(FUZZ_SRC))
FUZZ_SECONDS ?= 30
build/asan/fuzz:
	mkdir -p $@
# The targets may reach internals (the pull's answer checks, util's CSV
# reader), as the unit tests do.
FUZZ_INC := $(INGEST_INC) -Isrc/lib/report
build/asan/fuzz/%: fuzz/%.c fuzz/standalone.c $(wildcard fuzz/*.h) build/asan/libbandwise.a | build/asan/fuzz
	$(CC) $(CSTD) $(WARN) $(ASAN_FLAGS) $(FUZZ_INC) $< fuzz/standalone.c -o $@ build/asan/libbandwise.a $(LIBS)

# `make fuzz`: the library built once with clang and libFuzzer's coverage
# (build/fuzz, a third variant), each target linked against it.
# -Wno-error: clang's warnings differ from gcc's, and gcc's -Werror build
# is the one that gates.
FUZZ_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -Wno-error
build/fuzz/%: CC := clang
$(eval $(call VARIANT,fuzz,$(FUZZ_FLAGS)))
FUZZ_BIN := $(patsubst fuzz/%.c,build/fuzz/bin/%,$(FUZZ_SRC))
build/fuzz/bin/%: fuzz/%.c $(wildcard fuzz/*.h) build/fuzz/libbandwise.a
	@mkdir -p $(@D)
	clang $(CSTD) -O1 -g -fsanitize=fuzzer,address,undefined $(FUZZ_INC) $< -o $@ build/fuzz/libbandwise.a $(LIBS)

BENCH_BIN := $(patsubst bench/%.c,build/release/bench/%,$(BENCH_SRC))
build/release/bench/%: bench/%.c build/release/libbandwise.a | build/release/bench
	$(CC) $(CSTD) $(WARN) $(RELEASE_FLAGS) -Iinclude $< -o $@ build/release/libbandwise.a $(LIBS)

release: deps-quiet build/release/bandwise
asan: deps-quiet build/asan/bandwise $(TEST_BIN) $(FUZZ_REPLAY)

# deps-quiet: the same check as `deps`, run before every build.
.PHONY: deps-quiet
deps-quiet:
	@$(MAKE) --no-print-directory deps

# --- the two commands of the README ---------------------------------------

demo: release
	./build/release/bandwise demo

test: deps-test lint asan
	@BANDWISE_BIN=$(CURDIR)/build/asan/bandwise tests/run.sh $(TEST_BIN)

bench: release $(BENCH_BIN)
	bench/run.sh

# libFuzzer on every reader, FUZZ_SECONDS each (default 30), from the seed
# corpora in fuzz/corpora/<target>/; new inputs go to build/fuzz/corpus-*,
# crashes to build/fuzz/ (add a crash to fuzz/corpora once it is fixed, so
# the tests replay it for ever). Ends with each target's executions and
# executions per second (also in build/fuzz/stats.txt).
fuzz: deps-quiet
	@command -v clang >/dev/null || { echo "make fuzz needs clang (apt-get install clang)"; exit 1; }
	@$(MAKE) --no-print-directory $(FUZZ_BIN)
	@rm -f build/fuzz/stats.txt
	@for bin in $(FUZZ_BIN); do \
		name=$$(basename $$bin); target=$${name#fuzz_}; \
		echo "fuzzing $$target for $(FUZZ_SECONDS) s"; \
		mkdir -p build/fuzz/corpus-$$target; \
		$$bin -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			-artifact_prefix=build/fuzz/ build/fuzz/corpus-$$target fuzz/corpora/$$target \
			2>build/fuzz/$$target.log || { tail -40 build/fuzz/$$target.log; exit 1; }; \
		runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' build/fuzz/$$target.log); \
		rate=$$(sed -n 's/^stat::average_exec_per_sec: *//p' build/fuzz/$$target.log); \
		printf '%-10s %10s executions %8s per second\n' $$target $$runs $$rate | tee -a build/fuzz/stats.txt; \
	done
	@echo "make fuzz: $$(clang --version | head -1), $(FUZZ_SECONDS) s a target:"; cat build/fuzz/stats.txt

# The style is checked by the build, not remembered (curl's checksrc):
# `make lint` fails on any file clang-format would change (.clang-format)
# and on cppcheck's warnings; `make format` rewrites the files.
SOURCES_TO_FORMAT = $(shell git ls-files '*.c' '*.h' 2>/dev/null || find src include tests fuzz bench -name '*.[ch]')

format:
	clang-format -i $(SOURCES_TO_FORMAT)

lint:
	@command -v clang-format >/dev/null || { echo "make lint needs clang-format (make deps-test installs it)"; exit 1; }
	@command -v cppcheck >/dev/null || { echo "make lint needs cppcheck (make deps-test installs it)"; exit 1; }
	@clang-format --dry-run -Werror $(SOURCES_TO_FORMAT) 2>build-lint.log || \
		{ grep -o '^[^:]*\.[ch]' build-lint.log | sort -u | sed 's/^/make lint: not formatted: /'; \
		  echo "make lint: run 'make format'"; rm -f build-lint.log; exit 1; }
	@rm -f build-lint.log
	cppcheck --quiet --error-exitcode=1 --inline-suppr --enable=warning,performance,portability \
		--std=c11 $(INGEST_INC) -Isrc/lib/report src

clean:
	rm -rf build
