/* SPDX-License-Identifier: MIT */
/* snapstore.h - snapshots stored by what they hold: a model_snap packed to a
 * byte string sized by its content (its processes, their variables, its
 * relations and expectations, strings by their length), unpacked exactly,
 * and a history of them. */
#ifndef FORKSCOPE_SNAPSTORE_H
#define FORKSCOPE_SNAPSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include "model.h"

struct snapstore;

/* Pack snap into buf (NULL: only count); the number of bytes it takes. */
size_t snapstore_pack(const struct model_snap *snap, unsigned char *buf);
/* Unpack len bytes of a packed snapshot into snap (all of it overwritten,
 * what it does not hold zeroed): 0, or -1 if buf is not one. */
int snapstore_unpack(const unsigned char *buf, size_t len, struct model_snap *snap);
/* Do a and b hold the same snapshot (every part a snapshot holds: counted
 * arrays up to their counts, strings up to their ends)? */
bool snapstore_same(const struct model_snap *a, const struct model_snap *b);

/* An empty history, or NULL without memory. */
struct snapstore *snapstore_new(void);
/* Free a history (NULL is fine). */
void snapstore_free(struct snapstore *h);
/* Snapshots held. */
int snapstore_count(const struct snapstore *h);
/* Append snap (packed); 0, or -1 without memory. */
int snapstore_push(struct snapstore *h, const struct model_snap *snap);
/* Replace entry i (0 <= i < count) by snap; 0, or -1 without memory. */
int snapstore_set(struct snapstore *h, int i, const struct model_snap *snap);
/* Unpack entry i (0 <= i < count) into snap; 0 or -1. */
int snapstore_get(const struct snapstore *h, int i, struct model_snap *snap);
/* The step number of entry i, without unpacking it. */
int snapstore_step(const struct snapstore *h, int i);
/* Keep the first n entries. */
void snapstore_truncate(struct snapstore *h, int n);
/* Bytes the packed entries take (their content, not the index). */
size_t snapstore_bytes(const struct snapstore *h);

#endif
