/* test_debt.c - Household debt as fixed nominal annuities (MODEL.md 4f, 4 step
 * 7g-h): the payment and outstanding balance by hand and by the recursion, and
 * the payments and receipts kernels on hand-made blocks (payers, a default,
 * non-debtors) with money conserved between them. */
#include <stdlib.h>

#include "debt.h"
#include "test.h"

/* n = 12 term_years rounded to the nearest month, at least 1. */
static int payment_count_should_be_months_of_the_term(void)
{
    CHECK(debt_payment_count(&(DebtParams){.term_years = 8}) == 96);
    CHECK(debt_payment_count(&(DebtParams){.term_years = 8.04}) == 96); /* 96.48 */
    CHECK(debt_payment_count(&(DebtParams){.term_years = 8.05}) == 97); /* 96.6 */
    CHECK(debt_payment_count(&(DebtParams){.term_years = 1.0 / 12}) == 1);
    CHECK(debt_payment_count(&(DebtParams){.term_years = 0.01}) == 1); /* 0.12 rounds to 0 */
    return 0;
}

/* D = 1000 at 5 % over 96 months: r = 0.05/12, (1 + r)^-96 = 0.670885...,
 * pay = 1000 r / (1 - (1 + r)^-96) = 12.6599200121238 (computed with pow; the
 * kernel's expm1/log1p form agrees to rounding). */
static int annuity_payment_should_match_the_hand_value(void)
{
    const double r = 0.05 / 12.0;
    const double pay = debt_annuity_payment(1000.0, 0.05, 96);
    CHECK_REL(pay, 12.6599200121238, 1e-12);
    CHECK_REL(pay, 1000.0 * r / (1.0 - pow(1.0 + r, -96.0)), 1e-13);
    /* linear in the principal */
    CHECK_REL(debt_annuity_payment(2.5e4, 0.05, 96), 25.0 * pay, 1e-14);
    /* one payment repays principal and a month's interest */
    CHECK_REL(debt_annuity_payment(1000.0, 0.05, 1), 1000.0 * (1.0 + r), 1e-14);
    return 0;
}

/* Rate 0: D / n exactly, and the factor of j payments left is j. */
static int zero_rate_should_repay_in_equal_parts(void)
{
    CHECK(debt_annuity_payment(1000.0, 0.0, 96) == 1000.0 / 96);
    CHECK(debt_annuity_payment(960.0, 0.0, 96) == 10.0);
    CHECK(debt_annuity_factor(0.0, 96) == 96.0 && debt_annuity_factor(0.0, 0) == 0.0);
    return 0;
}

/* pay x factor(n) = D: the whole loan is the value of all its payments; and
 * factor(0) = 0 (nothing left once the last payment is made). */
static int factor_of_all_payments_should_give_back_the_principal(void)
{
    const double rates[] = {0.0, 0.001, 0.05, 0.2, 1.0};
    const int terms[] = {1, 12, 96, 360};
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 4; j++) {
            const double pay = debt_annuity_payment(1000.0, rates[i], terms[j]);
            CHECK_REL(pay * debt_annuity_factor(rates[i], terms[j]), 1000.0, 1e-13);
            CHECK(debt_annuity_factor(rates[i], 0) == 0.0);
        }
    return 0;
}

/* What is owed after j payments, by the recursion D_0 = D, D_{j+1} = D_j (1 +
 * r) - pay, equals the closed form pay x factor(n - j) of MODEL.md 4f (j
 * payments made, n - j left: D_0 = pay factor(n) = D, D_n = 0). The recursion's
 * rounding grows with j; 1e-11 of D covers 96 and 360 steps. */
