/* test_wages.c - The nominal wage index and labour demand (MODEL.md 4 step 7a,
 * 4d): hand-computed indices, the viability of a line of work and the closed
 * form S(g) of the share still viable at a real-wage gap. */
#include <float.h>

#include "test.h"
#include "wages.h"

/* Prices fall 10 % in a month, wages may fall 4 % a year: the floor binds,
 * W = 0.96^(1/12) = exp(ln 0.96 / 12) = 0.996603946801082 (to 15 digits). */
static int wage_index_should_fall_no_faster_than_its_floor(void)
{
    CHECK_REL(wages_index(1.0, 0.9, 0.04, 0.0, 0.0), 0.996603946801082, 1e-14);
    /* d1 u adds to the cut: d = 0.04 + 0.4 x 0.2 = 0.12, W = 0.88^(1/12) =
     * 0.989403758964681 */
    CHECK_REL(wages_index(1.0, 0.9, 0.04, 0.4, 0.2), 0.989403758964681, 1e-14);
    /* the floor scales with last month's index: 2 x 0.96^(1/12) */
    CHECK_REL(wages_index(2.0, 1.0, 0.04, 0.0, 0.0), 2.0 * 0.996603946801082, 1e-14);
    /* d0 = 0: nominal wages never fall, W = W_prev while P is below it */
    CHECK(wages_index(1.0, 0.9, 0.0, 0.0, 0.0) == 1.0);
    /* a price above the floor is the index itself, exactly */
    CHECK(wages_index(1.0, 0.999, 0.04, 0.0, 0.0) == 0.999);
    return 0;
}

/* d = min(1, d0 + d1 u): 0.9 + 0.4 x 0.5 = 1.1 is capped at 1, and a cut of
 * 100 % a year lets W fall to P at once, however far P fell. */
static int cut_should_be_capped_at_one_so_that_wages_meet_prices(void)
{
    CHECK(wages_index(1.0, 0.5, 0.9, 0.4, 0.5) == 0.5);
    CHECK(wages_index(1.0, 1e-6, 0.9, 0.4, 0.5) == 1e-6);
    /* exactly 1 (d0 = 1, version 1): W = P whatever the unemployment */
    CHECK(wages_index(1.3, 0.7, 1.0, 0.0, 0.0) == 0.7);
    CHECK(wages_index(1.3, 0.7, 1.0, 0.4, 0.9) == 0.7);
    /* just below 1 the floor is (1e-12)^(1/12) W_prev = 0.1 W_prev */
    CHECK_REL(wages_index(1.0, 0.01, 1.0 - 1e-12, 0.0, 0.0), 0.1, 1e-3);
    return 0;
}

/* Wages follow prices up at once: W = P when P is above the previous index,
 * whatever the rigidity. */
static int wage_index_should_follow_rising_prices_at_once(void)
{
    CHECK(wages_index(1.0, 1.2, 0.04, 0.4, 0.3) == 1.2);
    CHECK(wages_index(1.0, 1.2, 0.0, 0.0, 0.0) == 1.2);
    CHECK(wages_index(0.8, 0.85, 1.0, 0.0, 0.0) == 0.85);
    return 0;
}

/* b = eps (1 - omega) / omega: 0.4 x 0.4 / 0.6 = 4/15 (MODEL.md 4d: 0.267). */
static int demand_exponent_should_match_its_formula(void)
{
    CHECK_REL(wages_demand_exponent(0.6, 0.4), 4.0 / 15.0, 1e-15);
    CHECK_REL(wages_demand_exponent(0.5, 1.0), 1.0, 1e-15);
    CHECK_REL(wages_demand_exponent(0.37, 0.4), 0.4 * 0.63 / 0.37, 1e-15);
    return 0;
}

/* viab = (1 - c)/omega, c = (1 - omega) u^(1/b). omega 0.6, eps 0.4: 1/b =
 * 3.75, so at u = 0.5 c = 0.4 x 2^-3.75 = 0.0297301778750680 and viab =
 * (1 - c)/0.6 = 1.61711637020822. u = 1 gives exactly 1 (c = 1 - omega), and
 * u -> 0 gives 1/omega (no other costs: the wage may take the whole output). */
static int viability_should_match_hand_values_and_its_ends(void)
{
    const double b = wages_demand_exponent(0.6, 0.4);
    CHECK_REL(wages_viability(0.5, 0.6, b), 1.61711637020822, 1e-13);
    CHECK_REL(wages_viability(0.5, 0.6, b), (1.0 - 0.4 * pow(0.5, 3.75)) / 0.6, 1e-15);
    CHECK(wages_viability(1.0, 0.6, b) == 1.0);
    CHECK_REL(wages_viability(DBL_MIN, 0.6, b), 1.0 / 0.6, 1e-15);
    CHECK_REL(wages_viability(1e-9, 0.6, b), 1.0 / 0.6, 1e-15); /* c = 0.4 x 1e-33.75 */
    /* exactly 1 at u = 1 for any labour share, even where (1 - (1 - omega))/omega
     * rounds below 1: such a job survives g = 1 as every job does */
    for (int j = 1; j < 100; j++) {
        const double omega = j / 100.0;
        CHECK(wages_viability(1.0, omega, wages_demand_exponent(omega, 0.4)) == 1.0);
        CHECK(wages_viability(1.0, omega, wages_demand_exponent(omega, 2.5)) == 1.0);
    }
    return 0;
}

