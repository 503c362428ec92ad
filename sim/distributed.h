/* distributed.h - Runs across MPI ranks (Open MPI), and the same calls as
 * no-ops in a build without MPI or a single process.
 *
 * Two uses. An experiment (compare, sweep, run --replicates) farms whole runs
 * out to ranks: task t belongs to rank t mod size, and rank 0 receives the
 * results in task order and writes every file. One large run splits its agent
 * blocks: rank k steps blocks [k B / size, (k+1) B / size) and holds only
 * those agents' state; after each loop the per-block partial sums are shared
 * (all-gather) so that every rank adds all blocks in block order, and the
 * output is byte-identical to one process. What needs every agent's value at
 * once (the exact quantiles, the initial ranks) is done by rank 0, the split
 * run's root, which gathers the values, and broadcasts what it computed. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "status.h"

/* True if the program was built with MPI. */
bool dist_built_with_mpi(void);

/* Starts MPI if the program was built with it (MPI_Init); a no-op otherwise. */
void dist_init(int *argc, char ***argv);

/* Ends MPI (MPI_Finalize); a no-op otherwise. */
void dist_finalize(void);

/* This process's rank (0 without MPI) and the number of ranks (1 without MPI). */
int dist_rank(void);
int dist_size(void);

/* Whether one run's agent blocks are split over the ranks (set by `uhisim run`
 * under mpirun before the run is created; experiments keep whole runs). */
void dist_set_split(bool split);
bool dist_split(void);

/* The blocks [*lo, *hi) of `blocks` this rank steps: all of them unless split. */
void dist_block_range(int blocks, int *lo, int *hi);

/* Fills the entries of blocks stepped by other ranks: sums[b * per_block + j]
 * for all b < blocks, from the rank owning b. A no-op unless split. */
void dist_share_block_sums(double *sums, int per_block, int blocks);

/* True on the rank that gathers a split run's per-agent values (rank 0), and
 * on every process of a run that is not split. */
bool dist_split_root(void);

/* The split run's agent arrays: n agents cut into blocks of block_size (the
 * execution layer's cut; this layer knows no model geometry), rank k holding
 * the agents of its blocks, x[i] at the agent's own index i.
 * dist_gather_agents: rank 0 receives x[i] for every agent of the other ranks'
 * blocks (its x has n entries; the others' keep theirs unchanged).
 * dist_scatter_agents: every rank receives x[i] = all[i] for its own agents,
 * `all` (n entries) read on rank 0 only. No-ops unless split. */
void dist_gather_agents(double *x, int n, int block_size);
void dist_scatter_agents(const double *all, double *x, int n, int block_size);

/* Copies bytes of buf from rank 0 to every rank (MPI_Bcast). No-op unless
 * split. */
void dist_broadcast(void *buf, size_t bytes);

/* Sums an integer count over the ranks (exact). Identity unless split. */
long long dist_sum_count(long long x);

/* Adds counts[0..n-1] element-wise over the ranks. No-op unless split. */
void dist_sum_counts(long long *counts, int n);

/* Gathers every rank's (draw, agent) pairs into all (capacity all_max pairs),
 * in rank order; returns their number. With one rank copies mine. */
long long dist_gather_pairs(const double *mine_u, const int *mine_i, long long n_mine,
                            double *all_u, int *all_i, long long all_max);

/* Waits for every rank (MPI_Barrier); a no-op without MPI. */
void dist_barrier(void);

/* Stops every rank with exit status code (MPI_Abort) when there are several;
 * returns otherwise. */
void dist_abort(int code);

/* Task farm for experiments. Rank 0 calls dist_collect for every task in task
 * order; the owning rank of each task (dist_owner) computes it and calls
 * dist_deliver. On rank 0 dist_collect computes its own tasks itself (the
 * caller does, then calls dist_collect to no effect) and receives the others'.
 * Returns the sender's status; on failure err holds its message. */
int dist_owner(int task);
void dist_deliver(int task, SimStatus status, const SimError *err, const double *data, int n);
SimStatus dist_collect(int task, double *data, int n, SimError *err);
