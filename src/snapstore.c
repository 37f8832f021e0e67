/* SPDX-License-Identifier: MIT */
/* snapstore.c - a snapshot packed by what it holds. A model_snap is about
 * 10 KB whatever it holds: slots for every process, variable, relation and
 * expectation, and every string at its maximum. Packed, it keeps nprocs
 * processes with nvars variables each, nrels relations, nexpects verdicts,
 * and each string as a length and its bytes. Fixed-size parts are copied
 * whole, so unpacking gives back exactly what was packed. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "snapstore.h"

/* What is packed whole is everything before a process's output, and its
 * variables after; a field added between or after them must be packed here
 * too. A snapshot's own fields are packed one by one, below; its last is
 * the page pool, of which npages are in use. */
_Static_assert(sizeof(struct model_snap) - offsetof(struct model_snap, pages) <
	       sizeof(((struct model_snap *)0)->pages) + sizeof(uint64_t),
	       "model_snap: pages is its last field");
_Static_assert(offsetof(struct model_proc, output) + sizeof(((struct model_proc *)0)->output) ==
	       offsetof(struct model_proc, nvars), "model_proc: output, then nvars");
_Static_assert(sizeof(struct model_proc) - offsetof(struct model_proc, vars) <
	       sizeof(((struct model_proc *)0)->vars) + sizeof(uint64_t),
	       "model_proc: vars is its last field");

struct out {
	unsigned char *p;       /* NULL: only count */
	size_t n;
};

struct in {
	const unsigned char *p;
	size_t left;
	bool bad;
};

static void put(struct out *o, const void *src, size_t len)
{
	if (o->p)
		memcpy(o->p + o->n, src, len);
	o->n += len;
}

/* A string as its length (two bytes) and its bytes, without the NUL. */
static void put_str(struct out *o, const char *s, size_t size)
{
	uint16_t len = (uint16_t)strnlen(s, size - 1);

	put(o, &len, sizeof(len));
	put(o, s, len);
}

static void get(struct in *in, void *dst, size_t len)
{
	if (in->bad || len > in->left) {
		in->bad = true;
		return;
	}
	memcpy(dst, in->p, len);
	in->p += len;
	in->left -= len;
}

static void get_str(struct in *in, char *dst, size_t size)
{
	uint16_t len = 0;

	get(in, &len, sizeof(len));
	if (len >= size)
		in->bad = true;
	get(in, dst, in->bad ? 0 : len);
	dst[in->bad ? 0 : len] = '\0';
}

/* A count, checked against its array's size on the way in. */
static int get_count(struct in *in, int max)
{
	int n = 0;

	get(in, &n, sizeof(n));
	if (n < 0 || n > max)
		in->bad = true;
	return in->bad ? 0 : n;
}

static void put_proc(struct out *o, const struct model_proc *p)
{
	put(o, p, offsetof(struct model_proc, output));
	put_str(o, p->output, sizeof(p->output));
	put(o, &p->nvars, sizeof(p->nvars));
	put(o, p->vars, (size_t)p->nvars * sizeof(p->vars[0]));
}

static void get_proc(struct in *in, struct model_proc *p)
{
	get(in, p, offsetof(struct model_proc, output));
	get_str(in, p->output, sizeof(p->output));
	p->nvars = get_count(in, MAX_VARS);
	get(in, p->vars, (size_t)p->nvars * sizeof(p->vars[0]));
}

size_t snapstore_pack(const struct model_snap *snap, unsigned char *buf)
{
	struct out o = { buf, 0 };

	put(&o, &snap->step, sizeof(snap->step));      /* first: snapstore_step */
	put(&o, &snap->nsteps, sizeof(snap->nsteps));
	put(&o, &snap->ok, sizeof(snap->ok));
	put_str(&o, snap->actor, sizeof(snap->actor));
	put_str(&o, snap->action, sizeof(snap->action));
	put_str(&o, snap->say, sizeof(snap->say));
	put_str(&o, snap->error, sizeof(snap->error));
	put(&o, &snap->nprocs, sizeof(snap->nprocs));
	for (int i = 0; i < snap->nprocs; i++)
		put_proc(&o, &snap->procs[i]);
	put(&o, &snap->nrels, sizeof(snap->nrels));
	put(&o, snap->rels, (size_t)snap->nrels * sizeof(snap->rels[0]));
	put(&o, &snap->nexpects, sizeof(snap->nexpects));
	for (int i = 0; i < snap->nexpects; i++) {
		const struct model_expect *e = &snap->expects[i];

		put_str(&o, e->text, sizeof(e->text));
		put_str(&o, e->got, sizeof(e->got));
		put(&o, &e->soft, sizeof(e->soft));
		put(&o, &e->ok, sizeof(e->ok));
	}
	put(&o, &snap->npages, sizeof(snap->npages));
	put(&o, snap->pages, (size_t)snap->npages * sizeof(snap->pages[0]));
	return o.n;
}

