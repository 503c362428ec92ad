/* incomes.c - Wages, capital income, UBI and the balances they move (MODEL.md 4
 * step 7). */
#include "incomes.h"

#include "money.h"

IncomeTerms incomes_terms(double spending, double price, double human_output, double trend,
                          double velocity, double labour_share, const UbiParams *ubi)
{
    IncomeTerms t = {.price_level = price, .velocity = velocity, .trend = trend,
                     .tax_rate = ubi->tax_rate};
    t.wage_bill = labour_share * price * human_output;
    t.capital_income = spending - t.wage_bill;
    return t;
}

void incomes_prepare(IncomePass *pass, Agents *ag, const IncomeTerms *t, double *balance,
                     double *income)
{
    *pass = (IncomePass){
        .ag = ag,
        .balance = balance,
        .income = income,
        .spend = money_spending_rate(t->velocity),
        .wage_per_a = ag->labour_share * t->price_level * t->trend,
        .per_share = (1.0 - t->tax_rate) * t->capital_income / ag->scale,
        .ubi = t->tax_rate * t->capital_income / (ag->scale * ag->n),
    };
}

static void incomes_block(const void *ctx, Block blk, BlockResult *out)
{
    const IncomePass *p = ctx;
    const double spend = p->spend, wage_per_a = p->wage_per_a, per_share = p->per_share,
                 ubi = p->ubi;
    const uint8_t *restrict status = p->ag->status;
    const double *restrict a = p->ag->a, *restrict k = p->ag->k;
    double *restrict money = p->ag->m, *restrict income_of = p->income, *restrict bal = p->balance;
    double s = 0;
    for (int i = blk.begin; i < blk.end; i++) {
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
    out->sum[0] = s;
}

Kernel incomes_kernel(const IncomePass *pass) { return (Kernel){incomes_block, pass}; }

double incomes_pay(Exec *ex, Agents *ag, const IncomeTerms *t, double *balance, double *income)
{
    IncomePass pass;
    incomes_prepare(&pass, ag, t, balance, income);
    const Kernel k = incomes_kernel(&pass);
    BlockResult total;
    exec_pass(ex, &k, 1, &total);
    return total.sum[0];
}
