#!/usr/bin/env python3
"""Writes a synthetic knowledge base of N post-mortems for benchmarks (never committed).

usage: bench/make_corpus.py DIR N
Every file uses each GFM extension (table, task list, strikethrough, autolink) and is about
8 KB, like the post-mortems of the sample knowledge base.
"""
import os
import random
import sys

out, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(42)  # the same corpus every time
services = [f"svc-{i}" for i in range(40)]
categories = ["deployment", "config-change", "capacity", "dependency", "hardware", "security", "data-loss"]
words = ("latency queue retry pool connection timeout replica failover cache deploy canary "
         "rollback config alert pager customer checkout payment region shard index disk").split()

os.makedirs(f"{out}/content/postmortems", exist_ok=True)
with open(f"{out}/hindsight.yaml", "w") as f:
    f.write("title: Benchmark KB\nas_of: 2026-12-31\n")
with open(f"{out}/content/services.yaml", "w") as f:
    for s in services:
        f.write(f"- {{ id: {s}, name: Service {s}, team: team-{s}, tier: 2 }}\n")

def para():
    return " ".join(rng.choice(words) for _ in range(rng.randint(40, 90))).capitalize() + "."

for i in range(n):
    year, month, day = 2020 + i % 7, 1 + i % 12, 1 + i % 28
    date = f"{year}-{month:02d}-{day:02d}"
    body = []
    for section in ["Summary", "Impact", "Timeline", "Surprise", "Conditions", "Response", "Systemic", "Action items"]:
        body.append(f"## {section}\n\n{para()}\n\n{para()} See https://status.example.com/{i} and ~~old~~ new.\n")
    body.append("| Time | Event |\n|---|---|\n" + "".join(f"| 10:{m:02d} | {para()[:60]} |\n" for m in range(8)))
    body.append("- [x] rolled back\n- [ ] add alert\n")
    svc = rng.sample(services, 2)
    with open(f"{out}/content/postmortems/pm-{i:05d}.md", "w") as f:
        f.write(f"""---
id: PM-{i:05d}
title: Incident {i} in {svc[0]}
date: {date}T10:00:00Z
detected: {date}T10:05:00Z
resolved: {date}T12:00:00Z
status: published
severity: SEV{1 + i % 4}
services: [{svc[0]}, {svc[1]}]
category: {categories[i % len(categories)]}
tags: [{rng.choice(words)}, {rng.choice(words)}]
summary: {para()[:150]}
action_items:
  - title: Alert when the {rng.choice(words)} error rate passes 2 percent
    owner: person-{i % 50}
    due: {date}
    status: verified
    closed_on: {date}
    verified_on: {date}
    done_when: [the alert pages the on-call in a staging drill]
    verify: fault injection in staging fires the alert
---
""" + "\n".join(body))
