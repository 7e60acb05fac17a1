#!/usr/bin/env python3
"""Relevance of prd-service search on a judged query set (relevance-set.json): plants the judged documents into the
benchmark's organization, then scores an engine through the REST API with nDCG@10 and MRR@10.

usage: relevance.py sql SET.json                          SQL that plants the documents (psql variables org,
                                                          project, author), deterministic ids and text
       relevance.py score SET.json BASE_URL ORG TOKEN ENGINE OUT.json   score the running service, print a table
       relevance.py compare OUT.json...                   the engines' scores side by side

Grades (relevance-set.json): 3 = about the query's topic, 2 = a section covers it, 1 = mentions it; every other
document, generated ones included, is 0. nDCG@10 uses the gain 2^grade - 1 and the ideal order of the judged
documents; MRR@10 is 1/rank of the first document with grade >= 1 in the top 10 (0 if none).
"""
import json, math, random, re, sys, urllib.parse, urllib.request, uuid

NAMESPACE = uuid.UUID("6f1c7e6e-3c0e-4b8e-9d7a-2f4c1a9b5e10")
# Neutral filler that gives planted documents the length of the generated ones (about 500 words); a word sharing
# its first five letters with a query word is dropped, so filler never matches (or excludes) a judged query.
FILLER = """quarter stakeholder deadline scope assumption agreement outline context background detail proposal
option decision tradeoff estimate effort sprint iteration capacity owner partner vendor contract budget forecast
headcount hiring culture offsite workshop whiteboard sketch mockup wireframe prototype copy wording tone voice
glossary appendix footnote reference figure table chart column row cell value total average median sample cohort
segment region market competitor advantage strategy vision mission principle guideline policy process step stage
phase gate handoff checklist owner reviewer approver sponsor champion lead manager designer engineer analyst writer
marketer seller buyer shopper visitor guest member admin everyone somebody nobody always never often sometimes
usually rarely early late soon later today tomorrow yesterday morning evening night weekday weekend spring summer
autumn winter north south east west small large medium simple complex clear vague fast slow cheap expensive
""".split()


def doc_id(key):
    return uuid.uuid5(NAMESPACE, "prd-service/bench/relevance/" + key)


def filler_words(queries):
    stems = {w[:5] for q in queries for w in re.findall(r"[a-z0-9]+", q["q"].lower()) if len(w) > 2}
    return [w for w in FILLER if w[:5] not in stems and w not in ("guest", "member", "admin")]


def content(d, words):
    rnd = random.Random(d["key"])
    sentences = list(d["body"])
    sections = ["Problem", "Goals", "Requirements", "Success metrics", "Risks"]
    out = ["# " + d["title"], ""]
    for i, name in enumerate(sections):
        out += ["## " + name, ""]
        para = []
        # the topical sentences go into the first sections, one each, between filler
        if i < len(sentences):
            take = sentences[i::len(sections)]
        else:
            take = []
        for s in take:
            para.append(" ".join(rnd.choice(words) for _ in range(rnd.randint(30, 60))) + ".")
            para.append(s)
        para.append(" ".join(rnd.choice(words) for _ in range(rnd.randint(40, 80))) + ".")
        out += [" ".join(para), ""]
    return "\n".join(out)


def sql(path):
    data = json.load(open(path))
    words = filler_words(data["queries"])
    print("\\set ON_ERROR_STOP on")
    print("SET search_path = prd;")
    print("SET session_replication_role = replica;")
    print("INSERT INTO prds (id, organization_id, project_id, title, slug, content, status, created_by, updated_by,"
          " current_version, created_at, updated_at) VALUES")
    rows = []
    for i, d in enumerate(data["docs"]):
        text = content(d, words).replace("'", "''")
        title = d["title"].replace("'", "''")
        ts = f"timestamptz '2026-06-01T00:00:00Z' + interval '{i} minutes'"
        rows.append(f"('{doc_id(d['key'])}', :'org', :'project', '{title}', 'relevance-{d['key']}', '{text}', 'draft',"
                    f" :'author', :'author', '1.0.0', {ts}, {ts})")
    print(",\n".join(rows) + ";")
    print("INSERT INTO prd_versions (prd_id, version, content, changelog, created_by)"
          " SELECT id, '1.0.0', content, 'Initial version', created_by FROM prds WHERE slug LIKE 'relevance-%';")
    print("SET session_replication_role = origin;")


def ndcg(ranked_grades, judged, k=10):
    dcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ranked_grades[:k]))
    ideal = sorted(judged, reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def mrr(ranked_grades, k=10):
    return next((1 / (i + 1) for i, g in enumerate(ranked_grades[:k]) if g >= 1), 0.0)


def score(path, base, org, token, engine, out):
    data = json.load(open(path))
    keys = {str(doc_id(d["key"])): d["key"] for d in data["docs"]}
    per_query = []
    for q in data["queries"]:
        url = f"{base}/api/v1/orgs/{org}/search?q={urllib.parse.quote(q['q'])}&limit=10"
        req = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
        with urllib.request.urlopen(req) as r:
            items = json.load(r)["items"]
        got = [keys.get(i["id"], "-") for i in items]
        grades = [q["grades"].get(k, 0) for k in got]
        per_query.append({"q": q["q"], "kind": q["kind"], "ranked": got,
                          "ndcg": ndcg(grades, list(q["grades"].values())), "mrr": mrr(grades)})
    result = {"engine": engine, "queries": per_query}
    json.dump(result, open(out, "w"), indent=1)
    print(f"relevance, engine {engine}: {len(per_query)} judged queries, {len(data['docs'])} planted documents"
          " among the generated ones")
    print()
    table([result])


def kinds(results):
    seen = []
    for q in results[0]["queries"]:
        if q["kind"] not in seen:
            seen.append(q["kind"])
    return seen


def table(results):
    head = " | ".join(f"{r['engine']} nDCG@10 | {r['engine']} MRR" for r in results)
    print(f"| query kind | n | {head} |")
    print("| --- | --: |" + " --: | --: |" * len(results))
    for kind in kinds(results) + [None]:
        cells = []
        n = 0
        for r in results:
            qs = [q for q in r["queries"] if kind is None or q["kind"] == kind]
            n = len(qs)
            cells.append(f"{sum(q['ndcg'] for q in qs) / n:.3f} | {sum(q['mrr'] for q in qs) / n:.3f}")
        label = "**all**" if kind is None else kind
        print(f"| {label} | {n} | " + " | ".join(cells) + " |")


def compare(paths):
    results = [json.load(open(p)) for p in paths]
    table(results)
    print()
    print("queries where the engines differ (nDCG@10):")
    for i, q in enumerate(results[0]["queries"]):
        values = [r["queries"][i]["ndcg"] for r in results]
        if max(values) - min(values) > 0.005:
            print(f"- `{q['q']}`: " + ", ".join(f"{r['engine']} {r['queries'][i]['ndcg']:.3f}"
                                                f" [{' '.join(r['queries'][i]['ranked'][:5])}]" for r in results))


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "sql":
        sql(*args)
    elif cmd == "score":
        score(*args)
    elif cmd == "compare":
        compare(args)
    else:
        sys.exit(__doc__)
