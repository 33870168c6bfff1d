# pkiwatch — build, test and run.  See README.md.
#
#   make          build build/libpkiwatch.a and build/pkiwatch
#   make deps     install missing build dependencies (apt-get as root, else print the command)
#   make check    test dependencies, build, every test, then again under ASan+UBSan
#   make run      deps, build, then the main job on examples/compliance
#   make fuzz     build the libFuzzer targets with clang (FUZZ_SECONDS=N runs each for N s)

BUILD     ?= build
CC        ?= cc
PKGS      := libgit2 libcurl libcjson libcmark-gfm xlsxwriter libzip expat
# Debian ships no libcmark-gfm-extensions.pc (its libcmark-gfm.pc links the extensions);
# use the separate file where a distribution has one.
PKGS      += $(shell pkg-config --exists libcmark-gfm-extensions 2>/dev/null && echo libcmark-gfm-extensions)
VERSION   := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
RULES_DIR := $(CURDIR)/rules

WARN      := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2
CFLAGS    ?= -O2 -g
override CFLAGS += -std=c11 $(WARN) -D_GNU_SOURCE -Ilib \
             -DPW_VERSION='"$(VERSION)"' -DPW_RULES_DIR='"$(RULES_DIR)"'
ifeq ($(SAN),1)
override CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS   += -fsanitize=address,undefined
endif
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libcurl is loaded at run time by lib/github/curl_load.c when the GitHub client first needs it,
# so the binary does not link it (start-up cost, see bench/mirror.sh); tests link it
# for tests/lib/fakegh.c.
PKG_LIBS   = $(shell pkg-config --libs $(filter-out libcurl,$(PKGS)) 2>/dev/null) -ldl
CURL_LIBS  = $(shell pkg-config --libs libcurl 2>/dev/null)

LIB_SRC   := $(sort $(wildcard lib/*/*.c))
CLI_SRC   := $(sort $(wildcard cli/*.c))
TEST_SRC  := $(sort $(wildcard tests/unit/test_*.c tests/integration/test_*.c))
TESTLIB_SRC := $(sort $(wildcard tests/lib/*.c))
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ   := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
TESTLIB_OBJ := $(TESTLIB_SRC:%.c=$(BUILD)/obj/%.o)
TEST_BIN  := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_SRC))

.SECONDARY:
.PHONY: all deps test-deps check test test-asan run fuzz format format-check clean bench
all: $(BUILD)/pkiwatch

$(BUILD)/obj/%.o: %.c $(wildcard lib/*/*.h cli/*.h tests/lib/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -c $< -o $@

$(BUILD)/libpkiwatch.a: $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/pkiwatch: $(CLI_OBJ) $(BUILD)/libpkiwatch.a
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libpkiwatch.a $(PKG_LIBS)

$(BUILD)/tests/%: tests/%.c $(TESTLIB_OBJ) $(BUILD)/libpkiwatch.a $(wildcard lib/*/*.h tests/lib/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Itests/lib $(shell pkg-config --cflags cmocka) -o $@ $< \
		$(TESTLIB_OBJ) $(BUILD)/libpkiwatch.a $(LDFLAGS) $(PKG_LIBS) $(CURL_LIBS) $(shell pkg-config --libs cmocka)

deps:
	@sh tools/deps.sh build

test-deps:
	@sh tools/deps.sh test

# Runs every test binary against this build; tests find the binary through PKIWATCH_BIN.
test: $(BUILD)/pkiwatch $(TEST_BIN)
	@sh tests/run.sh $(BUILD)

test-asan:
	@$(MAKE) --no-print-directory BUILD=build/asan SAN=1 CFLAGS='-O1 -g' test

check: test-deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory format-check
	@sh tests/check.sh

EXAMPLE ?= examples/compliance
run: deps
	@$(MAKE) --no-print-directory all
	@sh tools/run-example.sh $(BUILD)/pkiwatch $(EXAMPLE)

fuzz:
	@sh fuzz/build.sh

bench: all
	@sh bench/mirror.sh && sh bench/classify.sh

format:
	clang-format -i lib/*/*.[ch] cli/*.[ch] tests/*/*.[ch] fuzz/*.c

format-check:
	@clang-format --dry-run --Werror lib/*/*.[ch] cli/*.[ch] tests/*/*.[ch] $(wildcard fuzz/*.c)

clean:
	rm -rf $(BUILD)
