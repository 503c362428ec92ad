#!/usr/bin/python3
"""answer.py - Lesson 1: the simulated price level against the quantity theory.

    examples/01_quantity_theory/answer.py RUN.json

With automation off, velocity fixed and the money stock on the level path
M(t) = M0 (1 + g)^t, output grows as Q(t) = Q0 (1 + q)^t and M V = P Q gives

    P(t) = ((1 + g) / (1 + q))^t,   t = m / 12 years.

Prints the simulated P at the run's last month, the closed form and their
relative difference; g and q are read from the run's own config, so a run with
--set overrides is checked against its own closed form. Exit status: 0 the two
agree to 1e-9, 1 they do not, 2 unreadable input or a run the closed form does
not apply to."""
import json
import sys


def main(argv):
    if len(argv) != 2:
        print("usage: answer.py RUN.json", file=sys.stderr)
        return 2
    try:
        with open(argv[1]) as f:
            doc = json.load(f)
        cfg, series = doc["config"], doc["series"]
        prices = series["price_level"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        print(f"answer.py: {argv[1]}: not a uhisim run document ({e})", file=sys.stderr)
        return 2
    rule = cfg["policy"]["money"]["rule"]
    if (rule != "growth" or cfg["ai"]["enabled"] or cfg["robots"]["enabled"]
            or cfg["money"]["velocity_mode"] != "fixed"):
        print("answer.py: the closed form needs the growth rule, AI and robots off and a fixed "
              f"velocity (this run: rule {rule}, ai {cfg['ai']['enabled']}, robots "
              f"{cfg['robots']['enabled']}, velocity {cfg['money']['velocity_mode']})",
              file=sys.stderr)
        return 2
    g = cfg["policy"]["money"]["growth_per_year"]
    q = cfg["economy"]["productivity_growth_per_year"]
    m = len(prices) - 1
    t = m / 12
    simulated = prices[m]
    closed = ((1 + g) / (1 + q)) ** t
    rel = abs(simulated - closed) / closed
    print(f"money growth g = {g!r} a year, productivity growth q = {q!r} a year")
    print(f"last month m = {m}, t = {t!r} years")
    print(f"simulated P = {simulated!r}")
    print(f"closed form ((1+g)/(1+q))^t = {closed!r}")
    print(f"relative difference = {rel:.3e}")
    return 0 if rel <= 1e-9 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
