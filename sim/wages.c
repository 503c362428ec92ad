/* wages.c - Wage index and labour demand (MODEL.md 4 step 7a, 4d). */
#include "wages.h"

#include <math.h>

double wages_index(double prev, double price, double d0, double d1, double unemployment)
{
    const double d = fmin(1.0, d0 + d1 * unemployment);
    /* d = 1 lets the wage fall to P at once: the floor is 0 */
    const double floor = d >= 1.0 ? 0.0 : pow(1.0 - d, 1.0 / 12.0) * prev;
    return fmax(price, floor);
}

double wages_demand_exponent(double labour_share, double elasticity)
{
    return elasticity * (1.0 - labour_share) / labour_share;
}

double wages_viability(double u, double labour_share, double b)
{
    const double other_costs = (1.0 - labour_share) * pow(u, 1.0 / b);
    /* u = 1 gives (1 - (1 - omega))/omega, which rounding may put a hair off 1
     * (above it for omega = 0.01 or 0.3, say): it is 1, the job that survives
     * g = 1 and nothing more; below 1 no job may be */
    return u >= 1.0 ? 1.0 : fmax(1.0, (1.0 - other_costs) / labour_share);
}

double wages_viable_share(double gap, double labour_share, double b)
{
    if (gap <= 1.0)
        return 1.0;
    if (gap * labour_share >= 1.0)
        return 0.0;
    return pow((1.0 - labour_share * gap) / (1.0 - labour_share), b);
}
