package lifecycle

import (
	"time"

	"github.com/riverqueue/river"
)

// fetchKind is the River job kind of a token's fetch and archive.
const fetchKind = "faceid_fetch_result"

// expireKind is the River job kind that deletes a token's archive when its
// retention ends.
const expireKind = "faceid_expire_archive"

// queueName is the River queue the lifecycle's jobs run in.
const queueName = "faceid"

// maxAttempts is high enough that River never discards a fetch on its
// own: the worker decides when a token is lost, by its deadline.
const maxAttempts = 100000

// fetchArgs is a tracked token: one River job per token, unique by token.
type fetchArgs struct {
	Token     string    `json:"token" river:"unique"`
	Flow      Flow      `json:"flow"`
	RuleID    string    `json:"rule_id"`
	Reference string    `json:"ref,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	// WindowEnd is when the token's verification window closes, grace
	// included: a result still unfinished then is final (abandoned).
	WindowEnd time.Time `json:"window_end"`
}

// Kind implements river.JobArgs.
func (fetchArgs) Kind() string { return fetchKind }

// InsertOpts implements river.JobArgsWithInsertOpts: one job per token
// (in any state but cancelled and discarded), in the lifecycle's queue.
func (fetchArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueName, MaxAttempts: maxAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// deadline is when Tencent deletes the token's result.
func (a fetchArgs) deadline() time.Time { return a.CreatedAt.Add(resultRetention) }

// expireArgs deletes one token's archive.
type expireArgs struct {
	Prefix string `json:"prefix" river:"unique"`
}

// Kind implements river.JobArgs.
func (expireArgs) Kind() string { return expireKind }

// InsertOpts implements river.JobArgsWithInsertOpts.
func (expireArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueName, MaxAttempts: maxAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}
