/* exec.c - The one execution layer (see exec.h). */
#include "exec.h"

#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#else /* the browser page's one thread (web/): the pragmas below are then ignored */
static int omp_get_max_threads(void) { return 1; }
static int omp_in_parallel(void) { return 0; }
#endif

#include "distributed.h"

struct Exec {
    BlockPlan plan;
    BlockResult *results; /* [blocks][EXEC_MAX_KERNELS]; owned scratch */
    double *sums;         /* [blocks][EXEC_MAX_KERNELS][EXEC_SUMS], shared over ranks; owned scratch */
};

BlockPlan exec_plan(int n)
{
    BlockPlan p = {.n = n, .blocks = exec_block_count(n)};
    dist_block_range(p.blocks, &p.lo, &p.hi);
    return p;
}

BlockPlan exec_plan_local(int n)
{
    const int blocks = exec_block_count(n);
    return (BlockPlan){.n = n, .blocks = blocks, .lo = 0, .hi = blocks, .local = true};
}

void exec_agent_range(const BlockPlan *plan, int *first, int *end)
{
    *first = plan->lo < plan->hi ? exec_block_begin(plan->lo) : 0;
    *end = plan->lo < plan->hi ? exec_block_end(plan->hi - 1, plan->n) : 0;
}

Exec *exec_create(const BlockPlan *plan)
{
    Exec *ex = calloc(1, sizeof *ex);
    if (ex == NULL)
        return NULL;
    ex->plan = *plan;
    const size_t blocks = (size_t)(plan->blocks > 0 ? plan->blocks : 1);
    ex->results = calloc(blocks * EXEC_MAX_KERNELS, sizeof *ex->results);
    ex->sums = calloc(blocks * EXEC_MAX_KERNELS * EXEC_SUMS, sizeof *ex->sums);
    if (ex->results == NULL || ex->sums == NULL) {
        exec_destroy(ex);
        return NULL;
    }
    return ex;
}

void exec_destroy(Exec *ex)
{
    if (ex == NULL)
        return;
    free(ex->results);
    free(ex->sums);
    free(ex);
}

const BlockPlan *exec_block_plan(const Exec *ex) { return &ex->plan; }

void exec_tasks(const Task *tasks, int k)
{
    if (omp_get_max_threads() > k) { /* each task may spread over all threads */
        for (int t = 0; t < k; t++)
            tasks[t].run(tasks[t].ctx);
        return;
    }
#pragma omp parallel for schedule(dynamic, 1) default(none) shared(tasks, k)
    for (int t = 0; t < k; t++)
        tasks[t].run(tasks[t].ctx);
}

void exec_for(int k, void (*fn)(void *ctx, int i), void *ctx)
{
#pragma omp parallel for schedule(dynamic, 1) default(none) shared(k, fn, ctx)
    for (int i = 0; i < k; i++)
        fn(ctx, i);
}

int exec_threads(void) { return omp_in_parallel() ? 1 : omp_get_max_threads(); }

void exec_pass(Exec *ex, const Kernel *kernels, int k, BlockResult *totals)
{
    const int n = ex->plan.n, blocks = ex->plan.blocks, lo = ex->plan.lo, hi = ex->plan.hi;
    BlockResult *results = ex->results;
#pragma omp parallel for schedule(static) default(none) shared(kernels, k, results, lo, hi, n)
    for (int b = lo; b < hi; b++) {
        const Block blk = {b, exec_block_begin(b), exec_block_end(b, n)};
        for (int j = 0; j < k; j++) {
            BlockResult *out = &results[(size_t)b * EXEC_MAX_KERNELS + (size_t)j];
            memset(out, 0, sizeof *out);
            kernels[j].run(kernels[j].ctx, blk, out);
        }
    }
    if (totals == NULL)
        return;
    /* counts: exact, so this process's blocks first, then over the ranks */
    long long counts[EXEC_MAX_KERNELS * EXEC_COUNTS] = {0};
    for (int b = lo; b < hi; b++)
        for (int j = 0; j < k; j++)
            for (int c = 0; c < EXEC_COUNTS; c++)
                counts[j * EXEC_COUNTS + c] += results[(size_t)b * EXEC_MAX_KERNELS + (size_t)j].count[c];
    if (!ex->plan.local)
        dist_sum_counts(counts, k * EXEC_COUNTS);
    /* sums: every rank gets every block's, then adds them in block order */
    const int per_block = EXEC_MAX_KERNELS * EXEC_SUMS;
    for (int b = lo; b < hi; b++)
        for (int j = 0; j < k; j++)
            memcpy(&ex->sums[(size_t)b * per_block + (size_t)j * EXEC_SUMS],
                   results[(size_t)b * EXEC_MAX_KERNELS + (size_t)j].sum, sizeof(double) * EXEC_SUMS);
    if (!ex->plan.local)
        dist_share_block_sums(ex->sums, per_block, blocks);
    for (int j = 0; j < k; j++) {
        BlockResult *t = &totals[j];
        memset(t, 0, sizeof *t);
        for (int c = 0; c < EXEC_COUNTS; c++)
            t->count[c] = counts[j * EXEC_COUNTS + c];
        for (int b = 0; b < blocks; b++)
            for (int s = 0; s < EXEC_SUMS; s++)
                t->sum[s] += ex->sums[(size_t)b * per_block + (size_t)j * EXEC_SUMS + (size_t)s];
    }
}

void *exec_span_alloc(int first, int end, size_t size, bool zeroed)
{
    const size_t count = end > first ? (size_t)(end - first) : 1;
    char *p = zeroed ? calloc(count, size) : malloc(count * size);
    return p == NULL ? NULL : p - (size_t)first * size;
}

void exec_span_free(void *p, int first, size_t size)
{
    if (p != NULL)
        free((char *)p + (size_t)first * size);
}

bool exec_root(const Exec *ex) { return ex->plan.local || dist_split_root(); }

void exec_gather_root(const Exec *ex, double *x)
{
    if (!ex->plan.local)
        dist_gather_agents(x, ex->plan.n, EXEC_BLOCK_SIZE);
}

void exec_scatter_agents(const Exec *ex, const double *all, double *x)
{
    if (!ex->plan.local && dist_split()) {
        dist_scatter_agents(all, x, ex->plan.n, EXEC_BLOCK_SIZE);
        return;
    }
    int first, end;
    exec_agent_range(&ex->plan, &first, &end);
    if (all != x && end > first)
        memcpy(x + first, all + first, (size_t)(end - first) * sizeof *x);
}

void exec_broadcast(const Exec *ex, void *buf, size_t bytes)
{
    if (!ex->plan.local)
        dist_broadcast(buf, bytes);
}

void exec_sum_counts(const Exec *ex, long long *counts, int n)
{
    if (!ex->plan.local)
        dist_sum_counts(counts, n);
}

long long exec_gather_pairs(const Exec *ex, const double *mine_u, const int *mine_i,
                            long long n_mine, double *all_u, int *all_i, long long all_max)
{
    (void)ex;
    return dist_gather_pairs(mine_u, mine_i, n_mine, all_u, all_i, all_max);
}
