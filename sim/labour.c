/* labour.c - Layoffs and re-employment (MODEL.md 4 step 3). */
#include "labour.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_randist.h>

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

LabourPass labour_prepare(Agents *ag, const LabourStepParams *lp, const Technology *tech,
                          gsl_rng *const *block_rng, int month, double gap)
{
    const LabourParams *l = lp->labour;
    return (LabourPass){.ag = ag,
                        .block_rng = block_rng,
                        .seed = lp->seed,
                        .key = rng_key(lp->seed),
                        .month = (uint32_t)month,
                        .prob = l->reemployment_per_year / 12.0,
                        .keep = 1.0 - l->skill_loss,
                        .ln_ai = log(technology_frontier_ai(tech)) + l->new_task_headroom,
                        .ln_rb = log(technology_frontier_robot(tech)) + l->new_task_headroom,
                        .sigma_ai = lp->sigma_ai,
                        .sigma_rb = lp->sigma_robot,
                        .gap = gap};
}

/* Layoffs among agents [first, end), listed as seekers were: jobs whose line of
 * work no longer survives gap g. Run after list_seekers, so the laid off (left
 * at status 0) look for work from next month. Returns their count. */
static long long lay_off(Agents *ag, int first, int end, double gap, int month)
{
    long long laid_off = 0;
    uint8_t *restrict status = ag->status, *restrict slot = ag->slot;
    const double *restrict viab = ag->viab;
    for (int i = first; i < end; i++)
        if ((status[i] & AGENT_EMPLOYED) && viab[i] < gap) {
            status[i] = 0;
            ag->lost_month[i] = month;
            if (slot[i] == TECH_HUMAN)
                slot[i] = SLOT_LOST;
            laid_off++;
        }
    return laid_off;
}

void labour_kernel(const void *ctx, Block blk, BlockResult *out)
{
    const LabourPass *lp = ctx;
    Agents *ag = lp->ag;
    gsl_rng *r = lp->block_rng[blk.index];
    /* the block's seekers and their uniforms: 48 KiB of per-block scratch on
     * the thread's stack, in cache and never shared */
    uint32_t seekers[EXEC_BLOCK_SIZE];
    double draws[EXEC_BLOCK_SIZE];
    const int count = list_seekers(ag->status, blk.begin, blk.end, seekers);
    /* g <= 1 lays nobody off (viab >= 1): the whole loop is skipped with flexible wages */
    if (lp->gap > 1.0)
        out->count[LABOUR_COUNT_LAID_OFF] = lay_off(ag, blk.begin, blk.end, lp->gap, (int)lp->month);
    if (count == 0)
        return;
    rng_uniforms(lp->key, RNG_STREAM_REEMPLOYMENT, lp->month, seekers, count, draws);
    /* hires are sparse and scattered: list them, then fetch their agents'
     * state ahead of use; a hire fails where no job of the line of work pays */
    int hires = 0;
    long long failed = 0;
    const double gap = lp->gap, *restrict viab = ag->viab;
    for (int j = 0; j < count; j++) {
        const int drawn = draws[j] < lp->prob;
        const int viable = gap <= 1.0 || !(viab[seekers[j]] < gap);
        seekers[hires] = seekers[j];
        hires += drawn & viable;
        failed += drawn & !viable;
    }
    out->count[LABOUR_COUNT_FAILED_HIRES] = failed;
    for (int j = 0; j < hires; j++) {
        if (j + 8 < hires) {
            const uint32_t ahead = seekers[j + 8];
            __builtin_prefetch(&ag->a[ahead], 1);
            __builtin_prefetch(&ag->theta_ai[ahead], 1);
            __builtin_prefetch(&ag->theta_rb[ahead], 1);
        }
        const int i = (int)seekers[j];
        rng_seek(r, lp->seed, RNG_STREAM_NEW_JOB_THRESHOLDS, lp->month, (uint32_t)i);
        ag->theta_ai[i] = exp(lp->ln_ai + lp->sigma_ai * gsl_ran_gaussian_ziggurat(r, 1.0));
        ag->theta_rb[i] = exp(lp->ln_rb + lp->sigma_rb * gsl_ran_gaussian_ziggurat(r, 1.0));
        ag->a[i] *= lp->keep;
        ag->status[i] = AGENT_EMPLOYED;
    }
    out->count[LABOUR_COUNT_HIRED] = hires;
}

long long labour_step(Exec *ex, Agents *ag, const LabourStepParams *lp, const Technology *tech,
                      gsl_rng *const *block_rng, int month, double gap)
{
    const LabourPass pass = labour_prepare(ag, lp, tech, block_rng, month, gap);
    BlockResult total;
    exec_pass(ex, &(Kernel){labour_kernel, &pass}, 1, &total);
    return total.count[LABOUR_COUNT_HIRED];
}
