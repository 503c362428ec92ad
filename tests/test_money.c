/* test_money.c - Money rules, channels and velocity (MODEL.md 4 steps 5-6). */
#include <stdlib.h>
#include <string.h>

#include "agents.h"
#include "incomes.h"
#include "money.h"
#include "exec.h"
#include "policy.h"
#include "test.h"

enum { N = 9000 }; /* more than two blocks, so block sums are exercised */

static Exec *ex; /* every block on this process */

/* A hand-made population: scale 2.5 workers per agent, every third agent
 * displaced, ownership k_i proportional to i + 1, balances 100 + i. */
static Agents *make_agents(void)
{
    Agents *ag = calloc(1, sizeof *ag);
    ag->n = N;
    ag->scale = 2.5;
    ag->status = malloc(N);
    ag->m = malloc(N * sizeof(double));
    ag->k = malloc(N * sizeof(double));
    double ksum = 0;
    for (int i = 0; i < N; i++) {
        ag->status[i] = i % 3 == 0 ? 0 : AGENT_EMPLOYED;
        ag->m[i] = 100.0 + i;
        ag->k[i] = i + 1.0;
        ksum += i + 1.0;
    }
    for (int i = 0; i < N; i++)
        ag->k[i] /= ksum;
    return ag;
}

static void free_agents(Agents *ag)
{
    free(ag->status);
    free(ag->m);
    free(ag->k);
    free(ag);
}

static double stock(const Agents *ag)
{
    double s = 0;
    for (int i = 0; i < ag->n; i++)
        s += ag->m[i];
    return ag->scale * s;
}

static int dividend_should_pay_every_agent_the_same(void)
{
    Agents *ag = make_agents();
    double *before = malloc(N * sizeof(double));
    memcpy(before, ag->m, N * sizeof(double));
    const double M = stock(ag), delta = 7.3e5;
    double sum = money_credit(ex, ag, CHANNEL_DIVIDEND, delta, M, N / 3, NULL, NULL);
    const double each = delta / (2.5 * N); /* per worker: delta / L */
    for (int i = 0; i < N; i++)
        CHECK_REL(ag->m[i] - before[i], each, 1e-9);
    CHECK_REL(2.5 * sum, M + delta, 1e-12);
    free(before);
    free_agents(ag);
    return 0;
}

static int displaced_channel_should_pay_only_the_displaced(void)
{
    Agents *ag = make_agents();
    double *before = malloc(N * sizeof(double));
    memcpy(before, ag->m, N * sizeof(double));
    const double M = stock(ag), delta = 4.1e4;
    const long long displaced = N / 3;
    double sum = money_credit(ex, ag, CHANNEL_DISPLACED, delta, M, displaced, NULL, NULL);
    for (int i = 0; i < N; i++) {
        if (i % 3 == 0)
            CHECK_REL(ag->m[i] - before[i], delta / (2.5 * displaced), 1e-9);
        else
            CHECK(ag->m[i] == before[i]);
    }
    CHECK_REL(2.5 * sum, M + delta, 1e-12);
    /* nobody displaced: falls back to the dividend */
    memset(ag->status, AGENT_EMPLOYED, N);
    memcpy(ag->m, before, N * sizeof(double));
    money_credit(ex, ag, CHANNEL_DISPLACED, delta, M, 0, NULL, NULL);
    for (int i = 0; i < N; i++)
        CHECK_REL(ag->m[i] - before[i], delta / (2.5 * N), 1e-9);
    free(before);
    free_agents(ag);
    return 0;
}

static int owners_channel_should_pay_in_proportion_to_ownership(void)
{
    Agents *ag = make_agents();
    double *before = malloc(N * sizeof(double));
    memcpy(before, ag->m, N * sizeof(double));
    const double M = stock(ag), delta = 2.9e6;
    double sum = money_credit(ex, ag, CHANNEL_OWNERS, delta, M, N / 3, NULL, NULL);
    for (int i = 0; i < N; i++)
        CHECK_REL(ag->m[i] - before[i], delta * ag->k[i] / 2.5, 1e-9);
    CHECK_REL(2.5 * sum, M + delta, 1e-12);
    free(before);
    free_agents(ag);
    return 0;
}

