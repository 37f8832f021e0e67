/* SPDX-License-Identifier: MIT */
/* text.c - sanitising, measuring, fitting and wrapping text for terminals,
 * and writing it as JSON. Everything goes one character at a time through
 * unit(), which says how a character is shown and how wide that is, so the
 * width, the fit, the wrap and the printed text can never disagree.
 *
 * Widths: the text is decoded here (never by the C library's multibyte
 * functions, which follow the process locale) and wcwidth is asked under a
 * C.UTF-8 locale object (newlocale + uselocale), so a width is the same in
 * a C, a Latin-1 or a UTF-8 process. Where no UTF-8 locale exists at all, a
 * small built-in table stands in. */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio_ext.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "text.h"

static bool ascii_out;          /* false: the output is UTF-8 */

void text_init(void)
{
	ascii_out = strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
}

void text_set_utf8(bool on)
{
	ascii_out = !on;
}

bool text_is_utf8(void)
{
	return !ascii_out;
}

int text_decode(const char *s, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t v;
	int len;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF)
		len = 2, v = p[0] & 0x1Fu;
	else if (p[0] >= 0xE0 && p[0] <= 0xEF)
		len = 3, v = p[0] & 0x0Fu;
	else if (p[0] >= 0xF0 && p[0] <= 0xF4)
		len = 4, v = p[0] & 0x07u;
	else
		goto bad;
	for (int i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)      /* the NUL stops here too */
			goto bad;
		v = v << 6 | (p[i] & 0x3Fu);
	}
	if ((len == 3 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) ||
	    (len == 4 && (v < 0x10000 || v > 0x10FFFF)))
		goto bad;
	*cp = v;
	return len;
bad:
	*cp = TEXT_BAD;
	return 1;
}

/* Characters that change how the text around them is shown, or hide:
 * bidi embeddings, overrides, isolates and marks, line and paragraph
 * separators, zero-width spaces and joiners that are not needed by any
 * script, the BOM, interlinear annotations, tags. */
static bool hidden(uint32_t cp)
{
	return cp == 0x061C || (cp >= 0x200B && cp <= 0x200F && cp != 0x200C && cp != 0x200D) ||
	       (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) ||
	       cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB) ||
	       (cp >= 0xE0000 && cp <= 0xE007F);
}

static locale_t utf8_locale(void)
{
	static const char *const names[] = { "C.UTF-8", "C.utf8", "en_US.UTF-8" };
	static bool tried;
	static locale_t loc;

	for (size_t i = 0; !tried && !loc && i < sizeof(names) / sizeof(names[0]); i++)
		loc = newlocale(LC_CTYPE_MASK, names[i], (locale_t)0);
	tried = true;
	return loc;
}

/* Without any UTF-8 locale: combining marks take no column, the wide East
 * Asian blocks and emoji two, everything else one. */
