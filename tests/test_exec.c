/* test_exec.c - The execution layer (exec.h): block-order sums, exact counts,
 * kernels of a pass in list order on each block, and the same bits for any
 * thread count (MODEL.md section 5). */
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include "exec.h"
#include "test.h"

enum { BLOCKS = 3, N = 2 * EXEC_BLOCK_SIZE + 100 }; /* the last block is short */

/* sum[0] of block b is value[b]: one value per block. */
static void one_value_per_block(const void *ctx, Block blk, BlockResult *out)
{
    const double *value = ctx;
    out->sum[0] = value[blk.index];
}

/* With 1, 1e16, -1e16 the order of additions decides the result: in block order
 * (0 + 1) + 1e16 rounds to 1e16 (1e16 + 1 is halfway between two doubles, ties
 * to even), and adding -1e16 gives 0; in reverse order the sum is 1. */
static int sums_should_be_added_in_block_order(void)
{
    const BlockPlan plan = exec_plan_local(N);
    CHECK(plan.blocks == BLOCKS && plan.lo == 0 && plan.hi == BLOCKS);
    Exec *ex = exec_create(&plan);
    CHECK(ex != NULL);
    const double value[BLOCKS] = {1.0, 1e16, -1e16};
    CHECK(((0.0 + value[2]) + value[1]) + value[0] == 1.0); /* the reverse order */
    const Kernel k = {one_value_per_block, value};
    BlockResult total;
    for (int threads = 1; threads <= 3; threads++) {
        omp_set_num_threads(threads);
        exec_pass(ex, &k, 1, &total);
        CHECK(total.sum[0] == 0.0);
        for (int s = 1; s < EXEC_SUMS; s++)
            CHECK(total.sum[s] == 0.0); /* unused entries stay 0 */
    }
    exec_destroy(ex);
    return 0;
}

/* count[0] = agents of the block, count[1] = its index, count[2] = 2^53 + 1
 * per block (not a double: a count added as a double would lose the 1):
 * totals n, 0 + 1 + 2 and 3 (2^53 + 1), exactly. */
static void counting(const void *ctx, Block blk, BlockResult *out)
{
    (void)ctx;
    out->count[0] = blk.end - blk.begin;
    out->count[1] = blk.index;
    out->count[2] = (1LL << 53) + 1;
}

static int counts_should_be_exact(void)
{
    const BlockPlan plan = exec_plan_local(N);
    Exec *ex = exec_create(&plan);
    CHECK(ex != NULL);
    const Kernel k = {counting, NULL};
    BlockResult total;
    omp_set_num_threads(3);
    exec_pass(ex, &k, 1, &total);
    CHECK(total.count[0] == N);
    CHECK(total.count[1] == 0 + 1 + 2);
    CHECK(total.count[2] == 3 * ((1LL << 53) + 1));
    CHECK(total.count[3] == 0);
    exec_destroy(ex);
    return 0;
}

/* Three kernels that log their id per block and hand data on: `first` writes
 * x[i] = i, `second` doubles it and sums, `third` checks it sees the doubled
 * values. */
typedef struct Log {
    int seen[BLOCKS][4];
    int count[BLOCKS];
    double *x;
} Log;

static void note(Log *log, int b, int id) { log->seen[b][log->count[b]++] = id; }

static void first(const void *ctx, Block blk, BlockResult *out)
{
    Log *log = (Log *)ctx;
    note(log, blk.index, 0);
    for (int i = blk.begin; i < blk.end; i++)
        log->x[i] = i;
    out->count[0] = 1;
}

static void second(const void *ctx, Block blk, BlockResult *out)
{
    Log *log = (Log *)ctx;
    note(log, blk.index, 1);
    for (int i = blk.begin; i < blk.end; i++) {
        log->x[i] *= 2;
        out->sum[0] += log->x[i];
    }
}

static void third(const void *ctx, Block blk, BlockResult *out)
{
    Log *log = (Log *)ctx;
    note(log, blk.index, 2);
    for (int i = blk.begin; i < blk.end; i++)
        out->count[0] += log->x[i] == 2.0 * i;
}

