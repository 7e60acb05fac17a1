#!/usr/bin/env python3
"""Search latency through the REST API: runs a mix of realistic queries, by default sequentially (one client, so the
figure is service + database time, not queueing), or from CLIENTS concurrent clients that each run every round, and
prints p50/p95/p99 per query kind and overall. Each client keeps one HTTP connection open (keep-alive).

usage: search-latency.py BASE_URL ORG_ID TOKEN [ROUNDS [CLIENTS]]
   env: WARMUP_SECONDS (40): the query mix runs this long, unmeasured, before the measured rounds, so that the
        JIT has compiled the search path (with two warm-up rounds only, C2 compilation ran during the measurement
        and took more CPU than the searches themselves)
"""
import http.client, json, os, sys, threading, time, urllib.parse

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


def run(base, org, token, rounds, results, hits, lock, measured):
    # one keep-alive connection per client, as a browser or an API client holds one
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port)
    warm_until = time.perf_counter() + float(os.environ.get("WARMUP_SECONDS", "40"))
    rnd = 0
    while rnd < 2 or time.perf_counter() < warm_until:  # at least two warm-up rounds
        query_round(conn, org, token, results, hits, lock, measure=False)
        rnd += 1
    measured.wait()  # every client starts measuring at once: the throughput is the measured rounds'
    for _ in range(rounds):
        query_round(conn, org, token, results, hits, lock, measure=True)


def query_round(conn, org, token, results, hits, lock, measure):
    for kind, qs in QUERIES.items():
        for q in qs:
            text, _, extra = q.partition("&")
            path = f"/api/v1/orgs/{org}/search?q={urllib.parse.quote(text)}&limit=20" + ("&" + extra if extra else "")
            t0 = time.perf_counter()
            conn.request("GET", path, headers={"Authorization": "Bearer " + token})
            response = conn.getresponse()
            body = response.read()
            ms = (time.perf_counter() - t0) * 1000
            if response.status != 200:
                raise SystemExit(f"{path}: HTTP {response.status} {body[:300]!r}")
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
    started = []
    measured = threading.Barrier(clients, action=lambda: started.append(time.perf_counter()))
    threads = [threading.Thread(target=run, args=(base, org, token, rounds, results, hits, lock, measured))
               for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started[0]
    allv = [v for vs in results.values() for v in vs]
    print(f"| query kind | n | p50 ms | p95 ms | p99 ms |")
    print(f"| --- | --: | --: | --: | --: |")
    for kind, vs in results.items():
        print(f"| {kind} | {len(vs)} | {pct(vs, 50):.1f} | {pct(vs, 95):.1f} | {pct(vs, 99):.1f} |")
    print(f"| **all** | {len(allv)} | {pct(allv, 50):.1f} | {pct(allv, 95):.1f} | {pct(allv, 99):.1f} |")
    print()
    if clients > 1:
        print(f"{clients} concurrent clients: {sum(len(v) for v in results.values()) / elapsed:.0f} searches/s"
              " (measured rounds)")
        print()
    print("hits per page (limit 20): " + ", ".join(f"{q}={n}" for q, n in hits.items()))


if __name__ == "__main__":
    main()
