#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# Property tests: random valid scenarios (seeded), run on real processes,
# and what must hold in every run of every scenario, as root and unprivileged:
#  I1 a process that did not act, shares no address space with the actor and
#     was not created, ended or waited for in the step keeps every value and
#     every frame, and nothing happens to its pages (but in the frame region,
#     whose page the subject's own loop writes whenever it runs);
#  I2 processes that share an address space show the same frame, presence
#     and value for every variable;
#  I3 right after fork, the child's present private pages share the parent's
#     frames (and neither is exclusive);
#  I4 a write to a private page mapped more than once is "copied", with at
#     least one fault (the frame region's page is copied by the subject's own
#     loop as the command arrives, outside the action's measured window);
#  I5 a MAP_SHARED write is seen by every process that maps that mapping;
#  I6 no read changes a value;
#  I7 exec gives "new_image" pages, never "copied" ones;
#  I8 a thread has its creator's pid and a tid no other task has, shares its
#     memory, descriptors and handlers, and keeps no exit status.
#  I9 likely, not guaranteed: a process left out of I1's step took no fault
#     in it. It counts its own faults as it wakes for our report, and waking
#     writes only pages it already owns; only a page the kernel moved while
#     it slept (swap, compaction) could fault. Checked as a rate: at most 1
#     in 50 of those counts may be above 0 (each one is printed).
# Tasks are matched between steps by tid: a thread has its process's pid.
# PROPERTY_RUNS sets the number of scenarios per user (default 100),
# PROPERTY_SEED the first seed (default: from the clock, printed).
use strict;
use warnings;
use JSON::PP;
use File::Temp qw(tempdir);
use File::Copy qw(copy);
use FindBin;

my $top = "$FindBin::Bin/..";
my $dir = tempdir('forkscope-prop.XXXXXX', TMPDIR => 1, CLEANUP => 1);
chmod 0755, $dir;
my $bin = "$dir/fsp$$";
copy("$top/forkscope", $bin) or die "cannot copy the binary: $!";
chmod 0755, $bin;
my $runs = $ENV{PROPERTY_RUNS} // 100;
my $seed0 = $ENV{PROPERTY_SEED} // (time() % 100000) * 1000;
my $root = $> == 0;
my $n = 0;
my ($idle_counts, @idle_faults, $label) = (0);
my @regions = qw(global heap stack shared file frame global heap);
my @clones = ('none', 'vm', 'vm,files', 'files', 'vm,sighand', 'vm,files,sighand',
	      'vm,vfork', 'vm,files,sighand,vfork');

print "# first seed $seed0, $runs scenarios per user\n";

# A small seeded generator (the same sequence on every perl).
my $state;
sub rnd { my ($k) = @_; $state = ($state * 1103515245 + 12345) % 2147483648; return int($state / 65536) % $k; }
sub pick { my @a = @_; return $a[rnd(scalar @a)]; }

