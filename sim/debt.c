/* debt.c - Annuities, payments, defaults and receipts (MODEL.md 4f). */
#include "debt.h"

#include <math.h>

int debt_payment_count(const DebtParams *d)
{
    const long n = lround(12.0 * d->term_years);
    return n < 1 ? 1 : (int)n;
}

double debt_annuity_payment(double principal, double rate, int n)
{
    if (rate == 0)
        return principal / n;
    const double r = rate / 12.0;
    return principal * r / -expm1(-n * log1p(r));
}

double debt_annuity_factor(double rate, int j)
{
    if (rate == 0)
        return j;
    const double r = rate / 12.0;
    return -expm1(-j * log1p(r)) / r;
}

void debt_payments_kernel(const void *ctx, Block blk, BlockResult *out)
{
    const DebtPayments *d = ctx;
    double *restrict pay = d->pay, *restrict m = d->m, *restrict income = d->income;
    double paid = 0;
    long long defaults = 0;
    for (int i = blk.begin; i < blk.end; i++) {
        const double owed = pay[i];
        if (owed == 0)
            continue;
        if (m[i] >= owed) {
            m[i] -= owed;
            income[i] -= owed;
            paid += owed;
        } else {
            pay[i] = 0; /* written off: it pays nothing more */
            defaults++;
        }
    }
    out->sum[0] = paid;
    out->count[0] = defaults;
}

void debt_receipts_kernel(const void *ctx, Block blk, BlockResult *out)
{
    const DebtReceipts *d = ctx;
    const double per_share = d->per_share;
    const double *restrict k = d->k;
    double *restrict m = d->m, *restrict income = d->income;
    double s = 0;
    for (int i = blk.begin; i < blk.end; i++) {
        const double x = per_share * k[i];
        m[i] += x;
        income[i] += x;
        s += m[i];
    }
    out->sum[0] = s;
}
