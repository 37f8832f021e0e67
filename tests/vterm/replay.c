/* SPDX-License-Identifier: MIT */
/* replay.c - feed bytes a terminal was sent (standard input) to libvterm, as
 * a terminal of COLS x ROWS, and print the screen they leave: one line per
 * row in UTF-8, trailing blanks dropped. A recording's output events played
 * back this way must leave what the real terminal showed.
 * usage: replay COLS ROWS < bytes */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vterm.h>

static void put_utf8(unsigned long c, char *line, int *n)
{
	if (c < 0x80) {
		line[(*n)++] = (char)c;
	} else if (c < 0x800) {
		line[(*n)++] = (char)(0xC0 | c >> 6);
		line[(*n)++] = (char)(0x80 | (c & 0x3F));
	} else if (c < 0x10000) {
		line[(*n)++] = (char)(0xE0 | c >> 12);
		line[(*n)++] = (char)(0x80 | (c >> 6 & 0x3F));
		line[(*n)++] = (char)(0x80 | (c & 0x3F));
	} else {
		line[(*n)++] = (char)(0xF0 | c >> 18);
		line[(*n)++] = (char)(0x80 | (c >> 12 & 0x3F));
		line[(*n)++] = (char)(0x80 | (c >> 6 & 0x3F));
		line[(*n)++] = (char)(0x80 | (c & 0x3F));
	}
}

int main(int argc, char **argv)
{
	int cols = argc == 3 ? atoi(argv[1]) : 0, rows = argc == 3 ? atoi(argv[2]) : 0;
	VTerm *vt;
	VTermScreen *scr;
	char buf[65536], *line;
	size_t n;

	if (cols <= 0 || rows <= 0) {
		fprintf(stderr, "usage: replay COLS ROWS < bytes\n");
		return 2;
	}
	vt = vterm_new(rows, cols);
	vterm_set_utf8(vt, 1);
	scr = vterm_obtain_screen(vt);
	vterm_screen_enable_altscreen(scr, 1);
	vterm_screen_reset(scr, 1);
	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0)
		vterm_input_write(vt, buf, n);
	line = malloc((size_t)cols * 4 + 1);
	if (!line)
		return 1;
	for (int r = 0; r < rows; r++) {
		int len = 0, end = 0;

		for (int c = 0; c < cols; c++) {
			VTermScreenCell cell;
			VTermPos pos = { r, c };

			vterm_screen_get_cell(scr, pos, &cell);
			if (cell.chars[0] == (uint32_t)-1)
				continue;       /* the right half of a wide character */
			put_utf8(cell.chars[0] ? cell.chars[0] : ' ', line, &len);
			if (cell.chars[0] && cell.chars[0] != ' ')
				end = len;
			if (cell.width == 2)
				c++;
		}
		line[end] = '\0';
		puts(line);
	}
	free(line);
	vterm_free(vt);
	return 0;
}
