# SPDX-License-Identifier: MIT
# forkscope - watch fork, vfork, clone, exec and posix_spawn share memory, live.

# The release, in one place: --version, the JSON and plain headers, the man
# page's footer and date (generated below) and the tarball's name follow these
# two lines; tests/docs.t checks that NEWS opens with this version. Change the
# date with the version, and again on the day of the release.
VERSION = 0.2.0
DATE    = December 1, 2026

# Where `make install` puts things (GNU names; DESTDIR is prepended to all).
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
DATADIR     ?= $(PREFIX)/share
MANPREFIX   ?= $(DATADIR)/man
PKGDATADIR  ?= $(DATADIR)/forkscope
DEMODIR     ?= $(PKGDATADIR)/demos
DOCDIR      ?= $(DATADIR)/doc/forkscope
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
DESTDIR     ?=
INSTALL     ?= install

PKG_CONFIG ?= pkg-config
CURSES_CFLAGS := $(shell $(PKG_CONFIG) --cflags ncursesw 2>/dev/null)
CURSES_LIBS   := $(shell $(PKG_CONFIG) --libs ncursesw 2>/dev/null || echo -lncursesw)

# The user's CPPFLAGS, CFLAGS and LDFLAGS (a packager's hardening flags) are
# used as given and come after the project's own, so that they win.
CFLAGS ?= -O2 -g
WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
       -Wformat=2 -Wundef -Wwrite-strings
FS_CPPFLAGS = -D_GNU_SOURCE -DFORKSCOPE_VERSION='"$(VERSION)"' $(CURSES_CFLAGS)
FS_CFLAGS   = -std=c11 $(WARN)
# Immediate binding: lazy PLT resolution would write .got.plt after a fork and
# copy a page nobody in the demo touched.
FS_LDFLAGS  = -Wl,-z,now -Wl,-z,relro
FS_LDLIBS   = $(CURSES_LIBS) -lm
# make SANITIZE=1: AddressSanitizer and UndefinedBehaviorSanitizer (CI runs
# make check with it; see check-sanitize).
ifeq ($(SANITIZE),1)
FS_CFLAGS  += -fsanitize=address,undefined -fno-sanitize-recover=all \
              -fno-omit-frame-pointer
FS_LDFLAGS += -fsanitize=address,undefined
endif

# Order here is the order of `forkscope --list`.
DEMOS = fork-hello fork-cow fork-who-copies fork-regions fork-shared fork-huge \
        fork-buffer huge-split \
        fork-many fork-inherit vfork-shared vfork-exec vfork-exit-pitfall \
        clone-vm clone-flags thread spawn exec