# One random scenario that the parser accepts.
sub generate {
	my @vars;
	my $nv = 1 + rnd(4);
	push @vars, ["v$_", pick(@regions)] for 1 .. $nv;
	my @text = map { "var $_->[0] $_->[1] " . (1 + rnd(50)) } @vars;
	my @p = ({ name => 'parent', parent => -1, exited => 0, reaped => 0,
		   waiting => -1, thread => 0, group => 0 });
	# Task i ends (a thread: nobody waits for it); whoever waited resumes.
	my $end = sub {
		my ($i) = @_;
		$p[$i]{exited} = 1;
		$p[$i]{reaped} = 1 if $p[$i]{thread};
		$_->{waiting} == $i and $_->{waiting} = -1 for @p;
	};
	# The other tasks of i's process end (exit_group, or exec's de_thread).
	my $end_group = sub {
		my ($i) = @_;
		$end->($_) for grep { $_ != $i && !$p[$_]{exited} && $p[$_]{group} == $p[$i]{group} } 0 .. $#p;
	};
	my $steps = 4 + rnd(11);
	for my $s (1 .. $steps) {
		my @can = grep { !$p[$_]{exited} && $p[$_]{waiting} < 0 } 0 .. $#p;
		last unless @can;
		my $a = pick(@can);
		my $me = $p[$a]{name};
		# Any thread of a process may wait for the children of another.
		my @waitable = grep { $p[$_]{parent} >= 0 && $p[$p[$_]{parent}]{group} == $p[$a]{group}
				      && $p[$_]{exited} && !$p[$_]{reaped} } 0 .. $#p;
		my $borrows = grep { $_->{waiting} == $a } @p;  # a vfork child
		my $r = rnd(100);
		my $line;
		if (@waitable && $r < 15) {
			my $t = pick(@waitable);
			$p[$t]{reaped} = 1;
			$line = "$me wait $p[$t]{name}";
		} elsif ($r < 55) {
			my $v = pick(@vars)->[0];
			my $act = pick('set', 'set', 'inc', 'read');
			$line = "$me $act $v" . ($act eq 'set' ? ' ' . rnd(1000) : '');
		} elsif ($r < 78 && @p < 8) {
			my $kind = pick('fork', 'fork', 'vfork', 'clone', 'clone', 'spawn', 'thread');
			$kind = 'fork' if $kind eq 'thread' && $borrows;
			my $name = "p" . scalar @p;
			my $flags = $kind eq 'clone' ? pick(@clones) : '';
			$line = "$me $kind" . ($flags ? " $flags" : '') . " $name";
			push @p, { name => $name, parent => $a, exited => 0, reaped => 0,
				   waiting => -1, thread => $kind eq 'thread' ? 1 : 0,
				   group => $kind eq 'thread' ? $p[$a]{group} : scalar @p };
			$p[$a]{waiting} = $#p if $kind eq 'vfork' || $flags =~ /vfork/;
		} elsif ($r < 84 && $a > 0) {
			# A thread's exit ends it alone; a process's, every thread.
			$line = "$me exit " . rnd(256);
			$end->($a);
			$end_group->($a) unless $p[$a]{thread};
		} elsif ($r < 90 && !$p[$a]{thread}) {
			$line = "$me exec";
			$_->{waiting} == $a and $_->{waiting} = -1 for @p;
			$end_group->($a);
		} elsif ($r < 95) {
			$line = "$me " . pick('handle USR1', 'default USR1', 'handle USR2');
		} else {
			# Only opens: which process may close depends on who shares
			# which descriptor table, a story of its own (clone-flags).
			$line = "$me open f";
		}
		push @text, $line;
	}
	return join("\n", @text) . "\n";
}

sub run_json {
	my ($file, $who) = @_;
	my @cmd = ($bin, '--json', $file);
	unshift @cmd, qw(setpriv --reuid=65534 --regid=65534 --clear-groups --) if $who eq 'nobody' && $root;
	open(my $fh, '-|', @cmd) or die "cannot run forkscope: $!";
	my @lines = map { decode_json($_) } grep { /\S/ } <$fh>;
	close $fh;
	return ($? >> 8, @lines);
}

