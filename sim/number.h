/* number.h - Numbers as text that reads back to the same double. */
#pragma once
#include <stddef.h>

/* Writes x in the shortest of %.15g, %.16g and %.17g that strtod reads back to
 * exactly x (0.99, not 0.98999999999999999; 0.30000000000000004 stays so);
 * returns the length. x must be finite. */
int number_format(double x, char *buf, size_t size);

/* As number_format, with a `.0` where the text would otherwise read as an
 * integer: libconfig reads `2` as an int, and `[2, 1.5]` is not a valid array. */
int number_format_real(double x, char *buf, size_t size);
