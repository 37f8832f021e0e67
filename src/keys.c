/* SPDX-License-Identifier: MIT */
/* keys.c - the key tables. The steps screen takes what presenter remotes
 * send (PgDn, PgUp, Enter, b and .) besides the keyboard's keys. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "keys.h"

#define CTRL(c) ((c) & 0x1f)
#define KEY_ESCAPE 27

/* In table order; the footer drops the last rows first when short of room. */
static const struct key_row steps[] = {
	{ A_NEXT, { ' ', KEY_RIGHT, KEY_DOWN, KEY_NPAGE, '\r', 'n' }, "next",
	  "next step: run it on the processes" },
	{ A_PREV, { KEY_LEFT, KEY_UP, KEY_PPAGE, KEY_BACKSPACE, 'p' }, "back",
	  "previous step: a replay of what was measured" },
	{ A_HELP, { '?', KEY_F(1) }, "help", "this help" },
	{ A_QUIT, { 'q' }, "quit", "quit" },
	{ A_GRID, { 'g' }, "grid",
	  "the page grid of many-page variables, or the panes of all variables (toggles)" },
	{ A_MAIN, { 'm' }, "main line", "back to the demo's main line after a what-if" },
	{ A_OTHERS, { 'o' }, "others", "show the processes that do not fit" },
	{ A_TEXT, { 'a' }, "all text", "read the whole about text and narration" },
	{ A_COMMAND, { ':' }, "type",
	  "type a step; after going back, a what-if on rebuilt processes" },
	{ A_HOME, { KEY_HOME, KEY_F(5) }, "restart", "restart on fresh processes" },
	{ A_END, { KEY_END }, "all", "run to the end" },
	{ A_PICKER, { '\t' }, "demos", "choose another demo" },
	{ A_BLANK, { 'b', '.' }, NULL, "blank the screen (a remote's black key)" },
	{ A_REDRAW, { CTRL('L') }, NULL, "redraw the screen" },
};

static const struct key_row picker[] = {
	{ A_DOWN, { KEY_DOWN, 'j', KEY_NPAGE, ' ' }, "next", "next demo" },
	{ A_UP, { KEY_UP, 'k', KEY_PPAGE }, "previous", "previous demo" },
	{ A_OPEN, { '\r', KEY_RIGHT }, "open", "open the chosen demo" },
	{ A_BACK, { KEY_ESCAPE, '\t' }, "back", "back to the demo that is open" },
	{ A_HELP, { '?', KEY_F(1) }, "help", "this help" },
	{ A_QUIT, { 'q' }, "quit", "quit (when no demo is open)" },
	{ A_FIRST, { KEY_HOME }, NULL, "first demo" },
	{ A_LAST, { KEY_END }, NULL, "last demo" },
	{ A_REDRAW, { CTRL('L') }, NULL, "redraw the screen" },
};

const struct key_row *keys_table(enum keys_screen s, int *n)
{
	*n = s == KS_PICKER ? (int)(sizeof(picker) / sizeof(picker[0])) :
			      (int)(sizeof(steps) / sizeof(steps[0]));
	return s == KS_PICKER ? picker : steps;
}

enum act keys_act(enum keys_screen s, int key)
{
	int n;
	const struct key_row *t = keys_table(s, &n);

	/* Terminals send Enter as CR, LF or KEY_ENTER: one key. */
	if (key == '\n' || key == KEY_ENTER)
		key = '\r';
	if (key == 127 || key == CTRL('H'))
		key = KEY_BACKSPACE;
	for (int i = 0; i < n; i++)
		for (int k = 0; k < KEYS_PER_ACT && t[i].keys[k]; k++)
			if (t[i].keys[k] == key)
				return t[i].act;
	return A_NONE;
}

const char *keys_name(int key)
{
	static const struct { int key; const char *name; } names[] = {
		{ ' ', "Space" }, { '\r', "Enter" }, { '\t', "Tab" }, { KEY_ESCAPE, "Esc" },
		{ KEY_RIGHT, "Right" }, { KEY_LEFT, "Left" }, { KEY_UP, "Up" },
		{ KEY_DOWN, "Down" }, { KEY_NPAGE, "PgDn" }, { KEY_PPAGE, "PgUp" },
		{ KEY_HOME, "Home" }, { KEY_END, "End" }, { KEY_BACKSPACE, "Backspace" },
	};
	static char buf[16];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].key == key)
			return names[i].name;
	if (key >= KEY_F(1) && key <= KEY_F(12))
		snprintf(buf, sizeof(buf), "F%d", key - KEY_F(0));
	else if (key > 0 && key < 0x20)
		snprintf(buf, sizeof(buf), "Ctrl-%c", key + '@');
	else
		snprintf(buf, sizeof(buf), "%c", key);
	return buf;
}

int keys_footer(enum keys_screen s, const bool *shown, int width, char *buf, size_t len)
{
	int n, used = 0;
	const struct key_row *t = keys_table(s, &n);
	bool take[32] = { false };

	/* Rows are taken in order while they fit; all hints are ASCII. */
	for (int i = 0; i < n && i < 32; i++) {
		int w;

		if (!t[i].hint || !shown[t[i].act])
			continue;
		w = (int)(strlen(keys_name(t[i].keys[0])) + 1 + strlen(t[i].hint)) + (used ? 2 : 0);
		if (used + w > width)
			break;
		take[i] = true;
		used += w;
	}
	buf[0] = '\0';
	for (int i = 0; i < n && i < 32; i++)
		if (take[i])
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s %s",
				 buf[0] ? "  " : "", keys_name(t[i].keys[0]), t[i].hint);
	return (int)strlen(buf);
}
