#!/usr/bin/env python3
"""Generate a synthetic conference in confpress's content format (docs/content.md).

    python3 bench/gen.py N OUTDIR [--force] [--verify] [--seed S]

N sessions, N/2 speakers, 30 sponsors in 5 tiers (all with the `footer` placement, so every page
carries a 30-logo footer), 5 tracks, rooms and days scaled with N, 3 ticket tiers, a few dozen jobs,
a few news posts and pages. The output is deterministic for a given N and seed.

Layout of the agenda: days = clamp(ceil(N / 360), 2, 60) from 2027-03-01 (Europe/Berlin), 18
half-hour slots per day and room (09:00 .. 17:30, each session 25 minutes), rooms =
ceil(N / (18 * days)). Sessions fill the agenda slot by slot (all rooms of 09:00 on day 1, then
09:30 ...). Speakers are handed out round-robin and never twice in one slot, so neither rooms
nor speakers are double-booked.

--verify reads the written files back and checks: no two sessions overlap in a room, no speaker is in
two overlapping sessions, all sessions lie within start_date..end_date, every reference exists,
sponsor job quotas and tier maxima hold. Exit status 1 on any problem.

Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import re
import shutil
import sys
import time

START_DATE = dt.date(2027, 3, 1)
TIMEZONE = "Europe/Berlin"
SLOTS_PER_DAY = 18  # 09:00 .. 17:30, 30-minute slots
SLOT_MINUTES = 30
SESSION_MINUTES = 25
FIRST_SLOT = dt.time(9, 0)
MAX_DAYS = 60
SESSIONS_PER_DAY_PER_ROOM_TARGET = 20  # "about 20 rooms": N/360 days before clamping

WORDS = (
    "rust async runtime compiler borrow checker lifetime trait generic macro crate cargo build "
    "memory safety performance latency throughput cache allocator thread channel mutex atomic "
    "future executor scheduler kernel driver embedded firmware sensor network protocol packet "
    "server client database query index storage replication consensus cluster cloud container "
    "deploy pipeline release testing fuzzing benchmark profiling tracing logging metrics graph "
    "parser lexer grammar syntax type inference ownership module interface library framework "
    "web browser wasm component plugin editor tooling debugger format linter community team "
    "migration legacy refactoring design pattern architecture service queue stream event batch "
    "model data vector matrix simulation robotics game engine shader render audio video codec "
    "security audit cryptography key signature certificate policy sandbox isolation boundary "
    "we show how the a an of to in for with from on at by and or but that this these our your "
    "practical lessons learned production scale years journey story experience deep dive"
).split()

TITLE_WORDS = (
    "Async Rust Compilers Lifetimes Traits Macros Memory Safety Performance Latency Allocators "
    "Threads Channels Atomics Futures Executors Kernels Drivers Embedded Firmware Networking "
    "Protocols Databases Storage Consensus Clusters Containers Pipelines Testing Fuzzing "
    "Benchmarks Profiling Tracing Parsers Types Ownership Modules WebAssembly Plugins Editors "
    "Debuggers Linters Migration Refactoring Architecture Queues Streams Events Vectors Robotics "
    "Games Shaders Audio Codecs Security Cryptography Sandboxes"
).split()

TITLE_PATTERNS = (
    "{a} in Practice",
    "Fearless {a}",
    "{a} and {b}: Lessons Learned",
    "Scaling {a} to Production",
    "A Deep Dive into {a}",
    "{a} Without Tears",
    "From {a} to {b}",
    "Debugging {a} at Scale",
    "The State of {a}",
    "Building {a} with {b}",
)

FIRST_NAMES = (
    "Ada Alan Grace Linus Barbara Dennis Margaret Ken Frances Edsger Radia Tim Hedy Donald "
    "Katherine John Sophie Niklaus Shafi Leslie Yukihiro Guido Bjarne Anders Jean Mei Ravi "
    "Amara Chen Lucia Omar Ingrid Kwame Yuki Priya Mateo Zoe Hana Tariq Elena"
).split()
LAST_NAMES = (
    "Lovelace Turing Hopper Torvalds Liskov Ritchie Hamilton Thompson Allen Dijkstra Perlman "
    "Berners Lamarr Knuth Johnson McCarthy Wilson Wirth Goldwasser Lamport Matsumoto Rossum "
    "Stroustrup Hejlsberg Sammet Lin Patel Okafor Wang Romero Haddad Larsen Mensah Tanaka Iyer "
    "Garcia Martin Kim Aziz Petrova"
).split()
COMPANIES = (
    "Acme Systems", "Ferrous Labs", "Oxide Works", "Crab Cloud", "Borrow & Co", "Tokio Tech",
    "Serde Analytics", "Cargo Freight", "Rayon Robotics", "Wasm Studio", "Open University",
    "Independent",
)
JOB_TITLES = (
    "Software Engineer", "Staff Engineer", "Principal Engineer", "Researcher", "CTO",
    "Developer Advocate", "Engineering Manager", "PhD Student", "Consultant",
)
PRONOUNS = ("she/her", "he/him", "they/them")
COUNTRIES = ("Germany", "France", "Taiwan", "Japan", "Brazil", "Nigeria", "India", "Canada",
             "Sweden", "Spain", "Kenya", "Poland")
KINDS = ("talk", "talk", "talk", "talk", "workshop", "panel", "lightning", "roundtable", "keynote")
LEVELS = ("beginner", "intermediate", "advanced")
TAGS = ("async", "embedded", "web", "tooling", "safety", "performance", "databases", "gamedev",
        "security", "community")

TRACKS = (
    ("systems", "Systems", "#2563eb"),
    ("web", "Web & Cloud", "#16a34a"),
    ("embedded", "Embedded", "#d97706"),
    ("tooling", "Tooling", "#9333ea"),
    ("community", "Community", "#dc2626"),
)

# id, name, rank, logo_size, placements, jobs quota, count (= max), page
TIERS = (
    ("platinum", "Platinum", 1, "xl", ["home-hero", "home", "footer", "agenda", "session", "jobs"],
     5, 2, True),
    ("gold", "Gold", 2, "l", ["home", "footer", "agenda", "jobs"], 3, 4, True),
    ("silver", "Silver", 3, "m", ["home", "footer", "jobs"], 2, 6, False),
    ("bronze", "Bronze", 4, "s", ["home", "footer"], 1, 8, False),
    ("community", "Community", 5, "s", ["footer"], 0, 10, False),
)
# jobs each sponsor of a tier posts (must be <= the tier's quota)
JOBS_PER_SPONSOR = {"platinum": 4, "gold": 3, "silver": 2, "bronze": 1, "community": 0}

SPONSOR_NAMES = (
    "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Wonka",
    "Cyberdyne", "Soylent", "Tyrell", "Massive", "Aperture", "BlackMesa", "Oscorp", "Gringotts",
    "Monarch", "Nakatomi", "Virtucon", "Duff", "Krusty", "Prestige", "Sirius", "Zorg", "Dunder",
    "Pied", "Bluth", "Gekko", "Ollivander",
)
assert len(SPONSOR_NAMES) == sum(t[6] for t in TIERS) == 30

LOGO_COLORS = ("#1e3a8a", "#065f46", "#7c2d12", "#581c87", "#831843", "#134e4a")


# ---------------------------------------------------------------------------------------------
# layout


def layout(n: int) -> tuple[int, int]:
    """(days, rooms) for n sessions."""
    days = min(MAX_DAYS, max(2, math.ceil(n / (SLOTS_PER_DAY * SESSIONS_PER_DAY_PER_ROOM_TARGET))))
    rooms = max(1, math.ceil(n / (SLOTS_PER_DAY * days)))
    return days, rooms


def slot_start(slot: int) -> dt.datetime:
    day, k = divmod(slot, SLOTS_PER_DAY)
    base = dt.datetime.combine(START_DATE + dt.timedelta(days=day), FIRST_SLOT)
    return base + dt.timedelta(minutes=SLOT_MINUTES * k)


def fmt_time(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M")


def q(s: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def slugify(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


# ---------------------------------------------------------------------------------------------
# prose


class Prose:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def words(self, k: int) -> list[str]:
        return self.rng.choices(WORDS, k=k)

    def sentence(self, k: int) -> str:
        w = self.words(k)
        w[0] = w[0].capitalize()
        return " ".join(w) + "."

    def paragraph(self, nwords: int) -> str:
        out, left = [], nwords
        while left > 0:
            k = min(left, self.rng.randint(8, 14))
            out.append(self.sentence(k))
            left -= k
        return " ".join(out)

    def abstract(self, i: int) -> str:
        """About 150 words: paragraph, `##` heading, bullet list, link, *emphasis*."""
        r = self.rng
        p1 = self.paragraph(55)
        emph = " ".join(self.words(2))
        p1 = p1[:-1] + f", with *{emph}* in mind."
        bullets = "\n".join(f"- {self.sentence(r.randint(6, 9))}" for _ in range(4))
        topic = " ".join(self.words(3))
        link = f"[{topic}](https://example.org/talks/{i})"
        p2 = self.paragraph(40)
        return (
            f"{p1}\n\n## What you will learn\n\n{bullets}\n\n"
            f"Read more about {link} before the session. {p2}\n"
        )

    def bio(self, name: str) -> str:
        """About 80 words."""
        p = self.paragraph(43)
        return f"{name} works on {p[0].lower()}{p[1:]}\n\n{self.paragraph(33)}\n"


# ---------------------------------------------------------------------------------------------
# generation


def write(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def generate(n: int, out: str, seed: int) -> dict:
    rng = random.Random(seed)
    prose = Prose(rng)
    days, nrooms = layout(n)
    end_date = START_DATE + dt.timedelta(days=days - 1)
    nspeakers = max(1, n // 2)

    for d in ("speakers", "sessions", "sponsors", "jobs", "news", "pages", "static/img"):
        os.makedirs(os.path.join(out, d), exist_ok=True)

    # site.yaml
    write(os.path.join(out, "static/img/logo.svg"), svg_logo("BC", "#5b21b6"))
    write(os.path.join(out, "site.yaml"), f"""\
