/* SPDX-License-Identifier: MIT */
/* contrast.c - the WCAG contrast of every TUI role, computed from the RGB
 * values terminals show for the palette numbers theme.c picks: xterm's
 * 256-colour palette, and for the 8- and 16-colour fallbacks the usual
 * 16-colour palettes (xterm's, and VTE's Tango) with xterm's habit of
 * showing bold text in the bright variant of colours 0-7.
 * Prints one line per theme, depth and palette: "ok ..." or "not ok ...". */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "theme.h"

struct rgb { int r, g, b; };

static const struct rgb xterm16[16] = {
	{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 },
	{ 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 },
	{ 127, 127, 127 }, { 255, 0, 0 }, { 0, 255, 0 }, { 255, 255, 0 },
	{ 92, 92, 255 }, { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
};
static const struct rgb tango16[16] = {
	{ 0, 0, 0 }, { 204, 0, 0 }, { 78, 154, 6 }, { 196, 160, 0 },
	{ 52, 101, 164 }, { 117, 80, 123 }, { 6, 152, 154 }, { 211, 215, 207 },
	{ 85, 87, 83 }, { 239, 41, 41 }, { 138, 226, 52 }, { 252, 233, 79 },
	{ 114, 159, 207 }, { 173, 127, 168 }, { 52, 226, 226 }, { 238, 238, 236 },
};

static const char *const role_names[R_COUNT] = {
	"normal", "title", "label", "changed", "fault", "shared", "warn", "error",
	"replay", "key", "good", "bad", "proc0", "proc1", "proc2", "proc3",
};

/* The 16 colours of palette base, or from 16 up xterm's (theme.c's table). */
static struct rgb colour(int n, const struct rgb *base)
{
	unsigned long v = theme_rgb(n);
	struct rgb c = { (int)(v >> 16), (int)(v >> 8 & 0xff), (int)(v & 0xff) };

	return n < 16 ? base[n] : c;
}

static double channel(int v)
{
	double c = v / 255.0;

	return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(struct rgb c)
{
	return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

static double ratio(struct rgb a, struct rgb b)
{
	double la = luminance(a), lb = luminance(b);

	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* Check every role of one theme at one depth on one palette. */
static int check(bool light, int ncolors, const char *pname, const struct rgb *base)
{
	char bad[2048] = "";
	double worst = 100;
	short bg0 = theme_look(light, ncolors, R_NORMAL).bg;

	for (int r = 0; r < R_COUNT; r++) {
		struct theme_look l = theme_look(light, ncolors, r);
		bool bold = l.attrs & A_BOLD;
		double need = bold ? 3.0 : 4.5;
		double got = ratio(colour(l.fg, base), colour(l.bg, base));

		/* xterm shows bold text in colours 0-7 in the bright variant. */
		if (bold && l.fg < 8 && base == xterm16)
			got = fmin(got, ratio(colour(l.fg + 8, base), colour(l.bg, base)));
		if (l.fg < 0 || l.bg < 0 || l.fg >= ncolors || l.bg >= ncolors)
			got = 0;
		/* Every role but the title bar is on the theme's own background. */
		if (r != R_TITLE && l.bg != bg0)
			got = 0;
		worst = fmin(worst, got);
		if (got < need)
			snprintf(bad + strlen(bad), sizeof(bad) - strlen(bad),
				 " %s %.2f<%.1f", role_names[r], got, need);
	}
	printf("%s %s theme, %d colours, %s palette: lowest contrast %.2f:1%s\n",
	       bad[0] ? "not ok" : "ok", light ? "light" : "dark", ncolors, pname,
	       worst, bad);
	return bad[0] != 0;
}

/* Black text in bold shows as xterm's grey with 8 or 16 colours: on the
 * light theme no role may be bold black there (values, names and keys are
 * the text a hall must read first). */
static int check_no_grey_bold(int ncolors)
{
	char bad[512] = "";

	for (int r = 0; r < R_COUNT; r++) {
		struct theme_look l = theme_look(true, ncolors, r);

		if (l.fg == 0 && (l.attrs & A_BOLD))
			snprintf(bad + strlen(bad), sizeof(bad) - strlen(bad), " %s", role_names[r]);
	}
	printf("%s light theme, %d colours: no role is bold black, which xterm shows grey%s\n",
	       bad[0] ? "not ok" : "ok", ncolors, bad);
	return bad[0] != 0;
}

int main(void)
{
	int failed = 0;

	failed += check_no_grey_bold(16);
	failed += check_no_grey_bold(8);

	for (int light = 0; light <= 1; light++) {
		failed += check(light, 256, "xterm-256", xterm16);
		failed += check(light, 16, "xterm", xterm16);
		failed += check(light, 16, "Tango (VTE)", tango16);
		failed += check(light, 8, "xterm", xterm16);
		failed += check(light, 8, "Tango (VTE)", tango16);
	}
	return failed != 0;
}