SRC = $(filter-out src/demos_gen.c,$(wildcard src/*.c))
OBJ = $(SRC:.c=.o) src/demos_gen.o
HDR = $(wildcard src/*.h)

all: forkscope forkscope.1

forkscope: $(OBJ)
	$(CC) $(FS_CFLAGS) $(CFLAGS) $(FS_LDFLAGS) $(LDFLAGS) -o $@ $(OBJ) \
		$(FS_LDLIBS) $(LDLIBS)

# Objects depend on the Makefile too: it holds the flags and the version.
src/%.o: src/%.c $(HDR) Makefile
	$(CC) $(FS_CPPFLAGS) $(FS_CFLAGS) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

src/demos_gen.c: src/embed.awk Makefile $(DEMOS:%=demos/%.scn)
	awk -f src/embed.awk $(DEMOS:%=demos/%.scn) > $@.tmp && mv $@.tmp $@

# The man page as installed: doc/forkscope.1 with the version's date and name.
forkscope.1: doc/forkscope.1 Makefile
	sed -e 's/^\.Dd .*/.Dd $(DATE)/' -e 's/^\.Os$$/.Os forkscope $(VERSION)/' \
		doc/forkscope.1 > $@.tmp && mv $@.tmp $@

run: forkscope
	./forkscope

# As root, the suite runs twice: then once more without CAP_SYS_ADMIN, as in
# a container, where the kernel hides frame numbers although uid is 0.
check: all
	prove -f tests/
	@if [ "$$(id -u)" = 0 ] && command -v capsh > /dev/null; then \
		echo "== make check again, as root without CAP_SYS_ADMIN"; \
		capsh --drop=cap_sys_admin -- -c 'prove -f tests/'; \
	fi

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
	clang-tidy --quiet $(SRC) -- -std=c11 $(FS_CPPFLAGS)

# The scenario parser, and the renderers of text from files and processes
# (--check messages, plain, JSON), under libFuzzer (clang), seeded from
# demos/. FUZZ_RUNS executions each; a crash leaves its input in tests/fuzz/
# as crash-*.
FUZZ_RUNS ?= 1000000
FUZZ_CC = clang -g -O1 -std=c11 -D_GNU_SOURCE -Isrc -fsanitize=fuzzer,address,undefined
SCN_SRC = src/scenario.c src/scnline.c src/scnstep.c src/scnpage.c src/region.c src/model.c \
	src/expect.c src/text.c
RENDER_SRC = $(SCN_SRC) src/plain.c src/json.c src/describe.c src/pagetext.c
tests/fuzz/fuzz_scenario: tests/fuzz/fuzz_scenario.c $(SCN_SRC) $(HDR)
	$(FUZZ_CC) -o $@ tests/fuzz/fuzz_scenario.c $(SCN_SRC)
tests/fuzz/fuzz_render: tests/fuzz/fuzz_render.c $(RENDER_SRC) $(HDR)
	$(FUZZ_CC) -DFORKSCOPE_VERSION='"$(VERSION)"' -o $@ tests/fuzz/fuzz_render.c $(RENDER_SRC)

fuzz: tests/fuzz/fuzz_scenario tests/fuzz/fuzz_render
	mkdir -p tests/fuzz/corpus
	cp demos/*.scn tests/fuzz/corpus/
	cd tests/fuzz && ./fuzz_scenario -runs=$(FUZZ_RUNS) -max_len=4096 \
		-artifact_prefix=./ corpus
	cd tests/fuzz && ./fuzz_render -runs=$(FUZZ_RUNS) -max_len=4096 \
		-artifact_prefix=./ corpus

# The long version of the kill-at-random-steps test (make check runs 16).
stress: forkscope
	STRESS_RUNS=200 prove -v tests/stress.t

# Mutation testing (a developer's tool, not run by check or CI: minutes):
# each one-line bug of tests/mutants.txt is planted in a scratch copy of the
# tree, built and run against the tests it names; prints the score and the
# survivors. MUTATE_FULL=1 runs all of tests/ per mutant, MUTATE_ONLY=3,17
# some of them.
mutate:
	perl tests/mutate.pl

bench: forkscope
	./forkscope bench step
	./forkscope bench store
	./forkscope bench tui

# The README's picture, drawn by forkscope itself: fork-cow's copy-on-write
# step. Run it as root (sudo make screenshot) so that it shows frame numbers.
SCREENSHOT = doc/fork-cow.svg
screenshot: forkscope
	./forkscope --svg $(SCREENSHOT) --step 3 fork-cow

install: all
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 \
		$(DESTDIR)$(DEMODIR) $(DESTDIR)$(DOCDIR) $(DESTDIR)$(BASHCOMPDIR)
	$(INSTALL) -m 755 forkscope $(DESTDIR)$(BINDIR)/forkscope
	$(INSTALL) -m 644 forkscope.1 $(DESTDIR)$(MANPREFIX)/man1/forkscope.1
	$(INSTALL) -m 644 $(DEMOS:%=demos/%.scn) $(DESTDIR)$(DEMODIR)
	$(INSTALL) -m 644 demos/README.md $(DESTDIR)$(DOCDIR)/scenario-language.md
	$(INSTALL) -m 644 completion/forkscope.bash $(DESTDIR)$(BASHCOMPDIR)/forkscope

# Removes what install put there, and the directories that are forkscope's own.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/forkscope $(DESTDIR)$(MANPREFIX)/man1/forkscope.1 \
		$(DEMOS:%=$(DESTDIR)$(DEMODIR)/%.scn) \
		$(DESTDIR)$(DOCDIR)/scenario-language.md $(DESTDIR)$(BASHCOMPDIR)/forkscope
	rmdir --ignore-fail-on-non-empty $(DESTDIR)$(DEMODIR) $(DESTDIR)$(PKGDATADIR) \
		$(DESTDIR)$(DOCDIR) 2>/dev/null || true

# The source tarball: the files git tracks, sorted, with one mtime (the last
# commit's, or SOURCE_DATE_EPOCH), owner and group 0 and normalised modes, so
# that the same tree always gives the same bytes.
DIST = forkscope-$(VERSION)
dist:
	@git rev-parse --git-dir > /dev/null 2>&1 || \
		{ echo "make dist needs a git checkout (it packs the tracked files)" >&2; exit 1; }
	git ls-files -z | LC_ALL=C sort -z | \
	LC_ALL=C tar --null --no-recursion -T - --format=ustar \
		--transform='s,^,$(DIST)/,' --mtime=@$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct)} \
		--owner=0 --group=0 --numeric-owner --mode=u+rw,go=rX -cf - | \
	gzip -9 -n > $(DIST).tar.gz.tmp
	mv $(DIST).tar.gz.tmp $(DIST).tar.gz

# Unpack the tarball in a temporary directory, then build and test it there.
distcheck: dist
	d=$$(mktemp -d "$${TMPDIR:-/tmp}/forkscope-distcheck.XXXXXX") && \
	trap 'rm -rf "$$d"' EXIT && chmod 755 "$$d" && \
	tar -xzf $(DIST).tar.gz -C "$$d" && \
	$(MAKE) -C "$$d/$(DIST)" && $(MAKE) -C "$$d/$(DIST)" check && \
	echo "$(DIST).tar.gz builds and passes make check"

clean:
	rm -f forkscope forkscope.1 src/*.o src/demos_gen.c tests/fuzz/fuzz_scenario tests/fuzz/fuzz_render \
		$(DIST).tar.gz

.PHONY: all run check check-sanitize lint fuzz stress mutate bench screenshot install \
	uninstall dist distcheck clean