title: BenchConf 2027
acronym: benchconf-2027
tagline: {q(f"A synthetic conference with {n} sessions")}
description: Generated by bench/gen.py to measure confpress build performance.
base_url: https://bench.example.org/2027/
timezone: {TIMEZONE}
start_date: {START_DATE.isoformat()}
end_date: {end_date.isoformat()}
venue:
  name: Bench Convention Center
  address: Benchstraße 1
  city: Berlin
  country: Germany
  url: https://venue.example.org/
organizer:
  name: BenchConf e.V.
  url: https://bench.example.org/
  email: team@bench.example.org
logo: img/logo.svg
links:
  tickets: /tickets/
  cfp: https://bench.example.org/cfp/
  code_of_conduct: /code-of-conduct/
  mastodon: https://mastodon.example.org/@benchconf
utm:
  source: benchconf
  medium: website
  campaign: benchconf-2027
primary_color: "#5b21b6"
""")

    # sponsors.yaml + sponsors/ + logos
    sponsors = []  # (slug, tier)
    lines = ["order: contract", "tiers:"]
    k = 0
    for tid, tname, rank, size, placements, jobs, count, page in TIERS:
        lines += [
            f"  - id: {tid}",
            f"    name: {tname}",
            f"    rank: {rank}",
            f"    logo_size: {size}",
            f"    placements: [{', '.join(placements)}]",
            f"    jobs: {jobs}",
            f"    max: {count}",
            f"    page: {'true' if page else 'false'}",
        ]
        for _ in range(count):
            name = SPONSOR_NAMES[k]
            slug = slugify(name)
            sponsors.append((slug, tid))
            color = LOGO_COLORS[k % len(LOGO_COLORS)]
            write(os.path.join(out, f"static/img/sponsor-{slug}.svg"), svg_logo(name, color))
            signed = dt.date(2026, 6, 1) + dt.timedelta(days=7 * k)
            write(os.path.join(out, f"sponsors/{slug}.md"), f"""\
