/* SPDX-License-Identifier: MIT */
/* demos.c - finding the built-in demos by name, and loading them. */
#include <stdio.h>
#include <string.h>

#include "demos.h"

const struct demo *demos_find(const char *name)
{
	for (const struct demo *d = demo_table; d->name; d++)
		if (strcmp(d->name, name) == 0)
			return d;
	return NULL;
}

void demos_title(const struct demo *d, char *buf, unsigned len)
{
	const char *p = strstr(d->text, "title ");

	buf[0] = '\0';
	while (p && p != d->text && p[-1] != '\n')
		p = strstr(p + 1, "title ");
	if (p)
		snprintf(buf, len, "%.*s", (int)strcspn(p + 6, "\n"), p + 6);
}

int demos_load(struct scenario *s, const char *name, char *err, size_t errlen)
{
	const struct demo *d = demos_find(name);

	if (strcmp(name, DEMOS_EXPLORE) == 0) {
		scenario_init(s, DEMOS_EXPLORE);
		snprintf(s->title, sizeof(s->title), "explore: type steps with :");
		snprintf(s->about, sizeof(s->about), "Type : then a line of the scenario "
			 "language: 'var x global 1' declares a variable, then 'parent fork' "
			 "runs a step. One process to start with, no variables.");
		return 0;
	}
	if (!d)
		return 1;
	scenario_init(s, d->path);
	return scenario_parse(s, d->text, strlen(d->text), err, errlen) < 0 ? -1 : 0;
}
