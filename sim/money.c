/* money.c - Velocity, new money, spending and the price level (MODEL.md 4 steps
 * 5-6). */
#include "money.h"

#include <math.h>

double money_velocity(const MoneyParams *p, double expected_inflation)
{
    if (p->velocity_mode != VELOCITY_HOARDING)
        return p->velocity;
    double v = p->velocity * exp(p->hoarding * expected_inflation);
    return v < p->velocity_min ? p->velocity_min : v > p->velocity_max ? p->velocity_max : v;
}

double money_update_expectation(const MoneyParams *p, double expected, double price,
                                double price_prev)
{
    return expected + p->expectation_speed / 12.0 * (12.0 * log(price / price_prev) - expected);
}

void money_spend(const MoneyParams *p, double scale, double sum_m, double velocity, double output,
                 double price_prev, double expected_inflation, Spending *out)
{
    out->spending = scale * sum_m * velocity / 12.0;
    out->price = out->spending / output;
    out->inflation = pow(out->price / price_prev, 12.0) - 1.0;
    out->expected_inflation =
        money_update_expectation(p, expected_inflation, out->price, price_prev);
}

/* One credit: the channel and its per-worker amounts. */
typedef struct Credit {
    Agents *ag;
    double *credited; /* [n] written with each agent's new money when change; may be NULL */
    int channel;
    bool change; /* delta != 0 */
    double each, each_displaced, per_share, factor;
} Credit;

static void credit_block(const void *ctx, Block blk, BlockResult *out)
{
    const Credit *c = ctx;
    Agents *ag = c->ag;
    double s = 0;
    for (int i = blk.begin; i < blk.end; i++) {
        if (c->change) {
            const double before = ag->m[i];
            switch (c->channel) {
            case CHANNEL_DIVIDEND:
                ag->m[i] += c->each;
                break;
            case CHANNEL_DISPLACED:
                if (!(ag->status[i] & AGENT_EMPLOYED))
                    ag->m[i] += c->each_displaced;
                break;
            case CHANNEL_OWNERS:
                ag->m[i] += c->per_share * ag->k[i];
                break;
            default:
                ag->m[i] *= c->factor;
                break;
            }
            if (c->credited)
                c->credited[i] = ag->m[i] - before;
        }
        s += ag->m[i];
    }
    out->sum[0] = s;
}

double money_credit(Exec *ex, Agents *ag, int channel, double delta, double money_stock,
                    long long displaced, const double *last_sum, double *credited)
{
    if (delta == 0 && last_sum != NULL)
        return *last_sum;
    const int n = ag->n;
    if (channel == CHANNEL_DISPLACED && displaced == 0)
        channel = CHANNEL_DIVIDEND;
    if (delta < 0)
        channel = CHANNEL_PROPORTIONAL;
    /* per-worker amounts: aggregates are scale * sum over agents */
    const Credit c = {.ag = ag,
                      .credited = credited,
                      .channel = channel,
                      .change = delta != 0,
                      .each = delta / (ag->scale * n),
                      .each_displaced =
                          displaced > 0 ? delta / (ag->scale * (double)displaced) : 0.0,
                      .per_share = delta / ag->scale,
                      .factor = 1.0 + delta / money_stock};
    const Kernel k = {credit_block, &c};
    BlockResult total;
    exec_pass(ex, &k, 1, &total);
    return total.sum[0];
}
