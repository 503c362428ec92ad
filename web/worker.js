/* worker.js - The Web Worker that runs the simulator's C core for the page.
 *
 * The page starts it from a Blob URL holding the core's JavaScript (the
 * single-file emscripten output, which defines createUhisim) followed by this
 * file, so the simulation never blocks the page and nothing is fetched.
 *
 * Messages in:  {type: "run" | "config" | "params", id, path, sets}
 *   path: a config relative to /uhisim, the repository root in the module's
 *         file system ("configs/baseline.cfg");
 *   sets: newline-separated key=value lines with the syntax of the CLI's --set.
 * Messages out: {id, ok: true, result, ms} or {id, ok: false, error, ms}
 *   run:    result = the run's JSON document without "occupations" (the page
 *           does not draw them; they are about half the document);
 *   config: result = the libconfig text of the resolved configuration;
 *   params: result = the parameter table, [{key, type, default, min, max, unit, help, names}].
 * The core's own print and printErr are caught (the page logs nothing to the
 * console); what it wrote to stderr is added to an error message. */
"use strict";

var corePromise = null;
var stderrLines = [];

function loadCore() {
    if (!corePromise) {
        corePromise = createUhisim({
            print: function () {},
            printErr: function (text) {
                stderrLines.push(String(text));
                if (stderrLines.length > 50) stderrLines.shift();
            }
        }).then(function (Module) {
            /* runs name their config relative to the repository root, as on
             * the command line, so the document's config_files match */
            Module.FS.chdir("/uhisim");
            var free = Module.cwrap("uhisim_web_free", null, ["number"]);
            /* each answer is a malloc'd C string: read it, then free it */
            function text(fn, types) {
                var call = Module.cwrap(fn, "number", types);
                return function () {
                    var ptr = call.apply(null, arguments);
                    if (!ptr) throw new Error("the core ran out of memory");
                    var s = Module.UTF8ToString(ptr);
                    free(ptr);
                    return s;
                };
            }
            return {
                run: text("uhisim_web_run", ["string", "string"]),
                config: text("uhisim_web_config", ["string", "string"]),
                params: text("uhisim_web_params", [])
            };
        });
    }
    return corePromise;
}

function parseAnswer(text) {
    var doc;
    try {
        doc = JSON.parse(text);
    } catch (e) {
        throw new Error("the core returned no JSON document: " + String(text).slice(0, 200));
    }
    if (doc && typeof doc.error === "string") {
        var err = new Error(doc.error);
        err.exitStatus = doc.exit_status;
        throw err;
    }
    return doc;
}

function answer(core, msg) {
    switch (msg.type) {
    case "run": {
        var doc = parseAnswer(core.run(msg.path, msg.sets || ""));
        delete doc.occupations;
        return doc;
    }
    case "config":
        return parseAnswer(core.config(msg.path, msg.sets || "")).config;
    case "params":
        return parseAnswer(core.params()).params;
    default:
        throw new Error("unknown request " + msg.type);
    }
}

self.onmessage = function (event) {
    var msg = event.data || {};
    var t0 = performance.now();
    loadCore().then(function (core) {
        stderrLines = [];
        var result = answer(core, msg);
        self.postMessage({ id: msg.id, ok: true, result: result, ms: performance.now() - t0 });
    }).catch(function (e) {
        var text = (e && e.message) ? e.message : String(e);
        if (stderrLines.length) text += "\n" + stderrLines.join("\n");
        self.postMessage({ id: msg.id, ok: false, error: text, ms: performance.now() - t0 });
    });
};
