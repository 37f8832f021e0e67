/* SPDX-License-Identifier: MIT */
/* fuzz_render.c - libFuzzer harness for everything that prints text that came
 * from a file or a process: the --check message, the plain transcript and the
 * JSON Lines. Any bytes go into a scenario and into every text field of a
 * snapshot; the contract checked is:
 *   - the message and the plain output hold no control byte but '\n', no C1
 *     control, no bidi or other hidden character, and are valid UTF-8 (pure
 *     ASCII when the output is not UTF-8);
 *   - every JSON line is valid UTF-8 and strict JSON (RFC 8259).
 * Build and run: make fuzz (see the Makefile). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "text.h"
#include "view.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) __builtin_trap(); } while (0)

/* --- what a terminal may receive --- */
static void check_terminal_text(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		int len;

		CHECK(c != 0);
		CHECK(c == '\n' || (c >= 0x20 && c != 0x7F));
		CHECK(text_is_utf8() || c < 0x80);
		len = text_decode(s + i, &cp);
		CHECK(!(len == 1 && cp == TEXT_BAD));   /* valid UTF-8 */
		CHECK(cp < 0x80 || cp > 0x9F);          /* no C1 control */
		CHECK(!(cp >= 0x202A && cp <= 0x202E) && !(cp >= 0x2066 && cp <= 0x2069) &&
		      cp != 0x200E && cp != 0x200F && cp != 0x061C && cp != 0x2028 &&
		      cp != 0x2029);
		i += (size_t)len;
	}
}

/* --- a strict JSON reader: true if s[*i..] is one value --- */
static void ws(const char *s, size_t n, size_t *i)
{
	while (*i < n && (s[*i] == ' ' || s[*i] == '\t' || s[*i] == '\r' || s[*i] == '\n'))
		(*i)++;
}

static bool hex4(const char *s, size_t n, size_t i, unsigned *v)
{
	*v = 0;
	if (i + 4 > n)
		return false;
	for (size_t k = i; k < i + 4; k++) {
		char c = s[k];
		unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') :
			     c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) :
			     c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 99;
		if (d > 15)
			return false;
		*v = *v * 16 + d;
	}
	return true;
}

