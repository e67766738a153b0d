# tmpld: a Zabbix-compatible template API server. `make run` serves, `make test` tests.

PREFIX	?= /usr/local
DESTDIR	?=
CC	?= cc
PKGS	 = libevent libcjson lmdb libxcrypt yaml-0.1 libxml-2.0 libcrypto
TESTPKGS = cmocka

W	 = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	   -Wformat=2 -Wpointer-arith -Wcast-qual -Wwrite-strings -Wvla -Wundef \
	   -Wno-unused-parameter
OPT	?= -O2 -g
CFLAGS	+= -std=c17 -D_GNU_SOURCE $(OPT) $(W) $(XCFLAGS) -Iinclude \
	   $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS	+= $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread
LDFLAGS	+= $(XLDFLAGS)
# The server's allocator: mimalloc (Debian's libmimalloc-dev) when it is installed, in place of
# the C library's malloc for the whole process: a call builds and frees many small objects, and
# mimalloc makes a get about a fifth faster (bench/README.md, "Read path"). MALLOC=libc keeps
# the C library's; the sanitizer builds always do (ASan brings its own allocator).
MALLOC	?= mimalloc
MIMALLOC_SO := $(shell $(CC) -print-file-name=libmimalloc.so 2>/dev/null)
MALLOC_LIBS = $(if $(and $(filter mimalloc,$(MALLOC)),$(filter /%,$(MIMALLOC_SO))),\
	   -Wl$(comma)--push-state$(comma)--no-as-needed -lmimalloc -Wl$(comma)--pop-state)
comma	:= ,

BUILD	?= build
# The layers, bottom up (HACKING.md): each folder includes only the ones before it.
LAYERS	 = util format model storage validation rpc domain methods jsonrpc dispatch compat transport
SRCS	 = $(foreach l,$(LAYERS),$(wildcard src/$(l)/*.c))
OBJS	 = $(SRCS:%.c=$(BUILD)/obj/%.o)
MAIN	 = $(BUILD)/obj/src/main.o $(BUILD)/obj/src/cli_store.o
BIN	 = $(BUILD)/tmpld
LIB	 = $(BUILD)/libtmpld.a

UNIT_SRCS = $(wildcard test/unit/test_*.c)
UNIT_BINS = $(UNIT_SRCS:test/unit/%.c=$(BUILD)/test/%)

RUN_ARGS ?= --listen 127.0.0.1:8080 --data ./var/tmpld

.PHONY: all deps run test unit e2e conformance examples asan fuzz fuzz-bins bench install clean

all: deps $(BIN)

# The installer runs only when a library is missing.
deps:
	@pkg-config --exists $(PKGS) 2>/dev/null || scripts/install-deps.sh build

# -MMD: each object depends on exactly the headers it includes.
$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

-include $(OBJS:.o=.d) $(MAIN:.o=.d)

$(LIB): $(OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(MAIN) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(MALLOC_LIBS) $(LDLIBS)

$(BUILD)/test/%: test/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(shell pkg-config --cflags $(TESTPKGS)) $(LDFLAGS) -o $@ $< $(LIB) \
		$(LDLIBS) $(shell pkg-config --libs $(TESTPKGS))

run: all
	$(BIN) $(RUN_ARGS)

# The whole suite: unit tests, end-to-end tests, the conformance replay, the examples.
test:
	@scripts/install-deps.sh test
	@$(MAKE) --no-print-directory $(BIN) $(UNIT_BINS)
	@scripts/run-tests.sh $(BUILD)

unit: $(UNIT_BINS)
	@scripts/run-tests.sh $(BUILD) unit

asan:
	@scripts/install-deps.sh test
	@$(MAKE) --no-print-directory BUILD=build-asan OPT="-O1 -g" MALLOC=libc \
		XCFLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		XLDFLAGS="-fsanitize=address,undefined" test

# libFuzzer targets (test/fuzz/fuzz_*.c), built with clang and ASan/UBSan in build-fuzz and run
# FUZZ_TIME seconds each from their seed corpus (test/fuzz/corpus_<name>/). Not part of `test`.
FUZZ_TIME	?= 60
FUZZ_SRCS	 = $(wildcard test/fuzz/fuzz_*.c)
FUZZ_BINS	 = $(FUZZ_SRCS:test/fuzz/%.c=$(BUILD)/fuzz/%)
FUZZ_SAN	 = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

$(BUILD)/fuzz/%: test/fuzz/%.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

fuzz:
	@command -v clang >/dev/null 2>&1 || scripts/install-deps.sh fuzz
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang OPT="-O1 -g" \
		XCFLAGS="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" XLDFLAGS="$(FUZZ_SAN)" fuzz-bins
	@for f in $(FUZZ_SRCS:test/fuzz/%.c=%); do \
		seeds=test/fuzz/corpus_$${f#fuzz_}; work=build-fuzz/corpus/$$f; \
		mkdir -p $$work; echo "fuzz: $$f for $(FUZZ_TIME) s"; \
		build-fuzz/fuzz/$$f -max_total_time=$(FUZZ_TIME) -timeout=10 -rss_limit_mb=2048 \
			-print_final_stats=1 -artifact_prefix=build-fuzz/ $$work $$seeds || exit 1; \
	done

fuzz-bins: $(FUZZ_BINS)

bench:
	@scripts/install-deps.sh bench
	@$(MAKE) --no-print-directory $(BIN)
	bench/run.sh $(BIN)

# The binary, the systemd unit (with this PREFIX's and SYSCONFDIR's paths written in) and a
# commented default config; an existing config is kept (the new one goes next to it).
SYSCONFDIR	?= /etc
UNITDIR		?= $(PREFIX)/lib/systemd/system
install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSCONFDIR)/tmpld
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/tmpld
	sed -e 's|@bindir@|$(PREFIX)/bin|g' -e 's|@sysconfdir@|$(SYSCONFDIR)|g' \
		contrib/tmpld.service >$(DESTDIR)$(UNITDIR)/tmpld.service.tmp
	chmod 0644 $(DESTDIR)$(UNITDIR)/tmpld.service.tmp
	mv $(DESTDIR)$(UNITDIR)/tmpld.service.tmp $(DESTDIR)$(UNITDIR)/tmpld.service
	if [ -e $(DESTDIR)$(SYSCONFDIR)/tmpld/tmpld.conf ]; then \
		install -m 0640 contrib/tmpld.conf $(DESTDIR)$(SYSCONFDIR)/tmpld/tmpld.conf.new; \
	else \
		install -m 0640 contrib/tmpld.conf $(DESTDIR)$(SYSCONFDIR)/tmpld/tmpld.conf; \
	fi

clean:
	rm -rf build build-asan build-fuzz