---
name: {q(name + " Inc.")}
tier: {tid}
logo: img/sponsor-{slug}.svg
url: https://{slug}.example.com/
booth: {q(f"B{k + 1:02d}")}
signed: {signed.isoformat()}
---
{prose.paragraph(60)}
""")
            k += 1
    write(os.path.join(out, "sponsors.yaml"), "\n".join(lines) + "\n")

    # rooms.yaml
    rooms = [f"room-{r + 1:02d}" for r in range(nrooms)]
    lines = []
    for r, rid in enumerate(rooms):
        lines += [
            f"- id: {rid}",
            f"  name: Room {r + 1}",
            f"  capacity: {100 + 50 * (r % 8)}",
            f"  floor: {q(str(r % 4))}",
            f"  stream: https://stream.example.org/{rid}",
        ]
        if r == 0:
            lines.append(f"  sponsor: {sponsors[0][0]}")
    write(os.path.join(out, "rooms.yaml"), "\n".join(lines) + "\n")

    # tracks.yaml
    lines = []
    for tid, tname, color in TRACKS:
        lines += [f"- id: {tid}", f"  name: {q(tname)}", f"  color: {q(color)}",
                  f"  description: {q(f'Talks about {tname.lower()}.')}"]
    write(os.path.join(out, "tracks.yaml"), "\n".join(lines) + "\n")

    # speakers/
    speaker_slugs = []
    for s in range(nspeakers):
        first = FIRST_NAMES[s % len(FIRST_NAMES)]
        last = LAST_NAMES[(s // len(FIRST_NAMES) + s) % len(LAST_NAMES)]
        name = f"{first} {last}"
        slug = f"{slugify(name)}-{s + 1}"
        speaker_slugs.append(slug)
        extra = "featured: true\n" if s < 8 else ""
        write(os.path.join(out, f"speakers/{slug}.md"), f"""\
