/* policy.c - Money rules (MODEL.md 4 step 5). */
#include "policy.h"

#include <math.h>

double policy_price_path(const MoneyPolicyParams *rule, double years)
{
    return pow(1.0 + rule->target_inflation, years);
}

double policy_spending_path(const MoneyPolicyParams *rule, const MoneyParams *money, double years)
{
    return money->stock * money->velocity / 12.0 * pow(1.0 + rule->ngdp_growth_per_year, years);
}

double policy_money_change(const MoneyPolicyParams *rule, const MoneyParams *money, double years,
                           double money_stock, double velocity, double output)
{
    switch (rule->rule) {
    case MONEY_RULE_GROWTH:
        return money->stock * pow(1.0 + rule->growth_per_year, years) - money_stock;
    case MONEY_RULE_PRICE_TARGET:
        return 12.0 * policy_price_path(rule, years) * output / velocity - money_stock;
    case MONEY_RULE_NGDP_TARGET:
        return 12.0 * policy_spending_path(rule, money, years) / velocity - money_stock;
    default:
        return 0.0;
    }
}
