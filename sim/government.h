/* government.h - The fiscal block, balanced every month: flat taxes on wages,
 * capital income and machine income, unemployment insurance, and the rest of
 * revenue paid back equally (MODEL.md 4 step 7d-f, 4e). No government debt,
 * no purchases: the government holds no money. */
#pragma once
#include "params.h"

/* One month's fiscal flows, all nominal $/month (aggregates over workers). */
typedef struct Fiscal {
    double wage_tax;      /* T_w = tau_w B */
    double machine_tax;   /* T_m = tau_m Pi_m */
    double capital_tax;   /* T_k = tau_k (Pi - T_m) */
    double revenue;       /* R = T_w + T_m + T_k */
    double ui_claimed;    /* U = r omega W sum of claimants' trend output */
    double ui_paid;       /* min(U, R) */
    double ui_scale;      /* ui_paid / U; 1 when nothing is claimed [-] */
    double basic_income;  /* (R - ui_paid) / L, paid to every worker [nominal $/month per worker] */
} Fiscal;

/* The month's fiscal flows from the wage bill B, capital income Pi and machine
 * income Pi_m <= Pi (step 7b-c), UI claims U (each claimant's r omega W a(t),
 * summed over claimants) and L workers (scale N):
 *   T_w = tau_w B, T_m = tau_m Pi_m, T_k = tau_k (Pi - T_m), R = T_w + T_m + T_k;
 *   UI paid in full if R >= U, else every claim scaled by R / U (the tax base
 *   shrinks as wages vanish: MODEL.md 4e); basic income (R - UI paid) / L.
 * Source of the US calibration (r 0.4 for 6 months, tau_w 0.01): MODEL.md 4e
 * (US Department of Labor; the tax an estimate). */
Fiscal government_month(const FiscalParams *f, double wage_bill, double capital_income,
                        double machine_income, double ui_claimed, double workers);

/* True when UI is paid at all (ui_replacement > 0 and ui_months > 0): claims
 * need each displaced agent's month of displacement only then. */
static inline int government_pays_ui(const FiscalParams *f)
{
    return f->ui_replacement > 0 && f->ui_months > 0;
}
