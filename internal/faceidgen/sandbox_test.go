package main

import "testing"

// TestSandboxMember checks how the sandbox model renders the member
// features the small test spec does not have: limits of every kind,
// arrays of structs and nested objects.
func TestSandboxMember(t *testing.T) {
	lo, hi := 0, 10
	cases := []struct {
		m    *Member
		want string
	}{
		{&Member{Wire: "Name", Type: "string", Required: true, PII: "name", Limits: &Limits{MaxRunes: 32}},
			`{wire: "Name", kind: kindString, required: true, pii: "name", limits: limits{maxRunes: 32}}`},
		{&Member{Wire: "ImageBase64", Type: "string", PII: "face", Media: "image", Limits: &Limits{MaxBase64Bytes: 3145728, Formats: []string{"jpeg", "png"}}},
			`{wire: "ImageBase64", kind: kindString, pii: "face", media: "image", limits: limits{maxBase64: 3145728, formats: []string{"jpeg", "png"}}}`},
		{&Member{Wire: "BestFramesCount", Type: "integer", Unsigned: true, Limits: &Limits{Min: &lo, Max: &hi}},
			`{wire: "BestFramesCount", kind: kindInteger, unsigned: true, limits: limits{hasMin: true, min: 0, hasMax: true, max: 10}}`},
		{&Member{Wire: "Speed", Type: "integer", Limits: &Limits{Enum: []any{0.0, 1.0}}},
			`{wire: "Speed", kind: kindInteger, limits: limits{enumInts: []int64{0, 1}}}`},
		{&Member{Wire: "LivenessType", Type: "string", Limits: &Limits{Enum: []any{"LIP", "SILENT"}}},
			`{wire: "LivenessType", kind: kindString, limits: limits{enum: []string{"LIP", "SILENT"}}}`},
		{&Member{Wire: "IntentionQuestions", Type: "array", Elem: "IntentionQuestion", Limits: &Limits{MinItems: 1, MaxItems: 10}},
			`{wire: "IntentionQuestions", kind: kindArray, elem: kindObject, object: "IntentionQuestion", limits: limits{minItems: 1, maxItems: 10}}`},
		{&Member{Wire: "Answers", Type: "array", Elem: "string", Limits: &Limits{ItemMaxRunes: 10}},
			`{wire: "Answers", kind: kindArray, elem: kindString, limits: limits{itemMaxRunes: 10}}`},
		{&Member{Wire: "Config", Type: "object", Struct: "RuleIdConfig", Nullable: true},
			`{wire: "Config", kind: kindObject, object: "RuleIdConfig", nullable: true}`},
		{&Member{Wire: "InfoType", Type: "string", Limits: &Limits{Digits: "0123", MinLength: 1, MaxLength: 4, Format: "digits"}},
			`{wire: "InfoType", kind: kindString, limits: limits{minLength: 1, maxLength: 4, format: "digits", digits: "0123"}}`},
	}
	for _, tc := range cases {
		if got := modelMember(tc.m); got != tc.want {
			t.Errorf("modelMember(%s) =\n%s\nwant\n%s", tc.m.Wire, got, tc.want)
		}
	}
}

// TestReplyFieldType checks the sandbox's reply shapes of the member
// features the small test spec does not have: members Tencent may send as
// null, media and wide integers.
func TestReplyFieldType(t *testing.T) {
	s := &Spec{Structs: map[string]*Struct{"DetectInfoText": {Go: "DetectText"}}}
	cases := []struct {
		m    *Member
		want string
	}{
		{&Member{Type: "string", Nullable: true}, "*string"},
		{&Member{Type: "string"}, "string"},
		{&Member{Type: "integer", Presence: true}, "*int"},
		{&Member{Type: "integer", Nullable: true, Wide: true}, "*int64"},
		{&Member{Type: "boolean", Nullable: true}, "*bool"},
		{&Member{Type: "float"}, "float64"},
		{&Member{Type: "string", Nullable: true, Media: "video"}, "*string"},
		{&Member{Type: "array", Elem: "string", Nullable: true, Media: "image"}, "[]string"},
		{&Member{Type: "array", Elem: "integer", Nullable: true}, "[]int"},
		{&Member{Type: "array", Elem: "DetectInfoText", Nullable: true}, "[]wireDetectText"},
		{&Member{Type: "object", Struct: "DetectInfoText", Nullable: true}, "*wireDetectText"},
		{&Member{Type: "object", Struct: "DetectInfoText"}, "wireDetectText"},
	}
	for _, tc := range cases {
		if got := replyFieldType(s, tc.m); got != tc.want {
			t.Errorf("replyFieldType(%+v) = %s, want %s", *tc.m, got, tc.want)
		}
	}
}
