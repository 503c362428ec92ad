/* incomes.h - Wages, capital income, taxes and transfers; balances move and no
 * money is created or destroyed (MODEL.md 4 step 7b-h; the wage index is
 * wages.h, the fiscal flows government.h, debt payments debt.h). */
#pragma once
#include "agents.h"
#include "exec.h"
#include "government.h"

/* The month's income split, nominal $/month unless stated. */
typedef struct IncomeTerms {
    double price_level;     /* P [-] */
    double velocity;        /* v people spend at [1/year]; each spends c = m v / 12 a month */
    double trend;           /* (1+q)^years, productivity of human jobs [-] */
    double wage_index;      /* W (wages.h) [-] */
    double wage_scale;      /* S / (omega W Q_h) when that wage bill exceeds S, else 1 [-] */
    double wage_bill;       /* B = omega W Q_h x wage_scale */
    double capital_income;  /* Pi = S - B >= 0, before tax */
    double machine_income;  /* Pi_m = min(P Q_m, Pi) */
    Fiscal fiscal;          /* taxes, UI and basic income (government.h) */
} IncomeTerms;

/* The split of spending S at price P and wage index W (MODEL.md 4 step 7b-f):
 * B = omega W Q_h, scaled down to S if above it; Pi = S - B; Pi_m = min(P Q_m,
 * Pi); the fiscal flows of government_month, with UI claims r omega W trend
 * claim_base. human_output Q_h and machine_output Q_m [base-year $/month];
 * claim_base = scale x the sum of a over UI claimants [base-year $/month,
 * before the trend]; workers L = scale N. */
IncomeTerms incomes_terms(double spending, double price, double wage_index, double human_output,
                          double machine_output, double trend, double velocity, double labour_share,
                          const FiscalParams *fiscal, double claim_base, double workers);

/* True when agent i claims UI in `month`: displaced within the last ui_months
 * months, the month of displacement counting (MODEL.md 4 step 7e). */
static inline int incomes_claims_ui(int employed, int32_t lost_month, int month, int ui_months)
{
    return !employed & (month - lost_month < ui_months);
}

/* One month's payments over the agents, as a kernel (incomes_kernel). */
typedef struct IncomePass {
    Agents *ag;      /* borrowed: m changes; status, a, k, lost_month read */
    double *balance; /* [n] written: balance at spending time; borrowed scratch */
    double *income;  /* [n] income [nominal $/month per worker]: holds the month's new money
                      * per agent when `credited` (money_credit), written; borrowed scratch */
    bool credited;   /* income[] already holds this month's new money */
    double spend;    /* v / 12 */
    double wage_per_a;  /* (1 - tau_w) omega W trend wage_scale */
    double ui_per_a;    /* r omega W trend ui_scale; 0 without UI */
    double per_share;   /* (1 - tau_k)(Pi - T_m) / scale */
    double basic_income;
    int month, ui_months;
} IncomePass;

/* Fills *pass for terms t in `month` over ag's agents, writing into balance
 * and income; credited: income[] holds the month's new money per agent. */
void incomes_prepare(IncomePass *pass, Agents *ag, const IncomeTerms *t, const FiscalParams *f,
                     int month, bool credited, double *balance, double *income);

/* The kernel of step 7h before debt, over one block: for every agent c = m v/12;
 * net = (1 - tau_w) w + (1 - tau_k)(Pi - T_m) k / scale + UI + basic income,
 * w = omega W a trend wage_scale if employed; balance = m; m <- m - c + net;
 * income = new money + net. sum[0] = the new balances' sum in agent order. */
Kernel incomes_kernel(const IncomePass *pass);

/* incomes_prepare and one pass of ex with the kernel alone; returns the new sum
 * of balances (added per block in block order). */
double incomes_pay(Exec *ex, Agents *ag, const IncomeTerms *t, const FiscalParams *f, int month,
                   double *balance, double *income);
