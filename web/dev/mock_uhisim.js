/* mock_uhisim.js - A development stand-in for the emscripten core uhisim_web.js.
 *
 * Defines createUhisim() -> Promise<Module> with Module.cwrap(name, ...) giving
 * uhisim_web_run, uhisim_web_config and uhisim_web_params, like the real core,
 * but answering from documents the native program wrote (web/dev/make_mock.py
 * puts them in UHISIM_MOCK_DATA in front of this file). Never shipped in a
 * real page. */
var createUhisim = (function () {
    "use strict";
    var DATA = typeof UHISIM_MOCK_DATA !== "undefined" ? UHISIM_MOCK_DATA
        : { runs: {}, by_path: {}, params: { params: [] } };

    function keyOf(path, sets) {
        var lines = String(sets || "").split("\n").filter(function (s) { return s !== ""; });
        lines.sort();
        return path + "\n" + lines.join("\n");
    }

    function run(path, sets) {
        var doc = DATA.runs[keyOf(path, sets)];
        if (doc) return JSON.stringify(doc);
        var k = DATA.by_path[path];
        if (!k) return JSON.stringify({ error: "mock core: no stored run of " + path, exit_status: 2 });
        var copy = JSON.parse(JSON.stringify(DATA.runs[k]));
        copy.mock_fallback = true;
        return JSON.stringify(copy);
    }

    function config(path, sets) {
        var lines = String(sets || "").split("\n").filter(function (s) { return s !== ""; });
        var text = "# mock core: not the real resolved config\n@include \"" + path + "\"\n";
        lines.forEach(function (s) {
            var i = s.indexOf("=");
            var v = s.slice(i + 1);
            if (!/^(true|false|-?[0-9.eE+-]+|\[.*\])$/.test(v)) v = "\"" + v + "\"";
            text += s.slice(0, i) + " = " + v + ";\n";
        });
        return JSON.stringify({ config: text });
    }

    var FUNCS = {
        uhisim_web_run: run,
        uhisim_web_config: config,
        uhisim_web_params: function () { return JSON.stringify(DATA.params); }
    };

    return function createUhisim() {
        return Promise.resolve({
            cwrap: function (name) {
                var f = FUNCS[name];
                if (!f) throw new Error("mock core: no function " + name);
                return f;
            }
        });
    };
})();
