/* test_labour.c - Layoffs, failed hires and re-employment (MODEL.md 4 step 3,
 * 4c, 4d) on hand-built agents and parameters, over plans of one to three
 * blocks. */
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "labour.h"
#include "rng.h"
#include "test.h"

enum { MAX_BLOCKS = 3 };

/* Hand-made agents: all displaced before this month (status 0), a = 2. */
typedef struct Town {
    Agents ag;
    uint8_t *status;
    double *a, *theta_ai, *theta_rb, *viab;
    uint8_t *slot;
    int32_t *lost_month;
    gsl_rng *rng[MAX_BLOCKS];
    Exec *ex;
} Town;

static Town *town_create(int n)
{
    Town *t = calloc(1, sizeof *t);
    t->status = calloc((size_t)n, 1);
    t->a = malloc((size_t)n * sizeof(double));
    t->theta_ai = malloc((size_t)n * sizeof(double));
    t->theta_rb = malloc((size_t)n * sizeof(double));
    t->slot = calloc((size_t)n, 1);
    t->viab = malloc((size_t)n * sizeof(double));
    t->lost_month = malloc((size_t)n * sizeof(int32_t));
    for (int i = 0; i < n; i++) {
        t->a[i] = 2.0;
        t->theta_ai[i] = t->theta_rb[i] = 0.5;
        t->viab[i] = 1.0;
        t->lost_month[i] = -1;
    }
    t->ag = (Agents){.n = n, .status = t->status, .a = t->a, .theta_ai = t->theta_ai,
                     .theta_rb = t->theta_rb, .slot = t->slot, .viab = t->viab,
                     .lost_month = t->lost_month};
    for (int b = 0; b < MAX_BLOCKS; b++)
        t->rng[b] = rng_create();
    const BlockPlan plan = exec_plan(n);
    t->ex = exec_create(&plan);
    return t;
}

static void town_destroy(Town *t)
{
    free(t->status);
    free(t->a);
    free(t->theta_ai);
    free(t->theta_rb);
    free(t->slot);
    free(t->viab);
    free(t->lost_month);
    for (int b = 0; b < MAX_BLOCKS; b++)
        gsl_rng_free(t->rng[b]);
    exec_destroy(t->ex);
    free(t);
}

static LabourStepParams params_for(const LabourParams *labour)
{
    return (LabourStepParams){.labour = labour, .sigma_ai = 0.4, .sigma_robot = 0.25, .seed = 77};
}

/* A = 5, R = 3 (robots running): the frontier a new job is set above */
static const Technology tech = {.ai = 5.0, .robot = 3.0, .robots_active = true};

/* Seeker i is hired iff its re-employment uniform is below reemployment/12:
 * checked agent by agent, and the count against the binomial mean n p within 5
 * standard deviations sqrt(n p (1 - p)) (a fixed seed, so deterministic). */
static int reemployment_should_follow_its_draws_and_rate(void)
{
    const int n = 12000, month = 7; /* three blocks */
    Town *t = town_create(n);
    const LabourParams labour = {.reemployment_per_year = 3.6, .skill_loss = 0.0};
    const LabourStepParams lp = params_for(&labour);
    const long long hired = labour_step(t->ex, &t->ag, &lp, &tech, t->rng, month, 1.0);
    const double p = 3.6 / 12.0;
    const RngKey key = rng_key(lp.seed);
    long long want = 0;
    for (int i = 0; i < n; i++) {
        const bool h = rng_uniform_at(key, RNG_STREAM_REEMPLOYMENT, month, (uint32_t)i) < p;
        CHECK(t->status[i] == (h ? AGENT_EMPLOYED : 0));
        want += h;
    }
    CHECK(hired == want);
    CHECK_ABS((double)hired, n * p, 5.0 * sqrt(n * p * (1.0 - p))); /* 3600 +- 251 */
    town_destroy(t);
    return 0;
}

