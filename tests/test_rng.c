/* test_rng.c - Addressed draws: the fast path equals the GSL path, addresses differ. */
#include "rng.h"
#include "test.h"

static int fast_uniform_should_equal_the_first_gsl_draw(void)
{
    gsl_rng *r = rng_create();
    CHECK(r != NULL);
    for (uint32_t agent = 0; agent < 1000; agent += 37) {
        rng_seek(r, 42, RNG_STREAM_AUTOMATION, 17, agent);
        double slow = gsl_rng_uniform(r);
        CHECK(slow == rng_uniform_at(rng_key(42), RNG_STREAM_AUTOMATION, 17, agent));
    }
    gsl_rng_free(r);
    return 0;
}

static int draws_should_depend_on_every_part_of_the_address(void)
{
    RngKey k = rng_key(1), k0 = rng_key(0);
    double base = rng_uniform_at(k, RNG_STREAM_AUTOMATION, 5, 9);
    CHECK(base == rng_uniform_at(k, RNG_STREAM_AUTOMATION, 5, 9)); /* repeatable */
    CHECK(base != rng_uniform_at(k0, RNG_STREAM_AUTOMATION, 5, 9));
    CHECK(base != rng_uniform_at(k, RNG_STREAM_REEMPLOYMENT, 5, 9));
    CHECK(base != rng_uniform_at(k, RNG_STREAM_AUTOMATION, 6, 9));
    CHECK(base != rng_uniform_at(k, RNG_STREAM_AUTOMATION, 5, 10));
    /* mean of 1e5 uniforms: standard error sqrt(1/12/1e5) = 9.1e-4; allow 5 sigma */
    double sum = 0;
    for (uint32_t i = 0; i < 100000; i++)
        sum += rng_uniform_at(k, RNG_STREAM_AUTOMATION, 0, i);
    CHECK_ABS(sum / 1e5, 0.5, 5 * 9.1e-4);
    return 0;
}

int main(void)
{
    int failures = 0;
    RUN(fast_uniform_should_equal_the_first_gsl_draw, failures);
    RUN(draws_should_depend_on_every_part_of_the_address, failures);
    return failures != 0;
}
