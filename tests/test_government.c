/* test_government.c - The fiscal block (MODEL.md 4 step 7d-f, 4e): taxes,
 * unemployment insurance paid in full or scaled to revenue, the basic income
 * from what is left, balanced every month; and the split of spending that
 * feeds it (incomes_terms: the wage scale when B > S, machine income, claims). */
#include "government.h"
#include "incomes.h"
#include "test.h"

/* The rates and amounts are binary fractions, so the hand values are exact:
 * B = 640, Pi = 424, Pi_m = 200, tau_w = 1/8, tau_m = 1/4, tau_k = 1/2:
 * T_w = 80, T_m = 50, T_k = (424 - 50)/2 = 187 (on Pi - T_m, not on Pi),
 * R = 317. */
static const FiscalParams taxes = {.wage_tax = 0.125, .machine_tax = 0.25, .capital_tax = 0.5,
                                   .ui_replacement = 0.5, .ui_months = 6};

static int revenue_should_be_the_three_taxes_with_capital_tax_after_machine_tax(void)
{
    const Fiscal g = government_month(&taxes, 640.0, 424.0, 200.0, 0.0, 1000.0);
    CHECK(g.wage_tax == 80.0);
    CHECK(g.machine_tax == 50.0);
    CHECK(g.capital_tax == 187.0);
    CHECK(g.revenue == 317.0);
    /* nothing claimed: UI scale 1, everything paid back equally */
    CHECK(g.ui_claimed == 0.0 && g.ui_paid == 0.0 && g.ui_scale == 1.0);
    CHECK_REL(g.basic_income, 0.317, 1e-15);
    /* a machine tax of 1 on Pi_m = Pi leaves no capital income to tax */
    const FiscalParams all = {.machine_tax = 1.0, .capital_tax = 0.5};
    const Fiscal h = government_month(&all, 640.0, 424.0, 424.0, 0.0, 1000.0);
    CHECK(h.machine_tax == 424.0 && h.capital_tax == 0.0 && h.revenue == 424.0);
    return 0;
}

/* R = 317 >= U = 150: UI paid in full (scale 1), the basic income is
 * (317 - 150)/1000 = 0.167 per worker. U = R exactly is still paid in full. */
static int ui_should_be_paid_in_full_when_revenue_covers_it(void)
{
    const Fiscal g = government_month(&taxes, 640.0, 424.0, 200.0, 150.0, 1000.0);
    CHECK(g.ui_claimed == 150.0 && g.ui_paid == 150.0 && g.ui_scale == 1.0);
    CHECK_REL(g.basic_income, 0.167, 1e-15);
    const Fiscal e = government_month(&taxes, 640.0, 424.0, 200.0, 317.0, 1000.0);
    CHECK(e.ui_paid == 317.0 && e.ui_scale == 1.0 && e.basic_income == 0.0);
    return 0;
}

/* U = 634 = 2 R: every claim is scaled by R/U = 1/2, UI paid = R and nothing
 * is left for the basic income (MODEL.md 4e: the tax base shrinks). */
static int ui_should_be_scaled_to_revenue_when_revenue_falls_short(void)
{
    const Fiscal g = government_month(&taxes, 640.0, 424.0, 200.0, 634.0, 1000.0);
    CHECK(g.ui_claimed == 634.0);
    CHECK(g.ui_scale == 0.5);
    CHECK(g.ui_paid == g.revenue && g.ui_paid == 317.0);
    CHECK(g.basic_income == 0.0);
    /* no revenue at all (every rate 0): claims get nothing, scale 0 */
    const FiscalParams none = {.ui_replacement = 0.4, .ui_months = 6};
    const Fiscal z = government_month(&none, 640.0, 424.0, 200.0, 100.0, 1000.0);
    CHECK(z.revenue == 0.0 && z.ui_paid == 0.0 && z.ui_scale == 0.0 && z.basic_income == 0.0);
    return 0;
}

/* Balanced every month (MODEL.md 7): R = UI paid + basic income x L, to
 * rounding (1e-15 of R: (R - paid)/L x L is off by an ulp or two at most),
 * over a grid of tax bases, rates, claims and worker counts. */
static int budget_should_balance_for_any_base_and_claims(void)
{
    const double rates[] = {0.0, 0.01, 0.3, 1.0};
    const double claims[] = {0.0, 1.0, 37.5, 1e3, 1e9};
    const double workers[] = {1.0, 3.0, 1.55e8};
    int checked = 0;
    for (int a = 0; a < 4; a++)
        for (int b = 0; b < 4; b++)
            for (int c = 0; c < 5; c++)
                for (int w = 0; w < 3; w++) {
                    const FiscalParams f = {.wage_tax = rates[a], .machine_tax = rates[b],
                                            .capital_tax = rates[3 - a], .ui_replacement = 0.4,
                                            .ui_months = 6};
                    const double B = 7.3e11, Pi = 4.1e11, Pi_m = 1.7e11;
                    const Fiscal g = government_month(&f, B, Pi, Pi_m, claims[c], workers[w]);
                    CHECK(g.revenue == g.wage_tax + g.machine_tax + g.capital_tax);
                    CHECK(g.ui_paid <= g.ui_claimed && g.ui_paid <= g.revenue);
                    CHECK(g.ui_scale >= 0.0 && g.ui_scale <= 1.0);
                    CHECK(g.basic_income >= 0.0);
                    CHECK_ABS(g.ui_paid + g.basic_income * workers[w], g.revenue,
                              1e-15 * g.revenue);
                    if (g.ui_claimed > 0)
                        CHECK_REL(g.ui_paid, g.ui_scale * g.ui_claimed, 1e-15);
                    checked++;
                }
    CHECK(checked == 240);
    return 0;
}

