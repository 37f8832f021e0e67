#!/bin/bash
# SPDX-License-Identifier: MIT
# The Makefile follows the GNU and Debian conventions: the user's CPPFLAGS,
# CFLAGS and LDFLAGS, from the command line or the environment, reach every
# compile and link line after the project's own flags; the project keeps
# -Wl,-z,now; a build with dpkg-buildflags' flags satisfies blhc. The
# commands are printed (make -n), never run.
. "$(dirname "$0")/lib.sh"

# The commands make would run, each on one line.
cmds() { make -n -B -C "$TOP" forkscope "$@" 2>&1 | sed -e ':a' -e '/\\$/{N;s/\\\n//;ba' -e '}'; }
compiles() { grep -E '^cc .* -c ' ; }
links() { grep -E '^cc .* -o forkscope ' ; }

cmds CPPFLAGS=-DUSER_CPP CFLAGS=-O1 LDFLAGS=-Wl,--as-needed LDLIBS=-lutil > "$T/cmdline"
is "$(compiles < "$T/cmdline" | grep -cv -- '-std=c11 .*-Wall .*-DUSER_CPP .*-O1 -c ')" 0 \
	"every compile line has the user's CPPFLAGS and CFLAGS after the project's flags"
is "$(compiles < "$T/cmdline" | grep -c -- '-O2')" 0 "the user's CFLAGS replace the default -O2 -g"
is "$(links < "$T/cmdline" | grep -c -- '-O1 .*-Wl,-z,now .*-Wl,--as-needed .*-lm.* -lutil')" 1 \
	"the link line has the user's CFLAGS, then -z now, then the user's LDFLAGS, libraries last"
CPPFLAGS=-DENV_CPP CFLAGS=-Og LDFLAGS=-Wl,-O1 cmds > "$T/env"
is "$(compiles < "$T/env" | grep -cv -- '-DENV_CPP .*-Og -c ')" 0 \
	"CPPFLAGS and CFLAGS from the environment reach every compile line"
is "$(links < "$T/env" | grep -c -- '-Wl,-O1')" 1 "LDFLAGS from the environment reach the link line"
cmds > "$T/default"
is "$(compiles < "$T/default" | grep -cv -- ' -O2 -g -c ')" 0 "without CFLAGS the build uses -O2 -g"

if command -v blhc > /dev/null && command -v dpkg-buildflags > /dev/null; then
	# blhc reads a dpkg-buildpackage log: its first line says where the build
	# starts and for which architecture.
	{
		echo "dpkg-buildpackage: info: host architecture $(dpkg --print-architecture)"
		env DEB_BUILD_MAINT_OPTIONS=hardening=+all \
			sh -c 'eval "$(dpkg-buildflags --export=sh)"; make -n -B -C "$1" forkscope' sh "$TOP"
	} > "$T/build.log" 2>&1
	is "$(blhc "$T/build.log" 2>&1)" "" "blhc finds every dpkg-buildflags hardening flag in the build"
else
	skip "blhc or dpkg-buildflags is not installed"
fi
finish
