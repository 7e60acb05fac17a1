#!/usr/bin/env python3
"""Search latency through the REST API: runs a mix of realistic queries, by default sequentially (one client, so the
figure is service + database time, not queueing), or from CLIENTS concurrent clients that each run every round, and
prints p50/p95/p99 per query kind and overall.

usage: search-latency.py BASE_URL ORG_ID TOKEN [ROUNDS [CLIENTS]]
   env: WARMUP_SECONDS (20): the query mix runs this long, unmeasured, before the measured rounds, so that the
        JIT has compiled the search path (with two warm-up rounds only, C2 compilation ran during the measurement
        and took more CPU than the searches themselves)
"""
import json, os, statistics, sys, threading, time, urllib.parse, urllib.request

QUERIES = {
    "common word": ["payment", "users", "dashboard", "performance", "onboarding"],
    "two words": ["checkout payment", "slack notifications", "invoice export", "dark mode", "audit log"],
    "phrase": ['"single sign-on"', '"acceptance criteria"', '"weekly digest"', '"rate limits"'],
    "exclusion/or": ["refund -chargeback", "saml or scim", "kafka or postgres -latency"],
    "rare word": ["quokka", "zeppelin", "gdpr", "chargeback"],
    "filtered": ["payment&status=published", "onboarding&status=in_review", "dashboard&updatedFrom=2026-09-01T00:00:00Z"],
    "deep page": ["users&offset=200"],
}


def pct(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    f = int(k)
    c = min(f + 1, len(values) - 1)
    return values[f] + (values[c] - values[f]) * (k - f)


def run(base, org, token, rounds, results, hits, lock):
    warm_until = time.perf_counter() + float(os.environ.get("WARMUP_SECONDS", "20"))
    rnd = 0
    while rnd < 2 or time.perf_counter() < warm_until:  # at least two warm-up rounds
        query_round(base, org, token, results, hits, lock, measure=False)
        rnd += 1
    for _ in range(rounds):
        query_round(base, org, token, results, hits, lock, measure=True)


def query_round(base, org, token, results, hits, lock, measure):
    for kind, qs in QUERIES.items():
        for q in qs:
            text, _, extra = q.partition("&")
            url = f"{base}/api/v1/orgs/{org}/search?q={urllib.parse.quote(text)}&limit=20" + ("&" + extra if extra else "")
            req = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
            t0 = time.perf_counter()
            with urllib.request.urlopen(req) as r:
                body = r.read()
            ms = (time.perf_counter() - t0) * 1000
            if measure:
                with lock:
                    results.setdefault(kind, []).append(ms)
                    hits[q] = len(json.loads(body)["items"])


def main():
    base, org, token = sys.argv[1:4]
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    clients = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    results = {}
    hits = {}
    lock = threading.Lock()
    threads = [threading.Thread(target=run, args=(base, org, token, rounds, results, hits, lock))
               for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    allv = [v for vs in results.values() for v in vs]
    print(f"| query kind | n | p50 ms | p95 ms | p99 ms |")
    print(f"| --- | --: | --: | --: | --: |")
    for kind, vs in results.items():
        print(f"| {kind} | {len(vs)} | {pct(vs, 50):.1f} | {pct(vs, 95):.1f} | {pct(vs, 99):.1f} |")
    print(f"| **all** | {len(allv)} | {pct(allv, 50):.1f} | {pct(allv, 95):.1f} | {pct(allv, 99):.1f} |")
    print()
    if clients > 1:
        print(f"{clients} concurrent clients: {sum(len(v) for v in results.values()) / elapsed:.0f} searches/s"
              " (warm-up included in the time)")
        print()
    print("hits per page (limit 20): " + ", ".join(f"{q}={n}" for q, n in hits.items()))


if __name__ == "__main__":
    main()
