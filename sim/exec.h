/* exec.h - The one execution layer (MODEL.md section 5). Agents are cut into
 * fixed blocks; a mechanism is a kernel over one block; this layer runs kernels
 * over this process's blocks under OpenMP threads, shares each block's partial
 * results with the other MPI ranks of a split run, and adds them in block order.
 * The cut depends on the agent count only, never on the thread or rank count, so
 * results are bit-identical for any of them. Model files contain no OpenMP
 * pragma, no MPI call and no summation over blocks. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* 4096 agents: large enough that a block's loop dwarfs OpenMP scheduling cost,
 * small enough that 1e5 agents still make 25 blocks to share among threads, and
 * a block's agent state (about 100 B an agent) stays in L2 across a pass. */
enum { EXEC_BLOCK_SIZE = 4096 };

/* The blocks of one run and the share of them this process steps. Owned by the
 * simulation (not by the agents); made once by exec_plan. */
typedef struct BlockPlan {
    int n;      /* agents in the whole run */
    int blocks; /* blocks in the whole run: ceil(n / EXEC_BLOCK_SIZE) */
    int lo, hi; /* blocks this process steps, [lo, hi): all unless split over ranks */
    bool local; /* results not shared over ranks (exec_plan_local) */
} BlockPlan;

/* One block handed to a kernel: agents [begin, end) of block `index`. */
typedef struct Block {
    int index;
    int begin, end;
} Block;

/* Number of blocks of n agents, and the agent range of block b (in long long:
 * n + EXEC_BLOCK_SIZE - 1 passes INT_MAX for the largest n that run.agents
 * allows). */
static inline int exec_block_count(int n)
{
    return (int)(((long long)n + EXEC_BLOCK_SIZE - 1) / EXEC_BLOCK_SIZE);
}
static inline int exec_block_begin(int b) { return b * EXEC_BLOCK_SIZE; }
static inline int exec_block_end(int b, int n)
{
    long long e = (long long)(b + 1) * EXEC_BLOCK_SIZE;
    return e < n ? (int)e : n;
}

/* The plan for n agents: every block, or this rank's share of them in a split
 * run (distributed.h). */
BlockPlan exec_plan(int n);

/* The plan of all n agents' blocks on this process alone, whether or not the
 * run is split: for work one process does in whole (the root's ranking of
 * every agent's wage at initialisation) and for tests. Its passes share
 * nothing over ranks. A test may narrow lo and hi to stand for one rank of a
 * split run: passes then step those blocks only, still sharing nothing, and
 * the process is its own root. */
BlockPlan exec_plan_local(int n);

/* Agents [*first, *end) stepped by this process (empty range if it has no block). */
void exec_agent_range(const BlockPlan *plan, int *first, int *end);

/* What one kernel returns for one block: partial sums (doubles, added over
 * blocks in block order, so their bits do not depend on threads or ranks) and
 * counts (integers, exact in any order). Unused entries stay 0. */
enum { EXEC_SUMS = 8, EXEC_COUNTS = 8 };
typedef struct BlockResult {
    double sum[EXEC_SUMS];
    long long count[EXEC_COUNTS];
} BlockResult;

/* A kernel: one mechanism over agents [blk.begin, blk.end). It reads and writes
 * only those agents' state (and per-block scratch at the same offsets), and
 * writes its partial results into *out (zeroed before the call). ctx is the
 * kernel's own read-only parameters. Kernels may run concurrently on different
 * blocks. */
typedef void (*BlockKernelFn)(const void *ctx, Block blk, BlockResult *out);
typedef struct Kernel {
    BlockKernelFn run;
    const void *ctx;
} Kernel;

/* The maximum number of kernels in one pass. */
enum { EXEC_MAX_KERNELS = 8 };

typedef struct Exec Exec;

/* Allocates the per-block result scratch for `plan` (copied). NULL if out of
 * memory. */
Exec *exec_create(const BlockPlan *plan);
void exec_destroy(Exec *ex);
const BlockPlan *exec_block_plan(const Exec *ex);

/* One pass: for each block of the plan, kernels[0..k-1] in that order on that
 * block while it is in cache (blocks spread over OpenMP threads, static
 * schedule); then, for each kernel j, totals[j] = its per-block sums added in
 * block order 0, 1, ..., blocks-1 starting from +0.0, and its counts summed,
 * over every block of every rank. 1 <= k <= EXEC_MAX_KERNELS. Kernels with a
 * global result between them belong in separate passes. totals may be NULL when
 * no kernel returns anything. */
void exec_pass(Exec *ex, const Kernel *kernels, int k, BlockResult *totals);

/* One of the independent jobs exec_tasks runs: run(ctx). */
typedef struct Task {
    void (*run)(void *ctx);
    void *ctx;
} Task;

/* Runs tasks[0..k-1] once each: with 2 .. k OpenMP threads in this process,
 * at once, each on one thread; with one thread, or more than k, one after
 * another, so that each may spread over all of them (the exact sorts do). The
 * tasks must touch disjoint memory, and what each computes must not depend on
 * the thread or threads that run it, so results are the same for any thread
 * count. k >= 0. */
void exec_tasks(const Task *tasks, int k);

/* Runs fn(ctx, i) once for each i in [0, k), spread over this process's OpenMP
 * threads (dynamic schedule). Iterations must write disjoint memory and their
 * results must not depend on the thread that runs them. For the phases of a
 * computation outside the agent blocks (the exact sort on many threads). */
void exec_for(int k, void (*fn)(void *ctx, int i), void *ctx);

/* The threads a job started here may spread over: this process's OpenMP
 * threads, or 1 inside a parallel region (a task exec_tasks runs at once with
 * another). */
int exec_threads(void);

/* An array of elements of `size` bytes for the agents [first, end) of a run,
 * indexed by the agent's own index: the allocation holds end - first elements
 * (one if the range is empty) and the pointer returned is its start moved back
 * by first elements, so p[i] is valid for first <= i < end only. This is how a
 * split run keeps only its own blocks' agents while kernels keep indexing by
 * agent (exec_agent_range gives the range). zeroed: calloc. NULL if out of
 * memory. Free with exec_span_free(p, first, size). */
void *exec_span_alloc(int first, int end, size_t size, bool zeroed);
void exec_span_free(void *p, int first, size_t size);

/* True on the process that holds and computes what needs every agent's value
 * at once (rank 0 of a split run; the one process otherwise). */
bool exec_root(const Exec *ex);

/* Gathers x[i] of every agent stepped by other ranks into x on the root, whose
 * x has plan->n entries (exec_span_alloc(0, n)); elsewhere x covers this
 * process's agents and is sent. No-op unless split. */
void exec_gather_root(const Exec *ex, double *x);

/* Every process receives x[i] = all[i] for its own agents [first, end)
 * (exec_agent_range); `all` has plan->n entries and is read on the root only
 * (elsewhere it may be NULL). Not split: copies the range (nothing when all is
 * x). */
void exec_scatter_agents(const Exec *ex, const double *all, double *x);

/* Copies bytes of buf from the root to every rank. No-op unless split. */
void exec_broadcast(const Exec *ex, void *buf, size_t bytes);

/* Adds counts[0..n-1] element-wise over the ranks (exact). No-op unless split. */
void exec_sum_counts(const Exec *ex, long long *counts, int n);

/* Gathers every rank's (draw, agent) pairs into all_u/all_i (capacity all_max),
 * in rank order; returns their number. With one rank copies mine. */
long long exec_gather_pairs(const Exec *ex, const double *mine_u, const int *mine_i,
                            long long n_mine, double *all_u, int *all_i, long long all_max);