/* S(g) = ((1 - omega g)/(1 - omega))^b: S(1) = 1; omega 0.6, b 4/15: S(1.1) =
 * 0.85^(4/15) = 0.957587305697056 ("a 10 % gap costs about 4 % of jobs") and
 * S(1.5) = 0.25^(4/15) = 0.690956439983888 ("a 50 % gap about 31 %"); 0 at
 * and above 1/omega, 1 at and below g = 1. */
static int viable_share_should_match_its_closed_form(void)
{
    const double b = wages_demand_exponent(0.6, 0.4);
    CHECK(wages_viable_share(1.0, 0.6, b) == 1.0);
    CHECK(wages_viable_share(0.9, 0.6, b) == 1.0);
    CHECK_REL(wages_viable_share(1.1, 0.6, b), 0.957587305697056, 1e-13);
    CHECK_REL(wages_viable_share(1.5, 0.6, b), 0.690956439983888, 1e-13);
    CHECK_ABS(1.0 - wages_viable_share(1.1, 0.6, b), 0.04, 0.005);
    CHECK_ABS(1.0 - wages_viable_share(1.5, 0.6, b), 0.31, 0.005);
    CHECK(wages_viable_share(1.0 / 0.6, 0.6, b) == 0.0);
    CHECK(wages_viable_share(1.7, 0.6, b) == 0.0);
    CHECK(wages_viable_share(1e6, 0.6, b) == 0.0);
    /* just below 1/omega the share is small but positive */
    const double s = wages_viable_share(1.0 / 0.6 - 1e-3, 0.6, b); /* (0.0006/0.4)^(4/15) */
    CHECK_REL(s, pow(0.0015, 4.0 / 15.0), 1e-9);
    /* it falls with the gap */
    for (int j = 1; j <= 66; j++)
        CHECK(wages_viable_share(1.0 + j / 100.0, 0.6, b) <
              wages_viable_share(1.0 + (j - 1) / 100.0, 0.6, b));
    return 0;
}

/* The elasticity of S at g = 1 is -eps (MODEL.md 4d): one-sided, as S is flat
 * at 1 below g = 1. d ln S / d ln g = -b omega g/(1 - omega g), so at g = 1 + h
 * the difference quotient is -eps (1 + O(h/(1 - omega))); h = 1e-6 puts that
 * error near 1e-6 relative and the rounding of ln S (about 4e-7) near 1e-9. */
static int viable_share_should_have_elasticity_minus_epsilon_at_one(void)
{
    const double omegas[] = {0.6, 0.37, 0.8}, epsilons[] = {0.4, 1.0, 2.5};
    const double h = 1e-6;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            const double b = wages_demand_exponent(omegas[i], epsilons[j]);
            const double slope = log(wages_viable_share(1.0 + h, omegas[i], b)) / log1p(h);
            CHECK_REL(slope, -epsilons[j], 2e-5);
        }
    return 0;
}

/* Viability is drawn from u ~ U(0, 1]: on the grid u_j = (j + 0.5)/K the share
 * of lines of work with viab >= g is S(g) within the grid's step (viab >= g iff
 * u <= S(g), as viab falls with u), plus one point for rounding at the edge. */
static int share_of_viabilities_above_a_gap_should_be_the_closed_form(void)
{
    enum { K = 200000 };
    const double omegas[] = {0.6, 0.37}, epsilons[] = {0.4, 1.5};
    for (int i = 0; i < 2; i++) {
        const double omega = omegas[i], b = wages_demand_exponent(omega, epsilons[i]);
        /* not 1/omega itself: there a line of work with u below ~1e-4 has c
         * under half an ulp of 1, so viab rounds to 1/omega and survives a
         * gap S(g) gives 0 (a null set of the continuous draw) */
        const double gaps[] = {1.0, 1.02, 1.1, 1.3, 1.5, 1.0 / omega - 0.01, 2.0};
        enum { G = sizeof gaps / sizeof gaps[0] };
        long above[G] = {0};
        double prev = INFINITY;
        for (int j = 0; j < K; j++) {
            const double v = wages_viability((j + 0.5) / K, omega, b);
            CHECK(v >= 1.0 && v <= 1.0 / omega);
            CHECK(v <= prev); /* falls with u */
            prev = v;
            for (int k = 0; k < G; k++)
                above[k] += v >= gaps[k];
        }
        for (int k = 0; k < G; k++)
            CHECK_ABS((double)above[k] / K, wages_viable_share(gaps[k], omega, b), 2.0 / K);
    }
    return 0;
}

int main(void)
{
    int failures = 0;
    RUN(wage_index_should_fall_no_faster_than_its_floor, failures);
    RUN(cut_should_be_capped_at_one_so_that_wages_meet_prices, failures);
    RUN(wage_index_should_follow_rising_prices_at_once, failures);
    RUN(demand_exponent_should_match_its_formula, failures);
    RUN(viability_should_match_hand_values_and_its_ends, failures);
    RUN(viable_share_should_match_its_closed_form, failures);
    RUN(viable_share_should_have_elasticity_minus_epsilon_at_one, failures);
    RUN(share_of_viabilities_above_a_gap_should_be_the_closed_form, failures);
    return failures != 0;
}
