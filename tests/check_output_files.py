#!/usr/bin/python3
"""check_output_files.py - Output files are written whole or not at all
(sim/outfile.c): a regular file is replaced through a temporary file, a
character device or a FIFO is written straight through and never replaced,
anything else is refused with exit status 2; -o and --csv may not name the
same file; the JSON and the CSV of a run are a pair, so a failure or a signal
at the CSV stage changes neither (an earlier out.json stays as it was).

As root the device cases use copies of /dev/null and /dev/full made with mknod
in the scratch folder, never the system's own nodes (a writer that replaced
its target would replace them); /dev/null and /dev/stdout themselves are
tried only as a normal user."""
import glob
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from uhisim_test import CONFIGS, UHISIM, WORK, check, finish, fresh_workdir, run, write  # noqa: E402

fresh_workdir()
SMALL = write("small.cfg", 'extends = "%s";\nrun = { agents = 500; months = 6; };\n'
              % os.path.join(CONFIGS, "baseline.cfg"))
ROOT = os.geteuid() == 0
OLD = '{"old": true}\n'
WAIT = 120  # seconds: only a bound for a broken program, never a measured time


def at(name):
    return os.path.join(WORK, name)


def temporaries():
    return sorted(os.path.basename(f) for f in glob.glob(at("**/*.tmp.*"), recursive=True))


def read(path):
    """The file's text, or None if it is not there."""
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return None


def kind(path):
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return "missing"
    for name, test in (("link", stat.S_ISLNK), ("file", stat.S_ISREG), ("char", stat.S_ISCHR),
                       ("fifo", stat.S_ISFIFO), ("socket", stat.S_ISSOCK), ("folder", stat.S_ISDIR)):
        if test(mode):
            return name
    return "other"


def is_run_json(text, what):
    try:
        doc = json.loads(text)
    except ValueError as e:
        return check(False, f"{what}: not JSON ({e}): {text[:80]!r}")
    return check(doc.get("schema") == "uhisim.run" and doc["config"]["run"]["months"] == 6,
                 f"{what}: not the run's document")


def old_json():
    """An out.json from an earlier run, which a failed run must leave alone."""
    with open(at("out.json"), "w") as f:
        f.write(OLD)
    for f in glob.glob(at("out.csv")):
        os.remove(f)