static int outstanding_debt_should_follow_the_annuity_recursion(void)
{
    const double rates[] = {0.0, 0.05, 0.18};
    const int terms[] = {96, 360};
    for (int i = 0; i < 3; i++)
        for (int t = 0; t < 2; t++) {
            const int n = terms[t];
            const double D = 1000.0, r = rates[i] / 12.0;
            const double pay = debt_annuity_payment(D, rates[i], n);
            double owed = D;
            for (int j = 0; j <= n; j++) {
                CHECK_ABS(pay * debt_annuity_factor(rates[i], n - j), owed, 1e-11 * D);
                owed = owed * (1.0 + r) - pay;
            }
        }
    return 0;
}

/* Six agents, balances after this month's income (m - c + net):
 *   0: no debt (pay 0)             untouched
 *   1: pay 10, m 50                pays: m 40, income 90 - 10 = 80
 *   2: pay 10, m 9.99              defaults: pay 0, m and income unchanged
 *   3: pay 5, m 5 (exactly)        pays (m >= pay): m 0
 *   4: no debt, m 3                untouched
 *   5: pay 7, m 7.5                pays: m 0.5
 * paid = 10 + 5 + 7 = 22, one default. */
static int payments_kernel_should_collect_from_payers_and_write_off_defaulters(void)
{
    double pay[] = {0, 10, 10, 5, 0, 7};
    double m[] = {100, 50, 9.99, 5, 3, 7.5};
    double income[] = {90, 90, 90, 90, 90, 90};
    const DebtPayments d = {.pay = pay, .m = m, .income = income};
    BlockResult out = {0};
    debt_payments_kernel(&d, (Block){.index = 0, .begin = 0, .end = 6}, &out);
    CHECK(out.sum[0] == 22.0 && out.count[0] == 1);
    CHECK(pay[0] == 0 && m[0] == 100 && income[0] == 90);
    CHECK(pay[1] == 10 && m[1] == 40 && income[1] == 80);
    CHECK(pay[2] == 0 && m[2] == 9.99 && income[2] == 90);
    CHECK(pay[3] == 5 && m[3] == 0 && income[3] == 85);
    CHECK(pay[4] == 0 && m[4] == 3 && income[4] == 90);
    CHECK(pay[5] == 7 && m[5] == 0.5 && income[5] == 83);
    /* next month the defaulter pays nothing and is not counted again, even
     * with money to pay; agent 3 pays again out of a new 5; agent 5 cannot pay
     * 7 out of 0.5 + 6 and defaults */
    m[2] = 1000;
    m[3] += 5;
    m[5] += 6;
    BlockResult next = {0};
    debt_payments_kernel(&d, (Block){.index = 0, .begin = 0, .end = 6}, &next);
    CHECK(next.sum[0] == 15.0 && next.count[0] == 1);
    CHECK(m[2] == 1000 && pay[2] == 0);
    CHECK(pay[5] == 0 && m[5] == 6.5);
    CHECK(m[1] == 30 && m[3] == 0 && pay[3] == 5);
    /* only the block's agents [2, 4) are touched */
    double pay2[] = {5, 5, 5, 5}, m2[] = {10, 10, 10, 10}, inc2[] = {0, 0, 0, 0};
    const DebtPayments part = {.pay = pay2, .m = m2, .income = inc2};
    BlockResult p2 = {0};
    debt_payments_kernel(&part, (Block){.index = 0, .begin = 2, .end = 4}, &p2);
    CHECK(p2.sum[0] == 10.0 && m2[0] == 10 && m2[1] == 10 && m2[2] == 5 && m2[3] == 5);
    return 0;
}

/* per_share 22 with k = (1/2, 1/4, 1/4, 0): receipts 11, 5.5, 5.5, 0 added to
 * m and income; sum[0] = the block's new balances 21 + 15.5 + 7.5 + 4 = 48. */