/* With reemployment 12/year every seeker is hired (p = 1, uniforms < 1). The new
 * job: a (1 - skill_loss), and ln theta^k = ln frontier_k + headroom + sigma_k z
 * with z the ziggurat normals of the agent's new-job substream, AI first. */
static int new_job_should_lose_skill_and_sit_above_the_frontier(void)
{
    const int n = EXEC_BLOCK_SIZE + 10, month = 2; /* two blocks */
    Town *t = town_create(n);
    const LabourParams labour = {.reemployment_per_year = 12.0,
                                 .skill_loss = 0.125,
                                 .new_task_headroom = 0.7};
    const LabourStepParams lp = params_for(&labour);
    CHECK(labour_step(t->ex, &t->ag, &lp, &tech, t->rng, month, 1.0) == n);
    gsl_rng *r = rng_create();
    for (int i = 0; i < n; i++) {
        rng_seek(r, lp.seed, RNG_STREAM_NEW_JOB_THRESHOLDS, month, (uint32_t)i);
        const double z_ai = gsl_ran_gaussian_ziggurat(r, 1.0);
        const double z_rb = gsl_ran_gaussian_ziggurat(r, 1.0);
        CHECK(t->status[i] == AGENT_EMPLOYED);
        CHECK(t->a[i] == 2.0 * 0.875); /* exact: 1 - 0.125 and 1.75 are binary fractions */
        CHECK(t->theta_ai[i] == exp((log(5.0) + 0.7) + 0.4 * z_ai)); /* as computed */
        CHECK(t->theta_rb[i] == exp((log(3.0) + 0.7) + 0.25 * z_rb));
        CHECK_REL(t->theta_ai[i], 5.0 * exp(0.7 + 0.4 * z_ai), 1e-14); /* the closed form */
        CHECK_REL(t->theta_rb[i], 3.0 * exp(0.7 + 0.25 * z_rb), 1e-14);
    }
    /* the loss compounds: a second new job keeps 0.875 of the first one's a */
    memset(t->status, 0, (size_t)n);
    CHECK(labour_step(t->ex, &t->ag, &lp, &tech, t->rng, month + 1, 1.0) == n);
    CHECK(t->a[0] == 2.0 * 0.875 * 0.875 && t->a[n - 1] == 2.0 * 0.875 * 0.875);
    gsl_rng_free(r);
    town_destroy(t);
    return 0;
}

/* Before robots start (R = 0) and without AI (A = 0) the frontier is 1: with
 * sigma 0 the new thresholds are e^headroom exactly as exp computes it. */
static int frontier_should_be_one_for_an_absent_technology(void)
{
    Town *t = town_create(3);
    const LabourParams labour = {.reemployment_per_year = 12.0, .new_task_headroom = 0.3};
    const LabourStepParams lp = {.labour = &labour, .seed = 1};
    const Technology none = {.ai = 0.0, .robot = 0.0};
    CHECK(labour_step(t->ex, &t->ag, &lp, &none, t->rng, 0, 1.0) == 3);
    for (int i = 0; i < 3; i++)
        CHECK(t->theta_ai[i] == exp(0.3) && t->theta_rb[i] == exp(0.3) && t->a[i] == 2.0);
    town_destroy(t);
    return 0;
}

/* Agents displaced this month (AGENT_JUST_DISPLACED) lose the mark and wait:
 * even with p = 1 they are hired only next month. Employed agents are left alone. */
