/* incomes.c - Spending and incomes (MODEL.md 4 step 7). */
#include "incomes.h"

#include "distributed.h"
#include "parallel.h"

double incomes_pay(Agents *ag, const IncomeTerms *t, double *balance, double *block_sums)
{
    const int n = ag->n, blocks = block_count(n), lo = ag->block_lo, hi = ag->block_hi;
    const double spend = t->velocity / 12.0;
    const double wage_per_a = ag->labor_share * t->price_level * t->trend;
    const double per_share = (1.0 - t->tax_rate) * t->capital_income / ag->scale;
    const double ubi = t->tax_rate * t->capital_income / (ag->scale * n);
#pragma omp parallel for schedule(static) default(none) shared(ag, balance, block_sums, lo, hi, n, spend, wage_per_a, per_share, ubi)
    for (int b = lo; b < hi; b++) {
        double s = 0;
        for (int i = block_begin(b); i < block_end(b, n); i++) {
            double m = ag->m[i];
            double wage = (ag->status[i] & AGENT_EMPLOYED) ? wage_per_a * ag->a[i] : 0.0;
            double income = wage + per_share * ag->k[i] + ubi;
            balance[i] = m;
            ag->income[i] = income;
            m = m - m * spend + income;
            ag->m[i] = m;
            s += m;
        }
        block_sums[b] = s;
    }
    dist_share_block_sums(block_sums, 1, blocks);
    double total = 0;
    for (int b = 0; b < blocks; b++)
        total += block_sums[b];
    return total;
}
