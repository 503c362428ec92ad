/* incomes.h - Wages, capital income and UBI; balances move and no money is
 * created or destroyed (MODEL.md 4 step 7). */
#pragma once
#include "agents.h"
#include "exec.h"

/* The month's income split. */
typedef struct IncomeTerms {
    double price_level;     /* P [-] */
    double velocity;        /* v people spend at [1/year]; each spends c = m v / 12 a month */
    double trend;           /* (1+q)^years, productivity of human jobs [-] */
    double wage_bill;       /* B = omega P Q_h [nominal $/month] */
    double capital_income;  /* Pi = S - B [nominal $/month], before tax */
    double tax_rate;        /* tau, paid out as equal UBI [-] */
} IncomeTerms;

/* The split of spending S [nominal $/month] at price P: the wage bill omega P
 * Q_h (human_output Q_h [base-year $/month], labour_share omega) and capital
 * income Pi = S - B; trend and velocity are carried for the agents' pass. */
IncomeTerms incomes_terms(double spending, double price, double human_output, double trend,
                          double velocity, double labour_share, const UbiParams *ubi);

/* One month's payments over the agents, as a kernel (incomes_kernel). */
typedef struct IncomePass {
    Agents *ag;      /* borrowed: m changes; status, a, k read */
    double *balance; /* [n] written: balance at spending time; borrowed scratch */
    double *income;  /* [n] written: income [nominal $/month per worker]; borrowed scratch */
    double spend;    /* v / 12 */
    double wage_per_a, per_share, ubi;
} IncomePass;

/* Fills *pass for terms t over ag's agents, writing into balance and income. */
void incomes_prepare(IncomePass *pass, Agents *ag, const IncomeTerms *t, double *balance,
                     double *income);

/* The kernel of step 7 over one block: for every agent c = m v/12; income =
 * omega P a trend (if employed) + (1-tau) Pi k / scale + tau Pi / L; balance =
 * m; m <- m - c + income. sum[0] = the new balances' sum in agent order. */
Kernel incomes_kernel(const IncomePass *pass);

/* incomes_prepare and one pass of ex with the kernel alone; returns the new sum
 * of balances (added per block in block order). */
double incomes_pay(Exec *ex, Agents *ag, const IncomeTerms *t, double *balance, double *income);
