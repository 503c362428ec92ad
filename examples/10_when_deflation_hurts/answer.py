#!/usr/bin/python3
"""answer.py - Lesson 10: sticky wages under a fixed money stock against MODEL.md 4d and 7.

    examples/10_when_deflation_hurts/answer.py RUN.json

With automation and re-employment off, the money stock and velocity fixed and
wages that may fall at most d0 a year (d1 = 0), MODEL.md 7 says:

  (a) the wage index follows its rule exactly: W(m) = max(P(m), (1 - d0)^(1/12) W(m-1)),
      W before month 0 = 1;
  (b) when (1 - d0)(1 + q) > 1 (prices fall faster than wages may) the real-wage
      gap g = W/P grows, and employment(m)/employment(0) = S(g(m-1)) with
      S(g) = ((1 - omega g)/(1 - omega))^b, b = eps (1 - omega)/omega (MODEL.md 4d).

It also predicts the whole path by hand, without the simulation: the price level
is M V / Q, and Q is trend output times the share of jobs still viable, so

      g(m) = G(m) S(g(m-1)),   G(m) = ((1 - d0)(1 + q))^(m/12),   g(-1) = 1,

(the gap wages alone would open, times the output lost to the jobs it closed);
the predicted final gap and employment are printed beside the simulated ones.
q, d0, eps and omega come from the run's own config, so a run with --set
overrides is checked against its own closed form.

Exit status: 0 all three agree (the rule to 1e-12 relative, employment within
four binomial standard deviations sqrt(S (1 - S) / N) of S(g), the predicted
path within the same tolerance), 1 they do not, 2 unreadable input or a run the
closed form does not apply to."""
import json
import math
import sys


def viable_share(g, omega, b):
    """S(g) of MODEL.md 4d: the share of jobs that still pay their way at gap g."""
    if g <= 1:
        return 1.0
    if g >= 1 / omega:
        return 0.0
    return ((1 - omega * g) / (1 - omega)) ** b


def main(argv):
    if len(argv) != 2:
        print("usage: answer.py RUN.json", file=sys.stderr)
        return 2
    try:
        with open(argv[1]) as f:
            doc = json.load(f)
        cfg, series, run = doc["config"], doc["series"], doc["run"]
        prices, wages = series["price_level"], series["wage_index"]
        gaps, employment = series["wage_gap"], series["employment_rate"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        print(f"answer.py: {argv[1]}: not a uhisim run document ({e})", file=sys.stderr)
        return 2
    d0 = cfg["wages"]["max_cut_per_year"]
    d1 = cfg["wages"]["max_cut_per_unemployment"]
    eps = cfg["wages"]["labor_demand_elasticity"]
    q = cfg["economy"]["productivity_growth_per_year"]
    omega = run["labor_share"]
    agents = run["agents"]
    why = []
    if cfg["ai"]["enabled"] or cfg["robots"]["enabled"]:
        why.append("automation must be off")
    if cfg["labor"]["reemployment_per_year"] != 0:
        why.append("re-employment must be off (labor.reemployment_per_year = 0)")
    if cfg["policy"]["money"]["rule"] != "fixed" or cfg["money"]["velocity_mode"] != "fixed":
        why.append("the money stock and velocity must be fixed")
    if d1 != 0:
        why.append("wages.max_cut_per_unemployment must be 0")
    if (1 - d0) * (1 + q) <= 1:
        why.append(f"(1 - d0)(1 + q) = {(1 - d0) * (1 + q):.4f} must exceed 1 for a gap to open")
    if why:
        print("answer.py: the closed form does not apply to this run: " + "; ".join(why),
              file=sys.stderr)
        return 2
    b = eps * (1 - omega) / omega
    months = len(prices)

    # (a) the wage rule, month by month
    rule_err, w_prev = 0.0, 1.0
    for m in range(months):
        expected = max(prices[m], (1 - d0) ** (1 / 12) * w_prev)
        rule_err = max(rule_err, abs(wages[m] - expected) / expected)
        w_prev = wages[m]

    # (b) employment against S of last month's simulated gap
    worst, worst_m, worst_tol = 0.0, 0, 1.0
    for m in range(1, months):
        s = viable_share(gaps[m - 1], omega, b)
        tol = 4 * math.sqrt(max(s * (1 - s), 1e-12) / agents) + 1e-9
        dev = abs(employment[m] / employment[0] - s)
        if dev / tol > worst / worst_tol:
            worst, worst_m, worst_tol = dev, m, tol

    # the hand-made prediction of the whole path
    g_pred, g_hat = [], 1.0
    for m in range(months):
        s = viable_share(g_hat, omega, b)
        g_hat = ((1 - d0) * (1 + q)) ** (m / 12) * s
        g_pred.append(g_hat)
    last = months - 1
    s_pred = viable_share(g_pred[last - 1], omega, b)
    pred_tol = 4 * math.sqrt(s_pred * (1 - s_pred) / agents) + 1e-9
    pred_dev = abs(employment[last] / employment[0] - s_pred)

    t = last / 12
    print(f"d0 = {d0!r} a year, q = {q!r} a year, omega = {omega!r}, eps = {eps!r}, "
          f"b = {b:.6f}, agents = {agents}")
    print(f"wage rule: largest relative error {rule_err:.3e}")
    print(f"gap without job losses ((1-d0)(1+q))^t at t = {t:.4f}: "
          f"{((1 - d0) * (1 + q)) ** t:.6f}")
    print(f"last month m = {last}: simulated gap = {gaps[last]:.6f}, predicted = {g_pred[last]:.6f}")
    print(f"employment(m)/employment(0): simulated = {employment[last] / employment[0]:.6f}, "
          f"S(simulated g(m-1)) = {viable_share(gaps[last - 1], omega, b):.6f}, "
          f"predicted S(g(m-1)) = {s_pred:.6f}")
    print(f"largest deviation from S(g(m-1)): {worst:.6f} at month {worst_m} "
          f"(tolerance {worst_tol:.6f})")
    ok = rule_err <= 1e-12 and worst <= worst_tol and pred_dev <= pred_tol
    print("agree" if ok else "DISAGREE")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
