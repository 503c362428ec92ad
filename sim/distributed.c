/* distributed.c - MPI ranks, or a single process when built without MPI. */
#include "distributed.h"

#include <stdlib.h>
#include <string.h>


#ifdef UHISIM_MPI
#include <mpi.h>
#endif

static bool split_agents;

void dist_set_split(bool split) { split_agents = split && dist_size() > 1; }
bool dist_split(void) { return split_agents; }
bool dist_split_root(void) { return !split_agents || dist_rank() == 0; }

/* Rank k's first block; the cut depends on blocks and size only. */
static int first_block(int k, int blocks, int size)
{
    return (int)((long long)k * blocks / size);
}

void dist_block_range(int blocks, int *lo, int *hi)
{
    if (!split_agents) {
        *lo = 0;
        *hi = blocks;
        return;
    }
    int k = dist_rank(), size = dist_size();
    *lo = first_block(k, blocks, size);
    *hi = first_block(k + 1, blocks, size);
}

bool dist_built_with_mpi(void)
{
#ifdef UHISIM_MPI
    return true;
#else
    return false;
#endif
}

#ifdef UHISIM_MPI

/* MPI is started only under a launcher (mpirun, srun): a plain run stays a
 * plain process, without MPI's start-up time and its allocations that
 * LeakSanitizer reports. */
static bool mpi_active;

static bool launched_by_mpi(void)
{
    static const char *const VARS[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK",
                                       "PMI_SIZE", "MPI_LOCALNRANKS"};
    for (size_t i = 0; i < sizeof VARS / sizeof VARS[0]; i++)
        if (getenv(VARS[i]) != NULL)
            return true;
    return false;
}

void dist_init(int *argc, char ***argv)
{
    if (!launched_by_mpi())
        return;
    int provided;
    MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
    mpi_active = true;
}

void dist_finalize(void)
{
    if (mpi_active)
        MPI_Finalize();
}

void dist_barrier(void)
{
    if (mpi_active)
        MPI_Barrier(MPI_COMM_WORLD);
}

void dist_abort(int code)
{
    if (dist_size() > 1)
        MPI_Abort(MPI_COMM_WORLD, code);
}

int dist_rank(void)
{
    int r = 0;
    if (mpi_active)
        MPI_Comm_rank(MPI_COMM_WORLD, &r);
    return r;
}

int dist_size(void)
{
    int s = 1;
    if (mpi_active)
        MPI_Comm_size(MPI_COMM_WORLD, &s);
    return s;
}

/* Each rank's count and first entry of the ranges of off, for a v-collective. */
static void ranges_of(const int *off, int size, int *counts, int *displs)
{
    for (int k = 0; k < size; k++) {
        counts[k] = off[k + 1] - off[k];
        displs[k] = off[k];
    }
}

/* All-gather of contiguous element ranges: rank k owns [off[k], off[k+1]). */
static void share_ranges(double *x, const int *off, int size)
{
    /* size >= 1 (dist_size); said so, GCC's -Walloc-size-larger-than sees no
     * negative size once this is inlined into its one caller */
    const size_t ranks = size > 0 ? (size_t)size : 1;
    int *counts = malloc(ranks * sizeof *counts), *displs = malloc(ranks * sizeof *displs);
    ranges_of(off, size, counts, displs);
    MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, x, counts, displs, MPI_DOUBLE, MPI_COMM_WORLD);
    free(counts);
    free(displs);
}

void dist_share_block_sums(double *sums, int per_block, int blocks)
{
    if (!split_agents)
        return;
    int size = dist_size();
    int *off = malloc((size_t)(size + 1) * sizeof *off);
    for (int k = 0; k <= size; k++)
        off[k] = first_block(k, blocks, size) * per_block;
    share_ranges(sums, off, size);
    free(off);
}

/* The ranks' agent ranges of a run, for a v-collective: off[0..size] the
 * first agent of each rank's blocks (rank k holds agents [off[k], off[k+1])),
 * counts[k] and displs[k] as ranges_of gives them, in one allocation (free
 * off). */
typedef struct AgentRanges {
    int *off, *counts, *displs;
} AgentRanges;

static AgentRanges agent_ranges(int n, int block_size, int size)
{
    const int blocks = (int)(((long long)n + block_size - 1) / block_size);
    const size_t ranks = size > 0 ? (size_t)size : 1; /* size >= 1: said so, as in share_ranges */
    int *off = malloc((3 * ranks + 1) * sizeof *off);
    const AgentRanges r = {off, off + size + 1, off + 2 * size + 1};
    for (int k = 0; k <= size; k++) {
        const int b = first_block(k, blocks, size);
        off[k] = b < blocks ? b * block_size : n;
    }
    ranges_of(off, size, r.counts, r.displs);
    return r;
}

void dist_gather_agents(double *x, int n, int block_size)
{
    if (!split_agents)
        return;
    const int size = dist_size(), rank = dist_rank();
    const AgentRanges r = agent_ranges(n, block_size, size);
    if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, x, r.counts, r.displs, MPI_DOUBLE, 0,
                    MPI_COMM_WORLD);
    else
        MPI_Gatherv(x + r.off[rank], r.counts[rank], MPI_DOUBLE, NULL, NULL, NULL, MPI_DOUBLE, 0,
                    MPI_COMM_WORLD);
    free(r.off);
}