---
name: {q(name)}
affiliation: {q(COMPANIES[s % len(COMPANIES)])}
job_title: {q(JOB_TITLES[s % len(JOB_TITLES)])}
pronouns: {PRONOUNS[s % len(PRONOUNS)]}
country: {COUNTRIES[s % len(COUNTRIES)]}
links:
  - label: Website
    url: https://people.example.org/{slug}
{extra}---
{prose.bio(name)}""")

    # sessions/: slot-major fill; round-robin speakers, never twice in one slot
    ptr = 0
    used_in_slot: set[int] = set()
    cur_slot = -1
    sponsored = [s for s, t in sponsors if t in ("platinum", "gold")]
    for i in range(n):
        slot, r = divmod(i, nrooms)
        if slot != cur_slot:
            cur_slot, used_in_slot = slot, set()
        want = 2 if (i % 3 == 0 and nspeakers >= 2) else 1
        spk = []
        tries = 0
        while len(spk) < want and tries < nspeakers:
            cand = ptr
            ptr = (ptr + 1) % nspeakers
            tries += 1
            if cand not in used_in_slot:
                used_in_slot.add(cand)
                spk.append(speaker_slugs[cand])
        start = slot_start(slot)
        a, b = rng.choice(TITLE_WORDS), rng.choice(TITLE_WORDS)
        title = rng.choice(TITLE_PATTERNS).format(a=a, b=b)
        kind = KINDS[i % len(KINDS)]
        fm = [
            "---",
            f"title: {q(title)}",
            f"kind: {kind}",
            f"speakers: [{', '.join(spk)}]",
            f"track: {TRACKS[i % len(TRACKS)][0]}",
            f"room: {rooms[r]}",
            f"start: {fmt_time(start)}",
        ]
        if i % 2:
            fm.append(f"end: {fmt_time(start + dt.timedelta(minutes=SESSION_MINUTES))}")
        else:
            fm.append(f"duration: {SESSION_MINUTES}")
        fm.append(f"level: {LEVELS[i % len(LEVELS)]}")
        fm.append(f"tags: [{TAGS[i % len(TAGS)]}, {TAGS[(i * 7 + 3) % len(TAGS)]}]")
        if i % 4 == 0:
            fm.append(f"slides: https://slides.example.org/{i + 1}")
        if i % 5 == 0:
            fm.append(f"video: https://video.example.org/{i + 1}")
        if i % 50 == 7:
            fm.append(f"sponsor: {sponsored[i % len(sponsored)]}")
        if i < 6:
            fm.append("featured: true")
        fm.append("---")
        write(os.path.join(out, f"sessions/session-{i + 1:05d}.md"),
              "\n".join(fm) + "\n" + prose.abstract(i + 1))

    # tickets.yaml
    write(os.path.join(out, "tickets.yaml"), """\
