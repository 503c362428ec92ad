/* rng.h - Random draws addressed by (seed, stream, month, agent).
 *
 * Philox4x32-10 from Random123 (Salmon et al. 2011, "Parallel random numbers: as
 * easy as 1, 2, 3"; Debian's librandom123-dev) wrapped as a gsl_rng, so every
 * gsl_ran_* sampler works on it. A draw depends only on its address, never on the
 * thread or the order in which agents are visited: results are the same for any
 * thread count, and two scenarios draw the same numbers for the same agent and
 * month (common random numbers). */
#pragma once
#include <stdint.h>

#include <gsl/gsl_rng.h>

/* One id per draw site. Append only: renumbering changes every result. */
typedef enum RngStream {
    RNG_STREAM_INIT_WAGE = 1,           /* lognormal wage of each agent */
    RNG_STREAM_INIT_THRESHOLD_AI = 2,   /* z of the starting job's AI threshold */
    RNG_STREAM_INIT_THRESHOLD_ROBOT = 3,/* z of the starting job's robot threshold */
    RNG_STREAM_INIT_OWNERSHIP = 4,      /* epsilon of the ownership copula */
    RNG_STREAM_AUTOMATION = 5,          /* uniform deciding adoption of a feasible job */
    RNG_STREAM_REEMPLOYMENT = 6,        /* uniform deciding re-employment */
    RNG_STREAM_NEW_JOB_THRESHOLDS = 7,  /* z of a new job's AI and robot thresholds */
    RNG_STREAM_INIT_VIABILITY = 8,      /* u of the agent's line of work's viability (MODEL.md 4d) */
    RNG_STREAM_INIT_DEBT = 9,           /* uniform deciding whether the agent holds debt */
    RNG_STREAM_DESIGN = 10              /* a sweep design's shuffles and offsets (sweep_design.c) */
} RngStream;

/* splitmix64's finaliser (Steele, Lea & Flood 2014): a bijective 64-bit mix,
 * used to hash seeds. */
uint64_t rng_hash64(uint64_t x);

/* Philox key of a seed (splitmix64-hashed), for rng_uniform_at(). */
typedef struct RngKey {
    uint32_t v[2];
} RngKey;

/* Returns the key of `seed`; the same hash rng_seek() uses. */
RngKey rng_key(uint64_t seed);

/* Returns the first uniform in [0, 1) of substream (key, stream, month, agent),
 * with 32-bit resolution: exactly what the first gsl_rng_uniform() after
 * rng_seek() gives, without the generator's indirection (the per-agent draws of
 * automation and re-employment are the hot path). */
double rng_uniform_at(RngKey key, RngStream stream, uint32_t month, uint32_t agent);

/* Fills u[j] = rng_uniform_at(key, stream, month, agent[j]) for j < count:
 * the same numbers, computed sixteen agents at a time in AVX2 lanes where the
 * CPU has AVX2 (checked at run time), one at a time elsewhere; integer
 * arithmetic, so both paths give the same bits. agent and u have `count` elements; count >= 0. */
void rng_uniforms(RngKey key, RngStream stream, uint32_t month, const uint32_t *agent, int count,
                  double *u);

/* Returns a new generator (a workspace: every use starts with rng_seek), or NULL
 * if out of memory. Free with gsl_rng_free(). */
gsl_rng *rng_create(void);

/* Positions r at the start of the substream (seed, stream, month, agent). Up to
 * 2^32 draws may follow before the next seek. The seed is hashed (splitmix64)
 * into the 64-bit Philox key, so nearby seeds give unrelated streams. */
void rng_seek(gsl_rng *r, uint64_t seed, RngStream stream, uint32_t month, uint32_t agent);
