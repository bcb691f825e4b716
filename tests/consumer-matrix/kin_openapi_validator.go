// The description read as a Go team would: kin-openapi (Debian's golang-github-getkin-kin-openapi-dev)
// loads and validates the document, then openapi3filter validates each body as the response of its
// operation and status, as a Go service's response-validation middleware does.
// Built in GOPATH mode from the Debian packages only (GO111MODULE=off, GOPROXY=off; see run.mjs).
// One step a Go team must take (openapi/README.md): kin-openapi 0.110 checks a null value against
// the outer schema's nullable only, before anyOf, so allowNullFromAlternatives marks the schemas
// whose anyOf or oneOf has a nullable alternative (ApiKeyRole, organization_id) nullable themselves.
// Usage: kin_openapi_validator <description.yaml> <cases.json>; prints {case name: error} as JSON.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/ioutil"
	"net/http"
	"os"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

type testCase struct {
	Name        string          `json:"name"`
	OperationID string          `json:"operationId"`
	Status      int             `json:"status"`
	Body        json.RawMessage `json:"body"`
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(2)
}

// The description says "null is legal" with an anyOf alternative {nullable: true, enum: [null]},
// the form every other tool of the matrix reads; it cannot say nullable on the outer schema, which
// has no type (Ajv refuses nullable without type; OpenAPI 3.0.3 ignores it there).
func allowNullFromAlternatives(ref *openapi3.SchemaRef, visited map[*openapi3.Schema]bool) {
	if ref == nil || ref.Value == nil || visited[ref.Value] {
		return
	}
	schema := ref.Value
	visited[schema] = true
	for _, alternatives := range []openapi3.SchemaRefs{schema.AnyOf, schema.OneOf} {
		for _, alternative := range alternatives {
			if alternative.Value != nil && alternative.Value.Nullable {
				schema.Nullable = true
			}
		}
	}
	for _, nested := range append(append(append(openapi3.SchemaRefs{schema.Items}, schema.AnyOf...), schema.OneOf...), schema.AllOf...) {
		allowNullFromAlternatives(nested, visited)
	}
	for _, property := range schema.Properties {
		allowNullFromAlternatives(property, visited)
	}
}

func main() {
	if len(os.Args) != 3 {
		fail("usage: kin_openapi_validator <description.yaml> <cases.json>")
	}
	ctx := context.Background()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(os.Args[1])
	if err != nil {
		fail("loading the description: %v", err)
	}
	if err := doc.Validate(ctx); err != nil {
		fail("the description is not valid OpenAPI 3: %v", err)
	}
	raw, err := ioutil.ReadFile(os.Args[2])
	if err != nil {
		fail("%v", err)
	}
	var cases []testCase
	if err := json.Unmarshal(raw, &cases); err != nil {
		fail("reading the cases: %v", err)
	}

	visited := map[*openapi3.Schema]bool{}
	for _, schema := range doc.Components.Schemas {
		allowNullFromAlternatives(schema, visited)
	}

	routes := map[string]*routers.Route{}
	for path, item := range doc.Paths {
		for method, operation := range item.Operations() {
			routes[operation.OperationID] = &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: operation}
		}
	}

	rejected := map[string]string{}
	for _, c := range cases {
		operationID := c.OperationID
		if operationID == "" {
			operationID = "getKeyInfo" // an error example of components/responses: every operation has them all
		}
		route, found := routes[operationID]
		if !found {
			fail("%s: no operation %q", c.Name, operationID)
		}
		request, _ := http.NewRequest(route.Method, "https://www.digicert.com/services/v2"+route.Path, nil)
		input := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{Request: request, Route: route},
			Status:                 c.Status,
			Header:                 http.Header{"Content-Type": []string{"application/json"}},
			Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
		}
		input.SetBodyBytes(bytes.TrimSpace(c.Body))
		if err := openapi3filter.ValidateResponse(ctx, input); err != nil {
			rejected[c.Name] = strings.TrimSpace(err.Error())
		}
	}
	out, _ := json.Marshal(rejected)
	fmt.Println(string(out))
}
