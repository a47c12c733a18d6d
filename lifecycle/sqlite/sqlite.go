// Package sqlite opens the lifecycle's embedded default: River on one
// SQLite file (modernc.org/sqlite, pure Go), which several processes on
// one host can share. Never share the file across hosts or over NFS: use
// package lifecycle/postgres for that.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"

	"github.com/faceid-go/faceid/lifecycle"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// DB is a Tracker on a SQLite file.
type DB struct {
	*lifecycle.Tracker[*sql.Tx]
	db *sql.DB
}

// Open opens (creating it if needed) the SQLite file at path, applies
// River's migrations and returns a Tracker on it.
//
// The file is opened in WAL mode with a 10 s busy timeout and immediate
// transactions, through one connection: without them a second process
// fails with SQLITE_BUSY, and more connections only contend for the lock.
func Open(ctx context.Context, path string, cfg lifecycle.Config) (*DB, error) {
	if path == "" {
		return nil, errors.New("lifecycle/sqlite: the database path is empty")
	}
	db, err := OpenDB(path)
	if err != nil {
		return nil, err
	}
	driver := riversqlite.New(db)
	migrator, err := rivermigrate.New(driver, nil)
	if err == nil {
		_, err = migrator.Migrate(ctx, rivermigrate.DirectionUp, nil)
	}
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("lifecycle/sqlite: migrating %s: %w", path, err)
	}
	t, err := lifecycle.New(driver, cfg)
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	return &DB{Tracker: t, db: db}, nil
}

// OpenDB opens the SQLite file at path with the settings Open uses, for a
// caller that wants the *sql.DB itself (TrackTx in its own transaction).
func OpenDB(path string) (*sql.DB, error) {
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("lifecycle/sqlite: opening %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	if err := db.Ping(); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("lifecycle/sqlite: opening %s: %w", path, err)
	}
	return db, nil
}

// SQL returns the database, for the caller's own transactions.
func (d *DB) SQL() *sql.DB { return d.db }

// Close stops the workers (letting running jobs finish until ctx ends) and
// closes the file.
func (d *DB) Close(ctx context.Context) error {
	err := d.Stop(ctx)
	if cerr := d.db.Close(); err == nil {
		err = cerr
	}
	return err
}
