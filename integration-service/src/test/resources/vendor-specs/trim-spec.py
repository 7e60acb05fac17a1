#!/usr/bin/env python3
"""Trims a vendor OpenAPI 3 spec to the operations a stand-in validates, keeping every component they reference.

Usage: trim-spec.py SOURCE.json OUTPUT.json 'METHOD /path' ...
Examples and vendor extensions are dropped (they do not take part in validation; descriptions stay, OpenAPI requires
them on responses); a property that is itself named "example" is kept.
"""
import json
import sys

DROP = {"example", "examples", "externalDocs", "x-atlassian-connect-scope",
        "x-atlassian-oauth2-scopes", "x-atlassian-data-security-policy", "x-experimental", "x-changes", "x-codegen-request-body-name"}


def strip(node, in_properties=False):
    if isinstance(node, dict):
        return {k: strip(v, k == "properties") for k, v in node.items() if in_properties or k not in DROP}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def refs(node, found):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str) and v.startswith("#/components/"):
                found.add(v)
            else:
                refs(v, found)
    elif isinstance(node, list):
        for v in node:
            refs(v, found)


def main():
    source, output, operations = sys.argv[1], sys.argv[2], sys.argv[3:]
    spec = json.load(open(source))
    paths = {}
    for op in operations:
        method, path = op.split(" ", 1)
        paths.setdefault(path, {})[method.lower()] = spec["paths"][path][method.lower()]
        if "parameters" in spec["paths"][path]:
            paths[path]["parameters"] = spec["paths"][path]["parameters"]
    out = {k: spec[k] for k in ("openapi", "info", "servers", "security") if k in spec}
    out["paths"] = paths
    components = {"securitySchemes": spec["components"].get("securitySchemes", {})}
    todo, seen = set(), set()
    refs(paths, todo)
    refs(components, todo)
    while todo:
        ref = todo.pop()
        if ref in seen:
            continue
        seen.add(ref)
        _, _, kind, name = ref.split("/", 3)
        value = spec["components"][kind][name]
        components.setdefault(kind, {})[name] = value
        refs(value, todo)
    out["components"] = components
    out = strip(out)
    out["info"]["x-trimmed"] = "operations: " + ", ".join(operations)
    with open(output, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