def fifo_reader_run(fifo, args):
    """Runs uhisim with args while reading the FIFO; returns (process, bytes read)."""
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # open now, so the writer's open succeeds
    proc = subprocess.Popen([UHISIM, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    data, deadline = b"", time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            chunk = os.read(fd, 1 << 16)
        except BlockingIOError:
            chunk = None
        if chunk:
            data += chunk
        elif proc.poll() is not None:
            break
        else:
            time.sleep(0.01)
    os.close(fd)
    if proc.poll() is None:
        proc.kill()
    proc.communicate()
    return proc, data


def wait_for_temporary(proc, pattern):
    """Waits until a file matching pattern exists while proc runs; True if it does."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline and proc.poll() is None:
        if glob.glob(pattern):
            return True
        time.sleep(0.01)
    return False


# --- defect 2: devices and FIFOs are written to, never replaced; other kinds refused ---
if ROOT:
    null = at("null")
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    p = run("run", SMALL, "-o", null, "--csv", null + "-csv", "--quiet")
    check(p.returncode == 0, f"-o onto a copy of /dev/null: exit {p.returncode} ({p.stderr})")
    check(kind(null) == "char", f"-o replaced the device node: it is now a {kind(null)}")

    # a device that fails a write: nothing renamed, the earlier JSON kept
    full = at("full")
    os.mknod(full, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    old_json()
    p = run("run", SMALL, "-o", at("out.json"), "--csv", full, "--quiet")
    check(p.returncode == 1 and "full" in p.stderr and "No space" in p.stderr,
          f"--csv onto a copy of /dev/full: exit {p.returncode}, expected 1 ({p.stderr})")
    check(kind(full) == "char", f"--csv replaced the device node: it is now a {kind(full)}")
    check(read(at("out.json")) == OLD, "a failed CSV write changed the earlier out.json")
else:
    p = run("run", SMALL, "-o", "/dev/null", "--quiet")
    check(p.returncode == 0, f"-o /dev/null: exit {p.returncode} ({p.stderr})")
    p = run("run", SMALL, "-o", "/dev/stdout")
    check(p.returncode == 0, f"-o /dev/stdout: exit {p.returncode} ({p.stderr})")
    is_run_json(p.stdout, "-o /dev/stdout")

# standard output through /proc: safe as root (nothing can be made in /proc/self/fd);
# the summary table is left out, as with -o -, since it would follow the JSON
p = run("run", SMALL, "-o", "/proc/self/fd/1")
check(p.returncode == 0, f"-o /proc/self/fd/1: exit {p.returncode} ({p.stderr})")
is_run_json(p.stdout, "-o /proc/self/fd/1")

fifo = at("pipe")
os.mkfifo(fifo)
proc, data = fifo_reader_run(fifo, ["run", SMALL, "-o", fifo, "--csv", at("pipe.csv"), "--quiet"])
check(proc.returncode == 0, f"-o onto a FIFO: exit {proc.returncode}")
check(kind(fifo) == "fifo", f"-o replaced the FIFO: it is now a {kind(fifo)}")
is_run_json(data.decode(errors="replace"), "the JSON read from the FIFO")
check(os.path.exists(at("pipe.csv")), "the CSV beside a FIFO's JSON was not written")

p = run("run", SMALL, "-o", WORK, "--quiet")
check(p.returncode == 2 and "folder" in p.stderr, f"-o a folder: exit {p.returncode} ({p.stderr})")
check(kind(WORK) == "folder", "the folder was replaced")

sock_path = at("sock")
sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
sock.bind(sock_path)
p = run("run", SMALL, "-o", sock_path, "--quiet")
check(p.returncode == 2 and "socket" in p.stderr, f"-o a socket: exit {p.returncode} ({p.stderr})")
check(kind(sock_path) == "socket", f"the socket was replaced by a {kind(sock_path)}")
sock.close()

# a link to a regular file: the file it points to is replaced and the link kept
with open(at("target.json"), "w") as f:
    f.write(OLD)
os.symlink("target.json", at("link.json"))
p = run("run", SMALL, "-o", at("link.json"), "--quiet")
check(p.returncode == 0, f"-o a link: exit {p.returncode} ({p.stderr})")
check(kind(at("link.json")) == "link", f"the link was replaced by a {kind(at('link.json'))}")
is_run_json(read(at("target.json")), "the file behind the link")
check(temporaries() == [], f"temporary files left: {temporaries()}")

# --- defect 3: -o and --csv naming the same file, in any spelling ---
os.makedirs(at("sub"))
with open(at("a.out"), "w") as f:
    f.write(OLD)
os.link(at("a.out"), at("hard.out"))
os.symlink("a.out", at("soft.out"))
SAME = [
    ("one name", at("same.out"), at("same.out")),
    ("two spellings of a new file", at("same.out"), os.path.join(WORK, "sub", "..", ".", "same.out")),
    ("a relative and an absolute name", at("same.out"), os.path.relpath(at("same.out"))),
    ("a hard link", at("a.out"), at("hard.out")),
    ("a symbolic link", at("soft.out"), at("a.out")),
    ("standard output twice", "-", "-"),
    ("standard output by two names", "-", "/proc/self/fd/1"),
]
for what, json_path, csv_path in SAME:
    p = run("run", SMALL, "-o", json_path, "--csv", csv_path, "--quiet")
    check(p.returncode == 2 and "same file" in p.stderr,
          f"-o and --csv on {what}: exit {p.returncode}, expected 2 ({p.stderr.strip()})")
    check(p.stdout == "", f"-o and --csv on {what}: wrote to standard output")
check(not os.path.exists(at("same.out")), "same.out was written")
check(read(at("a.out")) == OLD, "a.out was changed")

# --- defect 9: the JSON and the CSV are all or nothing ---
# a signal while the CSV's temporary is being written (the test hook of outfile.c)
for target in ("out.csv", "out.json"):
    for earlier in (False, True):
        for f in glob.glob(at("out.*")):
            os.remove(f)
        if earlier:
            old_json()
        p = run("run", SMALL, "-o", at("out.json"), "--csv", at("out.csv"), "--quiet",
                env={"UHISIM_TEST_OUTFILE_SIGNAL": at(target)})
        what = f"SIGTERM while writing {target}" + (" over an earlier out.json" if earlier else "")
        check(p.returncode == -signal.SIGTERM, f"{what}: exit {p.returncode} ({p.stderr})")
        check(read(at("out.json")) == OLD if earlier else not os.path.exists(at("out.json")),
              f"{what}: out.json was written or changed")
        check(not os.path.exists(at("out.csv")), f"{what}: out.csv was written")
        check(temporaries() == [], f"{what}: temporary files left: {temporaries()}")

# a real signal from outside, while the CSV goes to a FIFO nobody reads yet
fifo_csv = at("csv-pipe")
os.mkfifo(fifo_csv)
old_json()
proc = subprocess.Popen([UHISIM, "run", SMALL, "-o", at("out.json"), "--csv", fifo_csv, "--quiet"],
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
waiting = wait_for_temporary(proc, at("out.json.tmp.*"))
check(waiting, "the JSON's temporary never appeared while the CSV's FIFO had no reader")
proc.send_signal(signal.SIGTERM)
proc.communicate(timeout=WAIT)
check(proc.returncode == -signal.SIGTERM, f"SIGTERM at the CSV stage: exit {proc.returncode}")
check(read(at("out.json")) == OLD, "SIGTERM at the CSV stage changed the earlier out.json")
check(temporaries() == [], f"SIGTERM at the CSV stage left temporary files: {temporaries()}")
check(kind(fifo_csv) == "fifo", f"the CSV's FIFO was replaced by a {kind(fifo_csv)}")

# the CSV cannot be written for another reason: the earlier JSON stays
old_json()
p = run("run", SMALL, "-o", at("out.json"), "--csv", at("no-such-folder/out.csv"), "--quiet")
check(p.returncode == 1 and "no-such-folder/out.csv" in p.stderr,
      f"CSV into a missing folder: exit {p.returncode}, expected 1 ({p.stderr})")
check(read(at("out.json")) == OLD, "a CSV that could not be written changed the earlier out.json")
check(temporaries() == [], f"temporary files left: {temporaries()}")

# the reader of standard output goes away (SIGPIPE): the CSV's temporary goes too.
# 240 months make a JSON of about 400 kB, more than a pipe holds: with SMALL's 26 kB
# the whole document could fit in the pipe before the reader closed it (exit 0)
LONG = write("long.cfg", 'extends = "%s";\nrun = { agents = 500; months = 240; };\n'
             % os.path.join(CONFIGS, "baseline.cfg"))
proc = subprocess.Popen([UHISIM, "run", LONG, "--csv", at("piped.csv"), "--quiet"],
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
proc.stdout.close()
proc.communicate(timeout=WAIT)
check(proc.returncode == -signal.SIGPIPE, f"a closed standard output: exit {proc.returncode}")
check(not os.path.exists(at("piped.csv")), "the CSV was written though the JSON was not")
check(temporaries() == [], f"SIGPIPE left temporary files: {temporaries()}")

# a signal ignored on entry (nohup ignores SIGHUP) stays ignored
fifo_hup = at("hup-pipe")
os.mkfifo(fifo_hup)
proc = subprocess.Popen([UHISIM, "run", SMALL, "-o", fifo_hup, "--csv", at("hup.csv"), "--quiet"],
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
check(wait_for_temporary(proc, at("hup.csv.tmp.*")), "the CSV's temporary never appeared")
proc.send_signal(signal.SIGHUP)
fd = os.open(fifo_hup, os.O_RDONLY | os.O_NONBLOCK)
deadline = time.monotonic() + WAIT
while proc.poll() is None and time.monotonic() < deadline:
    try:
        os.read(fd, 1 << 16)
    except BlockingIOError:
        time.sleep(0.01)
os.close(fd)
if proc.poll() is None:
    proc.kill()
proc.communicate()
check(proc.returncode == 0, f"SIGHUP ignored on entry still ended the run: exit {proc.returncode}")
check(os.path.exists(at("hup.csv")), "the CSV was not written after an ignored SIGHUP")

# --- defect 14: an empty file name is a usage error ---
for option in ("-o", "--csv"):
    p = run("run", SMALL, option, "", "--quiet")
    check(p.returncode == 2 and option in p.stderr and "empty" in p.stderr,
          f"{option} '': exit {p.returncode}, expected 2 ({p.stderr.strip()})")

# --- defect 15 (was: no ensemble CSV): an ensemble writes its JSON and its long
# CSV as one set (the CSV's content: check_csv.py) ---
p = run("run", SMALL, "--replicates", "2", "-o", at("ens.json"), "--csv", at("ens.csv"), "--quiet",
        env={"UHISIM_TEST_OUTFILE_SIGNAL": at("ens.csv")})
check(p.returncode == -signal.SIGTERM,
      f"run --replicates --csv, killed writing the CSV: exit {p.returncode} ({p.stderr.strip()})")
check(not os.path.exists(at("ens.json")) and not os.path.exists(at("ens.csv"))
      and glob.glob(at("ens.*.tmp.*")) == [],
      "run --replicates --csv killed while writing the CSV left a file")
p = run("run", SMALL, "--replicates", "2", "-o", at("ens.json"), "--csv", at("ens.csv"), "--quiet")
check(p.returncode == 0 and os.path.exists(at("ens.json")) and os.path.exists(at("ens.csv")),
      f"run --replicates --csv: exit {p.returncode}, expected 0 and both files ({p.stderr.strip()})")
# an output never replaces a file the run reads: its config, an extends layer,
# an @include file or its CSV table
table = at("table.csv")
with open(table, "w") as f:
    f.write("code,name,class,employment,mean_wage,ai_exposure,robot_exposure\n"
            "A,a,white,1000,50000,0.5,0.1\nB,b,blue,1000,40000,0.1,0.5\n")
inc = write("inc.cfg", "money = { velocity = 1.4; };\n")
victim = write("victim.cfg", 'extends = "small.cfg";\n@include "inc.cfg"\n'
               'data = { occupations_csv = "table.csv"; };\n')
for what, args in [("-o onto the config", ["run", victim, "-o", victim]),
                   ("--csv onto the config", ["run", victim, "-o", at("v.json"), "--csv", victim]),
                   ("-o onto the extends layer", ["run", victim, "-o", SMALL]),
                   ("-o onto an @include file", ["run", victim, "-o", inc]),
                   ("--csv onto the CSV table", ["run", victim, "-o", at("v.json"), "--csv", table]),
                   ("compare -o onto a config", ["compare", victim, SMALL, "-o", SMALL])]:
    before = {f: read(f) for f in (victim, SMALL, inc, table)}
    p = run(*args, "--quiet")
    check(p.returncode == 2 and "a file this run reads" in p.stderr,
          f"{what}: exit {p.returncode}, expected 2 ({p.stderr.strip()})")
    check(all(read(f) == t for f, t in before.items()), f"{what}: an input file was changed")
finish()
