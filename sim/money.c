/* money.c - Velocity, new money and the price level (MODEL.md 4 steps 5-6). */
#include "money.h"

#include <math.h>

#include "distributed.h"
#include "parallel.h"

double money_velocity(const MoneyParams *p, double expected_inflation)
{
    if (p->velocity_mode != VELOCITY_HOARDING)
        return p->velocity;
    double v = p->velocity * exp(p->hoarding * expected_inflation);
    return v < p->velocity_min ? p->velocity_min : v > p->velocity_max ? p->velocity_max : v;
}

double money_update_expectation(const MoneyParams *p, double expected, double inflation)
{
    return expected + p->expectation_speed / 12.0 * (inflation - expected);
}

double money_credit(Agents *ag, int channel, double delta, double money_stock, long long displaced,
                    double *block_sums, const double *last_sum)
{
    if (delta == 0 && last_sum != NULL)
        return *last_sum;
    const int n = ag->n, blocks = block_count(n), lo = ag->block_lo, hi = ag->block_hi;
    if (channel == CHANNEL_DISPLACED && displaced == 0)
        channel = CHANNEL_DIVIDEND;
    if (delta < 0)
        channel = CHANNEL_PROPORTIONAL;
    /* per-worker amounts: aggregates are scale * sum over agents */
    const double each = delta / (ag->scale * n);
    const double each_displaced = displaced > 0 ? delta / (ag->scale * (double)displaced) : 0.0;
    const double per_share = delta / ag->scale;
    const double factor = 1.0 + delta / money_stock;
#pragma omp parallel for schedule(static) default(none) shared(ag, lo, hi, n, block_sums, channel, delta, each, each_displaced, per_share, factor)
    for (int b = lo; b < hi; b++) {
        double s = 0;
        for (int i = block_begin(b); i < block_end(b, n); i++) {
            if (delta != 0) {
                switch (channel) {
                case CHANNEL_DIVIDEND:
                    ag->m[i] += each;
                    break;
                case CHANNEL_DISPLACED:
                    if (!(ag->status[i] & AGENT_EMPLOYED))
                        ag->m[i] += each_displaced;
                    break;
                case CHANNEL_OWNERS:
                    ag->m[i] += per_share * ag->k[i];
                    break;
                default:
                    ag->m[i] *= factor;
                    break;
                }
            }
            s += ag->m[i];
        }
        block_sums[b] = s;
    }
    dist_share_block_sums(block_sums, 1, blocks);
    double total = 0;
    for (int b = 0; b < blocks; b++)
        total += block_sums[b];
    return total;
}