currency: EUR
url: https://tickets.example.org/benchconf-2027
tiers:
  - id: early-bird
    name: Early Bird
    price: 199
    description: For the quick ones.
    includes: [All talks, Lunch, Conference T-shirt]
    on_sale: 2026-09-01 10:00
    off_sale: 2026-12-31 23:59
    quantity: 300
  - id: regular
    name: Regular
    price: 399
    description: The standard ticket.
    includes: [All talks, Lunch, Conference T-shirt, Social event]
    on_sale: 2027-01-01 00:00
    off_sale: 2027-02-28 23:59
  - id: student
    name: Student
    price: 49
    description: Bring a valid student ID.
    includes: [All talks, Lunch]
    on_sale: 2026-09-01 10:00
    off_sale: 2027-02-28 23:59
    audience: Students
    quantity: 100
""")

    # jobs/ (within each tier's quota)
    j = 0
    remotes = ("onsite", "hybrid", "remote")
    types = ("full-time", "full-time", "part-time", "contract", "internship")
    for slug, tier in sponsors:
        for m in range(JOBS_PER_SPONSOR[tier]):
            j += 1
            title = f"{JOB_TITLES[j % 5]} ({TAGS[j % len(TAGS)]})"
            posted = dt.date(2027, 1, 4) + dt.timedelta(days=j)
            write(os.path.join(out, f"jobs/{slug}-{m + 1}.md"), f"""\
---
title: {q(title)}
sponsor: {slug}
location: {q(COUNTRIES[j % len(COUNTRIES)])}
remote: {remotes[j % 3]}
type: {types[j % len(types)]}
salary:
  min: {50000 + 1000 * j}
  max: {80000 + 1000 * j}
  currency: EUR
  period: year
apply: https://{slug}.example.com/jobs/{m + 1}
posted: {posted.isoformat()}
tags: [rust, {TAGS[j % len(TAGS)]}]
---
{prose.paragraph(50)}
""")

    # news/
    news = (
        ("2026-09-01", "cfp-open", "The call for proposals is open"),
        ("2026-10-15", "tickets-on-sale", "Tickets are on sale"),
        ("2026-12-01", "schedule-out", "The schedule is out"),
        ("2027-01-20", "keynotes-announced", "Keynotes announced"),
        ("2027-02-10", "venue-guide", "Your guide to the venue"),
    )
    for date, slug, title in news:
        write(os.path.join(out, f"news/{date}-{slug}.md"), f"""\
---
title: {q(title)}
author: BenchConf team
---
{prose.paragraph(40)}

{prose.paragraph(60)}
""")

    # pages/
    pages = (
        ("about", "About BenchConf"),
        ("venue", "Venue"),
        ("code-of-conduct", "Code of Conduct"),
        ("faq", "Frequently Asked Questions"),
    )
    for slug, title in pages:
        write(os.path.join(out, f"pages/{slug}.md"), f"""\
---
title: {q(title)}
description: {q(f"{title} of BenchConf 2027.")}
---
{prose.paragraph(80)}

## Details

