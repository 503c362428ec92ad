/* literals.h - Integer literals that libconfig 1.5 misreads without a word.
 *
 * libconfig wraps an integer literal without `L` to 32 bits (10000000000 reads
 * as 1410065408, 0xFFFFFFFF as -1) and saturates one with `L` at INT64_MAX; the
 * parsed value cannot show either (shared/TOOLCHAIN.md 3). So the text of every
 * config is scanned for such literals before its settings are used. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "source.h"
#include "status.h"

/* Scans `text` (a config with its @include files expanded, whose lines `src`
 * maps back to files; or, with src NULL, the text built for a --set) for
 * integer literals libconfig would misread. text must already have parsed
 * without error. Returns SIM_ERR_CONFIG naming the file, line and full key
 * path (e.g. "occupations.[0].employment") and what to write instead. */
SimStatus literals_check(const char *text, const SourceText *src, SimError *err);

/* For libconfig's "duplicate setting name" on line `line` of `text`: finds the
 * key set on that line that was set before (the full path, e.g.
 * "money.velocity", into key) and where: the earlier setting's full path into
 * first_key (differs from key for a dotted key after its group: "money.stock"
 * after "money") and its line in *first_line. Returns false when none is found. */
bool literals_duplicate(const char *text, unsigned line, char *key, size_t key_size,
                        char *first_key, size_t first_size, unsigned *first_line);
