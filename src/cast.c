/* SPDX-License-Identifier: MIT */
/* cast.c - the asciicast v2 writer. Times are seconds on the monotonic
 * clock since cast_open; strings go through the text module's JSON writer,
 * which keeps every byte the terminal got (escape sequences as \u001b). A
 * UTF-8 sequence split between two reads of the terminal's output is held
 * back until it is whole, as JSON strings must be valid UTF-8. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cast.h"
#include "outfile.h"
#include "text.h"

#define CAST_FLUSH (64L * 1024)  /* write out before the events grow past this */

struct cast {
	struct outfile file;
	struct timespec start;
	FILE *events;           /* the lines not written yet */
	char *buf;
	size_t len;
	char held[4];           /* the start of a UTF-8 sequence cut off */
	size_t nheld;
	int err;                /* of the first write that failed */
};

static double elapsed(const struct cast *c)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - c->start.tv_sec) +
	       (double)(now.tv_nsec - c->start.tv_nsec) / 1e9;
}

/* Write the pending lines to the file, each line whole. */
static void flush_events(struct cast *c)
{
	if (fflush(c->events) != 0 && !c->err)
		c->err = ENOMEM;
	if (!c->err && c->len)
		c->err = outfile_write(&c->file, c->buf, c->len);
	rewind(c->events);
	c->len = 0;
}

/* The bytes at the end of buf (at most 3) that begin a UTF-8 sequence
 * whose rest has not come yet. */
static size_t cut_off(const char *buf, size_t len)
{
	for (size_t back = 1; back <= 3 && back <= len; back++) {
		unsigned char b = (unsigned char)buf[len - back];
		size_t need;

		if ((b & 0xC0) == 0x80)
			continue;       /* a continuation byte: look further back */
		need = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 && b <= 0xEF ? 3 :
		       b >= 0xC2 && b <= 0xDF ? 2 : 1;
		return need > back ? back : 0;
	}
	return 0;
}

static void event(struct cast *c, const char *code, const char *data, size_t len)
{
	fprintf(c->events, "[%.6f, \"%s\", ", elapsed(c), code);
	text_json_bytes(c->events, data, len);
	fputs("]\n", c->events);
}

struct cast *cast_open(const char *path, int width, int height, const char *title,
		       char *err, size_t errlen)
{
	struct cast *c = calloc(1, sizeof(*c));
	const char *term = getenv("TERM");

	if (!c || !(c->events = open_memstream(&c->buf, &c->len))) {
		free(c);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (outfile_open(&c->file, path, err, errlen) < 0) {
		fclose(c->events);
		free(c->buf);
		free(c);
		return NULL;
	}
	clock_gettime(CLOCK_MONOTONIC, &c->start);
	fprintf(c->events, "{\"version\": 2, \"width\": %d, \"height\": %d, "
		"\"timestamp\": %lld, \"title\": ", width, height, (long long)time(NULL));
	text_json(c->events, title);
	fputs(", \"env\": {\"TERM\": ", c->events);
	text_json(c->events, term ? term : "");
	fputs("}}\n", c->events);
	flush_events(c);
	/* At its name from the start: a session cut short leaves it there. */
	if (c->err || outfile_place(&c->file, err, errlen) < 0) {
		if (c->err)
			snprintf(err, errlen, "%s: %s", path, strerror(c->err));
		c->err = EIO;
		cast_close(c);
		return NULL;
	}
	return c;
}

void cast_output(struct cast *c, const char *buf, size_t len)
{
	char *all = malloc(c->nheld + len + 1);
	size_t n = c->nheld + len, keep;

	if (!all) {
		c->err = c->err ? c->err : ENOMEM;
		return;
	}
	memcpy(all, c->held, c->nheld);
	memcpy(all + c->nheld, buf, len);
	keep = cut_off(all, n);
	memcpy(c->held, all + n - keep, keep);
	c->nheld = keep;
	all[n - keep] = '\0';
	if (n > keep)
		event(c, "o", all, n - keep);
	free(all);
	if (ftell(c->events) > CAST_FLUSH)
		flush_events(c);
}

void cast_marker(struct cast *c, const char *label)
{
	event(c, "m", label, strlen(label));
	flush_events(c);
}

void cast_resize(struct cast *c, int width, int height)
{
	char size[32];

	snprintf(size, sizeof(size), "%dx%d", width, height);
	event(c, "r", size, strlen(size));
}

void cast_forget(struct cast *c)
{
	fclose(c->events);
	free(c->buf);
	outfile_close(&c->file);        /* placed: only the descriptor goes */
	free(c);
}

int cast_close(struct cast *c)
{
	int err, cerr;

	if (c->nheld) {         /* a sequence that never ended: U+FFFD each */
		c->held[c->nheld] = '\0';
		event(c, "o", c->held, c->nheld);
	}
	flush_events(c);
	fclose(c->events);
	free(c->buf);
	cerr = outfile_close(&c->file);
	err = c->err ? c->err : cerr;
	free(c);
	return err;
}
