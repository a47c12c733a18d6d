package faceid

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestShowListsBracketOnce(t *testing.T) {
	assert.Equal(t, "[a b]", showTexts([]string{"a", "b"}))
	assert.Equal(t, "[]", showTexts(nil))
	assert.Equal(t, "[{Question: \"q\", Answers: 1}]", showList([]IntentionQuestion{{Question: "q", Answers: []string{"是"}}}))
	assert.Equal(t, "[]", showList([]IntentionQuestion{}))
}
