/* test.h - CHECK / CHECK_REL / RUN for the C unit tests (no framework needed). */
#pragma once
#include <math.h>
#include <stdio.h>

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

#define CHECK_REL(actual, expected, rel_tol)                                                       \
    do {                                                                                           \
        double a_ = (actual), e_ = (expected);                                                     \
        if (!(fabs(a_ - e_) <= (rel_tol) * fabs(e_))) {                                            \
            fprintf(stderr, "%s:%d: %s = %.17g, expected %.17g (rel tol %g)\n", __FILE__,          \
                    __LINE__, #actual, a_, e_, (double)(rel_tol));                                 \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

#define CHECK_ABS(actual, expected, abs_tol)                                                       \
    do {                                                                                           \
        double a_ = (actual), e_ = (expected);                                                     \
        if (!(fabs(a_ - e_) <= (abs_tol))) {                                                       \
            fprintf(stderr, "%s:%d: %s = %.17g, expected %.17g (abs tol %g)\n", __FILE__,          \
                    __LINE__, #actual, a_, e_, (double)(abs_tol));                                 \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

#define RUN(test, failures)                                                                        \
    do {                                                                                           \
        int r_ = test();                                                                           \
        printf("%s %s\n", r_ ? "FAIL" : "ok  ", #test);                                           \
        failures += r_ != 0;                                                                       \
    } while (0)
