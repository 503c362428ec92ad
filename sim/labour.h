/* labour.h - Layoffs of jobs that no longer pay their way at last month's
 * real-wage gap, and re-employment of displaced workers in new human jobs:
 * reinstatement (MODEL.md section 4 step 3, 4c and 4d).
 *
 * One kernel over blocks (exec.h) with no global result before production:
 * labour_kernel is exported so that the composition root can run it in one pass
 * with automation's apply kernel before it and production's after it. */
#pragma once
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "agents.h"
#include "exec.h"
#include "params.h"
#include "rng.h"
#include "technology.h"

/* The parameters re-employment reads: the labour group of Params (borrowed) and
 * the thresholds' sigma, or hand-made ones in a test. */
typedef struct LabourStepParams {
    const LabourParams *labour; /* reemployment_per_year, skill_loss, new_task_headroom; borrowed */
    double sigma_ai;            /* ai.threshold_sigma: sd of a new job's ln theta_ai [-] */
    double sigma_robot;         /* robots.threshold_sigma: sd of a new job's ln theta_rb [-] */
    uint64_t seed;              /* run.seed: addresses the re-employment and threshold draws */
} LabourStepParams;

/* Where labour_kernel puts the block's counts in BlockResult.count. */
enum { LABOUR_COUNT_HIRED = 0, LABOUR_COUNT_LAID_OFF = 1, LABOUR_COUNT_FAILED_HIRES = 2 };

/* Context of labour_kernel, made by labour_prepare. */
typedef struct LabourPass {
    Agents *ag;                /* borrowed; seekers' status, a and thresholds change */
    gsl_rng *const *block_rng; /* one workspace generator per block; borrowed */
    uint64_t seed;
    RngKey key;                /* rng_key(seed) */
    uint32_t month;
    double prob;               /* re-employment probability this month [-] */
    double keep;               /* 1 - skill_loss [-] */
    double ln_ai, ln_rb;       /* ln frontier_k + new_task_headroom [-] */
    double sigma_ai, sigma_rb; /* sd of ln theta_k [-] */
    double gap;                /* g_{t-1}, last month's real-wage gap (1 before month 0) [-] */
} LabourPass;

/* The context of step 3 for `month`: tech gives today's frontier
 * (technology_frontier_ai/robot); block_rng[b] is block b's workspace
 * generator; gap is g_{t-1} (wages.h), 1 before month 0. */
LabourPass labour_prepare(Agents *ag, const LabourStepParams *lp, const Technology *tech,
                          gsl_rng *const *block_rng, int month, double gap);

/* Kernel (BlockKernelFn, ctx a LabourPass): first layoffs: every employed
 * agent whose viab < gap loses its job, which is destroyed (no machine slot):
 * lost_month = month and, if it was the starting job, slot = SLOT_LOST. Then
 * each agent of the block displaced before this month (status 0) finds a new
 * job with probability reemployment_per_year / 12, unless its viab < gap (no
 * job of its line of work pays its way: the hire fails and nothing changes).
 * The new job's output is a (1 - skill_loss) (the loss compounds) and its
 * thresholds are set above today's frontier: ln theta^k = ln frontier_k +
 * new_task_headroom + sigma_k z. Agents displaced this month (automated or
 * laid off) wait until next month. Its BlockResult's count[LABOUR_COUNT_*] =
 * the block's re-employed, laid off and failed hires [agents]. */
void labour_kernel(const void *ctx, Block blk, BlockResult *out);

/* Runs step 3 for `month` over the blocks of ex (labour_kernel in a pass of its
 * own). Returns the number re-employed over all ranks [agents]. */
long long labour_step(Exec *ex, Agents *ag, const LabourStepParams *lp, const Technology *tech,
                      gsl_rng *const *block_rng, int month, double gap);
