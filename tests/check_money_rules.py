#!/usr/bin/python3
"""check_money_rules.py - Each money rule's defining property, with automation
on: fixed keeps M constant; growth hits M0 (1+g)^(m/12); price_target holds P on
(1+pi*)^(m/12) to 1e-9; ngdp_target holds P Q on (M0 V0)(1+g)^(m/12); and the
channels (per-agent properties are pinned in tests/test_money.c) leave money
where they say: the displaced channel raises the displaced's consumption above
the dividend channel's, the owners channel raises the Gini of money."""
import os

from uhisim_test import CONFIGS, check, finish, fresh_workdir, run_json

fresh_workdir()
M0, V0 = 21.5e12, 1.36
small = ["--set", "run.agents=20000"]


def scenario(cfg, *extra, name):
    doc, _ = run_json(os.path.join(CONFIGS, cfg), *small, *extra, name=name)
    return doc["series"]


s = scenario("baseline.cfg", name="fixed")
check(all(M == M0 for M in s["money_stock"]), "fixed rule: M moved")
check(all(d == 0 for d in s["money_created"]), "fixed rule: money was created")

s = scenario("money_growth.cfg", "--set", "policy.money.growth_per_year=0.05", name="growth")
for m, M in enumerate(s["money_stock"]):
    check(abs(M - M0 * 1.05 ** (m / 12)) <= 1e-12 * M, f"growth: M({m}) = {M} off M0 1.05^(m/12)")

for channel in ("dividend", "owners", "displaced", "proportional"):
    s = scenario("price_target_dividend.cfg", "--set", f"policy.money.channel={channel}",
                 name=f"pt_{channel}")
    for m, P in enumerate(s["price_level"]):
        check(abs(P - 1.02 ** (m / 12)) <= 1e-9 * P, f"price_target/{channel}: P({m}) = {P!r}")

s = scenario("ngdp_target.cfg", name="ngdp")
for m in range(len(s["month"])):
    PQ = s["price_level"][m] * s["output"][m]
    target = M0 * V0 * 1.04 ** (m / 12)
    check(abs(PQ - target) <= 1e-9 * target, f"ngdp_target: P Q({m}) = {PQ} off {target}")

# Channels at the scale of the run: the same new money, different receivers.
div = scenario("price_target_dividend.cfg", name="ch_div")
own = scenario("price_target_owners.cfg", name="ch_own")
dis = scenario("price_target_dividend.cfg", "--set", "policy.money.channel=displaced", name="ch_dis")
end = len(div["month"]) - 1
check(abs(sum(div["money_created"]) - sum(own["money_created"])) <= 1e-6 * sum(div["money_created"]),
      "owners and dividend channels created different amounts of money")
check(own["gini_money"][end] > div["gini_money"][end] + 0.05,
      f"owners channel should concentrate money: Gini {own['gini_money'][end]} vs {div['gini_money'][end]}")
check(dis["real_consumption_displaced"][end] > div["real_consumption_displaced"][end],
      "displaced channel should raise the displaced's consumption above the dividend's")
finish()
