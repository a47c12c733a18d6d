// Package wirepath edits a decoded JSON document (maps and slices, as
// encoding/json produces them) at a path in the form of the faceid wire
// paths: member names joined by dots, list elements by [index], as in
// "BestFrame.BestFrames[1]" or "IntentionActionResult.Details[0].ScreenShot[2]".
package wirepath

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// Document returns v as encoding/json sees it, decoded into a map that Set
// can edit, numbers kept exactly as json.Number. v must encode as an object.
func Document(v any) (map[string]any, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	return doc, nil
}

// Set sets the value at path in root, creating the objects and growing the
// lists on the way (with nulls), so that a path always lands. A malformed
// path (a bad or negative index) changes nothing.
func Set(root map[string]any, path string, value any) {
	obj := root
	parts := strings.Split(path, ".")
	for i, part := range parts {
		name, index, ok := splitIndex(part)
		if !ok {
			return
		}
		last := i == len(parts)-1
		if index < 0 {
			if last {
				obj[name] = value
				return
			}
			next, isObj := obj[name].(map[string]any)
			if !isObj {
				next = map[string]any{}
				obj[name] = next
			}
			obj = next
			continue
		}
		list, _ := obj[name].([]any)
		for len(list) <= index {
			list = append(list, nil)
		}
		obj[name] = list
		if last {
			list[index] = value
			return
		}
		next, isObj := list[index].(map[string]any)
		if !isObj {
			next = map[string]any{}
			list[index] = next
		}
		obj = next
	}
}

// splitIndex splits "Name[3]" into "Name" and 3, and "Name" into "Name" and
// -1; ok is false for a malformed index.
func splitIndex(part string) (name string, index int, ok bool) {
	j := strings.IndexByte(part, '[')
	if j < 0 {
		return part, -1, true
	}
	if !strings.HasSuffix(part, "]") {
		return "", 0, false
	}
	n, err := strconv.Atoi(part[j+1 : len(part)-1])
	if err != nil || n < 0 {
		return "", 0, false
	}
	return part[:j], n, true
}
