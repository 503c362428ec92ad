/* number.c - Shortest exact decimal text of a double. */
#include "number.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int number_format(double x, char *buf, size_t size)
{
    int n = 0;
    for (int digits = 15; digits <= 17; digits++) {
        n = snprintf(buf, size, "%.*g", digits, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    return n;
}

int number_format_real(double x, char *buf, size_t size)
{
    int n = number_format(x, buf, size);
    if (strpbrk(buf, ".eEn") == NULL && (size_t)n + 2 < size)
        n += snprintf(buf + n, size - (size_t)n, ".0");
    return n;
}