/* UI is paid at all only with a positive replacement rate and months. */
static int ui_should_be_paid_only_with_a_rate_and_months(void)
{
    CHECK(government_pays_ui(&taxes));
    CHECK(!government_pays_ui(&(FiscalParams){.ui_replacement = 0.0, .ui_months = 6}));
    CHECK(!government_pays_ui(&(FiscalParams){.ui_replacement = 0.4, .ui_months = 0}));
    return 0;
}

/* A claimant was displaced within the last ui_months months, the month of
 * displacement counting (MODEL.md 4 step 7e): lost in month 5 with 6 months
 * of UI, it claims in months 5..10 and not in 11; the employed never claim. */
static int a_claim_should_last_ui_months_counting_the_month_of_loss(void)
{
    for (int month = 5; month <= 10; month++)
        CHECK(incomes_claims_ui(0, 5, month, 6));
    CHECK(!incomes_claims_ui(0, 5, 11, 6));
    CHECK(!incomes_claims_ui(1, 5, 5, 6));
    CHECK(incomes_claims_ui(0, 5, 5, 1) && !incomes_claims_ui(0, 5, 6, 1));
    CHECK(!incomes_claims_ui(0, 5, 5, 0));
    return 0;
}

/* S = 1024, P = 1/2, W = 3/4, Q_h = 1600 / month, Q_m = 400, trend 5/4,
 * omega = 1/2: B = omega W Q_h = 600 <= S, so wages are unscaled; Pi = 424;
 * Pi_m = min(P Q_m, Pi) = 200; claims U = r omega W trend claim_base =
 * 0.5 x 0.5 x 0.75 x 1.25 x 640 = 150. Then the taxes of the table above on
 * B = 600: T_w = 75, T_m = 50, T_k = 187, R = 312; UI paid in full. */
static int incomes_terms_should_split_spending_and_fund_the_claims(void)
{
    const IncomeTerms t = incomes_terms(1024.0, 0.5, 0.75, 1600.0, 400.0, 1.25, 1.36, 0.5,
                                        &taxes, 640.0, 1000.0);
    CHECK(t.wage_scale == 1.0 && t.wage_bill == 600.0);
    CHECK(t.capital_income == 424.0 && t.machine_income == 200.0);
    CHECK(t.fiscal.ui_claimed == 150.0);
    CHECK(t.fiscal.wage_tax == 75.0 && t.fiscal.machine_tax == 50.0 && t.fiscal.capital_tax == 187.0);
    CHECK(t.fiscal.revenue == 312.0 && t.fiscal.ui_paid == 150.0 && t.fiscal.ui_scale == 1.0);
    CHECK_REL(t.fiscal.basic_income, 0.162, 1e-15);
    /* machine income is capped by capital income: P Q_m = 2000 > Pi = 424 */
    const IncomeTerms c = incomes_terms(1024.0, 0.5, 0.75, 1600.0, 4000.0, 1.25, 1.36, 0.5,
                                        &taxes, 0.0, 1000.0);
    CHECK(c.machine_income == 424.0 && c.fiscal.capital_tax == 0.5 * (424.0 - 106.0));
    /* no UI rate: nothing claimed whatever the claimants' output */
    const FiscalParams no_ui = {.wage_tax = 0.125};
    const IncomeTerms n = incomes_terms(1024.0, 0.5, 0.75, 1600.0, 400.0, 1.25, 1.36, 0.5,
                                        &no_ui, 640.0, 1000.0);
    CHECK(n.fiscal.ui_claimed == 0.0 && n.fiscal.ui_paid == 0.0 && n.fiscal.ui_scale == 1.0);
    return 0;
}

/* The wage bill omega W Q_h = 0.5 x 0.75 x 3200 = 1200 exceeds S = 1024:
 * every wage is scaled by S/B = 1024/1200, B = S, and nothing is left for
 * capital (Pi = 0, so Pi_m = 0). UI claims of 4 x 150 = 600 exceed the wage
 * tax 128: scaled by 128/600, UI paid = R and no basic income. */
static int wages_should_be_scaled_to_spending_when_the_bill_exceeds_it(void)
{
    const IncomeTerms t = incomes_terms(1024.0, 0.5, 0.75, 3200.0, 400.0, 1.25, 1.36, 0.5,
                                        &taxes, 2560.0, 1000.0);
    CHECK_REL(t.wage_scale, 1024.0 / 1200.0, 1e-15);
    CHECK(t.wage_bill == 1024.0 && t.capital_income == 0.0 && t.machine_income == 0.0);
    CHECK(t.fiscal.wage_tax == 128.0 && t.fiscal.machine_tax == 0.0 && t.fiscal.capital_tax == 0.0);
    CHECK(t.fiscal.ui_claimed == 600.0 && t.fiscal.ui_paid == 128.0);
    CHECK_REL(t.fiscal.ui_scale, 128.0 / 600.0, 1e-15);
    CHECK(t.fiscal.basic_income == 0.0);
    return 0;
}

int main(void)
{
    int failures = 0;
    RUN(revenue_should_be_the_three_taxes_with_capital_tax_after_machine_tax, failures);
    RUN(ui_should_be_paid_in_full_when_revenue_covers_it, failures);
    RUN(ui_should_be_scaled_to_revenue_when_revenue_falls_short, failures);
    RUN(budget_should_balance_for_any_base_and_claims, failures);
    RUN(ui_should_be_paid_only_with_a_rate_and_months, failures);
    RUN(a_claim_should_last_ui_months_counting_the_month_of_loss, failures);
    RUN(incomes_terms_should_split_spending_and_fund_the_claims, failures);
    RUN(wages_should_be_scaled_to_spending_when_the_bill_exceeds_it, failures);
    return failures != 0;
}
