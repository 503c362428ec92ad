/* money.h - Velocity, the crediting of new money, spending and the price level:
 * the equation of exchange M V = P Q (MODEL.md 4 steps 5-6). */
#pragma once
#include "agents.h"

/* Velocity people spend at this month [1/year]: V0 when money.velocity_mode is
 * "fixed"; V0 exp(alpha pi_e), clamped to [velocity_min, velocity_max], when
 * "hoarding" (Cagan 1956 money demand; pi_e [1/year] is last month's expected
 * inflation). */
double money_velocity(const MoneyParams *p, double expected_inflation);

/* Credits delta [nominal $] to balances through `channel` and returns the new
 * sum of balances sum m [nominal $ per worker, summed over agents]:
 *   dividend     delta / L to every agent (L = scale n workers)
 *   displaced    delta / (scale d) to each of the d agents not employed; dividend if d = 0
 *   owners       delta k_i / scale (asset purchases: new money reaches owners first)
 *   proportional m_i (1 + delta / M)
 * A negative delta scales every balance by 1 + delta / M, whatever the channel.
 * money_stock is M before the credit [nominal $]; displaced is d [agents].
 * block_sums must hold block_count(n) doubles. last_sum: NULL, or the sum of
 * the balances as they stand, added per block in block order (what
 * incomes_pay() returned); with delta = 0 it is returned without a pass over
 * the agents, the same bits a new sum would give. */
double money_credit(Agents *ag, int channel, double delta, double money_stock, long long displaced,
                    double *block_sums, const double *last_sum);

/* Adaptive expectations: pi_e + (beta / 12)(pi - pi_e) [1/year]. */
double money_update_expectation(const MoneyParams *p, double expected, double inflation);