static int negative_change_should_scale_balances(void)
{
    Agents *ag = make_agents();
    double *before = malloc(N * sizeof(double));
    memcpy(before, ag->m, N * sizeof(double));
    const double M = stock(ag), delta = -0.125 * M;
    for (int channel = CHANNEL_DIVIDEND; channel <= CHANNEL_PROPORTIONAL; channel++) {
        memcpy(ag->m, before, N * sizeof(double));
        double sum = money_credit(ex, ag, channel, delta, M, N / 3, NULL, NULL);
        for (int i = 0; i < N; i++)
            CHECK_REL(ag->m[i], before[i] * 0.875, 1e-12);
        CHECK_REL(2.5 * sum, 0.875 * M, 1e-12);
    }
    free(before);
    free_agents(ag);
    return 0;
}

/* With no new money the sum incomes_pay() returned stands in for a new pass:
 * it must be the very sum (same bits) money_credit() would add up. */
static int zero_change_should_reuse_the_incomes_sum_bit_for_bit(void)
{
    Agents *ag = make_agents();
    ag->a = malloc(N * sizeof(double));
    double *income = malloc(N * sizeof(double));
    double *balance = malloc(N * sizeof(double));
    for (int i = 0; i < N; i++)
        ag->a[i] = 1000.0 + 0.37 * i;
    ag->labour_share = 0.6;
    const FiscalParams f = {.capital_tax = 0.1};
    const IncomeTerms t = incomes_terms(8e5, 0.93, 0.93, 5e5, 0, 1.01, 1.36, 0.6, &f, 0, 2.5 * N);
    const double paid = incomes_pay(ex, ag, &t, &f, 0, balance, income);
    const double fresh = money_credit(ex, ag, CHANNEL_DIVIDEND, 0.0, 2.5 * paid, N / 3, NULL, NULL);
    CHECK(fresh == paid);
    CHECK(money_credit(ex, ag, CHANNEL_DIVIDEND, 0.0, 2.5 * paid, N / 3, &paid, NULL) == paid);
    free(ag->a);
    free(income);
    free(balance);
    free_agents(ag);
    return 0;
}

static int rules_should_follow_their_level_paths(void)
{
    Params p;
    params_set_defaults(&p);
    const double M = 2.3e13, v = 1.7, Q = 1.9e12, years = 2.5;
    p.policy.money.rule = MONEY_RULE_FIXED;
    CHECK(policy_money_change(&p.policy.money, &p.money, years, M, v, Q) == 0.0);
    /* growth: M0 (1+g)^years - M = 21.5e12 * 1.05^2.5 - M */
    p.policy.money.rule = MONEY_RULE_GROWTH;
    CHECK_REL(policy_money_change(&p.policy.money, &p.money, years, M, v, Q) + M,
              21.5e12 * pow(1.05, 2.5), 1e-14);
    /* price target: spending v (M + dM) / 12 = P* Q with P* = 1.02^years */
    p.policy.money.rule = MONEY_RULE_PRICE_TARGET;
    double dM = policy_money_change(&p.policy.money, &p.money, years, M, v, Q);
    CHECK_REL(v * (M + dM) / 12.0 / Q, pow(1.02, 2.5), 1e-14);
    /* nominal GDP target: v (M + dM) / 12 = (M0 V0 / 12) 1.04^years */
    p.policy.money.rule = MONEY_RULE_NGDP_TARGET;
    dM = policy_money_change(&p.policy.money, &p.money, years, M, v, Q);
    CHECK_REL(v * (M + dM) / 12.0, 21.5e12 * 1.36 / 12.0 * pow(1.04, 2.5), 1e-14);
    params_free(&p);
    return 0;
}

