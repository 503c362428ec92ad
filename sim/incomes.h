/* incomes.h - Spending, wages, capital income and UBI; balances move and no money
 * is created or destroyed (MODEL.md 4 step 7). */
#pragma once
#include "agents.h"

typedef struct IncomeTerms {
    double price_level;     /* P [-] */
    double velocity;        /* v people spend at [1/year]; each spends c = m v / 12 a month */
    double trend;           /* (1+q)^years, productivity of human jobs [-] */
    double capital_income;  /* Pi = S - wage bill [nominal $/month], before tax */
    double tax_rate;        /* tau [-] */
} IncomeTerms;

/* For every agent: c = m v/12; income = omega P a trend (if employed) +
 * (1-tau) Pi k / scale + tau Pi / L; m <- m - c + income. Writes the balance
 * at spending time into balance[0..n-1] and the income [nominal $/month per
 * worker] into ag->income. Returns the new sum of balances. block_sums must hold
 * block_count(n) doubles. */
double incomes_pay(Agents *ag, const IncomeTerms *t, double *balance, double *block_sums);
