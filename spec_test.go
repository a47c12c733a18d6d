package faceid

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHandwrittenModelsMatchSpec checks the Go types of the structs the spec
// marks handwritten (none is left: Encryption, EidInfo and the results of
// GetFaceIdResult and GetEidResult are generated now), the intention
// structs of DetectAuth's request and the SaaS result model, and the
// requests of the actions whose responses are written by hand
// ("handwritten": "response"), against the spec, member by member, so
// that the spec stays the one description of the wire: a member added to
// or removed from either side fails here.
func TestHandwrittenModelsMatchSpec(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("spec", "structs.json"))
	require.NoError(t, err)
	var structs map[string]struct {
		Go          string
		Handwritten bool
		Members     []struct{ Wire string }
	}
	require.NoError(t, json.Unmarshal(data, &structs))
	types := map[string]reflect.Type{}
	for _, v := range []any{DetectText{}, DetectDetail{}, IDCardData{}, BestFrame{}, VideoData{}, VideoDetail{},
		IntentionVerifyData{}, IntentionQuestionResult{}, IntentionActionResult{}, IntentionActionDetail{},
		IntentionQuestion{}, IntentionActionConfig{}, RuleIDConfig{}} {
		types[reflect.TypeOf(v).Name()] = reflect.TypeOf(v)
	}
	checked := 0
	for name, st := range structs {
		typ, ok := types[st.Go]
		if !st.Handwritten && !ok {
			continue
		}
		require.True(t, ok, "spec struct %s names Go type %s", name, st.Go)
		var wire []string
		for _, m := range st.Members {
			wire = append(wire, m.Wire)
		}
		assert.ElementsMatch(t, wire, jsonNames(typ), "%s (%s) and the spec list different members", st.Go, name)
		checked++
	}
	assert.Equal(t, len(types), checked, "every hand-written type is checked")

	requests := map[string]any{"DetectAuth": DetectAuthRequest{}, "GetDetectInfoEnhanced": GetDetectInfoEnhancedRequest{},
		"GetDetectInfo": GetDetectInfoRequest{}}
	files, err := filepath.Glob(filepath.Join("spec", "actions", "*.json"))
	require.NoError(t, err)
	var handwritten []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		var spec struct{ Action, Handwritten string }
		require.NoError(t, json.Unmarshal(data, &spec))
		if spec.Handwritten == "response" {
			handwritten = append(handwritten, spec.Action)
		}
	}
	assert.ElementsMatch(t, handwritten, slices.Collect(maps.Keys(requests)),
		"the requests checked are those of the actions whose responses are written by hand")
	for action, v := range requests {
		data, err := os.ReadFile(filepath.Join("spec", "actions", action+".json"))
		require.NoError(t, err)
		var spec struct{ Request []struct{ Wire string } }
		require.NoError(t, json.Unmarshal(data, &spec))
		var wire []string
		for _, m := range spec.Request {
			wire = append(wire, m.Wire)
		}
		got := jsonNames(reflect.TypeOf(v))
		for _, name := range got {
			assert.Contains(t, wire, name, "%s sends %s, which the spec does not define", action, name)
		}
		for _, name := range wire {
			if !slices.Contains(got, name) {
				t.Logf("%s: %s is in the spec but not sent (deprecated or unused)", action, name)
			}
		}
	}
}

// jsonNames returns the JSON member names of a struct type's fields.
func jsonNames(typ reflect.Type) []string {
	var names []string
	for f := range typ.Fields() {
		tag, ok := f.Tag.Lookup("json")
		if !ok || tag == "-" || !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		names = append(names, name)
	}
	return names
}
