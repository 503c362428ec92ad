/* number.c - Shortest exact decimal text of a double. */
#include "number.h"

#include <stdio.h>
#include <stdlib.h>

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
