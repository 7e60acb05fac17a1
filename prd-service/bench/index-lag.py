#!/usr/bin/env python3
"""Indexing lag: from a PRD write (the API's response) to the PRD being findable by another member's search.

The writer is the benchmark's owner; the reader is a second user, added to the organization as a viewer, so that the
author's read-your-writes wait (which hides the lag from the author) does not apply. Each probe creates a PRD whose
title and content hold a word that occurs nowhere else, then searches for it as the reader every POLL_MS until it is
found. The lag is an upper bound by one poll interval plus one search.

usage: index-lag.py BASE ORG PROJECT OWNER_TOKEN READER_TOKEN [PROBES] [POLL_MS]
"""
import json, random, string, sys, time, urllib.error, urllib.parse, urllib.request


def call(method, url, token, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, None


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def main():
    base, org, project, owner, reader = sys.argv[1:6]
    probes = int(sys.argv[6]) if len(sys.argv) > 6 else 50
    poll = (int(sys.argv[7]) if len(sys.argv) > 7 else 10) / 1000
    status, me = call("GET", f"{base}/api/v1/users/me", reader)
    assert status == 200, f"reader: {status}"
    status, _ = call("POST", f"{base}/api/v1/orgs/{org}/members", owner, {"userId": me["id"], "role": "viewer"})
    assert status in (200, 201, 409), f"adding the reader: {status}"
    lags = []
    for i in range(probes):
        word = "lagprobe" + "".join(random.choice(string.ascii_lowercase) for _ in range(10))
        status, _ = call("POST", f"{base}/api/v1/projects/{project}/prds", owner,
                         {"title": f"Indexing probe {word}", "content": f"# Probe\n\nThe word {word} is here.\n"})
        assert status == 201, f"create: {status}"
        written = time.monotonic()
        while True:
            status, found = call("GET", f"{base}/api/v1/orgs/{org}/search?q={urllib.parse.quote(word)}&limit=1",
                                 reader)
            assert status == 200, f"search: {status}"
            if found["items"]:
                lags.append((time.monotonic() - written) * 1000)
                break
            if time.monotonic() - written > 30:
                raise SystemExit(f"probe {i}: not findable after 30 s")
            time.sleep(poll)
        time.sleep(0.1)  # writes spaced out: the lag of one write, not of a burst
    print(f"indexing lag over {len(lags)} writes (write response to another member finding it, polled every"
          f" {poll * 1000:.0f} ms): p50 {pct(lags, 50):.0f} ms, p95 {pct(lags, 95):.0f} ms, p99 {pct(lags, 99):.0f} ms,"
          f" max {max(lags):.0f} ms")


if __name__ == "__main__":
    main()
