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
    const uint8_t *restrict status = ag->status;
    const double *restrict a = ag->a, *restrict k = ag->k;
    double *restrict money = ag->m, *restrict income_of = ag->income, *restrict bal = balance;
#pragma omp parallel for schedule(static) default(none) shared(status, a, k, money, income_of, bal, block_sums, lo, hi, n, spend, wage_per_a, per_share, ubi)
    for (int b = lo; b < hi; b++) {
        double s = 0;
        for (int i = block_begin(b); i < block_end(b, n); i++) {
            double m = money[i];
            /* branch-free: x 1, or x 0 = +0.0 (wages are >= 0) */
            const double wage = wage_per_a * a[i] * (double)(status[i] & AGENT_EMPLOYED);
            const double income = wage + per_share * k[i] + ubi;
            bal[i] = m;
            income_of[i] = income;
            m = m - m * spend + income;
            money[i] = m;
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
