/* SPDX-License-Identifier: MIT */
/* picker.c - choosing a demo: every built-in demo and "explore" (each also
 * a name for the command line), the highlighted one's about text below the
 * list, which scrolls when the terminal is short. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "demos.h"
#include "draw.h"
#include "paint.h"
#include "picker.h"
#include "scenario.h"
#include "theme.h"

#define ABOUT_MIN 3             /* rows the about text keeps */

struct picker {
	int pick, n;
	struct scenario scn;    /* the highlighted demo, parsed for its about */
	int parsed;             /* which entry scn holds, or -1 */
};

struct picker *picker_new(void)
{
	struct picker *pk = calloc(1, sizeof(*pk));

	if (!pk)
		return NULL;
	while (demo_table[pk->n].name)
		pk->n++;
	pk->n++;                /* and explore, the last */
	pk->parsed = -1;
	return pk;
}

void picker_free(struct picker *pk)
{
	free(pk);
}

static const char *entry_name(int i)
{
	return demo_table[i].name ? demo_table[i].name : DEMOS_EXPLORE;
}

void picker_select(struct picker *pk, const char *name)
{
	for (int i = 0; i < pk->n; i++)
		if (strcmp(entry_name(i), name) == 0)
			pk->pick = i;
}

const char *picker_name(const struct picker *pk)
{
	return entry_name(pk->pick);
}

enum act picker_key(struct picker *pk, int key)
{
	enum act a = keys_act(KS_PICKER, key);

	if (a == A_UP)
		pk->pick = (pk->pick + pk->n - 1) % pk->n;
	else if (a == A_DOWN)
		pk->pick = (pk->pick + 1) % pk->n;
	else if (a == A_FIRST)
		pk->pick = 0;
	else if (a == A_LAST)
		pk->pick = pk->n - 1;
	return a;
}

/* Columns of the longest entry name. */
static int name_width(const struct picker *pk)
{
	int w = 0;

	for (int i = 0; i < pk->n; i++)
		w = (int)strlen(entry_name(i)) > w ? (int)strlen(entry_name(i)) : w;
	return w;
}

/* The highlighted entry's about text. */
static const char *about_text(struct picker *pk)
{
	char err[TEXT_MAX + 256];

	if (pk->parsed != pk->pick) {
		pk->parsed = -1;
		if (demos_load(&pk->scn, entry_name(pk->pick), err, sizeof(err)) != 0)
			return "";
		pk->parsed = pk->pick;
	}
	return pk->scn.about;
}

void picker_draw(struct picker *pk, bool can_back, const char *notice)
{
	int W = COLS, H = LINES, rows, first = 0, about_rows, y = 1;
	const char *about;
	bool shown[A_COUNT];
	char buf[TEXT_MAX + 64];

	about = about_text(pk);
	erase();
	paint_blank(0, 0, W, theme_attr(R_TITLE));
	paint_text(0, 0, W, theme_attr(R_TITLE), " forkscope  choose a demo");
	if (notice)
		y += paint_wrap(y, 1, W - 2, 2, theme_attr(R_WARN), notice);
	/* The list gets the room the about text leaves, at least ABOUT_MIN. */
	about_rows = paint_wrap(-1, 0, W - 6, H, 0, about) + 1;
	rows = H - y - 1 - about_rows;
	if (rows < pk->n) {
		rows = H - y - 1 - ABOUT_MIN - 1;
		rows = rows > pk->n ? pk->n : rows;
	}
	rows = rows > pk->n ? pk->n : rows;
	about_rows = H - y - 1 - rows - 1;
	if (pk->pick >= rows)
		first = pk->pick - rows + 1;
	for (int i = first; i < pk->n && i < first + rows; i++, y++) {
		const char *t = i == pk->n - 1 ? "an empty scenario: type steps with :" : NULL;
		char tb[TEXT_MAX];

		if (!t) {
			demos_title(&demo_table[i], tb, sizeof(tb));
			t = tb;
		}
		snprintf(buf, sizeof(buf), "%s %-*s  %s", i == pk->pick ? theme_glyph(G_STEP) : " ",
			 name_width(pk), entry_name(i), t);
		paint_text(y, 2, W - 4, theme_attr(i == pk->pick ? R_CHANGED : R_NORMAL), buf);
	}
	if (about_rows > 0)
		paint_wrap(y + 1, 4, W - 6, about_rows, theme_attr(R_LABEL), about);
	for (int i = 0; i < A_COUNT; i++)
		shown[i] = true;
	shown[A_BACK] = can_back;
	shown[A_QUIT] = !can_back;
	snprintf(buf, sizeof(buf), "%d of %d", pk->pick + 1, pk->n);
	draw_footer(KS_PICKER, shown, buf);
	refresh();
}
