/* policy.c - Money rules (MODEL.md 4 step 5). */
#include "policy.h"

#include <math.h>

double policy_price_path(const Params *p, double years)
{
    return pow(1.0 + p->policy.money.target_inflation, years);
}

double policy_spending_path(const Params *p, double years)
{
    return p->money.stock * p->money.velocity / 12.0 *
           pow(1.0 + p->policy.money.ngdp_growth_per_year, years);
}

double policy_money_change(const Params *p, double years, double money_stock, double velocity,
                           double output)
{
    switch (p->policy.money.rule) {
    case MONEY_RULE_GROWTH:
        return p->money.stock * pow(1.0 + p->policy.money.growth_per_year, years) - money_stock;
    case MONEY_RULE_PRICE_TARGET:
        return 12.0 * policy_price_path(p, years) * output / velocity - money_stock;
    case MONEY_RULE_NGDP_TARGET:
        return 12.0 * policy_spending_path(p, years) / velocity - money_stock;
    default:
        return 0.0;
    }
}