static int hoarding_velocity_should_follow_cagan_within_its_clamp(void)
{
    MoneyParams m = {.velocity = 1.36, .velocity_mode = VELOCITY_HOARDING, .hoarding = 1.0,
                     .expectation_speed = 0.5, .velocity_min = 0.3, .velocity_max = 5.0};
    CHECK_REL(money_velocity(&m, -0.2), 1.36 * exp(-0.2), 1e-15);
    CHECK(money_velocity(&m, -10) == 0.3);
    CHECK(money_velocity(&m, 10) == 5.0);
    m.velocity_mode = VELOCITY_FIXED;
    CHECK(money_velocity(&m, -0.2) == 1.36);
    /* on the log rate: pi_e + beta/12 (12 ln(P/P_prev) - pi_e) = -0.1 + 0.5/12 (12 ln 0.96 + 0.1) */
    CHECK_REL(money_update_expectation(&m, -0.1, 0.96, 1.0), -0.1 + 0.5 / 12.0 * (12.0 * log(0.96) + 0.1),
              1e-15);
    /* a one-month doubling reads as 12 ln 2 = 8.3 a year, not 2^12 - 1 = 4095 */
    CHECK_REL(money_update_expectation(&m, 0.0, 2.0, 1.0), 0.5 / 12.0 * 12.0 * log(2.0), 1e-15);
    return 0;
}

/* Step 6 in aggregate (MODEL.md 4 step 6), by hand: scale 2.5, sum m = 4.8e6,
 * v = 1.5: S = 2.5 * 4.8e6 * 1.5 / 12 = 1.5e6; Q = 1.2e6 gives P = 1.25;
 * with P_prev = 1.25 / 1.01 inflation is 1.01^12 - 1, and beta = 0.6 moves
 * pi_e = 0.02 by 0.6/12 of the gap. */
static int spending_should_set_the_price_level_to_s_over_q(void)
{
    const MoneyParams m = {.velocity = 1.5, .expectation_speed = 0.6};
    Spending s;
    money_spend(&m, 2.5, 4.8e6, 1.5, 1.2e6, 1.25 / 1.01, 0.02, &s);
    CHECK_REL(s.spending, 1.5e6, 1e-15);
    CHECK_REL(s.price, 1.25, 1e-15);
    CHECK_REL(s.inflation, pow(1.01, 12) - 1.0, 1e-12);
    CHECK_REL(s.expected_inflation, 0.02 + 0.6 / 12.0 * (12.0 * log(1.01) - 0.02), 1e-12);
    /* the price is exactly S / Q: the equation of exchange M v = 12 P Q */
    CHECK(s.price == s.spending / 1.2e6);
    CHECK(money_spending_rate(1.5) == 0.125);
    return 0;
}

/* The income split (MODEL.md 4 step 7): with W = P, B = omega W Q_h = 0.6 *
 * 1.25 * 1e6 = 7.5e5 and Pi = S - B = 1.5e6 - 7.5e5 = 7.5e5; trend carried. */
static int income_split_should_leave_spending_minus_wages_to_capital(void)
{
    const FiscalParams f = {.capital_tax = 0.2};
    const IncomeTerms t = incomes_terms(1.5e6, 1.25, 1.25, 1e6, 0, 1.03, 1.5, 0.6, &f, 0, 1e3);
    CHECK_REL(t.wage_bill, 7.5e5, 1e-15);
    CHECK_REL(t.capital_income, 7.5e5, 1e-15);
    CHECK(t.wage_bill + t.capital_income == 1.5e6);
    CHECK(t.wage_scale == 1.0 && t.trend == 1.03 && t.velocity == 1.5 && t.price_level == 1.25);
    /* the capital tax is version 1's UBI: tau Pi / L to each of L = 1e3 workers */
    CHECK_REL(t.fiscal.revenue, 0.2 * 7.5e5, 1e-15);
    CHECK_REL(t.fiscal.basic_income, 0.2 * 7.5e5 / 1e3, 1e-15);
    return 0;
}

int main(void)
{
    int failures = 0;
    const BlockPlan plan = exec_plan_local(N);
    ex = exec_create(&plan);
    if (ex == NULL)
        return 1;
    RUN(dividend_should_pay_every_agent_the_same, failures);
    RUN(displaced_channel_should_pay_only_the_displaced, failures);
    RUN(owners_channel_should_pay_in_proportion_to_ownership, failures);
    RUN(negative_change_should_scale_balances, failures);
    RUN(zero_change_should_reuse_the_incomes_sum_bit_for_bit, failures);
    RUN(rules_should_follow_their_level_paths, failures);
    RUN(hoarding_velocity_should_follow_cagan_within_its_clamp, failures);
    RUN(spending_should_set_the_price_level_to_s_over_q, failures);
    RUN(income_split_should_leave_spending_minus_wages_to_capital, failures);
    exec_destroy(ex);
    return failures != 0;
}
