"""The description read as a Python team would, with Debian's python3-jsonschema (run by the system
/usr/bin/python3, where apt installs it). Plain JSON Schema does not know OpenAPI 3.0's `nullable`,
so each schema is translated first, as a Python team must: `nullable: true` beside a `type` adds
"null" to the type (and to an `enum`); without a `type` it means nothing (OpenAPI 3.0.3).
Usage: python3 jsonschema_validator.py <description.json> <cases.json>; prints {case name: error} as JSON."""
import json
import sys

import jsonschema


def translate(node):
    if isinstance(node, list):
        return [translate(item) for item in node]
    if not isinstance(node, dict):
        return node
    schema = {key: translate(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable") is True and "type" in node:
        schema["type"] = [node["type"], "null"]
        if "enum" in node and None not in node["enum"]:
            schema["enum"] = node["enum"] + [None]
    return schema


spec_path, cases_path = sys.argv[1:3]
with open(spec_path, encoding="utf-8") as f:
    spec = translate(json.load(f))
with open(cases_path, encoding="utf-8") as f:
    cases = json.load(f)
resolver = jsonschema.RefResolver.from_schema(spec)
rejected = {}
for case in cases:
    validator = jsonschema.Draft7Validator({"$ref": "#/components/schemas/" + case["schema"]}, resolver=resolver)
    errors = ["/".join(map(str, e.absolute_path)) + ": " + e.message for e in validator.iter_errors(case["body"])]
    if errors:
        rejected[case["name"]] = "; ".join(errors)
print(json.dumps(rejected))