void dist_scatter_agents(const double *all, double *x, int n, int block_size)
{
    if (!split_agents)
        return;
    const int size = dist_size(), rank = dist_rank();
    const AgentRanges r = agent_ranges(n, block_size, size);
    MPI_Scatterv(rank == 0 ? all : NULL, r.counts, r.displs, MPI_DOUBLE, x + r.off[rank],
                 r.counts[rank], MPI_DOUBLE, 0, MPI_COMM_WORLD);
    free(r.off);
}

void dist_broadcast(void *buf, size_t bytes)
{
    if (split_agents)
        MPI_Bcast(buf, (int)bytes, MPI_BYTE, 0, MPI_COMM_WORLD);
}

long long dist_sum_count(long long x)
{
    if (!split_agents)
        return x;
    long long total = 0;
    MPI_Allreduce(&x, &total, 1, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
    return total;
}

void dist_sum_counts(long long *counts, int n)
{
    if (split_agents)
        MPI_Allreduce(MPI_IN_PLACE, counts, n, MPI_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
}

long long dist_gather_pairs(const double *mine_u, const int *mine_i, long long n_mine,
                            double *all_u, int *all_i, long long all_max)
{
    if (!split_agents) {
        long long n = n_mine < all_max ? n_mine : all_max;
        memcpy(all_u, mine_u, (size_t)n * sizeof *all_u);
        memcpy(all_i, mine_i, (size_t)n * sizeof *all_i);
        return n;
    }
    int size = dist_size(), mine = (int)n_mine;
    int *counts = malloc((size_t)size * sizeof *counts), *displs = malloc((size_t)size * sizeof *displs);
    MPI_Allgather(&mine, 1, MPI_INT, counts, 1, MPI_INT, MPI_COMM_WORLD);
    long long total = 0;
    for (int k = 0; k < size; k++) {
        displs[k] = (int)total;
        total += counts[k];
    }
    if (total <= all_max) {
        MPI_Allgatherv(mine_u, mine, MPI_DOUBLE, all_u, counts, displs, MPI_DOUBLE, MPI_COMM_WORLD);
        MPI_Allgatherv(mine_i, mine, MPI_INT, all_i, counts, displs, MPI_INT, MPI_COMM_WORLD);
    }
    free(counts);
    free(displs);
    return total;
}

int dist_owner(int task) { return task % dist_size(); }

/* fixed tags: MPI delivers messages between two ranks in the order they were sent,
 * and both sides walk the tasks in the same order */
enum { TAG_STATUS = 1, TAG_MESSAGE = 2, TAG_DATA = 3 };

void dist_deliver(int task, SimStatus status, const SimError *err, const double *data, int n)
{
    (void)task; /* the order of the sends, not a tag, identifies the task */
    if (dist_rank() == 0)
        return;
    int st = (int)status;
    MPI_Send(&st, 1, MPI_INT, 0, TAG_STATUS, MPI_COMM_WORLD);
    if (status != SIM_OK)
        MPI_Send(err->message, SIM_ERROR_MAX, MPI_CHAR, 0, TAG_MESSAGE, MPI_COMM_WORLD);
    else
        MPI_Send(data, n, MPI_DOUBLE, 0, TAG_DATA, MPI_COMM_WORLD);
}

SimStatus dist_collect(int task, double *data, int n, SimError *err)
{
    int from = dist_owner(task);
    if (from == 0)
        return SIM_OK;
    int st = 0;
    MPI_Recv(&st, 1, MPI_INT, from, TAG_STATUS, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (st != SIM_OK) {
        char msg[SIM_ERROR_MAX];
        MPI_Recv(msg, SIM_ERROR_MAX, MPI_CHAR, from, TAG_MESSAGE, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        msg[SIM_ERROR_MAX - 1] = '\0';
        return sim_fail(err, (SimStatus)st, "rank %d: %s", from, msg);
    }
    MPI_Recv(data, n, MPI_DOUBLE, from, TAG_DATA, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    return SIM_OK;
}

#else /* one process */

void dist_init(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
}
void dist_finalize(void) {}
void dist_barrier(void) {}
void dist_abort(int code) { (void)code; }
int dist_rank(void) { return 0; }
int dist_size(void) { return 1; }
void dist_share_block_sums(double *sums, int per_block, int blocks)
{
    (void)sums;
    (void)per_block;
    (void)blocks;
}
void dist_gather_agents(double *x, int n, int block_size)
{
    (void)x;
    (void)n;
    (void)block_size;
}
void dist_scatter_agents(const double *all, double *x, int n, int block_size)
{
    (void)all;
    (void)x;
    (void)n;
    (void)block_size;
}
void dist_broadcast(void *buf, size_t bytes)
{
    (void)buf;
    (void)bytes;
}
long long dist_sum_count(long long x) { return x; }
void dist_sum_counts(long long *counts, int n)
{
    (void)counts;
    (void)n;
}
long long dist_gather_pairs(const double *mine_u, const int *mine_i, long long n_mine,
                            double *all_u, int *all_i, long long all_max)
{
    long long n = n_mine < all_max ? n_mine : all_max;
    memcpy(all_u, mine_u, (size_t)n * sizeof *all_u);
    memcpy(all_i, mine_i, (size_t)n * sizeof *all_i);
    return n;
}
int dist_owner(int task)
{
    (void)task;
    return 0;
}
void dist_deliver(int task, SimStatus status, const SimError *err, const double *data, int n)
{
    (void)task;
    (void)status;
    (void)err;
    (void)data;
    (void)n;
}
SimStatus dist_collect(int task, double *data, int n, SimError *err)
{
    (void)task;
    (void)data;
    (void)n;
    (void)err;
    return SIM_OK;
}

#endif
