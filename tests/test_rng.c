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

static int batched_uniforms_should_equal_single_draws(void)
{
    /* every remainder of the 8-lane batches, and agent numbers near 2^32 */
    uint32_t agent[37];
    double u[37];
    for (int j = 0; j < 37; j++)
        agent[j] = j % 2 ? (uint32_t)(4294967295u - 977u * j) : (uint32_t)(13 * j);
    for (int count = 0; count <= 37; count++) {
        for (int j = 0; j < 37; j++)
            u[j] = -1;
        rng_uniforms(rng_key(7), RNG_STREAM_REEMPLOYMENT, 123, agent, count, u);
        for (int j = 0; j < count; j++)
            CHECK(u[j] == rng_uniform_at(rng_key(7), RNG_STREAM_REEMPLOYMENT, 123, agent[j]));
        for (int j = count; j < 37; j++)
            CHECK(u[j] == -1); /* nothing written past count */
    }
    return 0;
}

int main(void)
{
    int failures = 0;
    RUN(fast_uniform_should_equal_the_first_gsl_draw, failures);
    RUN(draws_should_depend_on_every_part_of_the_address, failures);
    RUN(batched_uniforms_should_equal_single_draws, failures);
    return failures != 0;
}
