// Package postgres opens the lifecycle on Postgres (River's pgx v5
// driver), for many instances on many hosts sharing one database.
package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/faceid-go/faceid/lifecycle"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
)

// DB is a Tracker on a Postgres database.
type DB struct {
	*lifecycle.Tracker[pgx.Tx]
	pool   *pgxpool.Pool
	schema string
}

// Open connects to the database at url ("postgres://…"), creates
// cfg.Schema when it is set and missing, applies River's migrations and
// returns a Tracker on it. TrackTx takes a pgx.Tx of the caller's own.
func Open(ctx context.Context, url string, cfg lifecycle.Config) (*DB, error) {
	if url == "" {
		return nil, errors.New("lifecycle/postgres: the database URL is empty")
	}
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("lifecycle/postgres: connecting: %w", err)
	}
	if cfg.Schema != "" {
		if _, err := pool.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+pgx.Identifier{cfg.Schema}.Sanitize()); err != nil {
			pool.Close()
			return nil, fmt.Errorf("lifecycle/postgres: creating schema: %w", err)
		}
	}
	driver := riverpgxv5.New(pool)
	migrator, err := rivermigrate.New(driver, &rivermigrate.Config{Schema: cfg.Schema})
	if err == nil {
		_, err = migrator.Migrate(ctx, rivermigrate.DirectionUp, nil)
	}
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("lifecycle/postgres: migrating: %w", err)
	}
	t, err := lifecycle.New(driver, cfg)
	if err != nil {
		pool.Close()
		return nil, err
	}
	return &DB{Tracker: t, pool: pool, schema: cfg.Schema}, nil
}

// Pool returns the connection pool, for the caller's own transactions.
func (d *DB) Pool() *pgxpool.Pool { return d.pool }

// Analyze refreshes the planner's statistics of River's job table. Run it
// after tracking many tokens at once: on a table never analysed, River's
// scheduler query can take tens of seconds.
func (d *DB) Analyze(ctx context.Context) error {
	table := pgx.Identifier{"river_job"}
	if d.schema != "" {
		table = pgx.Identifier{d.schema, "river_job"}
	}
	_, err := d.pool.Exec(ctx, "ANALYZE "+table.Sanitize())
	return err
}

// Close stops the workers (letting running jobs finish until ctx ends) and
// closes the pool.
func (d *DB) Close(ctx context.Context) error {
	err := d.Stop(ctx)
	d.pool.Close()
	return err
}