int snapstore_unpack(const unsigned char *buf, size_t len, struct model_snap *snap)
{
	struct in in = { buf, len, false };

	memset(snap, 0, sizeof(*snap));
	get(&in, &snap->step, sizeof(snap->step));
	get(&in, &snap->nsteps, sizeof(snap->nsteps));
	get(&in, &snap->ok, sizeof(snap->ok));
	get_str(&in, snap->actor, sizeof(snap->actor));
	get_str(&in, snap->action, sizeof(snap->action));
	get_str(&in, snap->say, sizeof(snap->say));
	get_str(&in, snap->error, sizeof(snap->error));
	snap->nprocs = get_count(&in, MAX_PROCS);
	for (int i = 0; i < snap->nprocs; i++)
		get_proc(&in, &snap->procs[i]);
	snap->nrels = get_count(&in, (int)(sizeof(snap->rels) / sizeof(snap->rels[0])));
	get(&in, snap->rels, (size_t)snap->nrels * sizeof(snap->rels[0]));
	snap->nexpects = get_count(&in, MAX_EXPECTS);
	for (int i = 0; i < snap->nexpects; i++) {
		struct model_expect *e = &snap->expects[i];

		get_str(&in, e->text, sizeof(e->text));
		get_str(&in, e->got, sizeof(e->got));
		get(&in, &e->soft, sizeof(e->soft));
		get(&in, &e->ok, sizeof(e->ok));
	}
	snap->npages = get_count(&in, MODEL_POOL_PAGES);
	get(&in, snap->pages, (size_t)snap->npages * sizeof(snap->pages[0]));
	return in.bad || in.left ? -1 : 0;
}

static bool same_str(const char *a, const char *b, size_t size)
{
	return strncmp(a, b, size) == 0;
}

static bool same_proc(const struct model_proc *a, const struct model_proc *b)
{
	return memcmp(a, b, offsetof(struct model_proc, output)) == 0 &&
	       same_str(a->output, b->output, sizeof(a->output)) &&
	       a->nvars == b->nvars &&
	       memcmp(a->vars, b->vars, (size_t)a->nvars * sizeof(a->vars[0])) == 0;
}

static bool same_expect(const struct model_expect *a, const struct model_expect *b)
{
	return same_str(a->text, b->text, sizeof(a->text)) &&
	       same_str(a->got, b->got, sizeof(a->got)) &&
	       a->soft == b->soft && a->ok == b->ok;
}

bool snapstore_same(const struct model_snap *a, const struct model_snap *b)
{
	if (a->step != b->step || a->nsteps != b->nsteps || a->ok != b->ok ||
	    !same_str(a->actor, b->actor, sizeof(a->actor)) ||
	    !same_str(a->action, b->action, sizeof(a->action)) ||
	    !same_str(a->say, b->say, sizeof(a->say)) ||
	    !same_str(a->error, b->error, sizeof(a->error)) ||
	    a->nprocs != b->nprocs || a->nrels != b->nrels || a->nexpects != b->nexpects ||
	    a->npages != b->npages ||
	    memcmp(a->pages, b->pages, (size_t)a->npages * sizeof(a->pages[0])) != 0)
		return false;
	for (int i = 0; i < a->nprocs; i++)
		if (!same_proc(&a->procs[i], &b->procs[i]))
			return false;
	if (memcmp(a->rels, b->rels, (size_t)a->nrels * sizeof(a->rels[0])) != 0)
		return false;
	for (int i = 0; i < a->nexpects; i++)
		if (!same_expect(&a->expects[i], &b->expects[i]))
			return false;
	return true;
}

/* A history: each entry its own allocation of exactly its packed size. */
struct entry {
	unsigned char *buf;
	size_t len;
};

struct snapstore {
	struct entry *e;
	int n, cap;
	size_t bytes;
};

struct snapstore *snapstore_new(void)
{
	return calloc(1, sizeof(struct snapstore));
}

void snapstore_truncate(struct snapstore *h, int n)
{
	while (h->n > n && h->n > 0) {
		struct entry *e = &h->e[--h->n];

		h->bytes -= e->len;
		free(e->buf);
		e->buf = NULL;
	}
}

void snapstore_free(struct snapstore *h)
{
	if (!h)
		return;
	snapstore_truncate(h, 0);
	free(h->e);
	free(h);
}

int snapstore_count(const struct snapstore *h)
{
	return h->n;
}

size_t snapstore_bytes(const struct snapstore *h)
{
	return h->bytes;
}

/* Pack snap into a new entry of its own size. */
static int pack_entry(struct entry *e, const struct model_snap *snap)
{
	size_t len = snapstore_pack(snap, NULL);
	unsigned char *buf = malloc(len);

	if (!buf)
		return -1;
	snapstore_pack(snap, buf);
	e->buf = buf;
	e->len = len;
	return 0;
}

int snapstore_push(struct snapstore *h, const struct model_snap *snap)
{
	if (h->n == h->cap) {
		int cap = h->cap ? h->cap * 2 : 16;
		struct entry *e = realloc(h->e, (size_t)cap * sizeof(*e));

		if (!e)
			return -1;
		h->e = e;
		h->cap = cap;
	}
	if (pack_entry(&h->e[h->n], snap) < 0)
		return -1;
	h->bytes += h->e[h->n++].len;
	return 0;
}

int snapstore_set(struct snapstore *h, int i, const struct model_snap *snap)
{
	struct entry e;

	if (i < 0 || i >= h->n || pack_entry(&e, snap) < 0)
		return -1;
	h->bytes += e.len - h->e[i].len;
	free(h->e[i].buf);
	h->e[i] = e;
	return 0;
}

int snapstore_get(const struct snapstore *h, int i, struct model_snap *snap)
{
	if (i < 0 || i >= h->n)
		return -1;
	return snapstore_unpack(h->e[i].buf, h->e[i].len, snap);
}

int snapstore_step(const struct snapstore *h, int i)
{
	int step = 0;

	if (i >= 0 && i < h->n)
		memcpy(&step, h->e[i].buf, sizeof(step));
	return step;
}
