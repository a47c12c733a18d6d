package faceidtest

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/faceid-go/faceid"
)

// magicTable renders the table of the package documentation from the wire
// model: the members carrying each action's magic inputs and the number of
// its outcomes and documented errors.
func magicTable(model *wireModel) string {
	names := make([]string, 0, len(model.actions))
	for name := range model.actions {
		names = append(names, name)
	}
	slices.Sort(names)
	var b strings.Builder
	row := func(action, members string, outcomes, errs any) {
		fmt.Fprintf(&b, "//\t%-31s %-72s %8v %7v\n", action, members, outcomes, errs)
	}
	row("Action", "Members carrying magic inputs", "Outcomes", "Errors")
	for _, name := range names {
		a := model.actions[name]
		var wires []string
		for _, m := range a.carriers() {
			wires = append(wires, m.wire)
		}
		members := strings.Join(wires, ", ")
		if members == "" {
			members = "-"
		}
		row(name, members, len(faceid.ResultCodes(name)), len(a.errors))
	}
	return b.String()
}

// TestDocumentedMagicTable checks that the package documentation lists the
// magic inputs the spec gives: the table cannot drift from the spec.
func TestDocumentedMagicTable(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	want := magicTable(newWireModel())
	if !strings.Contains(string(doc), want) {
		t.Errorf("doc.go does not hold the magic-input table the spec gives; replace it with:\n%s", want)
	}
	if got, want := strings.Count(want, "\n")-1, len(faceid.Actions()); got != want {
		t.Errorf("the table has %d actions, the registry %d", got, want)
	}
}
