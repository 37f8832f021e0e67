#!/usr/bin/perl
# SPDX-License-Identifier: MIT
# panes.pl - read a captured forkscope screen of two process columns, and
# the page tables of the processes it shows, and print one line per fact of
# every pane and every variable: "FACT<TAB>GOT<TAB>WANT" (tests/panes.t).
#   perl panes.pl SCREEN CHANGED SHARED
# CHANGED: the values this step changed, as "proc:var,proc:var" (in the
# scenarios of panes.t a write that changes a value also copies its page).
# SHARED: the variables whose pages the step leaves shared by the two
# processes ("x,y"): the kernel must map them 2+ times, the others once.
# Frame facts are printed only when the screen shows frame numbers.
use strict;
use warnings;
use utf8;
no warnings qw(portable);
use open qw(:std :encoding(UTF-8));

my ($file, $changed, $shared) = @ARGV;
my %changed = map { $_ => 1 } split /,/, $changed // '';
my %shared = map { $_ => 1 } split /,/, $shared // '';
open(my $fh, '<', $file) or die "$file: $!";
my @lines = <$fh>;
chomp @lines;
my $page = `getconf PAGESIZE` + 0 || 4096;

# The gutter between the columns: its two-glyph mark on variable rows.
my $gut;
for (@lines) {
	if (/^(.*?)(≠≠|══|≡≡|\?\?) \S+ \S+ = /) {
		$gut = length $1;
		last;
	}
}
die "no gutter mark on the screen\n" unless defined $gut;
my @col = (sub { substr($_[0], 0, $gut - 1) },
	   sub { length($_[0]) > $gut + 3 ? substr($_[0], $gut + 3) : '' });

# Names and pids from the name row; variables from their rows.
my (@name, @pid, @vars, %gutter);
for my $i (0 .. $#lines) {
	my $l = $lines[$i];
	if ($l =~ /─.*pid \d+.*─.*pid \d+/) {
		for my $c (0, 1) {
			my $t = $col[$c]->($l);
			$t =~ /^\s*(?:▶ )?(\S+)/ and $name[$c] = $1;
			$t =~ /pid (\d+)/ and $pid[$c] = $1;
		}
		next;
	}
	next unless defined $name[1];
	my $g = length($l) > $gut + 1 ? substr($l, $gut, 2) : '';
	for my $c (0, 1) {
		my $t = $col[$c]->($l);
		next unless $t =~ /^\s*(\w+) \w+ = (\S+)( ◆)?\s+pfn (\S+)( ◆)?/;
		my $v = { c => $c, name => $1, value => $2, vmark => !!$3, pfn => $4,
			  pmark => !!$5, words => '' };
		# The variable's words: the column's next rows, up to a blank one.
		for (my $j = $i + 1; $j <= $#lines; $j++) {
			my $w = $col[$c]->($lines[$j]);
			last if $w =~ /^\s*$/;
			$v->{words} .= " $w";
		}
		$v->{addr} = $v->{words} =~ /addr (0x[0-9a-f]+)/ ? hex $1 : undef;
		push @vars, $v;
		$gutter{$v->{name}} = $g if $c == 1;
	}
}
die "no variables on the screen\n" unless @vars;

# What the kernel maps at addr in pid: (frame, exclusive), frame 0 if hidden.
sub kernel {
	my ($pid, $addr) = @_;
	open(my $pm, '<:raw', "/proc/$pid/pagemap") or return (undef, undef);
	sysseek($pm, int($addr / $page) * 8, 0) or return (undef, undef);
	sysread($pm, my $e, 8) == 8 or return (undef, undef);
	my $x = unpack('Q<', $e);
	return ($x & ((1 << 55) - 1), ($x >> 56) & 1);
}

# How many times the kernel maps a frame, or undef where it will not say.
sub mapcount {
	my ($pfn) = @_;
	open(my $kc, '<:raw', '/proc/kpagecount') or return undef;
	sysseek($kc, $pfn * 8, 0) or return undef;
	sysread($kc, my $e, 8) == 8 or return undef;
	return unpack('Q<', $e);
}

my (%frame, %excl);
for my $v (@vars) {
	my ($f, $x) = defined $v->{addr} ? kernel($pid[$v->{c}], $v->{addr}) : ();
	$frame{"$v->{c}:$v->{name}"} = $f;
	$excl{"$v->{c}:$v->{name}"} = $x;
}
my $hidden = grep { $_->{pfn} eq 'hidden' } @vars;
for my $v (@vars) {
	my ($c, $n) = ($v->{c}, $v->{name});
	my $who = "$name[$c]'s $n";
	my $other = $name[1 - $c];
	my ($mine, $theirs) = ($frame{"$c:$n"}, $frame{(1 - $c) . ":$n"});
	print "$who: the value carries the change mark exactly when the step changed it\t",
	      ($v->{vmark} ? 'mark' : 'none'), "\t",
	      ($changed{"$name[$c]:$n"} ? 'mark' : 'none'), "\n";
	print "$who: its address is on screen, to ask the kernel\t",
	      (defined $v->{addr} ? 'yes' : 'no'), "\tyes\n";
	print "$who: alone on its page, which the kernel maps ",
	      ($shared{$n} ? "2+ times (still shared)" : "once"), "\t",
	      ($excl{"$c:$n"} // 'unknown'), "\t", ($shared{$n} ? 0 : 1), "\n";
	if ($hidden) {
		print "$who: the frame is said to be hidden\t$v->{pfn}\thidden\n";
		next unless defined $excl{"$c:$n"};
		print "$who: mapped once or 2+ times, as the kernel's exclusive bit says\t",
		      ($v->{words} =~ /PFN hidden; (mapped once|mapped 2\+ times)/ ? $1 : 'no words'),
		      "\t", ($excl{"$c:$n"} ? 'mapped once' : 'mapped 2+ times'), "\n";
		next;
	}
	printf "%s: the pane shows the frame the kernel maps for this process\t%s\t0x%x\n",
	       $who, $v->{pfn}, $mine // 0;
	print "$who: the frame carries the change mark exactly when the step changed it\t",
	      ($v->{pmark} ? 'mark' : 'none'), "\t",
	      ($changed{"$name[$c]:$n"} ? 'mark' : 'none'), "\n";
	my $count = mapcount($mine);
	print "$who: 'mapped once' or 'mapped N times', as /proc/kpagecount counts\t",
	      ($v->{words} =~ /(mapped once|mapped \d+ times)/ ? $1 : 'no words'), "\t",
	      ($count == 1 ? 'mapped once' : "mapped $count times"), "\n" if defined $count;
	next unless defined $mine && defined $theirs;
	print "$who: 'same frame as $other' exactly when the kernel maps one frame\t",
	      ($v->{words} =~ /same frame as \Q$other\E/ ? 'same' : 'not said'), "\t",
	      ($mine == $theirs ? 'same' : 'not said'), "\n";
	print "$n: the gutter mark says whether the two frames are one\t",
	      $gutter{$n} // '', "\t", ($mine == $theirs ? '══' : '≠≠'), "\n" if $c == 1;
}