sub tid_of { my ($p) = @_; return $p->{tid} // $p->{pid}; }
sub by_tid { my ($snap) = @_; return { map { (tid_of($_) => $_) } @{$snap->{procs}} }; }
sub alive { my ($p) = @_; return $p->{state} =~ /^(running|suspended|stopped)$/; }
sub shares_vm {
	my ($snap, $a, $b) = @_;
	for my $r (@{$snap->{relations}}) {
		return 1 if $r->{vm} eq 'shared' && (($r->{a} eq $a && $r->{b} eq $b) || ($r->{a} eq $b && $r->{b} eq $a));
	}
	return 0;
}
sub var_of { my ($p, $name) = @_; for (@{$p->{vars}}) { return $_ if $_->{name} eq $name; } return undef; }
sub same { my ($x, $y) = @_; return (defined $x ? $x : 'null') eq (defined $y ? $y : 'null'); }

# Every invariant on one run; returns the first violation, or ''.
sub check_run {
	my ($steps, $head) = @_;
	my $pfn = $head->{pfn_visible} ? 1 : 0;
	# Mapping families, from the actions: fork-like children share their
	# creator's MAP_SHARED mappings; exec and spawn start new ones.
	my %fam = (parent => 0);
	my $families = 1;
	for my $k (1 .. $#$steps) {
		my ($prev, $cur) = ($steps->[$k - 1], $steps->[$k]);
		return "step $k failed: $cur->{error}" unless $cur->{ok};
		my ($actor, $action) = ($cur->{actor}, $cur->{action});
		my @w = split / /, $action;
		my %was = map { (tid_of($_) => 1) } @{$prev->{procs}};
		my @born = grep { !$was{tid_of($_)} } @{$cur->{procs}};
		for my $b (@born) {
			$fam{$b->{name}} = $w[1] eq 'spawn' ? $families++ : $fam{$actor};
		}
		$fam{$actor} = $families++ if $w[1] eq 'exec' && @w == 2;
		my $pp = by_tid($prev);
		my %involved = ($actor => 1);
		$involved{$w[-1]} = 1 if $w[1] =~ /^(fork|vfork|clone|spawn|thread|wait)$/;
		for my $p (@{$cur->{procs}}, @{$prev->{procs}}) {
			$involved{$p->{name}} = 1 if shares_vm($cur, $actor, $p->{name}) || shares_vm($prev, $actor, $p->{name});
		}
		for my $p (@{$cur->{procs}}) {
			my $o = $pp->{tid_of($p)};
			$involved{$p->{name}} = 1 if !$o || $o->{state} ne $p->{state};
		}
		# I1. Not for the frame region: its page holds the subject's live
		# call frames, written whenever it runs, answering a report
		# included; a copy there in a bystander is that region's lesson.
		for my $p (@{$cur->{procs}}) {
			my $o = $pp->{tid_of($p)};
			next if $involved{$p->{name}} || !$o || !alive($p) || $o->{image} != $p->{image};
			if (defined $p->{faults} && $p->{state} eq 'running') {
				$idle_counts++;
				push @idle_faults, "$label step $k: $p->{name} took $p->{faults} faults though it did not act"
					if $p->{faults} > 0;
			}
			for my $v (@{$p->{vars}}) {
				next if $v->{region} eq 'frame';
				my $ov = var_of($o, $v->{name}) or next;
				return "I1 step $k: $p->{name}.$v->{name} changed ($v->{change}) though $p->{name} did not act"
					if defined $v->{change};
				return "I1 step $k: $p->{name}.$v->{name} frame $ov->{pfn} -> $v->{pfn}"
					if $pfn && !same($ov->{pfn}, $v->{pfn});
				return "I1 step $k: $p->{name}.$v->{name} value $ov->{value} -> $v->{value}"
					if $v->{region} ne 'shared' && defined $ov->{value} && defined $v->{value} && $ov->{value} != $v->{value};
			}
		}
		# I2
		for my $a (@{$cur->{procs}}) {
			for my $b (@{$cur->{procs}}) {
				next unless $a->{name} lt $b->{name} && alive($a) && alive($b) && shares_vm($cur, $a->{name}, $b->{name});
				for my $va (@{$a->{vars}}) {
					my $vb = var_of($b, $va->{name}) or next;
					return "I2 step $k: $a->{name} and $b->{name} share memory but differ on $va->{name}"
						if !same($va->{present}, $vb->{present}) || !same($va->{value}, $vb->{value})
						   || ($pfn && !same($va->{pfn}, $vb->{pfn}));
				}
			}
		}
		my ($a) = grep { $_->{name} eq $actor } @{$cur->{procs}};
		my $oa = $a ? $pp->{tid_of($a)} : undef;
		# I3
		if ($w[1] eq 'fork' || ($w[1] eq 'clone' && $w[2] !~ /vm/)) {
			my ($c) = @born;
			for my $v ($c ? @{$c->{vars}} : ()) {
				next if $v->{region} =~ /^(shared|frame)$/ || !$v->{present};
				my $pv = var_of($a, $v->{name});
				return "I3 step $k: after fork $c->{name}.$v->{name} is not on the parent's frame"
					if $pfn && !same($pv->{pfn}, $v->{pfn});
				return "I3 step $k: after fork $c->{name}.$v->{name} reads exclusive"
					if $v->{exclusive} || $pv->{exclusive};
			}
		}
		# I4, I5, I6
		# (A write to one page of a buffer, "set buf[3] 5", is checked
		# page by page in tests/pages.t: the variable's facts here are
		# its first page's.)
		if ($w[1] =~ /^(set|inc)$/ && $w[2] !~ /\[/ && $oa) {
			my ($v, $ov) = (var_of($a, $w[2]), var_of($oa, $w[2]));
			if ($v->{region} ne 'shared' && $ov->{present} && !$ov->{exclusive}) {
				return "I4 step $k: a write to $actor.$w[2], mapped 2+ times, is $v->{change}, not copied"
					unless same($v->{change}, 'copied');
				# The frame region's page is written by the subject's own
				# loop when the command arrives, before the action's
				# tightly measured window: its copy's fault is not in it.
				return "I4 step $k: the copy of $actor.$w[2] took no fault"
					unless $v->{faults} >= 1 || $v->{region} eq 'frame';
			}
			if ($v->{region} eq 'shared') {
				for my $p (@{$cur->{procs}}) {
					my $pv = var_of($p, $w[2]);
					next unless alive($p) && $pv && $pv->{present} && $fam{$p->{name}} == $fam{$actor};
					return "I5 step $k: $p->{name} does not see $actor\'s write to shared $w[2]"
						unless same($pv->{value}, $v->{value});
				}
			}
		}
		if ($w[1] eq 'read') {
			for my $p (@{$cur->{procs}}) {
				my $o = $pp->{tid_of($p)} or next;
				for my $v (@{$p->{vars}}) {
					my $ov = var_of($o, $v->{name}) or next;
					return "I6 step $k: the read changed $p->{name}.$v->{name}"
						if defined $ov->{value} && defined $v->{value} && $ov->{value} != $v->{value};
				}
			}
		}
		# I8
		my %tids;
		for my $p (@{$cur->{procs}}) {
			return "I8 step $k: $p->{name} has tid " . tid_of($p) . " as another task does"
				if alive($p) && $tids{tid_of($p)}++;
			return "I8 step $k: thread $p->{name} keeps an exit status"
				if $p->{thread} && defined $p->{exit_status};
		}
		if ($w[1] eq 'thread') {
			my ($t) = @born;
			return "I8 step $k: the thread $w[-1] was not born" unless $t && $t->{thread};
			return "I8 step $k: thread $t->{name} has pid $t->{pid}, its creator $a->{pid}"
				unless $t->{pid} == $a->{pid} && tid_of($t) != tid_of($a);
			for my $kind ('vm', 'files', 'sighand') {
				my ($r) = grep { ($_->{a} eq $actor && $_->{b} eq $t->{name}) ||
						 ($_->{b} eq $actor && $_->{a} eq $t->{name}) } @{$cur->{relations}};
				return "I8 step $k: $actor and its thread $t->{name}: $kind " . ($r ? $r->{$kind} : 'no relation')
					if $head->{kcmp_visible} && !($r && $r->{$kind} eq 'shared');
			}
		}
		# I7
		if ($w[1] eq 'exec' && @w == 2) {
			for my $v (@{$a->{vars}}) {
				return "I7 step $k: after exec $actor.$v->{name} is " . ($v->{change} // 'null')
					unless same($v->{change}, 'new_image');
			}
		}
	}
	return '';
}

sub leftovers {
	my @left;
	for my $p (glob '/proc/[0-9]*') {
		my $exe = readlink("$p/exe") // '';
		push @left, $p if $exe eq $bin;
	}
	return @left;
}

for my $who ('nobody', $root ? 'root' : ()) {
	for my $i (0 .. $runs - 1) {
		my $seed = $seed0 + $i;
		$state = $seed;
		my $text = generate();
		my $file = "$dir/s$seed.scn";
		open(my $fh, '>', $file) or die $!;
		print $fh $text;
		close $fh;
		chmod 0644, $file;
		my ($rc, $head, @steps) = run_json($file, $who);
		$label = "seed $seed ($who)";
		my $bad = $rc != 0 ? "exit status $rc" : check_run(\@steps, $head);
		$n++;
		if ($bad) {
			print "not ok $n - seed $seed ($who): $bad\n";
			print "#   $_\n" for split /\n/, $text;
		} else {
			print "ok $n - seed $seed ($who): every invariant holds over ", scalar @steps - 1, " steps\n";
		}
	}
}
# The same invariants on every built-in demo.
my @demos = map { (split ' ')[0] } `$bin --list`;
for my $who ('nobody', $root ? 'root' : ()) {
	for my $d (@demos) {
		my ($rc, $head, @steps) = run_json($d, $who);
		$label = "demo $d ($who)";
		my $bad = $rc != 0 ? "exit status $rc" : check_run(\@steps, $head);
		$n++;
		print(($bad ? "not ok" : "ok") . " $n - demo $d ($who): " . ($bad || "every invariant holds") . "\n");
	}
}
$n++;
print "# I9: $_\n" for @idle_faults;
if (@idle_faults * 50 <= $idle_counts) {
	print "ok $n - I9: ", scalar @idle_faults, " of $idle_counts counts of processes that did not act are above 0 (at most 1 in 50)\n";
} else {
	print "not ok $n - I9: ", scalar @idle_faults, " of $idle_counts counts of processes that did not act are above 0 (at most 1 in 50)\n";
}
$n++;
my @left = leftovers();
print((@left ? "not ok" : "ok") . " $n - no forkscope process left after the property runs\n");
print "1..$n\n";
