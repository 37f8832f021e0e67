/* SPDX-License-Identifier: MIT */
/* text.h - the one place where text that came from a file or a process meets
 * a terminal or a JSON reader: sanitising, display width, fitting, wrapping,
 * JSON strings, and forkscope's own messages on stderr.
 *
 * Sanitised text shows everything a terminal would act on instead of
 * printing: C0 controls and DEL in caret notation ("^[" for ESC), C1
 * controls, bidi and other invisible format characters as "\u202e", invalid
 * UTF-8 as U+FFFD; a tab becomes a space. In an output that is not UTF-8
 * (set by text_init from the locale) every non-ASCII character is shown as
 * "\u00e9" and invalid bytes as '?'. Widths are wcwidth's in a UTF-8 locale,
 * whatever the process's own locale is. */
#ifndef FORKSCOPE_TEXT_H
#define FORKSCOPE_TEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <stdint.h>
#include <stdio.h>

#define TEXT_NL 1               /* keep '\n' (multi-line text); else "^J" */
#define TEXT_BAD 0xFFFDu        /* what an invalid byte decodes to */

/* UTF-8 output if the current LC_CTYPE locale is UTF-8, else ASCII; call
 * after setlocale. Before any call the output is UTF-8. */
void text_init(void);
/* Force UTF-8 (true) or ASCII (false) output. */
void text_set_utf8(bool on);
/* Is the output UTF-8? */
bool text_is_utf8(void);

/* Decode the character at s (at least one byte before the NUL): its length
 * in bytes; *cp is its code point, or TEXT_BAD for one invalid byte. */
int text_decode(const char *s, uint32_t *cp);
/* Columns a code point takes (wcwidth in a UTF-8 locale); -1 if it has no
 * printable form. */
int text_cp_width(uint32_t cp);

/* s sanitised into dst (size bytes, always terminated); cut between
 * characters with an ellipsis if dst is too small. Its width in columns. */
int text_clean(char *dst, size_t size, const char *s, int flags);
/* Columns s takes once sanitised (one line: '\n' counts as "^J"). */
int text_width(const char *s);
/* s sanitised in at most cols columns: cut with an ellipsis ("..." in an
 * ASCII output) when it does not fit. Its width. */
int text_fit(char *dst, size_t size, const char *s, int cols);
/* The first line of s wrapped at width columns (broken at a space when
 * there is one, never losing a character), sanitised into dst. Returns
 * where the next line starts in s: at its NUL when this was the last. */
const char *text_wrap(const char *s, int width, char *dst, size_t size);
/* Write s sanitised to out. */
void text_put(FILE *out, const char *s, int flags);
/* Write s to out as a JSON string (RFC 8259): quoted, escaped, valid UTF-8
 * whatever the bytes (invalid ones become U+FFFD). */
void text_json(FILE *out, const char *s);
/* The same for len bytes that may hold NULs (written as \u0000); s[len]
 * must be a NUL, so that a sequence cut off at the end is never read past. */
void text_json_bytes(FILE *out, const char *s, size_t len);
/* Copy s into dst, cut at a character boundary if it does not fit. */
void text_copy(char *dst, size_t size, const char *s);

/* "forkscope: MESSAGE\n" on stderr, the formatted message sanitised. */
void text_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* text_msg with a va_list. */
void text_vmsg(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Flush out: 0, or the errno of a write to it that failed. */
int text_flush(FILE *out);
/* Write all len bytes of buf to fd, through signals: 0, or the errno. */
int text_write_all(int fd, const char *buf, size_t len);
/* After a failed write to stdout (err from text_flush): a closed pipe ends
 * the process by SIGPIPE, quietly; anything else is said on stderr and
 * stdout's unwritten data is dropped. Returns 1, the exit status. */
int text_write_failed(int err);

#endif
