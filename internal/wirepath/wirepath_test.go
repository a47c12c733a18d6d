package wirepath

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSet(t *testing.T) {
	for _, tc := range []struct {
		doc, path string
		want      string
	}{
		{`{"A":1}`, "A", `{"A":9}`},
		{`{}`, "A.B", `{"A":{"B":9}}`},
		{`{"A":null}`, "A.B", `{"A":{"B":9}}`},
		{`{"A":{"L":[1,2]}}`, "A.L[1]", `{"A":{"L":[1,9]}}`},
		{`{"A":{"L":null}}`, "A.L[2]", `{"A":{"L":[null,null,9]}}`},
		{`{"A":{"L":[1]}}`, "A.L[2]", `{"A":{"L":[1,null,9]}}`},
		{`{"D":[{"S":[1]},null]}`, "D[1].S[0]", `{"D":[{"S":[1]},{"S":[9]}]}`},
		{`{}`, "D[0].S[1]", `{"D":[{"S":[null,9]}]}`},
		{`{"A":[1]}`, "A[x]", `{"A":[1]}`},
		{`{"A":[1]}`, "A[-1]", `{"A":[1]}`},
		{`{"A":[1]}`, "A[0", `{"A":[1]}`},
		{`{"A":"text"}`, "A.B", `{"A":{"B":9}}`},
	} {
		var root map[string]any
		require.NoError(t, json.Unmarshal([]byte(tc.doc), &root))
		Set(root, tc.path, 9)
		got, err := json.Marshal(root)
		require.NoError(t, err)
		assert.JSONEq(t, tc.want, string(got), "%s at %s", tc.doc, tc.path)
	}
}

func TestDocument(t *testing.T) {
	type inner struct {
		N    int64   `json:"N"`
		List []int64 `json:"List"`
	}
	doc, err := Document(struct {
		A inner `json:"A"`
	}{A: inner{N: 9007199254740993, List: nil}})
	require.NoError(t, err)
	Set(doc, "A.List[1]", 7)
	got, err := json.Marshal(doc)
	require.NoError(t, err)
	assert.Equal(t, `{"A":{"List":[null,7],"N":9007199254740993}}`, string(got), "large integers kept exactly")

	_, err = Document([]int{1})
	assert.Error(t, err, "not an object")
}
