/* number.h - Numbers as text that reads back to the same double. */
#pragma once
#include <stddef.h>

/* Writes x in the shortest of %.15g, %.16g and %.17g that strtod reads back to
 * exactly x (0.99, not 0.98999999999999999; 0.30000000000000004 stays so);
 * returns the length. x must be finite. */
int number_format(double x, char *buf, size_t size);
