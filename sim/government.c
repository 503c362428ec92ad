/* government.c - Taxes, unemployment insurance and the basic income (MODEL.md
 * 4 step 7d-f). */
#include "government.h"

Fiscal government_month(const FiscalParams *f, double wage_bill, double capital_income,
                        double machine_income, double ui_claimed, double workers)
{
    Fiscal g = {.ui_claimed = ui_claimed, .ui_scale = 1.0};
    g.wage_tax = f->wage_tax * wage_bill;
    g.machine_tax = f->machine_tax * machine_income;
    g.capital_tax = f->capital_tax * (capital_income - g.machine_tax);
    g.revenue = g.wage_tax + g.machine_tax + g.capital_tax;
    if (ui_claimed > g.revenue) {
        g.ui_scale = g.revenue / ui_claimed;
        g.ui_paid = g.revenue;
    } else {
        g.ui_paid = ui_claimed;
    }
    g.basic_income = (g.revenue - g.ui_paid) / workers;
    return g;
}
