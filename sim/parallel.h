/* parallel.h - Fixed blocks of agents: the unit of parallel work, random-stream
 * workspaces and partial sums. The cut depends on the agent count only, never on
 * the thread count, and partial sums are added in block order, so results are
 * bit-identical for any OMP_NUM_THREADS (MODEL.md section 5). */
#pragma once

/* 4096 agents: large enough that a block's loop dwarfs OpenMP scheduling cost,
 * small enough that 1e5 agents still make 25 blocks to share among threads. */
enum { SIM_BLOCK_SIZE = 4096 };

static inline int block_count(int n) { return (n + SIM_BLOCK_SIZE - 1) / SIM_BLOCK_SIZE; }
static inline int block_begin(int b) { return b * SIM_BLOCK_SIZE; }
static inline int block_end(int b, int n)
{
    long long e = (long long)(b + 1) * SIM_BLOCK_SIZE;
    return e < n ? (int)e : n;
}
