#!/usr/bin/python3
"""build_page.py - Build the one-file offline browser page of uhisim.

    /usr/bin/python3 web/build_page.py --core uhisim_web.js --out uhisim.html

inlines into ONE html file everything the page needs: web/page.css and uPlot's
CSS, uPlot (the committed copy in web/vendor/uplot), web/page.js, the Web
Worker's source (web/worker.js, started from a Blob URL) and the core (the
single-file emscripten output of scripts/web.sh), plus the presets (the first
comment block of every configs/*.cfg) and the lessons (examples/*/README.md and
their .cfg files) as JSON. Nothing is fetched, at build time or in the page.

The sources and the core go into <script type="application/json"> blocks as
JSON strings with every "<" written \\u003c, so no text inside them can close
the block or open an HTML comment, whatever the core's JavaScript contains.

--break-for-test network|console|worker-console writes a deliberately broken
page (one that loads an image over http, logs to the console from the page, or
from the Worker) for tests/check_web.mjs to reject. Needs python3-markdown (Debian) for the lesson text.
"""
import argparse
import glob
import html
import json
import os
import re
import sys

import markdown

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MD_EXTENSIONS = ["md_in_html", "tables", "fenced_code"]
# README sections that are command lines for the terminal, not for the page.
SKIPPED_SECTIONS = {"Run", "Draw", "Run and draw"}


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def header_block(cfg_text):
    """The first comment block of a config: its leading lines starting with '#',
    without the '#'. Returns a list of paragraphs (lines joined by spaces)."""
    lines = []
    for line in cfg_text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[1:].strip())
    paras, cur = [], []
    for line in lines:
        if line:
            cur.append(line)
        elif cur:
            paras.append(" ".join(cur))
            cur = []
    if cur:
        paras.append(" ".join(cur))
    return paras


def describe_config(path):
    """(title, description paragraphs) of a config from its header: the first
    paragraph is 'name.cfg - Title'."""
    paras = header_block(read(path))
    name = os.path.basename(path)
    if not paras:
        return name, []
    title = paras[0]
    prefix = name + " - "
    if title.startswith(prefix):
        title = title[len(prefix):]
    return title, paras[1:]


def presets():
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "configs", "*.cfg"))):
        title, desc = describe_config(path)
        name = os.path.basename(path)[:-4]
        out.append({"name": name, "cfg": "configs/%s.cfg" % name, "title": title,
                    "description": desc})
    return out


def md_to_html(text):
    """Markdown to HTML for the page: <details> blocks get their inner markdown
    rendered; images are dropped (nothing may load) and links to files of the
    repository become plain text (they would not resolve from one file);
    absolute links open in a new tab when clicked and never load by themselves."""
    text = re.sub(r"<details>", '<details markdown="1">', text)
    out = markdown.markdown(text, extensions=MD_EXTENSIONS)
    out = re.sub(r"<img\b[^>]*>", "", out)

    def link(m):
        href, inner = m.group(1), m.group(2)
        if re.match(r"https?://", href):
            return '<a href="%s" target="_blank" rel="noopener noreferrer">%s</a>' % (href, inner)
        return '<span class="ref">%s</span>' % inner

    out = re.sub(r'<a href="([^"]*)"[^>]*>(.*?)</a>', link, out, flags=re.S)
    # The answers stay hidden until the student has predicted and run (page.js).
    out = out.replace("<details>", '<details class="answer" hidden>')
    return out


def split_sections(md):
    """(title line, intro markdown, [(heading, markdown)]) of a lesson README."""
    lines = md.splitlines()
    title, intro, sections, cur, fence = "", [], [], None, False
    for line in lines:
        if line.startswith("```"):
            fence = not fence
        if not fence and line.startswith("# ") and not title:
            title = line[2:].strip()
            continue
        if not fence and line.startswith("## "):
            cur = (line[3:].strip(), [])
            sections.append(cur)
            continue
        (cur[1] if cur else intro).append(line)
    return title, "\n".join(intro), [(h, "\n".join(b)) for h, b in sections]