{prose.paragraph(80)}
""")

    return {"sessions": n, "speakers": nspeakers, "rooms": nrooms, "days": days,
            "end_date": end_date.isoformat(), "sponsors": len(sponsors), "jobs": j}


def svg_logo(text: str, color: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="80" viewBox="0 0 240 80">'
        f'<rect width="240" height="80" rx="8" fill="{color}"/>'
        '<text x="120" y="50" font-family="sans-serif" font-size="28" fill="#fff" '
        f'text-anchor="middle">{text}</text></svg>\n'
    )


# ---------------------------------------------------------------------------------------------
# verification (reads the files back; independent of the generator's bookkeeping)


def front_matter(path: str) -> dict[str, str]:
    """Top-level `key: value` pairs of this generator's front matter (flat; nested keys skipped)."""
    out: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        if f.readline().rstrip("\n") != "---":
            raise ValueError(f"{path}: no front matter")
        for line in f:
            line = line.rstrip("\n")
            if line == "---":
                return out
            if line.startswith(" ") or ":" not in line:
                continue
            k, v = line.split(":", 1)
            out[k] = v.strip()
    raise ValueError(f"{path}: front matter not closed")


def flow_list(v: str) -> list[str]:
    v = v.strip()
    assert v.startswith("[") and v.endswith("]"), v
    return [x.strip() for x in v[1:-1].split(",") if x.strip()]


def yaml_ids(path: str) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return [m.group(1) for m in re.finditer(r"^\s*- id: (\S+)$", f.read(), re.M)]