static int agents_displaced_this_month_should_wait_a_month(void)
{
    const int n = 2 * EXEC_BLOCK_SIZE + 3; /* three blocks, the mark in each */
    Town *t = town_create(n);
    for (int i = 0; i < n; i++)
        t->status[i] = i % 3 == 0 ? AGENT_JUST_DISPLACED : i % 3 == 1 ? AGENT_EMPLOYED : 0;
    const LabourParams labour = {.reemployment_per_year = 12.0, .skill_loss = 0.5};
    const LabourStepParams lp = params_for(&labour);
    const long long seekers = n / 3; /* i % 3 == 2: 2, 5, ..., n - 3 */
    CHECK(labour_step(t->ex, &t->ag, &lp, &tech, t->rng, 0, 1.0) == seekers);
    for (int i = 0; i < n; i++) {
        CHECK(t->status[i] == (i % 3 == 0 ? 0 : AGENT_EMPLOYED));
        CHECK(t->a[i] == (i % 3 == 2 ? 1.0 : 2.0));
        CHECK(t->theta_ai[i] == 0.5 || i % 3 == 2);
    }
    CHECK(labour_step(t->ex, &t->ag, &lp, &tech, t->rng, 1, 1.0) == (n + 2) / 3); /* i % 3 == 0 */
    for (int i = 0; i < n; i++) {
        CHECK(t->status[i] == AGENT_EMPLOYED);
        CHECK(t->a[i] == (i % 3 == 1 ? 2.0 : 1.0));
    }
    town_destroy(t);
    return 0;
}

/* Over a plan of some of the blocks (one rank's share of a split run) only those
 * blocks' agents move. */
static int a_partial_plan_should_step_only_its_blocks(void)
{
    const int n = 3 * EXEC_BLOCK_SIZE;
    Town *t = town_create(n);
    const BlockPlan plan = {.n = n, .blocks = 3, .lo = 1, .hi = 2};
    Exec *ex = exec_create(&plan);
    const LabourParams labour = {.reemployment_per_year = 12.0};
    const LabourStepParams lp = params_for(&labour);
    CHECK(labour_step(ex, &t->ag, &lp, &tech, t->rng, 0, 1.0) == EXEC_BLOCK_SIZE);
    for (int i = 0; i < n; i++) {
        const bool mine = i >= EXEC_BLOCK_SIZE && i < 2 * EXEC_BLOCK_SIZE;
        CHECK(t->status[i] == (mine ? AGENT_EMPLOYED : 0));
    }
    exec_destroy(ex);
    town_destroy(t);
    return 0;
}

/* One pass of labour_kernel alone, as sim.c runs it: the block counts summed. */
static BlockResult labour_pass(Town *t, const LabourStepParams *lp, int month, double gap)
{
    const LabourPass pass = labour_prepare(&t->ag, lp, &tech, t->rng, month, gap);
    BlockResult total;
    exec_pass(t->ex, &(Kernel){labour_kernel, &pass}, 1, &total);
    return total;
}

/* Four lines of work, viab 1, 1.1, 1.2, 1.3, at last month's gap 1.2 (MODEL.md
 * 4 step 3): the jobs with viab < 1.2 are destroyed, the one at viab = g
 * exactly survives. A laid-off agent's starting job, if it still held it
 * (slot human), is lost; an agent re-employed after automation keeps the
 * machine in its starting slot (slot AI). Laid off this month, an agent does
 * not seek until next month; then, at the same gap, its hire fails (nothing
 * of its line of work pays); once the gap is back at 1, it is hired. */
