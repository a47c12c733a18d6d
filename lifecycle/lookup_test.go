package lifecycle

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	_ "modernc.org/sqlite"
)

// A lookup that Returned left behind (it crashed before deleting it) must
// not hide the token from a later Track.
func TestTrackReplacesAStrayLookup(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "l.db")+"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	driver := riversqlite.New(db)
	m, err := rivermigrate.New(driver, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		t.Fatal(err)
	}
	tr, err := New(driver, Config{})
	if err != nil {
		t.Fatal(err)
	}
	probe := fetchArgs{Token: "STRAY"}
	opts := probe.InsertOpts()
	opts.ScheduledAt = time.Now().Add(time.Hour)
	if _, err := tr.river.Insert(ctx, probe, &opts); err != nil {
		t.Fatal(err)
	}
	if s, err := tr.Status(ctx); err != nil || s.Tracked != 0 {
		t.Fatalf("a lookup counts as tracked: %+v, %v", s, err)
	}
	if err := tr.Track(ctx, Token{Token: "STRAY", RuleID: "1"}); err != nil {
		t.Fatal(err)
	}
	if s, err := tr.Status(ctx); err != nil || s.Tracked != 1 || s.Pending != 1 {
		t.Fatalf("after Track: %+v, %v", s, err)
	}
	if err := tr.Returned(ctx, "STRAY"); err != nil {
		t.Errorf("Returned after Track = %v", err)
	}
}