def verify(out: str) -> list[str]:
    errs: list[str] = []
    site = {}
    with open(os.path.join(out, "site.yaml"), encoding="utf-8") as f:
        for line in f:
            if not line.startswith(" ") and ":" in line:
                k, v = line.split(":", 1)
                site[k] = v.strip()
    first = dt.date.fromisoformat(site["start_date"])
    last = dt.date.fromisoformat(site["end_date"])
    if site.get("timezone") != TIMEZONE:
        errs.append("site.yaml: unexpected timezone")

    rooms = set(yaml_ids(os.path.join(out, "rooms.yaml")))
    tracks = set(yaml_ids(os.path.join(out, "tracks.yaml")))
    speakers = {f[:-3] for f in os.listdir(os.path.join(out, "speakers")) if f.endswith(".md")}
    sponsor_tier = {}
    for f in os.listdir(os.path.join(out, "sponsors")):
        fm = front_matter(os.path.join(out, "sponsors", f))
        sponsor_tier[f[:-3]] = fm["tier"]
        if not os.path.isfile(os.path.join(out, "static", fm["logo"])):
            errs.append(f"sponsors/{f}: logo {fm['logo']} missing")
    # tier quotas from sponsors.yaml
    tiers: dict[str, dict[str, str]] = {}
    cur = None
    with open(os.path.join(out, "sponsors.yaml"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^\s+(?:- )?(\w+): (.*)$", line)
            if not m:
                continue
            k, v = m.groups()
            if k == "id":
                cur = tiers.setdefault(v, {})
            elif cur is not None:
                cur[k] = v
    for tid, t in tiers.items():
        if "footer" not in flow_list(t["placements"]):
            errs.append(f"tier {tid}: no footer placement")
        members = sum(1 for x in sponsor_tier.values() if x == tid)
        if members > int(t["max"]):
            errs.append(f"tier {tid}: {members} sponsors > max {t['max']}")
    for s, tid in sponsor_tier.items():
        if tid not in tiers:
            errs.append(f"sponsors/{s}.md: unknown tier {tid}")

    jobs_per_sponsor: dict[str, int] = {}
    for f in os.listdir(os.path.join(out, "jobs")):
        fm = front_matter(os.path.join(out, "jobs", f))
        s = fm["sponsor"]
        if s not in sponsor_tier:
            errs.append(f"jobs/{f}: unknown sponsor {s}")
            continue
        jobs_per_sponsor[s] = jobs_per_sponsor.get(s, 0) + 1
    for s, c in jobs_per_sponsor.items():
        quota = int(tiers[sponsor_tier[s]]["jobs"])
        if c > quota:
            errs.append(f"sponsor {s}: {c} jobs > quota {quota}")

    # sessions
    by_room: dict[str, list[tuple[dt.datetime, dt.datetime, str]]] = {}
    by_speaker: dict[str, list[tuple[dt.datetime, dt.datetime, str]]] = {}
    seen_speakers: set[str] = set()
    nsess = 0
    for f in sorted(os.listdir(os.path.join(out, "sessions"))):
        nsess += 1
        fm = front_matter(os.path.join(out, "sessions", f))
        start = dt.datetime.strptime(fm["start"], "%Y-%m-%d %H:%M")
        if "end" in fm:
            end = dt.datetime.strptime(fm["end"], "%Y-%m-%d %H:%M")
        else:
            end = start + dt.timedelta(minutes=int(fm["duration"]))
        if not end > start:
            errs.append(f"sessions/{f}: ends before it starts")
        if not (first <= start.date() <= last and first <= end.date() <= last):
            errs.append(f"sessions/{f}: outside {first}..{last}")
        # DST gap in Europe/Berlin: 2027-03-28 02:00-03:00 does not exist
        if start.date() == dt.date(2027, 3, 28) and 2 <= start.hour < 3:
            errs.append(f"sessions/{f}: starts in the DST gap")
        room = fm.get("room")
        if room is None:
            errs.append(f"sessions/{f}: plenary (not expected from the generator)")
        elif room not in rooms:
            errs.append(f"sessions/{f}: unknown room {room}")
        else:
            by_room.setdefault(room, []).append((start, end, f))
        if fm.get("track") and fm["track"] not in tracks:
            errs.append(f"sessions/{f}: unknown track {fm['track']}")
        if fm.get("sponsor") and fm["sponsor"] not in sponsor_tier:
            errs.append(f"sessions/{f}: unknown sponsor {fm['sponsor']}")
        spk = flow_list(fm.get("speakers", "[]"))
        if len(set(spk)) != len(spk):
            errs.append(f"sessions/{f}: speaker listed twice")
        for s in spk:
            if s not in speakers:
                errs.append(f"sessions/{f}: unknown speaker {s}")
            seen_speakers.add(s)
            by_speaker.setdefault(s, []).append((start, end, f))

    def overlaps(what: str, groups: dict) -> None:
        for key, items in groups.items():
            items.sort()
            for (s1, e1, f1), (s2, e2, f2) in zip(items, items[1:]):
                if s2 < e1:
                    errs.append(f"{what} {key}: {f1} and {f2} overlap")

    overlaps("room", by_room)
    overlaps("speaker", by_speaker)
    idle = speakers - seen_speakers
    if idle:
        errs.append(f"{len(idle)} speakers have no session (a warning in confpress)")
    print(f"verify: {nsess} sessions, {len(speakers)} speakers, {len(rooms)} rooms, "
          f"{len(sponsor_tier)} sponsors, {sum(jobs_per_sponsor.values())} jobs, "
          f"days {first}..{last}: {'OK' if not errs else f'{len(errs)} problem(s)'}",
          file=sys.stderr)
    return errs


# ---------------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of sessions")
    ap.add_argument("outdir", help="folder to write the site into (must be empty or missing)")
    ap.add_argument("--seed", type=int, default=2027, help="random seed (default 2027)")
    ap.add_argument("--force", action="store_true", help="delete OUTDIR first if it is not empty")
    ap.add_argument("--verify", action="store_true",
                    help="after writing, read the files back and check overlaps and references")
    args = ap.parse_args()
    if args.n < 1:
        ap.error("N must be at least 1")
    if os.path.exists(args.outdir) and os.listdir(args.outdir):
        if not args.force:
            print(f"gen.py: {args.outdir} is not empty (use --force to replace it)",
                  file=sys.stderr)
            return 2
        shutil.rmtree(args.outdir)
    t0 = time.perf_counter()
    info = generate(args.n, args.outdir, args.seed)
    dt_gen = time.perf_counter() - t0
    print("gen: " + ", ".join(f"{k} {v}" for k, v in info.items())
          + f" ({dt_gen:.2f} s) -> {args.outdir}", file=sys.stderr)
    if args.verify:
        errs = verify(args.outdir)
        for e in errs[:50]:
            print(f"  {e}", file=sys.stderr)
        if errs:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