static int jobs_below_the_gap_should_be_laid_off_and_rehired_only_later(void)
{
    const int n = EXEC_BLOCK_SIZE + 6, month = 4; /* two blocks */
    static const double viab[] = {1.0, 1.1, 1.2, 1.3};
    Town *t = town_create(n);
    long long below = 0;
    for (int i = 0; i < n; i++) {
        t->status[i] = AGENT_EMPLOYED;
        t->viab[i] = viab[i % 4];
        t->slot[i] = i % 8 < 4 ? TECH_HUMAN : TECH_AI;
        below += i % 4 < 2;
    }
    const LabourParams labour = {.reemployment_per_year = 12.0, .skill_loss = 0.5};
    const LabourStepParams lp = params_for(&labour);
    BlockResult r = labour_pass(t, &lp, month, 1.2);
    CHECK(r.count[LABOUR_COUNT_LAID_OFF] == below);
    CHECK(r.count[LABOUR_COUNT_HIRED] == 0 && r.count[LABOUR_COUNT_FAILED_HIRES] == 0);
    for (int i = 0; i < n; i++) {
        const bool out = i % 4 < 2;
        CHECK(t->status[i] == (out ? 0 : AGENT_EMPLOYED));
        CHECK(t->lost_month[i] == (out ? month : -1));
        CHECK(t->slot[i] == (i % 8 < 4 ? (out ? SLOT_LOST : TECH_HUMAN) : TECH_AI));
        CHECK(t->a[i] == 2.0 && t->theta_ai[i] == 0.5 && t->theta_rb[i] == 0.5);
    }
    /* next month, same gap: every seeker's draw succeeds (p = 1) and every
     * hire fails; nobody else is laid off */
    r = labour_pass(t, &lp, month + 1, 1.2);
    CHECK(r.count[LABOUR_COUNT_FAILED_HIRES] == below);
    CHECK(r.count[LABOUR_COUNT_HIRED] == 0 && r.count[LABOUR_COUNT_LAID_OFF] == 0);
    for (int i = 0; i < n; i++) {
        CHECK(t->status[i] == (i % 4 < 2 ? 0 : AGENT_EMPLOYED));
        CHECK(t->a[i] == 2.0 && t->theta_ai[i] == 0.5 && t->theta_rb[i] == 0.5);
        CHECK(t->lost_month[i] == (i % 4 < 2 ? month : -1));
    }
    /* the gap back at 1: all hired, with the skill loss */
    r = labour_pass(t, &lp, month + 2, 1.0);
    CHECK(r.count[LABOUR_COUNT_HIRED] == below);
    CHECK(r.count[LABOUR_COUNT_FAILED_HIRES] == 0 && r.count[LABOUR_COUNT_LAID_OFF] == 0);
    for (int i = 0; i < n; i++) {
        CHECK(t->status[i] == AGENT_EMPLOYED);
        CHECK(t->a[i] == (i % 4 < 2 ? 1.0 : 2.0));
        CHECK(t->slot[i] == (i % 8 < 4 ? (i % 4 < 2 ? SLOT_LOST : TECH_HUMAN) : TECH_AI));
    }
    town_destroy(t);
    return 0;
}

/* A hire fails when the seeker's draw succeeds but its viab < gap: a and the
 * thresholds stay, it stays displaced, and it counts as a failed hire; a
 * seeker whose draw fails is neither. Half the seekers at viab 1, half at 1.5,
 * gap 1.25, p = 0.3: agent by agent against its re-employment uniform. */
static int a_hire_below_the_gap_should_fail_and_change_nothing(void)
{
    const int n = 12000, month = 9; /* three blocks */
    Town *t = town_create(n);
    for (int i = 0; i < n; i++)
        t->viab[i] = i % 2 ? 1.5 : 1.0;
    const LabourParams labour = {.reemployment_per_year = 3.6, .skill_loss = 0.2,
                                 .new_task_headroom = 0.7};
    const LabourStepParams lp = params_for(&labour);
    const BlockResult r = labour_pass(t, &lp, month, 1.25);
    const RngKey key = rng_key(lp.seed);
    long long hired = 0, failed = 0;
    for (int i = 0; i < n; i++) {
        const bool drawn = rng_uniform_at(key, RNG_STREAM_REEMPLOYMENT, month, (uint32_t)i) < 0.3;
        const bool hire = drawn && i % 2;
        hired += hire;
        failed += drawn && !(i % 2);
        CHECK(t->status[i] == (hire ? AGENT_EMPLOYED : 0));
        CHECK(t->a[i] == (hire ? 2.0 * 0.8 : 2.0));
        CHECK((t->theta_ai[i] == 0.5) == !hire && (t->theta_rb[i] == 0.5) == !hire);
        CHECK(t->lost_month[i] == -1);
    }
    CHECK(r.count[LABOUR_COUNT_HIRED] == hired && r.count[LABOUR_COUNT_FAILED_HIRES] == failed);
    CHECK(r.count[LABOUR_COUNT_LAID_OFF] == 0);
    /* about n/2 x 0.3 = 1800 of each, within 5 binomial sd (sqrt(6000 x 0.3 x 0.7) = 35.5) */
    CHECK_ABS((double)hired, 1800.0, 5.0 * 35.5);
    CHECK_ABS((double)failed, 1800.0, 5.0 * 35.5);
    town_destroy(t);
    return 0;
}