static int kernels_should_run_in_list_order_on_each_block(void)
{
    const BlockPlan plan = exec_plan_local(N);
    Exec *ex = exec_create(&plan);
    Log log = {.x = malloc(N * sizeof(double))};
    CHECK(ex != NULL && log.x != NULL);
    const Kernel pass[] = {{first, &log}, {second, &log}, {third, &log}};
    BlockResult total[3];
    omp_set_num_threads(3);
    exec_pass(ex, pass, 3, total);
    for (int b = 0; b < BLOCKS; b++) {
        CHECK(log.count[b] == 3);
        CHECK(log.seen[b][0] == 0 && log.seen[b][1] == 1 && log.seen[b][2] == 2);
    }
    /* each kernel's totals are its own: first counted 1 per block */
    CHECK(total[0].count[0] == BLOCKS && total[0].sum[0] == 0.0);
    CHECK(total[1].sum[0] == (double)N * (N - 1)); /* sum 2 i = N (N - 1), exact here */
    CHECK(total[2].count[0] == N);
    free(log.x);
    exec_destroy(ex);
    return 0;
}

/* A sum whose bits depend on its order: x_i = 1 / (i + 1) over each block. */
static void harmonic(const void *ctx, Block blk, BlockResult *out)
{
    (void)ctx;
    for (int i = blk.begin; i < blk.end; i++) {
        out->sum[0] += 1.0 / (i + 1.0);
        out->sum[1] += (i % 7) * 1e-3 - 1e-3 * 3;
    }
}

static int results_should_not_depend_on_the_thread_count(void)
{
    enum { BIG = 40 * EXEC_BLOCK_SIZE + 17 };
    const BlockPlan plan = exec_plan_local(BIG);
    Exec *ex = exec_create(&plan);
    CHECK(ex != NULL);
    const Kernel k = {harmonic, NULL};
    BlockResult one, three;
    omp_set_num_threads(1);
    exec_pass(ex, &k, 1, &one);
    omp_set_num_threads(3);
    exec_pass(ex, &k, 1, &three);
    CHECK(memcmp(&one, &three, sizeof one) == 0);
    /* and they are the block-order sums of the per-block sums */
    double expect = 0;
    for (int b = 0; b < plan.blocks; b++) {
        double s = 0;
        for (int i = exec_block_begin(b); i < exec_block_end(b, BIG); i++)
            s += 1.0 / (i + 1.0);
        expect += s;
    }
    CHECK(one.sum[0] == expect);
    exec_destroy(ex);
    return 0;
}

/* Block geometry at one agent per US worker (1.55e8) and at the largest
 * run.agents (2^31 - 1): 155e6 = 37841 blocks of 4096 (154 996 736 agents)
 * and a last one of 3264; 2^31 - 1 = 524287 full blocks and one of 4095. */
static int blocks_should_cover_the_largest_populations(void)
{
    const int us = 155000000, largest = 2147483647;
    CHECK(exec_block_count(us) == 37842);
    CHECK(exec_block_begin(37841) == 154996736);
    CHECK(exec_block_end(37841, us) == us);
    CHECK(exec_block_end(37840, us) == 154996736);
    CHECK(exec_block_count(largest) == 524288);
    CHECK(exec_block_begin(524287) == 2147479552);
    CHECK(exec_block_end(524287, largest) == largest);
    const BlockPlan plan = exec_plan_local(us);
    CHECK(plan.blocks == 37842 && plan.lo == 0 && plan.hi == 37842);
    int first, end;
    exec_agent_range(&plan, &first, &end);
    CHECK(first == 0 && end == us);
    return 0;
}

int main(void)
{
    int failures = 0;
    RUN(sums_should_be_added_in_block_order, failures);
    RUN(counts_should_be_exact, failures);
    RUN(kernels_should_run_in_list_order_on_each_block, failures);
    RUN(results_should_not_depend_on_the_thread_count, failures);
    RUN(blocks_should_cover_the_largest_populations, failures);
    return failures != 0;
}
