/* policy.h - The money rule: how much money is created this month (MODEL.md 4
 * step 5). Pure functions of this month's aggregates. */
#pragma once
#include "params.h"

/* Returns Delta M [nominal $] for this month under `rule`, given M0 and V0
 * (money->stock, money->velocity), the money stock before it
 * (money_stock [nominal $]), the velocity people will spend at (velocity
 * [1/year]), this month's output (output [base-year $/month]) and years since
 * month 0. Level paths from month 0 (MODEL.md 4c):
 *   fixed:        0
 *   growth:       M0 (1+g)^years - M
 *   price_target: 12 P* Q / v - M, with P* = (1+pi*)^years
 *   ngdp_target:  12 S* / v - M, with S* = (M0 V0 / 12) (1+g_n)^years
 * The target rules know this month's Q and v, so they hit their path exactly. */
double policy_money_change(const MoneyPolicyParams *rule, const MoneyParams *money, double years,
                           double money_stock, double velocity, double output);

/* Target price level of the price_target rule, (1+pi*)^years [-]. */
double policy_price_path(const MoneyPolicyParams *rule, double years);

/* Target nominal spending of the ngdp_target rule [nominal $/month]. */
double policy_spending_path(const MoneyPolicyParams *rule, const MoneyParams *money, double years);