/* g <= 1 lays nobody off, even at viab exactly 1 (every job survives g = 1),
 * and every drawn hire succeeds; just above 1, the viab-1 jobs go. */
static int a_gap_of_one_should_lay_nobody_off(void)
{
    const int n = EXEC_BLOCK_SIZE + 2;
    Town *t = town_create(n); /* viab 1 everywhere */
    for (int i = 0; i < n; i++)
        t->status[i] = i % 2 ? AGENT_EMPLOYED : 0;
    const LabourParams labour = {.reemployment_per_year = 12.0};
    const LabourStepParams lp = params_for(&labour);
    BlockResult r = labour_pass(t, &lp, 0, 1.0);
    CHECK(r.count[LABOUR_COUNT_LAID_OFF] == 0 && r.count[LABOUR_COUNT_FAILED_HIRES] == 0);
    CHECK(r.count[LABOUR_COUNT_HIRED] == n / 2);
    for (int i = 0; i < n; i++)
        CHECK(t->status[i] == AGENT_EMPLOYED && t->lost_month[i] == -1);
    r = labour_pass(t, &lp, 1, 1.0 + 1e-12);
    CHECK(r.count[LABOUR_COUNT_LAID_OFF] == n);
    town_destroy(t);
    return 0;
}

/* An agent automated out of its job this month (AGENT_JUST_DISPLACED) holds
 * no human job: it is not laid off (lost_month stays automation's) and its
 * wait until next month is unchanged by the gap. */
static int agents_displaced_this_month_should_not_be_laid_off(void)
{
    Town *t = town_create(4);
    for (int i = 0; i < 4; i++) {
        t->status[i] = AGENT_JUST_DISPLACED;
        t->lost_month[i] = 3;
        t->slot[i] = TECH_AI;
    }
    const LabourParams labour = {.reemployment_per_year = 12.0};
    const LabourStepParams lp = params_for(&labour);
    const BlockResult r = labour_pass(t, &lp, 3, 1.5);
    CHECK(r.count[LABOUR_COUNT_LAID_OFF] == 0 && r.count[LABOUR_COUNT_FAILED_HIRES] == 0 &&
          r.count[LABOUR_COUNT_HIRED] == 0);
    for (int i = 0; i < 4; i++)
        CHECK(t->status[i] == 0 && t->lost_month[i] == 3 && t->slot[i] == TECH_AI);
    town_destroy(t);
    return 0;
}

int main(void)
{
    int failures = 0;
    RUN(reemployment_should_follow_its_draws_and_rate, failures);
    RUN(new_job_should_lose_skill_and_sit_above_the_frontier, failures);
    RUN(frontier_should_be_one_for_an_absent_technology, failures);
    RUN(agents_displaced_this_month_should_wait_a_month, failures);
    RUN(a_partial_plan_should_step_only_its_blocks, failures);
    RUN(jobs_below_the_gap_should_be_laid_off_and_rehired_only_later, failures);
    RUN(a_hire_below_the_gap_should_fail_and_change_nothing, failures);
    RUN(a_gap_of_one_should_lay_nobody_off, failures);
    RUN(agents_displaced_this_month_should_not_be_laid_off, failures);
    return failures != 0;
}
