/* labour.c - Re-employment (MODEL.md 4 step 3). */
#include "labour.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "distributed.h"
#include "parallel.h"
#include "rng.h"

/* Clears the just-displaced mark of agents [first, end) and writes the job
 * seekers among them (status 0) to seekers[0 ..], in agent order; returns their
 * count. Status is random across agents, so this takes eight statuses at a
 * time: a zero-byte mask, then its set bits, one per seeker. */
static int list_seekers(uint8_t *restrict status, int first, int end, uint32_t *restrict seekers)
{
    int count = 0, i = first;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t low7 = 0x7f7f7f7f7f7f7f7fULL, ones = 0x0101010101010101ULL;
    for (; i + 8 <= end; i += 8) {
        uint64_t x;
        memcpy(&x, status + i, sizeof x);
        uint64_t zero = ~(((x & low7) + low7) | x | low7); /* 0x80 in each zero byte */
        x &= ones * AGENT_EMPLOYED;
        memcpy(status + i, &x, sizeof x);
        for (; zero != 0; zero &= zero - 1)
            seekers[count++] = (uint32_t)(i + (__builtin_ctzll(zero) >> 3));
    }
#endif
    for (; i < end; i++) {
        const uint8_t s = status[i];
        status[i] = s & AGENT_EMPLOYED;
        seekers[count] = (uint32_t)i; /* kept only for seekers */
        count += s == 0;
    }
    return count;
}

long long labour_step(Agents *ag, const Params *p, const Technology *tech,
                      gsl_rng *const *block_rng, int month, uint32_t *seekers, double *draws)
{
    const int n = ag->n, lo = ag->block_lo, hi = ag->block_hi;
    const double prob = p->labor.reemployment_per_year / 12.0;
    const double keep = 1.0 - p->labor.skill_loss;
    const double ln_ai = log(technology_frontier_ai(tech)) + p->labor.new_task_headroom;
    const double ln_rb = log(technology_frontier_robot(tech)) + p->labor.new_task_headroom;
    const double sd_ai = p->ai.threshold_sigma, sd_rb = p->robots.threshold_sigma;
    const uint64_t seed = p->run.seed;
    const RngKey key = rng_key(seed);
    long long hired = 0;
#pragma omp parallel for schedule(static) default(none) shared(ag, block_rng, seekers, draws, lo, hi, n, prob, keep, ln_ai, ln_rb, sd_ai, sd_rb, seed, key, month) reduction(+ : hired)
    for (int b = lo; b < hi; b++) {
        gsl_rng *r = block_rng[b];
        const int first = block_begin(b);
        const int count = list_seekers(ag->status, first, block_end(b, n), seekers + first);
        rng_uniforms(key, RNG_STREAM_REEMPLOYMENT, (uint32_t)month, seekers + first, count,
                     draws + first);
        /* hires are sparse and scattered: list them, then fetch their agents'
         * state ahead of use */
        int hires = first;
        for (int j = first; j < first + count; j++) {
            seekers[hires] = seekers[j];
            hires += draws[j] < prob;
        }
        for (int j = first; j < hires; j++) {
            if (j + 8 < hires) {
                const uint32_t ahead = seekers[j + 8];
                __builtin_prefetch(&ag->a[ahead], 1);
                __builtin_prefetch(&ag->theta_ai[ahead], 1);
                __builtin_prefetch(&ag->theta_rb[ahead], 1);
            }
            const int i = (int)seekers[j];
            rng_seek(r, seed, RNG_STREAM_NEW_JOB_THRESHOLDS, (uint32_t)month, (uint32_t)i);
            ag->theta_ai[i] = exp(ln_ai + sd_ai * gsl_ran_gaussian_ziggurat(r, 1.0));
            ag->theta_rb[i] = exp(ln_rb + sd_rb * gsl_ran_gaussian_ziggurat(r, 1.0));
            ag->a[i] *= keep;
            ag->status[i] = AGENT_EMPLOYED;
            hired++;
        }
    }
    return dist_sum_count(hired);
}
