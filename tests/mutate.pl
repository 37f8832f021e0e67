#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# mutate.pl - mutation testing: plant each one-line bug of tests/mutants.txt
# in a scratch copy of the tree, build, run the tests that should catch it,
# and print the score and the survivors. A developer's tool (make mutate),
# not part of make check: it takes minutes. The worktree is never touched.
#
#   perl tests/mutate.pl            run every mutant against its own tests
#   perl tests/mutate.pl --check    only check the list (tests/mutants.t)
#   MUTATE_ONLY=3,17                run those mutants only (numbers as listed)
#   MUTATE_FULL=1                   run prove -f tests/ for every mutant
#   MUTATE_WITHOUT=panes,vterm      leave those test files out
#   MUTATE_TIMEOUT=120              seconds a test file may take (a hang kills)
#
# A mutant is killed when a test file fails (or times out) with it, survives
# when they all pass, and counts as neither when it does not compile.
use strict;
use warnings;
use File::Temp qw(tempdir);
use FindBin;

my $top = "$FindBin::Bin/..";
my $list = "$top/tests/mutants.txt";

# The list: blocks of "key: value" lines, a blank line between blocks, '#'
# lines are comments. Keys: file, from (a fragment found exactly once in the
# file), to (its replacement), why, tests (test files by name, most likely
# killer first).
sub parse {
	my (@m, $cur);
	open(my $fh, '<', $list) or die "cannot read $list: $!\n";
	while (my $l = <$fh>) {
		chomp $l;
		next if $l =~ /^#/;
		if ($l =~ /^\s*$/) {
			push @m, $cur if $cur;
			undef $cur;
			next;
		}
		$cur //= { line => $. };
		if ($l =~ /^(file|from|to|why|tests):(?: (.*))?$/) {
			$cur->{bad} .= "key $1 twice; " if exists $cur->{$1};
			$cur->{$1} = $2 // '';
		} else {
			$cur->{bad} .= "line $. is not 'key: value'; ";
		}
	}
	push @m, $cur if $cur;
	for my $i (0 .. $#m) {
		$m[$i]{id} = $i + 1;
		$m[$i]{tests} = [split ' ', $m[$i]{tests} // ''];
	}
	return @m;
}

sub slurp {
	my ($path) = @_;
	open(my $fh, '<', $path) or return undef;
	local $/;
	return scalar <$fh>;
}

sub occurrences {
	my ($text, $frag) = @_;
	my ($n, $at) = (0, 0);
	while (($at = index($text, $frag, $at)) >= 0) {
		$n++;
		$at += length $frag;
	}
	return $n;
}

# What is wrong with a mutant of the list, or '' if nothing.
sub problem {
	my ($m) = @_;
	my $bad = $m->{bad} // '';
	for my $k (qw(file from to why tests)) {
		$bad .= "no $k; " unless defined $m->{$k};
	}
	return $bad if $bad;
	my $text = slurp("$top/$m->{file}");
	return "no file $m->{file}" unless defined $text;
	my $n = occurrences($text, $m->{from});
	$bad .= "the fragment occurs $n times in $m->{file}; " if $n != 1;
	$bad .= "the replacement is the original; " if $m->{from} eq $m->{to};
	$bad .= "the replacement spans lines; " if $m->{to} =~ /\n/;
	$bad .= "no test named; " unless @{$m->{tests}};
	for my $t (@{$m->{tests}}) {
		$bad .= "no test tests/$t.t; " unless -f "$top/tests/$t.t";
	}
	return $bad;
}

sub summary {
	my ($m) = @_;
	return "#$m->{id} $m->{file}: $m->{why}";
}

my @mutants = parse();

if (@ARGV && $ARGV[0] eq '--check') {
	# One line a mutant for tests/mutants.t: its number, then its problems.
	printf "%d\t%s\t%s\n", $_->{id}, summary($_), problem($_) for @mutants;
	exit 0;
}

my @bad = grep { problem($_) } @mutants;
die join('', map { summary($_) . ': ' . problem($_) . "\n" } @bad) if @bad;
if ($ENV{MUTATE_ONLY}) {
	my %want = map { $_ => 1 } split /[ ,]+/, $ENV{MUTATE_ONLY};
	@mutants = grep { $want{$_->{id}} } @mutants;
}
my $full = $ENV{MUTATE_FULL};
my $timeout = $ENV{MUTATE_TIMEOUT} // 120;

# The scratch tree: a copy of the worktree as it is (edits included), built
# once; each mutant rebuilds only what it touched.
my $scratch = tempdir('forkscope-mutate.XXXXXX', TMPDIR => 1, CLEANUP => 1);
$SIG{INT} = $SIG{TERM} = $SIG{HUP} = sub { exit 130 };     # and remove it
chmod 0755, $scratch;
system("tar -C '$top' --exclude=.git --exclude='*.tar.gz' -cf - . | tar -C '$scratch' -xf -") == 0
	or die "cannot copy the tree to $scratch\n";
chdir $scratch or die;
system("make -s >build.log 2>&1") == 0 or die "the unmutated tree does not build\n";

# A mutant that breaks cleanup, or a test killed by the timeout, can leave
# processes behind: viewers and subjects of the scratch binary, and the tmux
# servers the TUI tests started in the scratch tree. Kill them all.
my $bin = "$scratch/forkscope";
sub reap {
	for my $pid (map { m{^/proc/(\d+)$} ? $1 : () } glob '/proc/[0-9]*') {
		next if $pid == $$;
		my $exe = readlink("/proc/$pid/exe") // next;
		my $cwd = readlink("/proc/$pid/cwd") // '';
		kill 'KILL', $pid
			if $exe eq $bin || ($exe =~ m{/tmux$} && index($cwd, $scratch) == 0);
	}
}

# prove on some test files; 0 if they all pass. Stops at the first failure.
sub prove {
	my ($log, @files) = @_;
	for my $f (@files) {
		my $rc = system("timeout -k 10 $timeout prove -f $f >>$log 2>&1");
		reap();
		return $f if $rc != 0;
	}
	return '';
}

# MUTATE_WITHOUT=panes,vterm: leave those test files out, to see whether
# the others would catch a mutant too.
my %without = map { $_ => 1 } split /[ ,]+/, $ENV{MUTATE_WITHOUT} // '';
sub files_of {
	my ($m) = @_;
	return $full ? ('tests/') : map { "tests/$_.t" } grep { !$without{$_} } @{$m->{tests}};
}

# The tests must pass on the unmutated tree, or nothing they say counts.
my %seen;
my @all = grep { !$seen{$_}++ } map { files_of($_) } @mutants;
print "# the unmutated tree against ", scalar(@all), " test file(s)\n";
for my $f (@all) {
	my $t0 = time;
	if (prove("base.log", $f)) {
		system("cat base.log");
		die "$f fails on the unmutated tree: fix that first\n";
	}
	printf "#   %s passes (%ds)\n", $f, time - $t0;
}

my (@killed, @survived, @broken);
for my $m (@mutants) {
	my $path = $m->{file};
	my $orig = slurp($path);
	my $at = index($orig, $m->{from});
	my $mut = $orig;
	substr($mut, $at, length $m->{from}) = $m->{to};
	open(my $fh, '>', $path) or die "$path: $!\n";
	print $fh $mut;
	close $fh;
	my $t0 = time;
	my $verdict;
	if (system("make -s >build.log 2>&1") != 0) {
		push @broken, $m;
		$verdict = 'does not compile';
	} elsif (my $by = prove("run.log", files_of($m))) {
		push @killed, $m;
		$verdict = "killed by $by";
	} else {
		push @survived, $m;
		$verdict = 'SURVIVED';
	}
	unlink "run.log";
	open($fh, '>', $path) or die "$path: $!\n";
	print $fh $orig;
	close $fh;
	printf "%-60s %s (%ds)\n", summary($m), $verdict, time - $t0;
}

my $counted = @killed + @survived;
my $score = $counted ? 100 * @killed / $counted : 0;
printf "\nmutation score: %d of %d killed (%.0f%%)\n", scalar @killed, $counted, $score;
print "did not compile (not counted): ", join(' ', map { "#$_->{id}" } @broken), "\n"
	if @broken;
print "survivors:\n", map { "  " . summary($_) . "\n" .
	"    $_->{file}: '$_->{from}' -> '$_->{to}' (tests: @{$_->{tests}})\n" } @survived
	if @survived;
exit($score >= 90 ? 0 : 1);