static bool jstring(const char *s, size_t n, size_t *i)
{
	if (*i >= n || s[*i] != '"')
		return false;
	(*i)++;
	while (*i < n && s[*i] != '"') {
		unsigned char c = (unsigned char)s[*i];
		if (c < 0x20)
			return false;
		if (c == '\\') {
			unsigned v, lo;
			if (++(*i) >= n)
				return false;
			if (strchr("\"\\/bfnrt", s[*i]) && s[*i]) {
				(*i)++;
				continue;
			}
			if (s[*i] != 'u' || !hex4(s, n, *i + 1, &v))
				return false;
			*i += 5;
			if (v >= 0xDC00 && v <= 0xDFFF)
				return false;   /* a lone low surrogate */
			if (v >= 0xD800 && v <= 0xDBFF) {
				if (*i + 1 >= n || s[*i] != '\\' || s[*i + 1] != 'u' ||
				    !hex4(s, n, *i + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF)
					return false;
				*i += 6;
			}
			continue;
		}
		{
			uint32_t cp;
			int len = text_decode(s + *i, &cp);
			if (len == 1 && cp == TEXT_BAD)
				return false;
			*i += (size_t)len;
		}
	}
	if (*i >= n)
		return false;
	(*i)++;
	return true;
}

static bool jvalue(const char *s, size_t n, size_t *i, int depth);

static bool jnumber(const char *s, size_t n, size_t *i)
{
	size_t start = *i;

	if (*i < n && s[*i] == '-')
		(*i)++;
	if (*i < n && s[*i] == '0')
		(*i)++;
	else if (*i < n && s[*i] >= '1' && s[*i] <= '9')
		while (*i < n && s[*i] >= '0' && s[*i] <= '9')
			(*i)++;
	else
		return false;
	if (*i < n && s[*i] == '.') {
		(*i)++;
		if (*i >= n || s[*i] < '0' || s[*i] > '9')
			return false;
		while (*i < n && s[*i] >= '0' && s[*i] <= '9')
			(*i)++;
	}
	if (*i < n && (s[*i] == 'e' || s[*i] == 'E')) {
		(*i)++;
		if (*i < n && (s[*i] == '+' || s[*i] == '-'))
			(*i)++;
		if (*i >= n || s[*i] < '0' || s[*i] > '9')
			return false;
		while (*i < n && s[*i] >= '0' && s[*i] <= '9')
			(*i)++;
	}
	return *i > start;
}

static bool jlist(const char *s, size_t n, size_t *i, int depth, char close, bool object)
{
	(*i)++;
	ws(s, n, i);
	if (*i < n && s[*i] == close) {
		(*i)++;
		return true;
	}
	for (;;) {
		if (object) {
			if (!jstring(s, n, i))
				return false;
			ws(s, n, i);
			if (*i >= n || s[*i] != ':')
				return false;
			(*i)++;
		}
		if (!jvalue(s, n, i, depth + 1))
			return false;
		ws(s, n, i);
		if (*i < n && s[*i] == ',') {
			(*i)++;
			ws(s, n, i);
			continue;
		}
		if (*i < n && s[*i] == close) {
			(*i)++;
			return true;
		}
		return false;
	}
}

static bool jvalue(const char *s, size_t n, size_t *i, int depth)
{
	ws(s, n, i);
	if (*i >= n || depth > 32)
		return false;
	switch (s[*i]) {
	case '{': return jlist(s, n, i, depth, '}', true);
	case '[': return jlist(s, n, i, depth, ']', false);
	case '"': return jstring(s, n, i);
	case 't': *i += 4; return *i <= n && memcmp(s + *i - 4, "true", 4) == 0;
	case 'f': *i += 5; return *i <= n && memcmp(s + *i - 5, "false", 5) == 0;
	case 'n': *i += 4; return *i <= n && memcmp(s + *i - 4, "null", 4) == 0;
	default: return jnumber(s, n, i);
	}
}

static void check_json_lines(const char *s, size_t n)
{
	size_t start = 0;

	CHECK(n > 0 && s[n - 1] == '\n');
	while (start < n) {
		size_t end = start, i = 0;
		while (s[end] != '\n')
			end++;
		CHECK(jvalue(s + start, end - start, &i, 0));
		ws(s + start, end - start, &i);
		CHECK(i == end - start);
		start = end + 1;
	}
}

/* --- filling a snapshot from the input --- */
struct cursor {
	const uint8_t *p;
	size_t left;
};

/* The next field of the input (up to a NUL), at most size-1 bytes of it:
 * any bytes at all, as a process or a file could hold them. */
static void field(struct cursor *c, char *dst, size_t size)
{
	size_t n = 0;

	while (c->left && *c->p) {
		if (n + 1 < size)
			dst[n++] = (char)*c->p;
		c->p++;
		c->left--;
	}
	if (c->left) {
		c->p++;
		c->left--;
	}
	dst[n] = '\0';
}

static void render(const struct view *v, const struct model_info *info,
		   const struct model_snap *snap, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	CHECK(out != NULL);
	v->begin(out, info, snap->nsteps);
	v->step(out, info, snap);
	v->end(out, snap->ok ? 0 : 1, 0);
	fclose(out);
	if (json)
		check_json_lines(buf, len);
	else
		check_terminal_text(buf, len);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct scenario s;
	static struct model_info info;
	static struct model_snap snap;
	struct cursor c = { data, size };
	char err[TEXT_MAX + 256];
	char *msg = NULL;
	size_t msglen = 0;
	FILE *out;

	text_set_utf8(!(size && (data[0] & 1)));
	/* The --check path: a message (one line) or a good scenario. */
	scenario_init(&s, "fuzz\x1b]0;title\a");
	err[0] = '\0';
	out = open_memstream(&msg, &msglen);
	CHECK(out != NULL);
	if (scenario_parse(&s, (const char *)data, size, err, sizeof(err)) != 0)
		text_put(out, err, 0);
	fclose(out);
	check_terminal_text(msg, msglen);
	CHECK(memchr(msg, '\n', msglen) == NULL);
	free(msg);

	/* A snapshot whose every text is input. */
	memset(&info, 0, sizeof(info));
	memset(&snap, 0, sizeof(snap));
	field(&c, info.title, sizeof(info.title));
	field(&c, info.about, sizeof(info.about));
	field(&c, info.kernel, sizeof(info.kernel));
	field(&c, info.why_hidden, sizeof(info.why_hidden));
	field(&c, info.names[0], sizeof(info.names[0]));
	info.page_size = 4096;
	snap.step = 1;
	snap.nsteps = 2;
	snap.ok = size > 1 && (data[1] & 1);
	field(&c, snap.actor, sizeof(snap.actor));
	field(&c, snap.action, sizeof(snap.action));
	field(&c, snap.say, sizeof(snap.say));
	field(&c, snap.error, sizeof(snap.error));
	snap.nprocs = 2;
	for (int p = 0; p < snap.nprocs; p++) {
		struct model_proc *mp = &snap.procs[p];
		field(&c, mp->name, sizeof(mp->name));
		field(&c, mp->call, sizeof(mp->call));
		field(&c, mp->output, sizeof(mp->output));
		mp->kstate = c.left ? (char)*c.p : 'S';
		mp->has_returned = true;
		mp->fdmask = 1;
		mp->nvars = 1;
		field(&c, mp->vars[0].name, sizeof(mp->vars[0].name));
		mp->vars[0].mapcount = -1;
		mp->vars[0].region = REGION_HUGE;
		mp->vars[0].huge = -1;
	}
	snap.nrels = 1;
	snap.rels[0].a = 0;
	snap.rels[0].b = 1;
	/* And, when it parsed, the scenario's own texts. */
	if (s.nsteps > 0) {
		text_copy(info.title, sizeof(info.title), s.title);
		text_copy(info.about, sizeof(info.about), s.about);
		text_copy(snap.action, sizeof(snap.action), s.steps[0].text);
		text_copy(snap.say, sizeof(snap.say), s.steps[0].say);
		text_copy(snap.procs[0].output, sizeof(snap.procs[0].output), s.steps[0].print);
	}
	render(&view_plain, &info, &snap, false);
	render(&view_json, &info, &snap, true);
	return 0;
}
