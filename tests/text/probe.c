/* SPDX-License-Identifier: MIT */
/* probe.c - drive src/text.c from a test: probe [-a] OP ARG TEXT prints what
 * the text module makes of TEXT (C escapes in TEXT are decoded first), so
 * tests/text.t can hold a table of cases. -a: ASCII output, -u: UTF-8
 * output whatever the locale. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* \e, \n, \t, \\ and \xHH in place. */
static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (*s != '\\' || !s[1]) {
			*o++ = *s;
			continue;
		}
		s++;
		if (*s == 'e')
			*o++ = 27;
		else if (*s == 'n')
			*o++ = '\n';
		else if (*s == 't')
			*o++ = '\t';
		else if (*s == 'x' && s[1] && s[2]) {
			char hex[3] = { s[1], s[2], 0 };
			*o++ = (char)strtol(hex, NULL, 16);
			s += 2;
		} else
			*o++ = *s;
	}
	*o = '\0';
}

int main(int argc, char **argv)
{
	char buf[4096];
	int i = 1;

	setlocale(LC_ALL, "");
	text_init();
	if (i < argc && strcmp(argv[i], "-a") == 0) {
		text_set_utf8(false);
		i++;
	} else if (i < argc && strcmp(argv[i], "-u") == 0) {
		text_set_utf8(true);
		i++;
	}
	if (argc - i != 3)
		return 2;
	unescape(argv[i + 2]);
	if (strcmp(argv[i], "clean") == 0) {
		int w = text_clean(buf, (size_t)atoi(argv[i + 1]), argv[i + 2], TEXT_NL);
		printf("%s|%d\n", buf, w);
	} else if (strcmp(argv[i], "fit") == 0) {
		int w = text_fit(buf, sizeof(buf), argv[i + 2], atoi(argv[i + 1]));
		printf("%s|%d\n", buf, w);
	} else if (strcmp(argv[i], "width") == 0) {
		printf("%d\n", text_width(argv[i + 2]));
	} else if (strcmp(argv[i], "wrap") == 0) {
		const char *p = argv[i + 2];
		while (*p) {
			p = text_wrap(p, atoi(argv[i + 1]), buf, sizeof(buf));
			printf("[%s]", buf);
		}
		printf("\n");
	} else if (strcmp(argv[i], "json") == 0) {
		text_json(stdout, argv[i + 2]);
		printf("\n");
	} else if (strcmp(argv[i], "copy") == 0) {
		text_copy(buf, (size_t)atoi(argv[i + 1]), argv[i + 2]);
		printf("%s|%zu\n", buf, strlen(buf));
	} else {
		return 2;
	}
	return 0;
}
