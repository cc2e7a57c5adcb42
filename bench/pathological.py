#!/usr/bin/env python3
"""Times `hindsight build` on one hostile post-mortem per class, at size n and 4n, and prints the
ratio: linear work gives about 4, quadratic about 16. Inputs are generated, never committed.

usage: bench/pathological.py [BINARY] [N]     (defaults: build/hindsight, 8000)
A class that is refused with an error at file:line (a documented limit) prints `refused`.
"""
import os
import subprocess
import sys
import tempfile
import time

binary = sys.argv[1] if len(sys.argv) > 1 else "build/hindsight"
n = int(sys.argv[2]) if len(sys.argv) > 2 else 8000
TIMEOUT = 120

FRONT = """---
id: PM-1
title: Hostile input
date: 2026-03-01
status: draft
severity: SEV3
services: [api]
category: deployment
---
"""

CLASSES = {
    "nested strong emphasis": lambda k: "**" * k + "x" + "**" * k + "\n",
    "runs of ![ and [": lambda k: "![" * k + "[" * k + "\n",
    "duplicate headings": lambda k: "## Same\n\n" * k,
    "wide table x rows": lambda k: "|" + "a|" * 40 + "\n|" + "-|" * 40 + "\n" + ("|" + "b|" * 40 + "\n") * (k // 40),
    "broken links": lambda k: "".join(f"[x](../nowhere-{i}/)\n" for i in range(k)),
    "external links": lambda k: "".join(f"<https://example.com/{i}>\n" for i in range(k)),
    "[[id]] links": lambda k: "[[PM-1]]\n" * k,
    "lazy deep blockquotes": lambda k: "".join(">" * i + " x\n" for i in range(min(k, 1000))) + "y\n" * k,
    "CDATA runs": lambda k: "<![CDATA[" * k + "\n",
    "one line of pipes": lambda k: "|" * (k * 10) + "\n",
    "nested lists": lambda k: "".join("  " * i + "- x\n" for i in range(min(k, 2000))),
    "autolink candidates": lambda k: "www.a." * k + "\n",
}


def build(body):
    with tempfile.TemporaryDirectory() as kb:
        os.makedirs(f"{kb}/content/postmortems")
        with open(f"{kb}/hindsight.yaml", "w") as f:
            f.write("title: Hostile\ncategories: [deployment]\n")
        with open(f"{kb}/content/services.yaml", "w") as f:
            f.write("- { id: api, name: API }\n")
        with open(f"{kb}/content/postmortems/pm-1.md", "w") as f:
            f.write(FRONT + body)
        start = time.monotonic()
        try:
            run = subprocess.run([binary, "build", "-C", kb, "--jobs", "1", "--as-of", "2026-03-02"],
                                 capture_output=True,
                                 timeout=TIMEOUT, text=True)
        except subprocess.TimeoutExpired:
            return None, "timeout"
        took = time.monotonic() - start
        refused = run.returncode == 1 and "pm-1.md:" in run.stderr
        return took, "refused" if refused else str(run.returncode)


print(f"{'class':26} {'bytes(n)':>9} {'n':>8} {'4n':>8} {'ratio':>6}  result")
for name, make in CLASSES.items():
    small, big = make(n), make(4 * n)
    t1, r1 = build(small)
    t4, r4 = build(big)
    ratio = f"{t4 / t1:5.1f}" if t1 and t4 else "  -"
    fmt = lambda t: f"{t:7.2f}s" if t is not None else "   >120s"
    print(f"{name:26} {len(small):>9} {fmt(t1)} {fmt(t4)} {ratio:>6}  exit {r1}/{r4}")
