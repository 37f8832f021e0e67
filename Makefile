# SPDX-License-Identifier: MIT
# forkscope - watch fork, vfork, clone, exec and posix_spawn share memory, live.

VERSION   = 0.1.0
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man
DESTDIR  ?=

CC       ?= cc
PKG_CONFIG ?= pkg-config
CURSES_CFLAGS := $(shell $(PKG_CONFIG) --cflags ncursesw 2>/dev/null)
CURSES_LIBS   := $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null || echo -lncursesw)

WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
       -Wformat=2 -Wundef -Wwrite-strings
override CFLAGS += -std=c11 -O2 -g $(WARN) $(CURSES_CFLAGS) \
                   -D_GNU_SOURCE -DFORKSCOPE_VERSION='"$(VERSION)"'
# make SANITIZE=1: AddressSanitizer and UndefinedBehaviorSanitizer (CI runs
# make check with it; see check-sanitize).
ifeq ($(SANITIZE),1)
override CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=all \
                   -fno-omit-frame-pointer
override LDFLAGS += -fsanitize=address,undefined
endif
# Immediate binding: lazy PLT resolution would write .got.plt after a fork and
# copy a page nobody in the demo touched.
override LDFLAGS += -Wl,-z,now -Wl,-z,relro

# Order here is the order of `forkscope --list`.
DEMOS = fork-hello fork-cow fork-who-copies fork-regions fork-shared fork-huge \
        fork-many vfork-shared vfork-exec vfork-exit-pitfall clone-vm clone-flags \
        spawn exec

SRC = $(filter-out src/demos_gen.c,$(wildcard src/*.c))
OBJ = $(SRC:.c=.o) src/demos_gen.o
HDR = $(wildcard src/*.h)

all: forkscope

forkscope: $(OBJ)
	$(CC) $(CFLAGS) -o $@ $(OBJ) $(LDFLAGS) $(CURSES_LIBS) -lm

src/%.o: src/%.c $(HDR)
	$(CC) $(CFLAGS) -c -o $@ $<

src/demos_gen.c: src/embed.awk Makefile $(DEMOS:%=demos/%.scn)
	awk -f src/embed.awk $(DEMOS:%=demos/%.scn) > $@.tmp && mv $@.tmp $@

run: forkscope
	./forkscope

check: forkscope
	prove -f tests/

# make check on a sanitizer build, then back to a normal build.
check-sanitize:
	$(MAKE) clean
	$(MAKE) SANITIZE=1
	FORKSCOPE_SANITIZED=1 ASAN_OPTIONS=abort_on_error=0:detect_leaks=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 prove -f tests/
	$(MAKE) clean
	$(MAKE)

# Static analysis: both must be clean (waivers and reasons in .clang-tidy).
lint:
	cppcheck --error-exitcode=1 --enable=warning,portability,performance \
		--std=c11 --inline-suppr --quiet -D_GNU_SOURCE -I src src/*.c
	clang-tidy --quiet $(SRC) -- -std=c11 -D_GNU_SOURCE \
		-DFORKSCOPE_VERSION='"$(VERSION)"' $(CURSES_CFLAGS)

# The scenario parser under libFuzzer (clang), seeded from demos/. FUZZ_RUNS
# executions; a crash leaves its input in tests/fuzz/ as crash-*.
FUZZ_RUNS ?= 1000000
tests/fuzz/fuzz_scenario: tests/fuzz/fuzz_scenario.c src/scenario.c src/region.c src/model.c $(HDR)
	clang -g -O1 -std=c11 -D_GNU_SOURCE -Isrc -fsanitize=fuzzer,address,undefined \
		-o $@ tests/fuzz/fuzz_scenario.c src/scenario.c src/region.c src/model.c

fuzz: tests/fuzz/fuzz_scenario
	mkdir -p tests/fuzz/corpus
	cp demos/*.scn tests/fuzz/corpus/
	cd tests/fuzz && ./fuzz_scenario -runs=$(FUZZ_RUNS) -max_len=4096 \
		-artifact_prefix=./ corpus

# The long version of the kill-at-random-steps test (make check runs 16).
stress: forkscope
	STRESS_RUNS=200 prove -v tests/stress.t

bench: forkscope
	./forkscope bench step
	./forkscope bench tui

install: forkscope
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1
	cp -f forkscope $(DESTDIR)$(BINDIR)/forkscope
	chmod 755 $(DESTDIR)$(BINDIR)/forkscope
	cp -f doc/forkscope.1 $(DESTDIR)$(MANPREFIX)/man1/forkscope.1
	chmod 644 $(DESTDIR)$(MANPREFIX)/man1/forkscope.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/forkscope $(DESTDIR)$(MANPREFIX)/man1/forkscope.1

clean:
	rm -f forkscope src/*.o src/demos_gen.c tests/fuzz/fuzz_scenario

.PHONY: all run check check-sanitize lint fuzz stress bench install uninstall clean
