/* incomes.c - Wages, capital income, taxes, transfers and the balances they
 * move (MODEL.md 4 step 7). */
#include "incomes.h"

#include <math.h>

#include "money.h"

IncomeTerms incomes_terms(double spending, double price, double wage_index, double human_output,
                          double machine_output, double trend, double velocity, double labour_share,
                          const FiscalParams *fiscal, double claim_base, double workers)
{
    IncomeTerms t = {.price_level = price, .velocity = velocity, .trend = trend,
                     .wage_index = wage_index, .wage_scale = 1.0};
    const double bill = labour_share * wage_index * human_output;
    if (bill > spending) {
        t.wage_scale = spending / bill;
        t.wage_bill = spending;
    } else {
        t.wage_bill = bill;
    }
    t.capital_income = spending - t.wage_bill;
    t.machine_income = fmin(price * machine_output, t.capital_income);
    const double claims = fiscal->ui_replacement * labour_share * wage_index * trend * claim_base;
    t.fiscal = government_month(fiscal, t.wage_bill, t.capital_income, t.machine_income, claims,
                                workers);
    return t;
}

void incomes_prepare(IncomePass *pass, Agents *ag, const IncomeTerms *t, const FiscalParams *f,
                     int month, bool credited, double *balance, double *income)
{
    const double omega_w = ag->labour_share * t->wage_index * t->trend;
    *pass = (IncomePass){
        .ag = ag,
        .balance = balance,
        .income = income,
        .credited = credited,
        .spend = money_spending_rate(t->velocity),
        .wage_per_a = (1.0 - f->wage_tax) * omega_w * t->wage_scale,
        .ui_per_a = government_pays_ui(f) ? f->ui_replacement * omega_w * t->fiscal.ui_scale : 0.0,
        .per_share = (1.0 - f->capital_tax) * (t->capital_income - t->fiscal.machine_tax) / ag->scale,
        .basic_income = t->fiscal.basic_income,
        .month = month,
        .ui_months = (int)f->ui_months,
    };
}

/* The loop of incomes_block for one choice of the two month-wide switches;
 * always_inline with constant switches, so each of the four variants is a
 * loop without them (the plain one vectorises). */
static inline __attribute__((always_inline)) double
pay_block(const IncomePass *p, Block blk, const bool ui, const bool credited)
{
    const double spend = p->spend, wage_per_a = p->wage_per_a, per_share = p->per_share,
                 basic = p->basic_income, ui_per_a = p->ui_per_a;
    const int month = p->month, ui_months = p->ui_months;
    const uint8_t *restrict status = p->ag->status;
    const int32_t *restrict lost = p->ag->lost_month;
    const double *restrict a = p->ag->a, *restrict k = p->ag->k;
    double *restrict money = p->ag->m, *restrict income_of = p->income, *restrict bal = p->balance;
    double s = 0;
    for (int i = blk.begin; i < blk.end; i++) {
        double m = money[i];
        const int employed = status[i] & AGENT_EMPLOYED;
        /* branch-free: x 1, or x 0 = +0.0 (wages are >= 0) */
        double net = wage_per_a * a[i] * (double)employed + per_share * k[i] + basic;
        if (ui)
            net += ui_per_a * a[i] * (double)incomes_claims_ui(employed, lost[i], month, ui_months);
        bal[i] = m;
        income_of[i] = credited ? income_of[i] + net : net;
        m = m - m * spend + net;
        money[i] = m;
        s += m;
    }
    return s;
}

static void incomes_block(const void *ctx, Block blk, BlockResult *out)
{
    const IncomePass *p = ctx;
    const bool ui = p->ui_per_a > 0;
    out->sum[0] = ui ? (p->credited ? pay_block(p, blk, true, true) : pay_block(p, blk, true, false))
                     : (p->credited ? pay_block(p, blk, false, true)
                                    : pay_block(p, blk, false, false));
}

Kernel incomes_kernel(const IncomePass *pass) { return (Kernel){incomes_block, pass}; }

double incomes_pay(Exec *ex, Agents *ag, const IncomeTerms *t, const FiscalParams *f, int month,
                   double *balance, double *income)
{
    IncomePass pass;
    incomes_prepare(&pass, ag, t, f, month, false, balance, income);
    const Kernel k = incomes_kernel(&pass);
    BlockResult total;
    exec_pass(ex, &k, 1, &total);
    return total.sum[0];
}