static int receipts_kernel_should_pay_owners_by_their_shares(void)
{
    const double k[] = {0.5, 0.25, 0.25, 0.0};
    double m[] = {10, 10, 2, 4}, income[] = {1, 2, 3, 4};
    const DebtReceipts d = {.k = k, .m = m, .income = income, .per_share = 22.0};
    BlockResult out = {0};
    debt_receipts_kernel(&d, (Block){.index = 0, .begin = 0, .end = 4}, &out);
    CHECK(m[0] == 21 && m[1] == 15.5 && m[2] == 7.5 && m[3] == 4);
    CHECK(income[0] == 12 && income[1] == 7.5 && income[2] == 8.5 && income[3] == 4);
    CHECK(out.sum[0] == 48.0);
    return 0;
}

/* Over blocks, as sim.c runs them: the payments pass, then receipts of
 * per_share = the payments' sum (X / scale) in proportion to k, sum k = 1.
 * Payments made = receipts, so the sum of balances is the same after both
 * passes as before them (no money created or destroyed: MODEL.md 4 step 7h). */
static int payments_should_equal_receipts_and_conserve_money(void)
{
    const int n = 2 * EXEC_BLOCK_SIZE + 17; /* three blocks */
    double *pay = malloc((size_t)n * sizeof *pay), *m = malloc((size_t)n * sizeof *m);
    double *income = malloc((size_t)n * sizeof *income), *k = malloc((size_t)n * sizeof *k);
    double before = 0, weights = 0, expected_paid = 0;
    long long expected_defaults = 0;
    for (int i = 0; i < n; i++) {
        m[i] = 10.0 + i % 7;
        pay[i] = i % 3 == 0 ? 0.0 : i % 5 == 0 ? 20.0 : 3.5; /* 20 > every balance: default */
        income[i] = 1.0;
        k[i] = i % 11;
        weights += k[i];
        before += m[i];
        expected_paid += pay[i] == 3.5 ? 3.5 : 0.0;
        expected_defaults += pay[i] == 20.0;
    }
    for (int i = 0; i < n; i++)
        k[i] /= weights;
    const BlockPlan plan = exec_plan(n);
    Exec *ex = exec_create(&plan);
    const DebtPayments d = {.pay = pay, .m = m, .income = income};
    BlockResult paid;
    exec_pass(ex, &(Kernel){debt_payments_kernel, &d}, 1, &paid);
    CHECK_REL(paid.sum[0], expected_paid, 1e-13);
    CHECK(paid.count[0] == expected_defaults);
    double income_after_pay = 0;
    for (int i = 0; i < n; i++)
        income_after_pay += income[i];
    const DebtReceipts r = {.k = k, .m = m, .income = income, .per_share = paid.sum[0]};
    BlockResult total;
    exec_pass(ex, &(Kernel){debt_receipts_kernel, &r}, 1, &total);
    double after = 0, received = 0;
    for (int i = 0; i < n; i++)
        after += m[i];
    for (int i = 0; i < n; i++)
        received += income[i];
    received -= income_after_pay;
    CHECK_REL(received, paid.sum[0], 1e-12); /* sum k = 1 */
    /* 8209 additions of values near 14 to a sum near 1e5: 1e-12 covers their rounding */
    CHECK_REL(total.sum[0], after, 1e-12);
    CHECK_REL(total.sum[0], before, 1e-12);
    exec_destroy(ex);
    free(pay);
    free(m);
    free(income);
    free(k);
    return 0;
}

int main(void)
{
    int failures = 0;
    RUN(payment_count_should_be_months_of_the_term, failures);
    RUN(annuity_payment_should_match_the_hand_value, failures);
    RUN(zero_rate_should_repay_in_equal_parts, failures);
    RUN(factor_of_all_payments_should_give_back_the_principal, failures);
    RUN(outstanding_debt_should_follow_the_annuity_recursion, failures);
    RUN(payments_kernel_should_collect_from_payers_and_write_off_defaulters, failures);
    RUN(receipts_kernel_should_pay_owners_by_their_shares, failures);
    RUN(payments_should_equal_receipts_and_conserve_money, failures);
    return failures != 0;
}
