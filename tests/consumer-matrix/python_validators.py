"""The description read as a Python team would: openapi-spec-validator checks the document,
openapi-schema-validator's OAS30Validator (jsonschema with OpenAPI 3.0's nullable) reads each body.
Usage: python3 python_validators.py <description.yaml> <cases.json>; prints {case name: error} as JSON.
Exit code 3 when the Python packages are not installed (the matrix then skips this tool)."""
import json
import sys

try:
    import yaml
    from openapi_spec_validator import validate
    from openapi_schema_validator import OAS30Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4
except ImportError as missing:
    print(missing)
    sys.exit(3)

spec_path, cases_path = sys.argv[1:3]
with open(spec_path, encoding="utf-8") as f:
    spec = yaml.safe_load(f)
validate(spec)  # raises with the first problem
registry = Registry().with_resource("urn:certcentral", Resource.from_contents(spec, default_specification=DRAFT4))
with open(cases_path, encoding="utf-8") as f:
    cases = json.load(f)
rejected = {}
for case in cases:
    validator = OAS30Validator({"$ref": "urn:certcentral#/components/schemas/" + case["schema"]}, registry=registry)
    errors = ["/".join(map(str, e.absolute_path)) + ": " + e.message for e in validator.iter_errors(case["body"])]
    if errors:
        rejected[case["name"]] = "; ".join(errors)
print(json.dumps(rejected))
