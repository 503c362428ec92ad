/* debt.h - Household nominal debt repaid as fixed annuities, its payments,
 * defaults and the creditors' receipts (MODEL.md 4 step 7g-h, 4f: Fisher's
 * debt deflation). No new lending: every debtor borrowed at month 0, so every
 * debtor still paying has the same payments left, n - t; an agent's state is
 * its payment alone (0 once it has defaulted). */
#pragma once
#include "exec.h"
#include "params.h"

/* Payments of the annuity, n = 12 term_years rounded, at least 1 [months]. */
int debt_payment_count(const DebtParams *d);

/* The fixed monthly payment on `principal` [nominal $] at yearly `rate` over
 * n payments (MODEL.md 4f):
 *   pay = D r_m / (1 - (1 + r_m)^-n),  r_m = rate / 12;  D / n when rate = 0
 * [nominal $/month]. */
double debt_annuity_payment(double principal, double rate, int n);

/* What is still owed per unit of payment with j payments left [months]:
 *   (1 - (1 + r_m)^-j) / r_m;  j when rate = 0.
 * Outstanding debt = pay x this factor. */
double debt_annuity_factor(double rate, int j);

/* Context of the payments kernel (runs after the incomes kernel, in its pass). */
typedef struct DebtPayments {
    double *pay;     /* [n] fixed payment per worker, 0 after a default; borrowed, changes */
    double *m;       /* [n] balances after this month's income; borrowed, changes */
    double *income;  /* [n] this month's income; borrowed, payments subtracted */
} DebtPayments;

/* Kernel (BlockKernelFn, ctx a DebtPayments), run in the months a payment
 * falls due (before the annuity's last; sim.c): each debtor still paying pays it if its balance after this month's income covers it (m - c + net >=
 * pay: MODEL.md 4f), else defaults: its payment becomes 0 and it pays nothing
 * more. sum[0] = payments made (per worker, in agent order): the debtors who
 * paid are the ones still paying; count[0] = defaults this month. */
void debt_payments_kernel(const void *ctx, Block blk, BlockResult *out);

/* Context of the receipts kernel: the month's payments X go to owners in
 * proportion to k (MODEL.md 4 step 7h). */
typedef struct DebtReceipts {
    const double *k;    /* [n] ownership shares; borrowed */
    double *m;          /* [n] balances; borrowed, receipts added */
    double *income;     /* [n] this month's income; borrowed, receipts added */
    double per_share;   /* X / scale [nominal $ per worker per unit of k] */
} DebtReceipts;

/* Kernel (ctx a DebtReceipts): m += per_share k and income += the same for
 * every agent of the block; sum[0] = the block's new balances, in agent order
 * (the month's final sum of balances). */
void debt_receipts_kernel(const void *ctx, Block blk, BlockResult *out);
