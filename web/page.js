/* page.js - The uhisim browser page: settings, runs, charts, lessons, sharing.
 *
 * Everything runs offline from the one html file web/build_page.py writes: the
 * build embeds the presets and lessons (#uhisim-data), the Worker's source
 * (#uhisim-worker-src) and the emscripten core (#uhisim-core-src); the page
 * starts the Worker from a Blob URL and asks it for runs (worker.js). Nothing
 * here logs to the console or fetches anything.
 *
 * Test hooks (tests/check_web.mjs): window.uhisimPage, described at the end of
 * this file; every setting is an element with data-param="KEY" (KEY the
 * parameter's key, e.g. "ai.growth_per_year") and id "ctl-KEY" with the dots
 * written "-"; every chart a <figure data-chart="ID">. */
(function () {
    "use strict";

    var DATA = JSON.parse(document.getElementById("uhisim-data").textContent);
    var DEFAULT_AGENTS = 20000;
    var DEFAULT_PRESET = "configs/baseline.cfg";
    var STORAGE_PREFIX = "uhisim.prediction.";

    /* The settings. Ranges are teaching ranges inside the parameter table's
     * legal range (a preset's value outside them widens the slider); units and
     * help text come from the core's parameter table. */
    var CONTROLS = [
        { group: "Technology", key: "ai.growth_per_year", label: "AI capability growth",
          min: 1, max: 30, step: 0.5, show: "factor" },
        { group: "Technology", key: "robots.start_year", label: "Humanoid robots start",
          min: 2026, max: 2045, step: 1, show: "year" },
        { group: "Technology", key: "robots.enabled", label: "Humanoid robots", kind: "switch" },
        { group: "Energy", key: "energy.growth_per_year", label: "Energy capacity growth",
          min: -0.05, max: 1, step: 0.01, show: "rate" },
        { group: "Energy", key: "energy.added_gw_per_year", label: "Space solar: power added each year",
          min: 0, max: 500, step: 10, show: "plain" },
        { group: "Energy", key: "energy.added_start_year", label: "Space solar starts",
          min: 2026, max: 2045, step: 1, show: "year" },
        { group: "Money", key: "policy.money.rule", label: "Money rule", kind: "select",
          choices: { fixed: "fixed money stock", growth: "steady money growth",
                     price_target: "hold prices on a path (print money)", ngdp_target: "nominal GDP path" } },
        { group: "Money", key: "policy.money.channel", label: "Who receives new money", kind: "select",
          choices: { dividend: "everyone equally (dividend)", displaced: "the displaced",
                     owners: "capital owners", proportional: "in proportion to money held" } },
        { group: "Money", key: "policy.money.growth_per_year", label: "Money growth (rule: growth)",
          min: -0.05, max: 0.3, step: 0.01, show: "rate" },
        { group: "Money", key: "policy.money.target_inflation", label: "Price path (rule: price_target)",
          min: -0.1, max: 0.1, step: 0.005, show: "rate" },
        { group: "Wages and debt", key: "wages.max_cut_per_year", label: "Wage flexibility: fastest yearly cut of nominal wages",
          min: 0, max: 1, step: 0.01, show: "rate" },
        { group: "Wages and debt", key: "wages.max_cut_per_unemployment", label: "Extra wage cut allowed per unit of unemployment",
          min: 0, max: 1, step: 0.05, show: "rate" },
        { group: "Wages and debt", key: "debt.enabled", label: "Household debt fixed in dollars", kind: "switch" },
        { group: "Government", key: "policy.fiscal.ui_replacement", label: "Unemployment insurance: share of the lost wage",
          min: 0, max: 1, step: 0.05, show: "share" },
        { group: "Government", key: "policy.fiscal.wage_tax", label: "Wage tax (funds unemployment insurance)",
          min: 0, max: 0.2, step: 0.005, show: "share" },
        { group: "Government", key: "policy.fiscal.machine_tax", label: "Automation tax on machine income",
          min: 0, max: 1, step: 0.05, show: "share" },
        { group: "Ownership", key: "ownership.non_owner_share", label: "Share of people owning no capital",
          min: 0, max: 0.95, step: 0.01, show: "share" },
        { group: "Run", key: "run.agents", label: "Simulated agents (more: smoother, slower)",
          min: 5000, max: 50000, step: 1000, show: "plain", global: true }
    ];
    var CONTROL_BY_KEY = {};
    CONTROLS.forEach(function (c) { CONTROL_BY_KEY[c.key] = c; });

    /* The charts. scale "y" is the left axis, "y2" the right; log: true (always),
     * "auto" (a log axis when every value is positive and they span 100x or
     * more; an asinh axis, linear near 0 and logarithmic above, when some are
     * 0 and the positive ones span 100x or more) or false;
     * norm: each line divided by its month-0 value. */
    var CHARTS = [
        { id: "exchange", title: "Money, velocity, prices and output: M V = P Q",
          what: "Each line is divided by its month-0 value (log scale). M × V always equals P × Q: when output Q grows a thousand-fold while money M and velocity V stay put, the price level P falls a thousand-fold. When M and V both stay at 1 their lines lie on top of each other.",
          norm: true, axes: { y: { log: true, label: "× its month-0 value" } },
          series: [{ key: "money_stock", label: "M money stock" }, { key: "velocity", label: "V velocity" },
                   { key: "price_level", label: "P price level" }, { key: "output", label: "Q real output" }] },
        { id: "employment", title: "Who still has a job: white and blue collar",
          what: "Share of each class of workers in human jobs. AI takes white-collar jobs first; blue-collar jobs wait for the robot fleet; new tasks bring some of the displaced back.",
          axes: { y: { pct: true, range: [0, 1], label: "share in human jobs" } },
          series: [{ key: "employment_rate_white", label: "white collar employed" },
                   { key: "employment_rate_blue", label: "blue collar employed" }] },
        { id: "uhi", title: "Universal high income? Real consumption against today",
          what: "Real consumption divided by its month-0 value (log scale; 1 = today, grey). p10: the 10th percentile; bottom 10 %: the mean of the poorest tenth. \"Universal high income\" holds only if the poor's lines stay above 1 too.",
          axes: { y: { log: true, label: "× month 0" } }, ref: 1,
          series: [{ key: "uhi_p10", label: "p10" }, { key: "uhi_bottom10", label: "bottom 10 % (mean)" },
                   { key: "uhi_median", label: "median" }] },
        { id: "wages", title: "Sticky wages: the real-wage gap and layoffs",
          what: "Left: the real-wage gap W / P (1 when nominal wages fall as fast as prices). Right: workers laid off each month because their job no longer pays at that gap.",
          axes: { y: { log: "auto", label: "wage gap W/P" }, y2: { log: "auto", label: "workers laid off / month" } },
          series: [{ key: "wage_gap", label: "wage gap W/P" }, { key: "laid_off", label: "laid off", scale: "y2" }] },
        { id: "debt", title: "Household debt and defaults",
          what: "Left: debt still owed, in base-year dollars (what it buys in month-0 goods): it grows when prices fall. Right: share of month-0 debtors who have defaulted so far. Empty when debt is off.",
          axes: { y: { log: "auto", label: "debt (base-year $)" }, y2: { pct: true, label: "defaulted so far" } },
          series: [{ key: "debt_outstanding_real", label: "real debt outstanding" },
                   { key: "defaulted_share", label: "debtors defaulted", scale: "y2" }] },
        { id: "energy", title: "The energy cap: watts for the machines",
          what: "Left (log scale): energy capacity for machines and the power the machines want, in GW. Right: when they want more than there is, every machine's output is scaled down by this factor (1 = no cut).",
          axes: { y: { log: "auto", label: "GW" }, y2: { range: [0, 1.05], label: "output scale" } },
          series: [{ key: "energy_gw", label: "energy capacity" }, { key: "energy_wanted_gw", label: "energy wanted" },
                   { key: "output_scale", label: "output scale", scale: "y2" }] }
    ];
    var COLOURS = ["#0b5cad", "#c4311b", "#2a8a3e", "#8a4fbf", "#b8860b"];
    var DASHES = [[], [8, 4], [2, 3], [12, 3, 3, 3], [16, 5]];
    var DASH_NAMES = ["solid:", "dashed:", "dotted:", "dash-dot:", "long dashes:"];

    var $ = function (id) { return document.getElementById(id); };

    function el(tag, attrs, children) {
        var e = document.createElement(tag);
        if (attrs) {
            Object.keys(attrs).forEach(function (k) {
                var v = attrs[k];
                if (v === null || v === undefined || v === false) return;
                if (k === "text") e.textContent = v;
                else if (k === "html") e.innerHTML = v;
                else if (k === "class") e.className = v;
                else e.setAttribute(k, v === true ? "" : String(v));
            });
        }
        (children || []).forEach(function (c) {
            if (c !== null && c !== undefined) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
        });
        return e;
    }

    /* ---------- numbers ---------- */

    function trimNum(s) { return s.indexOf("e") < 0 && s.indexOf(".") >= 0 ? s.replace(/0+$/, "").replace(/\.$/, "") : s; }

    /* A value for people: 3 significant figures, thousands separated, then
     * "mn", "bn", "tn" (million, billion, trillion). */
    function human(v) {
        if (v === null || v === undefined || !isFinite(v)) return "–";
        var a = Math.abs(v);
        if (a === 0) return "0";
        if (a >= 1e15) return v.toExponential(2).replace("e+", "e");
        if (a >= 1e12) return trimNum((v / 1e12).toPrecision(3)) + " tn";
        if (a >= 1e9) return trimNum((v / 1e9).toPrecision(3)) + " bn";
        if (a >= 1e6) return trimNum((v / 1e6).toPrecision(3)) + " mn";
        if (a >= 1e3) return Math.round(v).toLocaleString("en-GB");
        if (a >= 1e-3) return trimNum(v.toPrecision(3));
        return v.toExponential(2);
    }
    function pct(v) { return v === null || v === undefined ? "–" : trimNum((100 * v).toPrecision(3)) + " %"; }
    function unitText(u) { return !u || u === "-" ? "" : " " + u; }

    /* A setting's value as its control shows it. */
    function showValue(c, v, unit) {
        if (v === null || v === undefined || v === "") return "–";
        if (c.kind === "switch") return v === true || v === "true" ? "on" : "off";
        if (c.kind === "select") return String(v);
        var x = Number(v);
        switch (c.show) {
        case "factor": return trimNum(x.toFixed(2)) + "× a year";
        case "year": return String(trimNum(x.toFixed(2)));
        case "rate": return trimNum((100 * x).toFixed(1)) + " % a year";
        case "share": return trimNum((100 * x).toFixed(1)) + " %";
        default: return human(x) + unitText(unit);
        }
    }

    function getPath(obj, key) {
        var parts = key.split(".");
        for (var i = 0; i < parts.length && obj !== null && obj !== undefined; i++) obj = obj[parts[i]];
        return obj;
    }

    /* ---------- the Worker ---------- */

    var worker = null;
    var nextId = 1;
    var pending = {};
    var coreRuns = 0;

    function startWorker() {
        var core = JSON.parse($("uhisim-core-src").textContent);
        var src = JSON.parse($("uhisim-worker-src").textContent);
        var url = URL.createObjectURL(new Blob([core, "\n;\n", src], { type: "text/javascript" }));
        worker = new Worker(url);
        worker.onmessage = function (e) {
            var m = e.data, p = pending[m.id];
            if (!p) return;
            delete pending[m.id];
            if (m.ok) p.resolve(m.result); else p.reject(new Error(m.error));
        };
        worker.onerror = function (e) {
            if (e.preventDefault) e.preventDefault();
            var msg = "the simulator stopped: " + (e.message || "unknown error");
            Object.keys(pending).forEach(function (id) { pending[id].reject(new Error(msg)); delete pending[id]; });
        };
    }

    function call(type, args) {
        return new Promise(function (resolve, reject) {
            var id = nextId++;
            pending[id] = { resolve: resolve, reject: reject };
            var msg = { type: type, id: id };
            Object.keys(args || {}).forEach(function (k) { msg[k] = args[k]; });
            worker.postMessage(msg);
        });
    }

    /* Runs are cached by config and sets (a run is deterministic). */
    var cache = new Map();
    function runDoc(path, sets) {
        var k = path + "\n" + sets;
        if (cache.has(k)) {
            var d = cache.get(k);
            cache.delete(k);
            cache.set(k, d);
            return Promise.resolve(d);
        }
        coreRuns++;
        return call("run", { path: path, sets: sets }).then(function (doc) {
            cache.set(k, doc);
            while (cache.size > 16) cache.delete(cache.keys().next().value);
            return doc;
        });
    }
    /* the worker works in /uhisim, so a run names its config as the command line would */
    function corePath(cfg) { return cfg; }

    /* ---------- state and the URL fragment ---------- */

    var state = {
        view: "explore",
        agents: DEFAULT_AGENTS,
        seed: null,           /* null: the preset's run.seed (B takes A's) */
        edit: "a",
        a: { cfg: DEFAULT_PRESET, sets: {} },
        b: null,
        lesson: null
    };
    var docs = { a: null, b: null };   /* the runs the charts show */
    var params = {};                    /* key -> row of the core's parameter table */

    var KNOWN_CFGS = {};
    DATA.presets.forEach(function (p) { KNOWN_CFGS[p.cfg] = p; });
    DATA.lessons.forEach(function (l) { l.configs.forEach(function (c) { KNOWN_CFGS[c.cfg] = c; }); });
    var LESSON_BY_ID = {};
    DATA.lessons.forEach(function (l) { LESSON_BY_ID[l.id] = l; });

    function cfgShort(cfg) {
        var m = /^configs\/([A-Za-z0-9_-]+)\.cfg$/.exec(cfg);
        return m ? m[1] : cfg;
    }
    function cfgLong(s) { return /^[A-Za-z0-9_-]+$/.test(s) ? "configs/" + s + ".cfg" : s; }
    function cfgLabel(cfg) { return cfgShort(cfg).replace(/^examples\//, ""); }

    /* Values travel as key=value lines: a key is a dotted name, a value one line. */
    function validSet(k, v) { return /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/.test(k) && !/[\r\n]/.test(v) && v !== ""; }

    function enc(s) {
        return encodeURIComponent(s).replace(/%2F/g, "/").replace(/%2C/g, ",").replace(/%5B/g, "[")
            .replace(/%5D/g, "]").replace(/%3A/g, ":");
    }

    function fragment() {
        var parts = [];
        if (state.view !== "explore") parts.push("view=" + state.view);
        ["a", "b"].forEach(function (w) {
            var sc = state[w];
            if (!sc) return;
            parts.push(w + "=" + enc(cfgShort(sc.cfg)));
            Object.keys(sc.sets).sort().forEach(function (k) { parts.push(w + "." + k + "=" + enc(sc.sets[k])); });
        });
        parts.push("agents=" + state.agents);
        if (state.seed !== null) parts.push("seed=" + enc(state.seed));
        if (state.b && state.edit === "b") parts.push("edit=b");
        if (state.lesson) parts.push("lesson=" + enc(state.lesson));
        return parts.join("&");
    }

    /* Reads a fragment into a new state; returns the problems found (a link
     * that names an unknown preset or a malformed setting). */
    function parseFragment(frag) {
        var s = { view: "explore", agents: DEFAULT_AGENTS, seed: null, edit: "a",
                  a: { cfg: DEFAULT_PRESET, sets: {} }, b: null, lesson: null };
        var problems = [];
        frag.split("&").forEach(function (part) {
            if (!part) return;
            var i = part.indexOf("=");
            var k, v;
            try {
                k = decodeURIComponent(i < 0 ? part : part.slice(0, i));
                v = i < 0 ? "" : decodeURIComponent(part.slice(i + 1));
            } catch (e) { problems.push(part); return; }
            var m = /^(a|b)\.(.+)$/.exec(k);
            if (k === "a" || k === "b") {
                var cfg = cfgLong(v);
                if (!KNOWN_CFGS[cfg]) { problems.push("unknown configuration " + v); return; }
                if (!s[k]) s[k] = { cfg: cfg, sets: {} }; else s[k].cfg = cfg;
            } else if (m) {
                if (!validSet(m[2], v) || m[2] === "run.agents" || m[2] === "run.seed") { problems.push(k); return; }
                if (!s[m[1]]) s[m[1]] = { cfg: DEFAULT_PRESET, sets: {} };
                s[m[1]].sets[m[2]] = v;
            } else if (k === "agents") {
                var n = Number(v), ac = CONTROL_BY_KEY["run.agents"];
                if (!Number.isInteger(n)) { problems.push(k); return; }
                s.agents = Math.min(ac.max, Math.max(ac.min, n));
                if (s.agents !== n) problems.push("agents=" + v + " is outside " + ac.min + "–" + ac.max + ", so " + s.agents + " were used");
            } else if (k === "seed") {
                if (/^[0-9]{1,19}$/.test(v)) s.seed = v; else problems.push(k);
            } else if (k === "view") {
                if (v === "explore" || v === "lessons") s.view = v; else problems.push(k);
            } else if (k === "edit") {
                s.edit = v === "b" ? "b" : "a";
            } else if (k === "lesson") {
                if (LESSON_BY_ID[v]) s.lesson = v; else problems.push(k);
            } else problems.push(k);
        });
        if (!s.b) s.edit = "a";
        return { state: s, problems: problems };
    }

    var writingHash = false;
    function writeFragment() {
        var f = fragment();
        var url = location.href.split("#")[0] + "#" + f;
        $("share-link").value = url;
        if (location.hash.slice(1) === f) return;
        writingHash = true;
        try { history.replaceState(null, "", "#" + f); } catch (e) { location.replace("#" + f); }
        writingHash = false;
    }

    /* The sets a scenario runs with: its changed settings in the controls'
     * order (other keys after, sorted), run.agents, and run.seed (B always runs
     * on A's seed: common random numbers). */
    function effectiveSets(which, docA) {
        var sc = state[which], lines = [];
        CONTROLS.forEach(function (c) { if (!c.global && c.key in sc.sets) lines.push(c.key + "=" + sc.sets[c.key]); });
        Object.keys(sc.sets).sort().forEach(function (k) { if (!CONTROL_BY_KEY[k]) lines.push(k + "=" + sc.sets[k]); });
        lines.push("run.agents=" + state.agents);
        if (state.seed !== null) lines.push("run.seed=" + state.seed);
        else if (which === "b" && docA) lines.push("run.seed=" + docA.config.run.seed);
        return lines;
    }

    /* ---------- status ---------- */

    var lastError = null;
    /* What was left out of a link or dropped from a failed run: shown beside
     * every status until the settings change. */
    var notice = "";
    function setStatus(text, kind) {
        if (notice && kind !== "busy") { text += " · " + notice; kind = "error"; }
        var s = $("status");
        s.textContent = text;
        s.className = "status" + (kind ? " " + kind : "");
        s.setAttribute("role", kind === "error" ? "alert" : "status");
        if (kind === "error") lastError = text;
    }

    /* ---------- settings ---------- */

    function ctlId(key) { return "ctl-" + key.replace(/\./g, "-"); }

    function buildControls() {
        var form = $("controls");
        form.addEventListener("submit", function (e) { e.preventDefault(); });
        var groups = {};
        CONTROLS.forEach(function (c) {
            if (!groups[c.group]) {
                groups[c.group] = el("fieldset", null, [el("legend", { text: c.group })]);
                form.appendChild(groups[c.group]);
            }
            var p = params[c.key] || {};
            var id = ctlId(c.key);
            var box = el("div", { class: "control", "data-control": c.key });
            var help = el("p", { class: "help", id: id + "-help",
                                 text: (p.help || "") + " (" + c.key + (p.unit && p.unit !== "-" ? ", " + p.unit : "") + ")" });
            if (c.kind === "switch") {
                var cb = el("input", { type: "checkbox", id: id, "data-param": c.key, role: "switch",
                                       "aria-describedby": id + "-help" });
                cb.addEventListener("change", function () { changeSetting(c, cb.checked ? "true" : "false"); });
                box.appendChild(el("label", { class: "name switch", for: id }, [cb, " " + c.label]));
                box.appendChild(help);
            } else if (c.kind === "select") {
                var sel = el("select", { id: id, "data-param": c.key, "aria-describedby": id + "-help" });
                var names = (p.names || Object.keys(c.choices).join("|")).split("|");
                names.forEach(function (n) {
                    sel.appendChild(el("option", { value: n, text: n + (c.choices[n] ? ": " + c.choices[n] : "") }));
                });
                sel.addEventListener("change", function () { changeSetting(c, sel.value); });
                box.appendChild(el("label", { class: "name", for: id, text: c.label }));
                box.appendChild(sel);
                box.appendChild(help);
            } else {
                var lo = c.min, hi = c.max;
                if (typeof p.min === "number") lo = Math.max(lo, p.min);
                if (typeof p.max === "number") hi = Math.min(hi, p.max);
                c.lo = lo; c.hi = hi;
                var input = el("input", { type: "range", id: id, "data-param": c.key, min: lo, max: hi, step: c.step,
                                          "aria-describedby": id + "-help " + id + "-range" });
                var out = el("output", { for: id, id: id + "-out" });
                input.addEventListener("input", function () {
                    out.textContent = showValue(c, input.value, p.unit);
                    input.setAttribute("aria-valuetext", out.textContent);
                });
                /* A run starts on release ("change"), not while the slider moves. */
                input.addEventListener("change", function () { changeSetting(c, input.value); });
                box.appendChild(el("label", { class: "name", for: id, text: c.label }));
                box.appendChild(el("div", { class: "row" }, [input, out]));
                box.appendChild(el("div", { class: "range", id: id + "-range" }, [
                    el("span", { text: showValue(c, lo, p.unit) }),
                    el("span", { class: "unit", text: "range, unit: " + (p.unit || "-") }),
                    el("span", { text: showValue(c, hi, p.unit) })]));
                box.appendChild(help);
            }
            groups[c.group].appendChild(box);
        });
        /* The seed: common random numbers for both scenarios. */
        var sid = "ctl-run-seed";
        var seed = el("input", { type: "number", id: sid, "data-param": "run.seed", min: 0, step: 1,
                                 inputmode: "numeric", "aria-describedby": sid + "-help" });
        seed.addEventListener("change", function () {
            var v = seed.value.trim();
            state.seed = /^[0-9]{1,19}$/.test(v) ? v : null;
            settingsChanged();
        });
        groups.Run.appendChild(el("div", { class: "control", "data-control": "run.seed" }, [
            el("label", { class: "name", for: sid, text: "Random seed" }), seed,
            el("p", { class: "help", id: sid + "-help",
                      text: "run.seed: the same seed gives the same agents and draws; scenario B always uses A's seed, so the two differ only where their settings do." })]));
    }

    function configValue(which, key) {
        var sc = state[which];
        if (!sc) return undefined;
        if (key === "run.agents") return state.agents;
        if (key in sc.sets) return sc.sets[key];
        var d = docs[which];
        if (d && d.config_files && d.__cfg === sc.cfg) return getPath(d.config, key);
        if (which === "b" && docs.a && docs.a.__cfg === sc.cfg) return getPath(docs.a.config, key);
        var p = params[key];
        return p ? p["default"] : undefined;
    }

    /* Shows the edited scenario's values on the controls. */
    function syncControls() {
        var w = state.edit;
        CONTROLS.forEach(function (c) {
            var input = $(ctlId(c.key));
            if (!input) return;
            var v = configValue(w, c.key);
            var box = input.closest(".control");
            box.classList.toggle("changed", c.key !== "run.agents" && !!state[w] && c.key in state[w].sets);
            if (v === undefined || v === null) return;
            if (c.kind === "switch") input.checked = v === true || v === "true";
            else if (c.kind === "select") input.value = String(v);
            else {
                var x = Number(v);
                /* A preset outside the teaching range widens the slider. */
                if (x < Number(input.min)) input.min = x;
                if (x > Number(input.max)) input.max = x;
                input.value = String(x);
                var text = showValue(c, x, (params[c.key] || {}).unit);
                $(ctlId(c.key) + "-out").textContent = text;
                input.setAttribute("aria-valuetext", text);
            }
        });
        var seedBox = $("ctl-run-seed");
        seedBox.value = state.seed !== null ? state.seed : (docs.a ? docs.a.config.run.seed : "");
        $("compare").checked = !!state.b;
        $("edit-b").disabled = !state.b;
        $("copy-a-to-b").disabled = !state.b;
        $("edit-" + state.edit).checked = true;
        Array.prototype.forEach.call(document.querySelectorAll("[data-export][data-scenario=b]"), function (b) { b.disabled = !state.b; });
        var names = ["a", "b"].filter(function (w2) { return state[w2]; }).map(function (w2) {
            var n = Object.keys(state[w2].sets).length;
            return w2.toUpperCase() + ": " + cfgLabel(state[w2].cfg) + (n ? " + " + n + " change" + (n > 1 ? "s" : "") : "");
        });
        $("scenario-names").textContent = names.join(" · ");
        Array.prototype.forEach.call(document.querySelectorAll("#preset-buttons button"), function (b) {
            b.setAttribute("aria-pressed", String(state[w] && state[w].cfg === b.dataset.cfg));
        });
        showPresetDescription(state[w] ? state[w].cfg : null);
    }

    function changeSetting(c, value) {
        if (c.key === "run.agents") state.agents = Math.round(Number(value));
        else state[state.edit].sets[c.key] = String(value);
        settingsChanged();
    }

    function settingsChanged() {
        notice = "";
        writeFragment();
        syncControls();
        requestRun();
    }

    /* ---------- presets ---------- */

    function buildPresets() {
        var box = $("preset-buttons");
        DATA.presets.forEach(function (p) {
            var b = el("button", { type: "button", "data-cfg": p.cfg, "data-preset": p.name, title: p.title,
                                   "aria-pressed": "false", text: p.name.replace(/_/g, " ") });
            b.addEventListener("click", function () {
                state[state.edit] = { cfg: p.cfg, sets: {} };
                settingsChanged();
            });
            box.appendChild(b);
        });
    }

    function showPresetDescription(cfg) {
        var box = $("preset-desc");
        box.textContent = "";
        var p = cfg && KNOWN_CFGS[cfg];
        if (!p) return;
        var desc = p.description || [];
        box.appendChild(el("p", null, [el("strong", { text: (state.b ? state.edit.toUpperCase() + " is " : "") + cfgLabel(cfg) + ": " }),
                                       p.title + " ", desc.length ? desc[0] : ""]));
        if (desc.length > 1) {
            box.appendChild(el("details", null, [el("summary", { text: "More about this preset" })].concat(
                desc.slice(1).map(function (para) { return el("p", { text: para }); }))));
        }
    }

    /* ---------- runs of the explorer ---------- */

    var dirty = false, pumping = false, idleWaiters = [], runCount = 0;
    var lastRuns = {};
    var readyResolve, readyReject;
    var ready = new Promise(function (res, rej) { readyResolve = res; readyReject = rej; });
    var firstDrawn = false;

    function requestRun() {
        dirty = true;
        if (!pumping) pump();
    }

    function pump() {
        pumping = true;
        dirty = false;
        var which = state.b ? ["a", "b"] : ["a"];
        var snap = which.map(function (w) { return { which: w, cfg: state[w].cfg }; });
        var results = [];
        var t0 = performance.now();
        setStatus("Running " + snap.map(function (s) { return s.which.toUpperCase() + " (" + cfgLabel(s.cfg) + ")"; }).join(" and ") + "…", "busy");
        var chain = Promise.resolve();
        snap.forEach(function (s) {
            chain = chain.then(function () {
                if (dirty) return;
                var sets = effectiveSets(s.which, results.length ? results[0].doc : null);
                s.sets = sets;
                return runDoc(corePath(s.cfg), sets.join("\n")).then(function (doc) {
                    doc.__cfg = s.cfg;
                    results.push({ which: s.which, cfg: s.cfg, sets: sets, doc: doc });
                });
            });
        });
        chain.then(function () {
            if (dirty) return;
            docs = { a: null, b: null };
            results.forEach(function (r) { docs[r.which] = r.doc; });
            lastRuns = {};
            results.forEach(function (r) {
                lastRuns[r.which] = { cfg: r.cfg, path: corePath(r.cfg), sets: r.sets.slice(), series: r.doc.series,
                                      seconds: r.doc.timing.wall_seconds };
            });
            drawExplorer(results);
            runCount++;
            syncControls();
            var secs = ((performance.now() - t0) / 1000).toFixed(1);
            setStatus("Showing " + results.map(function (r) { return r.which.toUpperCase() + ": " + cfgLabel(r.cfg); }).join(", ") +
                      " · " + state.agents.toLocaleString("en-GB") + " agents · " + secs + " s");
            if (!firstDrawn) { firstDrawn = true; readyResolve(); }
        }).catch(function (e) {
            /* A link can carry a setting the core refuses (a misspelt key, a
             * value out of range): drop it, say so, and run the rest. */
            var bad = refusedSetting(e.message);
            if (bad && !dirty) {
                delete state[bad.which].sets[bad.key];
                notice = (notice ? notice + "; " : "") + "left out " + bad.which.toUpperCase() + "'s setting " + bad.key + " (" + e.message + ")";
                writeFragment();
                syncControls();
                dirty = true;
                return;
            }
            setStatus("The run failed: " + e.message, "error");
            if (!firstDrawn && !dirty) { firstDrawn = true; readyReject(e); }
        }).then(function () {
            pumping = false;
            if (dirty) pump();
            else { var w = idleWaiters; idleWaiters = []; w.forEach(function (f) { f(); }); }
        });
    }

    /* The scenario setting an error message names, or null. */
    function refusedSetting(msg) {
        var found = null;
        ["a", "b"].forEach(function (w) {
            if (found || !state[w]) return;
            Object.keys(state[w].sets).forEach(function (k) {
                var re = new RegExp("(^|[^a-z0-9_.])" + k.replace(/\./g, "\\.") + "($|[^a-z0-9_.])");
                if (!found && re.test(msg)) found = { which: w, key: k };
            });
        });
        return found;
    }

    function idle() {
        return new Promise(function (res) { if (!pumping && !dirty) res(); else idleWaiters.push(res); });
    }

    function scenarioLabel(which) {
        var sc = state[which];
        var n = Object.keys(sc.sets).length;
        return which.toUpperCase() + ": " + cfgLabel(sc.cfg) + (n ? " (changed)" : "");
    }

    function drawExplorer(results) {
        var runs = results.map(function (r) { return { label: scenarioLabel(r.which), short: r.which.toUpperCase(), doc: r.doc }; });
        drawCharts($("charts-a"), runs, "x");
        drawSummary($("summary-a"), runs);
    }

    /* ---------- charts ---------- */

    function seriesData(doc, key, n) {
        var a = (doc.series && doc.series[key]) || [];
        var out = new Array(n);
        for (var i = 0; i < n; i++) out[i] = i < a.length && a[i] !== undefined ? a[i] : null;
        return out;
    }

    /* The axis a scale gets: "log", "asinh" (for values >= 0 that include
     * zeros, such as layoffs: log cannot show a month without any) or false. */
    function wantLog(mode, arrays) {
        if (mode === true) return "log";
        if (mode !== "auto") return false;
        var lo = Infinity, hi = -Infinity, zero = false;
        for (var i = 0; i < arrays.length; i++) {
            for (var j = 0; j < arrays[i].length; j++) {
                var v = arrays[i][j];
                if (v === null) continue;
                if (v < 0) return false;
                if (v === 0) { zero = true; continue; }
                if (v < lo) lo = v;
                if (v > hi) hi = v;
            }
        }
        if (!(hi >= 100 * lo)) return false;
        return zero ? "asinh" : "log";
    }

    function axisValues(ax, log) {
        return function (u, splits) {
            return splits.map(function (v) {
                if (v === null || v === undefined) return "";
                if (ax.pct) return trimNum((100 * v).toPrecision(3)) + "%";
                if (log && v !== 0) {
                    var e = Math.log10(Math.abs(v));
                    if (Math.abs(e - Math.round(e)) > 1e-9) return "";
                }
                return human(v);
            });
        };
    }

    function minPositive(arrays) {
        var lo = Infinity;
        arrays.forEach(function (a) { a.forEach(function (v) { if (v !== null && v > 0 && v < lo) lo = v; }); });
        return lo === Infinity ? 1 : Math.pow(10, Math.floor(Math.log10(lo)));
    }

    /* One chart's uPlot options and data for the runs [{label, short, doc}]. */
    function chartSetup(spec, runs, width) {
        var doc0 = runs[0].doc;
        var n = 0;
        runs.forEach(function (r) { n = Math.max(n, (r.doc.series.year || []).length); });
        var x = seriesData(doc0, "year", n);
        for (var i = 0; i < n; i++) if (x[i] === null) x[i] = x[i - 1] + 1 / 12;
        var data = [x], meta = [null], raw = [null];
        var perScale = { y: [], y2: [] };
        runs.forEach(function (r, ri) {
            spec.series.forEach(function (s, si) {
                var arr = seriesData(r.doc, s.key, n);
                var plotted = arr;
                if (spec.norm) {
                    var base = arr[0];
                    plotted = arr.map(function (v) { return v === null || !base ? null : v / base; });
                }
                data.push(plotted);
                raw.push(arr);
                meta.push({ key: s.key, scale: s.scale || "y", colour: COLOURS[si % COLOURS.length],
                            dash: DASHES[ri % DASHES.length], unit: (r.doc.units || {})[s.key] || "",
                            label: s.label + (runs.length > 1 ? " · " + r.short : ""), run: ri });
                perScale[s.scale || "y"].push(plotted);
            });
        });
        if (spec.ref !== undefined) {
            data.push(x.map(function () { return spec.ref; }));
            raw.push(null);
            meta.push({ key: null, scale: "y", colour: "#9aa3ad", dash: [3, 3], unit: "", label: "today = " + spec.ref, ref: true });
        }
        var logs = {};
        Object.keys(spec.axes).forEach(function (k) { logs[k] = wantLog(spec.axes[k].log, perScale[k]); });
        /* A log axis cannot show 0 or less: such values become gaps. */
        for (var d = 1; d < data.length; d++) {
            if (logs[meta[d].scale] === "log") data[d] = data[d].map(function (v) { return v !== null && v > 0 ? v : null; });
        }
        var scales = { x: { time: false } };
        var axes = [{ label: "year", incrs: [1, 2, 5, 10, 20, 50, 100], values: function (u, sp) { return sp.map(function (v) { return String(Math.round(v * 100) / 100); }); } }];
        Object.keys(spec.axes).forEach(function (k) {
            var ax = spec.axes[k];
            var sc = logs[k] === "log" ? { distr: 3, log: 10 } : logs[k] === "asinh" ? { distr: 4, log: 10, asinh: minPositive(perScale[k]) } : {};
            if (ax.range && !logs[k]) sc.range = ax.range;
            else if (!logs[k]) sc.range = function (u, lo, hi) {
                if (lo === null || hi === null || (lo === 0 && hi === 0)) return [0, 1];
                if (lo === hi) return [lo - Math.abs(lo || 1) * 0.1, hi + Math.abs(hi || 1) * 0.1];
                var pad = (hi - lo) * 0.05;
                return [lo >= 0 && lo - pad < 0 ? 0 : lo - pad, hi + pad];
            };
            scales[k] = sc;
            axes.push({ scale: k, side: k === "y2" ? 1 : 3, label: ax.label + (logs[k] ? " (log)" : ""),
                        values: axisValues(ax, logs[k]), size: 62, grid: { show: k === "y" } });
            /* asinh: 0, then the powers of ten (uPlot's own splits skip most). */
            if (logs[k] === "asinh") axes[axes.length - 1].splits = function (u, ai, lo, hi) {
                var out = [0];
                for (var p = sc.asinh; p <= hi * 1.0001; p *= 10) out.push(p);
                return out;
            };
            /* Label every split of a log axis that axisValues names (uPlot's
             * own filter drops most of the asinh ones). */
            if (logs[k]) axes[axes.length - 1].filter = function (u, splits) { return splits; };
        });
        var series = [{ label: "year", value: function (u, v) { return v === null || v === undefined ? "" : v.toFixed(2); } }];
        for (var s = 1; s < data.length; s++) {
            (function (m, s) {
                var ax = spec.axes[m.scale];
                series.push({
                    label: m.label, scale: m.scale, stroke: m.colour, width: m.ref ? 1 : 2, dash: m.dash, spanGaps: false,
                    points: { show: false },
                    value: function (u, v, si, di) {
                        if (m.ref) return String(spec.ref);
                        if (di === null || di === undefined) return "";
                        var rv = raw[s][di];
                        if (rv === null) return "–";
                        if (spec.norm) return "×" + human(data[s][di]) + " (" + human(rv) + unitText(m.unit) + ")";
                        if (ax.pct) return pct(rv);
                        return human(rv) + unitText(m.unit);
                    }
                });
            })(meta[s], s);
        }
        var opts = {
            width: width, height: 260, scales: scales, axes: axes, series: series,
            legend: { show: runs.length <= 2, live: true }, cursor: { drag: { x: true, y: false } }
        };
        return { opts: opts, data: data, meta: meta, logs: logs };
    }

    var resizeObserver = typeof ResizeObserver !== "undefined" ? new ResizeObserver(function (entries) {
        entries.forEach(function (en) {
            var fig = en.target.closest("figure");
            if (!fig || !fig.__u) return;
            var w = Math.floor(en.contentRect.width);
            if (w > 50 && Math.abs(w - fig.__u.width) > 2) {
                requestAnimationFrame(function () { if (fig.__u) fig.__u.setSize({ width: w, height: 260 }); });
            }
        });
    }) : null;

    function destroyCharts(container) {
        Array.prototype.forEach.call(container.querySelectorAll("figure.chart"), function (fig) {
            if (fig.__u) { fig.__u.destroy(); fig.__u = null; }
            if (resizeObserver) resizeObserver.unobserve(fig.querySelector(".plot"));
        });
        container.textContent = "";
    }

    /* Replaces the charts in `container` with the runs [{label, short, doc}]. */
    function drawCharts(container, runs, prefix) {
        destroyCharts(container);
        if (runs.length > 1) {
            container.appendChild(el("p", { class: "key" }, [el("strong", { text: "Lines: " })].concat(runs.map(function (r, i) {
                return el("span", { class: "key-item" }, [el("span", { class: "dash", style: dashStyle(i), "aria-hidden": "true" }),
                                                         " " + (DASH_NAMES[i] || "") + " " + r.label]);
            }))));
        }
        CHARTS.forEach(function (spec) {
            var hid = prefix + "-chart-" + spec.id;
            var plot = el("div", { class: "plot" });
            var fig = el("figure", { class: "chart", "data-chart": spec.id, "aria-labelledby": hid }, [
                el("h3", { id: hid, text: spec.title }),
                el("p", { class: "what", text: spec.what }),
                plot]);
            var tools = el("div", { class: "chart-tools" });
            [["PNG", "png"], ["SVG", "svg"]].forEach(function (t) {
                var b = el("button", { type: "button", "data-download": t[1], text: t[0],
                                       "aria-label": "Download the chart “" + spec.title + "” as " + t[0] });
                b.addEventListener("click", function () { exportChart(fig, spec, t[1]); });
                tools.appendChild(b);
            });
            if (runs.length > 2) {
                /* Many scenarios: one colour per series here, one dash per scenario in the key above. */
                fig.appendChild(el("p", { class: "colour-key" }, spec.series.map(function (s, si) {
                    return el("span", null, [el("span", { class: "chip", style: "background:" + COLOURS[si % COLOURS.length], "aria-hidden": "true" }), " " + s.label]);
                })));
            }
            fig.appendChild(tools);
            container.appendChild(fig);
            var width = Math.max(280, Math.floor(plot.clientWidth || container.clientWidth || 600));
            var setup = chartSetup(spec, runs, width);
            fig.__setup = setup;
            fig.__runs = runs;
            fig.__u = new uPlot(setup.opts, setup.data, plot);
            dashLegend(fig.__u, setup.meta);
            if (resizeObserver) resizeObserver.observe(plot);
        });
    }

    /* uPlot's legend marks a series with a small square, on which a dashed
     * border looks solid: draw a short line in the series' dash instead. */
    function dashLegend(u, meta) {
        var rows = u.root.querySelectorAll(".u-legend .u-series");
        for (var i = 1; i < rows.length && i < meta.length; i++) {
            var mk = rows[i].querySelector(".u-marker");
            if (!mk) continue;
            var run = meta[i].ref ? 2 : meta[i].run;
            mk.setAttribute("style", "width:26px;height:3px;border:0;vertical-align:middle;color:" + meta[i].colour + ";" +
                            (DASHES[run % DASHES.length].length ? dashStyle(run) : "background:currentColor"));
        }
    }

    /* ---------- summary table ---------- */

    var SUMMARY_ROWS = [
        ["Price level in the last month (month 0 = 1)", function (d) { return human(d.summary.final.price_level); }],
        ["Real output, last month ÷ month 0", function (d) { var q = d.series.output; return "×" + human(q[q.length - 1] / q[0]); }],
        ["Peak unemployment (year)", function (d) {
            var p = d.summary.peak_unemployment.all; return pct(p.rate) + " (" + (d.series.year[p.month] || 0).toFixed(1) + ")"; }],
        ["Real consumption of the poorest tenth, last month ÷ month 0", function (d) { return "×" + human(d.summary.final.uhi_bottom10); }],
        ["… of the 10th percentile", function (d) { return "×" + human(d.summary.final.uhi_p10); }],
        ["… of the median", function (d) { return "×" + human(d.summary.final.uhi_median); }],
        ["Years until the 10th percentile stays above today", function (d) {
            var m = d.summary.months_until_uhi_p10; return m === null ? "never" : (m / 12).toFixed(1); }],
        ["Highest real-wage gap W/P", function (d) { return human(d.summary.peak_wage_gap); }],
        ["Debtors who defaulted (workers)", function (d) { return human(d.summary.total_defaults); }],
        ["Months energy limited the machines", function (d) { return String(d.summary.energy_limited_months); }]
    ];

    function drawSummary(box, runs) {
        box.textContent = "";
        var head = el("tr", null, [el("th", { scope: "col", text: "In numbers" })].concat(runs.map(function (r) {
            return el("th", { scope: "col", class: "num", text: r.label });
        })));
        var body = SUMMARY_ROWS.map(function (row) {
            return el("tr", null, [el("th", { scope: "row", text: row[0] })].concat(runs.map(function (r) {
                var t;
                try { t = row[1](r.doc); } catch (e) { t = "–"; }
                return el("td", { class: "num", text: t });
            })));
        });
        box.appendChild(el("table", null, [el("thead", null, [head]), el("tbody", null, body)]));
    }

    /* ---------- exports ---------- */

    function download(name, blob) {
        var url = URL.createObjectURL(blob);
        var a = el("a", { href: url, download: name });
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 30000);
    }

    function fileBase(which) {
        var sc = state[which];
        return "uhisim_" + which.toUpperCase() + "_" + cfgLabel(sc.cfg).replace(/[^A-Za-z0-9_-]+/g, "_") + (Object.keys(sc.sets).length ? "_changed" : "");
    }

    /* The series as the CLI's --csv writes them: a header of series names, one
     * row per month, an empty cell for null. */
    function seriesCSV(doc) {
        var names = Object.keys(doc.series);
        var n = doc.series[names[0]].length;
        var lines = [names.join(",")];
        for (var m = 0; m < n; m++) {
            lines.push(names.map(function (k) { var v = doc.series[k][m]; return v === null ? "" : String(v); }).join(","));
        }
        return lines.join("\n") + "\n";
    }

    function exportScenario(kind, which) {
        var d = docs[which];
        if (!state[which]) return;
        if (kind === "csv") {
            if (!d) return;
            download(fileBase(which) + ".csv", new Blob([seriesCSV(d)], { type: "text/csv" }));
        } else {
            var sets = lastRuns[which] ? lastRuns[which].sets : effectiveSets(which, docs.a);
            call("config", { path: corePath(state[which].cfg), sets: sets.join("\n") }).then(function (text) {
                var head = "# uhisim: every parameter of " + state[which].cfg +
                    (sets.length ? " with " + sets.join(", ") : "") + ",\n" +
                    "# written by the classroom page; `uhisim run THIS_FILE` gives the page's numbers.\n";
                download(fileBase(which) + ".cfg", new Blob([head + text], { type: "text/plain" }));
            }).catch(function (e) { setStatus("Could not write the configuration: " + e.message, "error"); });
        }
    }

    function xmlEsc(s) { return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;"); }

    /* The chart as a standalone SVG: the same scales, ticks and lines as on screen. */
    function chartSVG(fig, spec) {
        var u = fig.__u, setup = fig.__setup;
        var pr = uPlot.pxRatio || window.devicePixelRatio || 1;
        var W = u.width, H = u.height, top = 30;
        var L = u.bbox.left / pr, T = u.bbox.top / pr + top, PW = u.bbox.width / pr, PH = u.bbox.height / pr;
        var legendRows = setup.meta.length - 1;
        var total = top + H + 10 + legendRows * 18;
        var o = [];
        o.push('<svg xmlns="http://www.w3.org/2000/svg" width="' + W + '" height="' + total + '" viewBox="0 0 ' + W + " " + total +
               '" font-family="sans-serif" font-size="11">');
        o.push('<rect width="100%" height="100%" fill="#fff"/>');
        o.push('<text x="4" y="18" font-size="14" font-weight="bold">' + xmlEsc(spec.title) + "</text>");
        o.push('<rect x="' + L + '" y="' + T + '" width="' + PW + '" height="' + PH + '" fill="none" stroke="#ccc"/>');
        u.axes.forEach(function (ax, i) {
            var splits = ax._splits || [], vals = ax._values || [];
            var scaleKey = i === 0 ? "x" : ax.scale;
            splits.forEach(function (sv, j) {
                if (sv === null || vals[j] === "" || vals[j] === null || vals[j] === undefined) return;
                var p = u.valToPos(sv, scaleKey);
                if (i === 0) {
                    o.push('<line x1="' + (L + p) + '" x2="' + (L + p) + '" y1="' + T + '" y2="' + (T + PH) + '" stroke="#eee"/>');
                    o.push('<text x="' + (L + p) + '" y="' + (T + PH + 14) + '" text-anchor="middle">' + xmlEsc(vals[j]) + "</text>");
                } else {
                    var right = ax.side === 1;
                    if (!right) o.push('<line x1="' + L + '" x2="' + (L + PW) + '" y1="' + (T + p) + '" y2="' + (T + p) + '" stroke="#eee"/>');
                    o.push('<text x="' + (right ? L + PW + 4 : L - 4) + '" y="' + (T + p + 4) + '" text-anchor="' + (right ? "start" : "end") + '">' + xmlEsc(vals[j]) + "</text>");
                }
            });
            if (ax.label) {
                if (i === 0) o.push('<text x="' + (L + PW / 2) + '" y="' + (T + PH + 30) + '" text-anchor="middle">' + xmlEsc(ax.label) + "</text>");
                else {
                    var xx = ax.side === 1 ? W - 6 : 12;
                    o.push('<text transform="translate(' + xx + "," + (T + PH / 2) + ') rotate(-90)" text-anchor="middle">' + xmlEsc(ax.label) + "</text>");
                }
            }
        });
        for (var s = 1; s < setup.data.length; s++) {
            var m = setup.meta[s], arr = setup.data[s], d = "", pen = false;
            for (var j = 0; j < arr.length; j++) {
                if (arr[j] === null) { pen = false; continue; }
                var px = L + u.valToPos(setup.data[0][j], "x"), py = T + u.valToPos(arr[j], m.scale);
                if (!isFinite(px) || !isFinite(py)) { pen = false; continue; }
                d += (pen ? "L" : "M") + px.toFixed(1) + " " + py.toFixed(1);
                pen = true;
            }
            var dash = m.dash && m.dash.length ? ' stroke-dasharray="' + m.dash.join(" ") + '"' : "";
            o.push('<path d="' + d + '" fill="none" stroke="' + m.colour + '" stroke-width="' + (m.ref ? 1 : 2) + '"' + dash + ' clip-path="url(#plot)"/>');
            var ly = top + H + 10 + (s - 1) * 18 + 9;
            o.push('<line x1="8" x2="40" y1="' + ly + '" y2="' + ly + '" stroke="' + m.colour + '" stroke-width="2"' + dash + "/>");
            o.push('<text x="46" y="' + (ly + 4) + '">' + xmlEsc(m.label) + "</text>");
        }
        o.splice(2, 0, '<defs><clipPath id="plot"><rect x="' + L + '" y="' + T + '" width="' + PW + '" height="' + PH + '"/></clipPath></defs>');
        o.push("</svg>");
        return o.join("\n");
    }

    /* The chart as a PNG: title, the plot canvas as drawn, and a legend. */
    function chartPNG(fig, spec, done) {
        var u = fig.__u, setup = fig.__setup;
        var pr = uPlot.pxRatio || window.devicePixelRatio || 1;
        var src = u.ctx.canvas;
        var W = u.width, top = 30, legendRows = setup.meta.length - 1;
        var H = top + u.height + 10 + legendRows * 18;
        var c = document.createElement("canvas");
        c.width = Math.round(W * pr);
        c.height = Math.round(H * pr);
        var ctx = c.getContext("2d");
        ctx.scale(pr, pr);
        ctx.fillStyle = "#fff";
        ctx.fillRect(0, 0, W, H);
        ctx.fillStyle = "#000";
        ctx.font = "bold 14px sans-serif";
        ctx.fillText(spec.title, 4, 18);
        ctx.drawImage(src, 0, top, u.width, u.height);
        ctx.font = "11px sans-serif";
        for (var s = 1; s < setup.data.length; s++) {
            var m = setup.meta[s], ly = top + u.height + 10 + (s - 1) * 18 + 9;
            ctx.strokeStyle = m.colour;
            ctx.lineWidth = 2;
            ctx.setLineDash(m.dash || []);
            ctx.beginPath(); ctx.moveTo(8, ly); ctx.lineTo(40, ly); ctx.stroke();
            ctx.fillStyle = "#000";
            ctx.fillText(m.label, 46, ly + 4);
        }
        c.toBlob(done, "image/png");
    }

    function exportChart(fig, spec, kind) {
        if (!fig.__u) return;
        /* The file says what it shows: the explorer's scenarios or the lesson's. */
        var name = "uhisim_" + spec.id + "_" + fig.__runs.map(function (r) { return r.short; }).join("_vs_").replace(/[^A-Za-z0-9_-]+/g, "_");
        if (kind === "svg") download(name + ".svg", new Blob([chartSVG(fig, spec)], { type: "image/svg+xml" }));
        else chartPNG(fig, spec, function (blob) { if (blob) download(name + ".png", blob); });
    }

    /* ---------- lessons ---------- */

    var lessonRuns = {};

    function storedPrediction(id) {
        try { return localStorage.getItem(STORAGE_PREFIX + id) || ""; } catch (e) { return ""; }
    }
    function storePrediction(id, text) {
        try { localStorage.setItem(STORAGE_PREFIX + id, text); } catch (e) { /* storage off: kept for this visit */ }
    }

    function buildLessons() {
        var index = $("lesson-index"), list = $("lesson-list");
        DATA.lessons.forEach(function (l) {
            var sid = "lesson-" + l.id;
            var jump = el("button", { type: "button", text: "Lesson " + l.number + " — " + l.title });
            jump.addEventListener("click", function () { openLesson(l.id, true); });
            index.appendChild(el("li", null, [jump]));

            var taId = "predict-" + l.id;
            var ta = el("textarea", { id: taId, "data-predict": l.id, "aria-describedby": taId + "-note" });
            ta.value = storedPrediction(l.id);
            var locked = el("p", { class: "locked", id: taId + "-note",
                                   text: "Kept in this browser only. The worked answer, what to look for and the discussion open when you have written a prediction and run the lesson." });
            var saved = el("div", { class: "saved-prediction", hidden: true, "data-saved-prediction": l.id });
            var summary = el("div", { class: "summary" });
            var charts = el("div", { class: "charts", "data-lesson-charts": l.id });
            var runBtn = el("button", { type: "button", "data-run-lesson": l.id,
                                        text: l.configs.length > 1 ? "Run the lesson (" + l.configs.length + " scenarios, overlaid)" : "Run the lesson" });
            var cfgList = el("ul", null, l.configs.map(function (c, i) {
                var open = el("button", { type: "button", text: "explore", "aria-label": "Open " + c.name + " in the explorer" });
                open.addEventListener("click", function () {
                    state.a = { cfg: c.cfg, sets: {} };
                    state.b = null;
                    state.edit = "a";
                    setView("explore");
                    settingsChanged();
                });
                return el("li", null, [el("span", { class: "dash", style: dashStyle(i), "aria-hidden": "true" }), " ",
                                       el("code", { text: c.name }), ": " + c.title + " ", open]);
            }));
            ta.addEventListener("input", function () { storePrediction(l.id, ta.value); });
            runBtn.addEventListener("click", function () { runLesson(l.id); });

            /* "What to look for" gives the lesson's numbers away: it opens
             * with the worked answer, after a prediction and a run */
            var look = l.look_html ? el("div", { class: "look", hidden: true, "data-look": l.id }, [
                el("h3", { text: "What to look for" }),
                el("div", { class: "body", html: l.look_html }),
                el("p", { class: "hint", text: "The figures named above are those the command-line tools draw; the charts here show the same series. Where the lesson quotes a mean over several replicates, the page shows one run (the config's seed), so its numbers differ a little." })
            ]) : null;
            /* The discussion questions state some of the answers too. */
            var discussion = l.discussion_html ? el("div", { class: "discussion", hidden: true, "data-discussion": l.id }, [
                el("h3", { text: "Discussion" }), el("div", { class: "body", html: l.discussion_html })
            ]) : null;
            var sec = el("section", { class: "lesson", id: sid, "data-lesson": l.id, "aria-labelledby": sid + "-h" }, [
                el("h2", { id: sid + "-h", text: "Lesson " + l.number + " — " + l.title }),
                el("div", { class: "body question", html: l.intro_html }),
                el("div", { class: "lesson-grid" }, [
                    el("div", { class: "predict" }, [el("h3", { text: "Predict first" }), el("div", { class: "body", html: l.predict_html }),
                                                     el("label", { for: taId, text: "Your prediction" }), ta, locked]),
                    el("div", { class: "result" }, [el("h3", { text: "Run" }), cfgList, runBtn,
                                                    el("h4", { text: "Your prediction" }), saved,
                                                    el("h4", { text: "The result" }), summary])
                ]),
                charts,
                look,
                discussion
            ].concat(l.other.map(function (o) {
                return el("div", null, [el("h3", { text: o.heading }), el("div", { class: "body", html: o.html })]);
            })));
            sec.__parts = { ta: ta, saved: saved, summary: summary, charts: charts, runBtn: runBtn, locked: locked, look: look, discussion: discussion };
            list.appendChild(sec);
        });
    }

    /* A CSS line sample for scenario i, drawn like DASHES[i]. */
    function dashStyle(i) {
        var d = DASHES[i % DASHES.length];
        if (!d.length) return "border-top-style:solid";
        var stops = [], pos = 0;
        for (var k = 0; k < d.length; k++) {
            var c = k % 2 === 0 ? "currentColor" : "transparent";
            stops.push(c + " " + pos + "px " + (pos + d[k]) + "px");
            pos += d[k];
        }
        return "border-top:0;height:3px;background:repeating-linear-gradient(90deg," + stops.join(",") + ")";
    }

    function runLesson(id) {
        var l = LESSON_BY_ID[id];
        var sec = $("lesson-" + id), P = sec.__parts;
        P.runBtn.disabled = true;
        setStatus("Running lesson " + l.number + " (" + l.configs.length + " scenario" + (l.configs.length > 1 ? "s" : "") + ")…", "busy");
        var t0 = performance.now();
        var runs = [];
        var chain = Promise.resolve();
        l.configs.forEach(function (c) {
            chain = chain.then(function () {
                return runDoc(corePath(c.cfg), "").then(function (doc) { runs.push({ label: c.name, short: c.name, doc: doc, cfg: c.cfg }); });
            });
        });
        return chain.then(function () {
            drawCharts(P.charts, runs, "l" + l.number);
            drawSummary(P.summary, runs);
            lessonRuns[id] = runs.map(function (r) { return { cfg: r.cfg, path: corePath(r.cfg), sets: [], series: r.doc.series }; });
            var guess = P.ta.value.trim();
            P.saved.hidden = false;
            P.saved.textContent = guess || "(You did not write a prediction.)";
            var answers = sec.querySelectorAll("details.answer");
            Array.prototype.forEach.call(answers, function (d) { d.hidden = !guess; });
            if (P.look) P.look.hidden = !guess;
            if (P.discussion) P.discussion.hidden = !guess;
            P.locked.textContent = guess ? "Your prediction is kept in this browser; the worked answer, what to look for and the discussion are open."
                : "Write a prediction and run again to open the worked answer, what to look for and the discussion.";
            setStatus("Lesson " + l.number + ": " + runs.length + " run" + (runs.length > 1 ? "s" : "") + " in " + ((performance.now() - t0) / 1000).toFixed(1) + " s");
        }).catch(function (e) {
            setStatus("The lesson's run failed: " + e.message, "error");
        }).then(function () { P.runBtn.disabled = false; });
    }

    function openLesson(id, scroll) {
        state.lesson = id;
        setView("lessons");
        writeFragment();
        if (scroll) {
            var sec = $("lesson-" + id);
            if (sec) { sec.scrollIntoView(); sec.querySelector("h2").setAttribute("tabindex", "-1"); sec.querySelector("h2").focus(); }
        }
    }

    /* ---------- views and wiring ---------- */

    function setView(v) {
        state.view = v;
        $("explore").hidden = v !== "explore";
        $("lessons").hidden = v !== "lessons";
        $("view-explore").setAttribute("aria-pressed", String(v === "explore"));
        $("view-lessons").setAttribute("aria-pressed", String(v === "lessons"));
        if (v === "explore") {
            /* Charts drawn while hidden get their width now. */
            Array.prototype.forEach.call(document.querySelectorAll("#charts-a figure.chart"), function (fig) {
                var w = fig.querySelector(".plot").clientWidth;
                if (fig.__u && w > 50) fig.__u.setSize({ width: w, height: 260 });
            });
        }
    }

    function wire() {
        $("view-explore").addEventListener("click", function () { setView("explore"); writeFragment(); });
        $("view-lessons").addEventListener("click", function () { setView("lessons"); writeFragment(); });
        document.querySelector("[data-skip]").addEventListener("click", function (e) {
            e.preventDefault();
            setView("explore");
            $("charts-a").focus();
        });
        $("compare").addEventListener("change", function () {
            if ($("compare").checked) {
                state.b = { cfg: state.a.cfg, sets: JSON.parse(JSON.stringify(state.a.sets)) };
                state.edit = "b";
                setStatus("Scenario B starts as a copy of A; the settings now change B (dashed lines).");
            } else {
                state.b = null;
                state.edit = "a";
            }
            settingsChanged();
        });
        Array.prototype.forEach.call(document.querySelectorAll("input[name=edit]"), function (r) {
            r.addEventListener("change", function () {
                if (r.checked && (r.value === "a" || state.b)) { state.edit = r.value; writeFragment(); syncControls(); }
            });
        });
        $("copy-a-to-b").addEventListener("click", function () {
            if (!state.b) return;
            state.b = { cfg: state.a.cfg, sets: JSON.parse(JSON.stringify(state.a.sets)) };
            settingsChanged();
        });
        $("reset-changes").addEventListener("click", function () {
            state[state.edit].sets = {};
            settingsChanged();
        });
        $("copy-link").addEventListener("click", function () {
            var input = $("share-link");
            input.select();
            var done = function () { setStatus("The link is copied: it opens this configuration and reruns it."); };
            if (navigator.clipboard && navigator.clipboard.writeText) {
                navigator.clipboard.writeText(input.value).then(done, function () {
                    setStatus("Select the link and copy it (Ctrl+C): this browser does not allow copying from a file page.");
                });
            } else setStatus("Select the link and copy it (Ctrl+C).");
        });
        Array.prototype.forEach.call(document.querySelectorAll("[data-export]"), function (b) {
            b.addEventListener("click", function () { exportScenario(b.dataset.export, b.dataset.scenario); });
        });
        window.addEventListener("hashchange", function () {
            if (writingHash) return;
            applyFragment(location.hash.slice(1));
        });
        /* A ResizeObserver loop notice is not an error of the page. */
        window.addEventListener("error", function (e) {
            if (e && /ResizeObserver loop/.test(e.message || "")) e.preventDefault();
        });
    }

    function applyFragment(frag) {
        var r = parseFragment(frag);
        state = r.state;
        notice = r.problems.length ? "Parts of the link were changed or left out: " + r.problems.join(", ") : "";
        if (notice) setStatus("Reading the link", "error");
        setView(state.view);
        writeFragment();
        syncControls();
        requestRun();
        if (state.lesson) openLesson(state.lesson, state.view === "lessons");
    }

    function start() {
        buildPresets();
        buildLessons();
        wire();
        try { startWorker(); } catch (e) {
            setStatus("The simulator could not start: " + e.message, "error");
            readyReject(e);
            return;
        }
        call("params", {}).then(function (rows) {
            rows.forEach(function (r) { params[r.key] = r; });
            buildControls();
            applyFragment(location.hash.slice(1));
        }).catch(function (e) {
            setStatus("The simulator could not start: " + e.message, "error");
            readyReject(e);
        });
    }

    /* Test hooks (tests/check_web.mjs):
     *   ready      Promise: the core is loaded and the first run is drawn
     *   idle()     Promise: no explorer run is running or waiting
     *   state()    the configuration: {view, agents, seed, edit, a: {cfg, sets}, b, lesson, fragment}
     *   lastRuns   {a, b}: {cfg, path, sets: ["key=value", ...], series} of what the charts show
     *   runCount   explorer draws so far; coreRuns: runs the core made (cache misses)
     *   runLesson(id) Promise; lessonRuns {id: [{cfg, path, sets, series}]}
     *   lastError  the last error shown, or null */
    window.uhisimPage = {
        ready: ready,
        idle: idle,
        state: function () {
            var s = JSON.parse(JSON.stringify(state));
            s.fragment = fragment();
            return s;
        },
        get lastRuns() { return lastRuns; },
        get runCount() { return runCount; },
        get coreRuns() { return coreRuns; },
        get lessonRuns() { return lessonRuns; },
        get lastError() { return lastError; },
        runLesson: runLesson,
        charts: CHARTS.map(function (c) { return c.id; }),
        controls: CONTROLS.map(function (c) { return c.key; })
    };
    /* An unhandled rejection of `ready` must not reach the console. */
    ready.catch(function () {});

    start();
})();