static int fallback_width(uint32_t cp)
{
	static const struct { uint32_t lo, hi; } wide[] = {
		{ 0x1100, 0x115F }, { 0x2E80, 0xA4CF }, { 0xAC00, 0xD7A3 },
		{ 0xF900, 0xFAFF }, { 0xFE30, 0xFE4F }, { 0xFF00, 0xFF60 },
		{ 0xFFE0, 0xFFE6 }, { 0x1F300, 0x1F64F }, { 0x1F900, 0x1F9FF },
		{ 0x20000, 0x3FFFD },
	};

	if ((cp >= 0x0300 && cp <= 0x036F) || cp == 0x200C || cp == 0x200D)
		return 0;
	for (size_t i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
		if (cp >= wide[i].lo && cp <= wide[i].hi)
			return 2;
	return 1;
}

int text_cp_width(uint32_t cp)
{
	locale_t loc, old;
	int w;

	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	if (cp < 0x7F)
		return 1;
	loc = utf8_locale();
	if (!loc)
		return fallback_width(cp);
	old = uselocale(loc);
	w = wcwidth((wchar_t)cp);
	uselocale(old);
	return w;
}

/* One character as it is shown. */
struct unit {
	char s[16];
	int len;                /* bytes in s */
	int width;              /* columns */
	bool nl;                /* a kept newline */
};

/* How the character at s is shown; returns its length in s. */
static int unit(const char *s, int flags, struct unit *u)
{
	uint32_t cp;
	int n = text_decode(s, &cp), w = 0;

	u->nl = false;
	if (n == 1 && cp == TEXT_BAD) {
		if (ascii_out)
			memcpy(u->s, "?", 2);
		else
			memcpy(u->s, "\xEF\xBF\xBD", 4);
		u->width = 1;
	} else if (cp == '\n' && (flags & TEXT_NL)) {
		memcpy(u->s, "\n", 2);
		u->width = 0;
		u->nl = true;
	} else if (cp == '\t') {
		memcpy(u->s, " ", 2);
		u->width = 1;
	} else if (cp < 0x20 || cp == 0x7F) {
		u->s[0] = '^';
		u->s[1] = (char)(cp ^ 0x40);
		u->s[2] = '\0';
		u->width = 2;
	} else if (cp < 0x7F) {
		u->s[0] = (char)cp;
		u->s[1] = '\0';
		u->width = 1;
	} else if (ascii_out || hidden(cp) || (w = text_cp_width(cp)) < 0) {
		u->width = snprintf(u->s, sizeof(u->s), "\\u%04x", (unsigned)cp);
	} else {
		memcpy(u->s, s, (size_t)n);
		u->s[n] = '\0';
		u->width = w;
	}
	u->len = (int)strlen(u->s);
	return n;
}

static const char *ellipsis(int *width)
{
	*width = ascii_out ? 3 : 1;
	return ascii_out ? "..." : "\xE2\x80\xA6";
}

/* Sanitise s into dst within size bytes and cols columns (cols < 0: no
 * limit); cut with an ellipsis when either runs out. Its width. */
static int render(char *dst, size_t size, const char *s, int flags, int cols)
{
	struct unit u;
	size_t o = 0, need = 0;
	int w = 0, total = 0, ew;
	const char *el = ellipsis(&ew), *p;
	bool cut;

	if (size == 0)
		return 0;
	for (p = s; *p; ) {
		p += unit(p, flags, &u);
		need += (size_t)u.len;
		total += u.width;
	}
	cut = need + 1 > size || (cols >= 0 && total > cols);
	if (cut && (size < strlen(el) + 1 || (cols >= 0 && cols < ew))) {
		/* No room for the ellipsis: dots, as many as fit. */
		while (o + 1 < size && (cols < 0 || w < cols))
			dst[o++] = '.', w++;
		dst[o] = '\0';
		return w;
	}
	for (p = s; *p; ) {
		int n = unit(p, flags, &u);
		size_t room = size - 1 - (cut ? strlen(el) : 0);
		int wroom = cols < 0 ? -1 : cols - (cut ? ew : 0);

		if (o + (size_t)u.len > room || (wroom >= 0 && w + u.width > wroom))
			break;
		memcpy(dst + o, u.s, (size_t)u.len);
		o += (size_t)u.len;
		w += u.width;
		p += n;
	}
	if (cut) {
		memcpy(dst + o, el, strlen(el));
		o += strlen(el);
		w += ew;
	}
	dst[o] = '\0';
	return w;
}

int text_clean(char *dst, size_t size, const char *s, int flags)
{
	return render(dst, size, s, flags, -1);
}

int text_fit(char *dst, size_t size, const char *s, int cols)
{
	return render(dst, size, s, 0, cols < 0 ? 0 : cols);
}

int text_width(const char *s)
{
	struct unit u;
	int w = 0;

	while (*s) {
		s += unit(s, 0, &u);
		w += u.width;
	}
	return w;
}

const char *text_wrap(const char *s, int width, char *dst, size_t size)
{
	const char *p = s, *brk = NULL;
	size_t o = 0, brk_o = 0;
	struct unit u;
	bool words = false;     /* a break here would leave more than spaces */
	int w = 0;

	if (width < 1)
		width = 1;
	if (size == 0)
		return s;
	while (*p && *p != '\n') {
		int n = unit(p, 0, &u);

		if (o > 0 && w + u.width > width) {
			if (*p == ' ' || *p == '\t')
				break;  /* the line is full up to this space */
			if (brk) {
				o = brk_o;
				p = brk;
			}
			break;
		}
		if (o + (size_t)u.len + 1 > size)
			break;  /* dst is full: the rest goes on the next line */
		if ((*p == ' ' || *p == '\t') && words) {
			brk = p;
			brk_o = o;
		}
		words |= *p != ' ' && *p != '\t';
		memcpy(dst + o, u.s, (size_t)u.len);
		o += (size_t)u.len;
		w += u.width;
		p += n;
	}
	dst[o] = '\0';
	if (*p == '\n')
		return p + 1;
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

void text_put(FILE *out, const char *s, int flags)
{
	struct unit u;

	while (*s) {
		s += unit(s, flags, &u);
		fwrite(u.s, 1, (size_t)u.len, out);
	}
}

static void json_escape(FILE *out, uint32_t cp)
{
	if (cp > 0xFFFF) {      /* a surrogate pair, as RFC 8259 spells it */
		cp -= 0x10000;
		fprintf(out, "\\u%04x\\u%04x", 0xD800 + (unsigned)(cp >> 10),
			0xDC00 + (unsigned)(cp & 0x3FF));
	} else {
		fprintf(out, "\\u%04x", (unsigned)cp);
	}
}

void text_json_bytes(FILE *out, const char *s, size_t len)
{
	const char *end = s + len;

	fputc('"', out);
	while (s < end) {
		uint32_t cp;
		int n = *s ? text_decode(s, &cp) : 1;

		if (!*s)
			cp = 0;         /* a NUL byte inside the bytes */
		if (n > end - s)        /* a sequence cut off by len */
			n = 1, cp = TEXT_BAD;
		if (cp == '"' || cp == '\\')
			fprintf(out, "\\%c", (char)cp);
		else if (cp == '\n')
			fputs("\\n", out);
		else if (cp == '\t')
			fputs("\\t", out);
		else if ((n == 1 && cp == TEXT_BAD) || cp < 0x20 ||
			 (cp >= 0x7F && cp <= 0x9F) || hidden(cp))
			json_escape(out, cp);
		else
			fwrite(s, 1, (size_t)n, out);
		s += n;
	}
	fputc('"', out);
}

void text_json(FILE *out, const char *s)
{
	text_json_bytes(out, s, strlen(s));
}

void text_copy(char *dst, size_t size, const char *s)
{
	size_t n = strlen(s);

	if (size == 0)
		return;
	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;    /* s[n] would be cut off: drop its first bytes too */
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
}

void text_vmsg(const char *fmt, va_list ap)
{
	char buf[2048];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	fputs("forkscope: ", stderr);
	text_put(stderr, buf, 0);
	fputc('\n', stderr);
}

void text_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	text_vmsg(fmt, ap);
	va_end(ap);
}

int text_flush(FILE *out)
{
	errno = 0;
	if (fflush(out) == 0 && !ferror(out))
		return 0;
	return errno ? errno : EIO;
}

int text_write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;       /* a signal: the step is still written whole */
		if (n < 0)
			return errno;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int text_write_failed(int err)
{
	static bool said;


	if (err == EPIPE) {
		/* The reader went away: end as a pipeline expects, quietly. */
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
	}
	/* What could not be written is dropped, so that it is not tried
	 * (and reported) again at exit. */
	__fpurge(stdout);
	clearerr(stdout);
	if (!said)      /* once: later writes fail the same way */
		text_msg("cannot write the output: %s", strerror(err));
	said = true;
	return 1;
}
