/* SPDX-License-Identifier: MIT */
/* cells.c - run a program in a pseudo-terminal, feed what it writes to
 * libvterm, and report the attributes of the cells that show a given text:
 * a check that marks are bold and reverse, not colour alone.
 * usage: cells EXPECT KEYS PROBE -- COMMAND [ARGS...]
 * Waits for "step 0/", types KEYS, waits for EXPECT and PROBE on the screen, prints
 * "PROBE: CODES" (per cell: R bold+reverse, r reverse, b bold, . plain) and
 * "coloured cells: N" and "background: #RRGGBB" (the most common one), and
 * types q. Exit 1 if EXPECT never shows.
 * With CELLS_BG=RRRR/GGGG/BBBB in the environment it answers a background
 * colour query (OSC 11) as a terminal with that background would, and the
 * device attributes query (DA1) that follows it. */
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vterm.h>

#define ROWS 24
#define COLS 80

static VTerm *vt;
static VTermScreen *scr;
static char rows[ROWS][COLS * 4 + 1];
static int col_of[ROWS][COLS * 4 + 1];     /* byte offset -> cell column */

static void snapshot(void)
{
	for (int r = 0; r < ROWS; r++) {
		int n = 0;
		for (int c = 0; c < COLS; c++) {
			VTermScreenCell cell;
			VTermPos pos = { r, c };
			uint32_t ch;

			vterm_screen_get_cell(scr, pos, &cell);
			ch = cell.chars[0] ? cell.chars[0] : ' ';
			col_of[r][n] = c;
			if (ch < 0x80) {
				rows[r][n++] = (char)ch;
			} else if (ch < 0x800) {
				rows[r][n++] = (char)(0xC0 | ch >> 6);
				rows[r][n++] = (char)(0x80 | (ch & 0x3F));
			} else {
				rows[r][n++] = (char)(0xE0 | ch >> 12);
				rows[r][n++] = (char)(0x80 | ((ch >> 6) & 0x3F));
				rows[r][n++] = (char)(0x80 | (ch & 0x3F));
			}
		}
		rows[r][n] = '\0';
	}
}

static int find(const char *text, int *row, int *col)
{
	snapshot();
	for (int r = 0; r < ROWS; r++) {
		char *p = strstr(rows[r], text);
		if (p) {
			*row = r;
			*col = col_of[r][p - rows[r]];
			return 1;
		}
	}
	return 0;
}

/* Answer the terminal queries in what the program wrote. */
static void answer(int fd, const char *buf, size_t n)
{
	static char seen[64];
	const char *bg = getenv("CELLS_BG");
	char reply[96];

	if (bg && !*bg)
		bg = NULL;
	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(seen);

		if (k + 1 >= sizeof(seen))
			memmove(seen, seen + 1, k--);
		seen[k] = buf[i];
		seen[k + 1] = '\0';
		if (bg && strstr(seen, "\033]11;?")) {
			snprintf(reply, sizeof(reply), "\033]11;rgb:%s\033\\", bg);
			if (write(fd, reply, strlen(reply)) < 0)
				return;
			seen[0] = '\0';
		} else if (strstr(seen, "\033[c")) {
			if (write(fd, "\033[?1;2c", 7) < 0)
				return;
			seen[0] = '\0';
		}
	}
}

/* The background colour most cells have, as #RRGGBB. */
static void background(char *buf, size_t len)
{
	static unsigned count[1 << 12];
	unsigned best = 0;
	VTermColor rgb[1 << 12];

	for (int i = 0; i < ROWS; i++)
		for (int j = 0; j < COLS; j++) {
			VTermScreenCell cell;
			VTermPos pos = { i, j };
			unsigned key;

			vterm_screen_get_cell(scr, pos, &cell);
			vterm_screen_convert_color_to_rgb(scr, &cell.bg);
			key = (cell.bg.rgb.red >> 4) << 8 | (cell.bg.rgb.green >> 4) << 4 |
			      cell.bg.rgb.blue >> 4;
			rgb[key] = cell.bg;
			if (++count[key] > count[best])
				best = key;
		}
	snprintf(buf, len, "#%02x%02x%02x", rgb[best].rgb.red, rgb[best].rgb.green,
		 rgb[best].rgb.blue);
}

/* Read for up to ms milliseconds, or until text shows. */
static int wait_for(int fd, const char *text, int ms)
{
	char buf[4096];
	int r, c;

	for (int waited = 0; waited < ms; waited += 50) {
		struct pollfd pf = { fd, POLLIN, 0 };
		if (find(text, &r, &c))
			return 1;
		if (poll(&pf, 1, 50) > 0) {
			ssize_t n = read(fd, buf, sizeof(buf));
			if (n <= 0)
				break;
			answer(fd, buf, (size_t)n);
			vterm_input_write(vt, buf, (size_t)n);
		}
	}
	return find(text, &r, &c);
}

int main(int argc, char **argv)
{
	struct winsize ws = { .ws_row = ROWS, .ws_col = COLS };
	int fd, r, c, coloured = 0, width;
	pid_t pid;

	if (argc < 6 || strcmp(argv[4], "--") != 0) {
		fprintf(stderr, "usage: cells EXPECT KEYS PROBE -- COMMAND [ARGS...]\n");
		return 2;
	}
	vt = vterm_new(ROWS, COLS);
	vterm_set_utf8(vt, 1);
	scr = vterm_obtain_screen(vt);
	vterm_screen_reset(scr, 1);
	pid = forkpty(&fd, NULL, NULL, &ws);
	if (pid == 0) {
		execvp(argv[5], argv + 5);
		_exit(127);
	}
	if (pid < 0 || !wait_for(fd, "step 0/", 10000))
		return 1;
	/* The probe too: ncurses paints top to bottom, so the title's step
	 * number can arrive before the row being probed. */
	if (write(fd, argv[2], strlen(argv[2])) < 0 || !wait_for(fd, argv[1], 10000) ||
	    !wait_for(fd, argv[3], 10000)) {
		for (int i = 0; i < ROWS; i++)
			printf("# %s\n", rows[i]);
		kill(pid, SIGTERM);
		return 1;
	}
	if (find(argv[3], &r, &c)) {
		/* Count cells, not bytes, in the probe. */
		width = 0;
		for (const char *p = argv[3]; *p; p++)
			width += ((unsigned char)*p & 0xC0) != 0x80;
		printf("%s: ", argv[3]);
		for (int i = 0; i < width; i++) {
			VTermScreenCell cell;
			VTermPos pos = { r, c + i };
			vterm_screen_get_cell(scr, pos, &cell);
			putchar(cell.attrs.bold && cell.attrs.reverse ? 'R' :
				cell.attrs.reverse ? 'r' : cell.attrs.bold ? 'b' : '.');
		}
		putchar('\n');
	}
	for (int i = 0; i < ROWS; i++)
		for (int j = 0; j < COLS; j++) {
			VTermScreenCell cell;
			VTermPos pos = { i, j };
			vterm_screen_get_cell(scr, pos, &cell);
			coloured += !VTERM_COLOR_IS_DEFAULT_FG(&cell.fg) ||
				    !VTERM_COLOR_IS_DEFAULT_BG(&cell.bg);
		}
	printf("coloured cells: %d\n", coloured);
	{
		char bg[16];
		background(bg, sizeof(bg));
		printf("background: %s\n", bg);
	}
	if (write(fd, "q", 1) < 0)
		kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	vterm_free(vt);
	return 0;
}