def lessons():
    out = []
    for folder in sorted(glob.glob(os.path.join(ROOT, "examples", "[0-9][0-9]_*"))):
        readme = os.path.join(folder, "README.md")
        if not os.path.isfile(readme):
            continue
        lid = os.path.basename(folder)
        title, intro, sections = split_sections(read(readme))
        m = re.match(r"Lesson\s+(\d+)\s*[—-]\s*(.*)", title)
        number, name = (int(m.group(1)), m.group(2)) if m else (int(lid[:2]), title)
        lesson = {"id": lid, "number": number, "title": name, "intro_html": md_to_html(intro),
                  "predict_html": "", "look_html": "", "discussion_html": "", "other": []}
        for heading, body in sections:
            if heading == "Predict first":
                lesson["predict_html"] = md_to_html(body)
            elif heading == "What to look for":
                lesson["look_html"] = md_to_html(body)
            elif heading == "Discussion":
                lesson["discussion_html"] = md_to_html(body)
            elif heading not in SKIPPED_SECTIONS:
                lesson["other"].append({"heading": heading, "html": md_to_html(body)})
        cfgs = []
        for path in sorted(glob.glob(os.path.join(folder, "*.cfg"))):
            ctitle, _ = describe_config(path)
            base = os.path.basename(path)
            cfgs.append({"name": base[:-4], "cfg": "examples/%s/%s" % (lid, base), "title": ctitle})
        lesson["configs"] = cfgs
        out.append(lesson)
    return out


def json_block(element_id, value):
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return '<script type="application/json" id="%s">%s</script>' % (element_id, text)


def inline_script(src):
    # A classic inline script must not contain "</script" nor "<!--"; the
    # vendored and hand-written sources do not, and the check keeps it so.
    if re.search(r"</script|<!--", src, re.I):
        sys.exit("build_page.py: an inlined script contains </script or <!--")
    return "<script>\n%s\n</script>" % src


LOADING_TAG = re.compile(r"<(script|img|iframe|frame|link|source|audio|video|embed|object|track|input|image|use)\b[^>]*?"
                         r"\s(src|href|xlink:href|data|poster|srcset)\s*=", re.I)
CSS_LOAD = re.compile(r"url\(\s*(?!['\"]?(data:|#))|@import", re.I)


def offline_problems(page, style):
    """What in the page could load something: a tag with a src/href-like
    attribute (links <a href> only load when clicked and are allowed), a CSS
    url() that is not data: or #id, an @import. Returns a list of excerpts."""
    out = [m.group(0)[:80] for m in LOADING_TAG.finditer(page)]
    out += [style[max(0, m.start() - 20):m.end() + 40] for m in CSS_LOAD.finditer(style)]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--core", required=True, help="the single-file emscripten core (uhisim_web.js)")
    ap.add_argument("--out", required=True, help="the html file to write")
    ap.add_argument("--break-for-test", choices=["network", "console", "worker-console"],
                    help="write a deliberately broken page for the browser test to reject")
    args = ap.parse_args()

    vendor = os.path.join(HERE, "vendor", "uplot")
    data = {
        "presets": presets(),
        "lessons": lessons(),
        "uplot_version": read(os.path.join(vendor, "VERSION")).strip(),
        "core_name": os.path.basename(args.core),
    }
    style = read(os.path.join(vendor, "uPlot.min.css")) + "\n" + read(os.path.join(HERE, "page.css"))
    if "</style" in style.lower():
        sys.exit("build_page.py: the CSS contains </style")
    page = read(os.path.join(HERE, "page.html"))
    worker_src = read(os.path.join(HERE, "worker.js"))
    if args.break_for_test == "worker-console":
        worker_src += "\nconsole.log('uhisim: broken worker');\n"
    parts = {
        "<!--UHISIM_STYLE-->": "<style>\n%s\n</style>" % style,
        "<!--UHISIM_DATA-->": "\n".join([
            json_block("uhisim-data", data),
            json_block("uhisim-worker-src", worker_src),
            json_block("uhisim-core-src", read(args.core)),
        ]),
        "<!--UHISIM_SCRIPTS-->": "\n".join([
            inline_script(read(os.path.join(vendor, "uPlot.iife.min.js"))),
            inline_script(read(os.path.join(HERE, "page.js"))),
        ]),
        "<!--UHISIM_UPLOT_LICENSE-->": html.escape(read(os.path.join(vendor, "LICENSE"))),
    }
    for key, value in parts.items():
        if page.count(key) != 1:
            sys.exit("build_page.py: page.html must hold %s exactly once" % key)
        page = page.replace(key, value)
    problems = offline_problems(page, style)
    if problems:
        sys.exit("build_page.py: the page would load something: " + "; ".join(problems))
    if args.break_for_test == "network":
        page = page.replace("</body>", '<img src="http://127.0.0.1:9/uhisim-broken.png" alt="">\n</body>')
    elif args.break_for_test == "console":
        page = page.replace("</body>", "<script>console.log('uhisim: broken page');</script>\n</body>")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)) or ".", exist_ok=True)
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(page)
    os.replace(tmp, args.out)


if __name__ == "__main__":
    main()
