/* money.h - Velocity, the crediting of new money, spending, the price level and
 * expectations: the equation of exchange M V = P Q (MODEL.md 4 steps 5-6). */
#pragma once
#include "agents.h"
#include "exec.h"

/* Velocity people spend at this month [1/year]: V0 when money.velocity_mode is
 * "fixed"; V0 exp(alpha pi_e), clamped to [velocity_min, velocity_max], when
 * "hoarding" (Cagan 1956 money demand; pi_e [1/year] is last month's expected
 * inflation). */
double money_velocity(const MoneyParams *p, double expected_inflation);

/* The share of its balance each agent spends this month, v / 12 [1/month]:
 * agent i spends c_i = m_i v / 12 (MODEL.md 4 step 6). */
static inline double money_spending_rate(double velocity) { return velocity / 12.0; }

/* Credits delta [nominal $] to balances through `channel` and returns the new
 * sum of balances sum m [nominal $ per worker, summed over agents]:
 *   dividend     delta / L to every agent (L = scale n workers)
 *   displaced    delta / (scale d) to each of the d agents not employed; dividend if d = 0
 *   owners       delta k_i / scale (a gift of new money to owners, not a swap of
 *                money for bonds at market prices as in QE)
 *   proportional m_i (1 + delta / M)
 * A negative delta scales every balance by 1 + delta / M, whatever the channel.
 * money_stock is M before the credit [nominal $]; displaced is d [agents]. One
 * pass of ex over the agents, sums added per block in block order. last_sum:
 * NULL, or the sum of the balances as they stand, added the same way (what
 * incomes_pay() returned); with delta = 0 it is returned without a pass, the
 * same bits a new sum would give. When delta != 0 and credited is not NULL,
 * credited[i] gets agent i's new money [nominal $ per worker] (real income
 * counts it: MODEL.md 4c). */
double money_credit(Exec *ex, Agents *ag, int channel, double delta, double money_stock,
                    long long displaced, const double *last_sum, double *credited);

/* Step 6 in aggregate. */
typedef struct Spending {
    double spending;  /* S = sum c_i = scale v sum m / 12 [nominal $/month] */
    double price;     /* P = S / Q [-] */
    double inflation; /* (P / P_prev)^12 - 1 [1/year] */
    double expected_inflation; /* pi_e after this month's update [1/year] */
} Spending;

/* This month's S, P, inflation and the updated expectation, from sum_m (the
 * balances after new money, per worker, summed over agents), scale (workers per
 * agent), velocity [1/year], output Q [base-year $/month] > 0, last month's P
 * and last month's expected inflation. Non-finite results are the caller's to
 * check. */
void money_spend(const MoneyParams *p, double scale, double sum_m, double velocity, double output,
                 double price_prev, double expected_inflation, Spending *out);

/* Adaptive expectations on the log rate (MODEL.md 4 step 6, Cagan's semi-log
 * form): pi_e + (beta / 12)(12 ln(P / P_prev) - pi_e) [1/year]; a one-month
 * jump does not read as a 4095 % annual rate. */
double money_update_expectation(const MoneyParams *p, double expected, double price,
                                double price_prev);
