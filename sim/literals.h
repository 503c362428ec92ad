/* literals.h - Integer literals that libconfig 1.5 misreads without a word.
 *
 * libconfig wraps an integer literal without `L` to 32 bits (10000000000 reads
 * as 1410065408, 0xFFFFFFFF as -1) and saturates one with `L` at INT64_MAX; the
 * parsed value cannot show either (shared/TOOLCHAIN.md 3). So the text of every
 * config is scanned for such literals before its settings are used. */
#pragma once
#include "status.h"

/* Scans `text` (the file `label`, or "--set") for integer literals libconfig
 * would misread, following @include files from include_dir. text must already
 * have parsed without error. Returns SIM_ERR_CONFIG naming the file, line and
 * full key path (e.g. "occupations.[0].employment") and what to write instead. */
SimStatus literals_check(const char *text, const char *label, const char *include_dir,
                         SimError *err);
