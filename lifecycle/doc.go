// Package lifecycle makes sure that no FaceID result is lost to Tencent's
// three-day retention: it tracks every token before the person is sent to
// verify, fetches every result (at once when the person returns, otherwise
// in a sweep after the flow's verification window), and archives every
// piece of evidence exactly once in a store.Store.
//
// It runs on River (github.com/riverqueue/river), one job per token, with
// the same worker code on both of River's engines: package
// github.com/faceid-go/faceid/lifecycle/sqlite opens the embedded default
// (one SQLite file, several processes on one host) and package
// github.com/faceid-go/faceid/lifecycle/postgres a Postgres database shared
// by many instances on many hosts.
//
// The redirect handler of the core's package
// github.com/faceid-go/faceid/h5return tells the tracker of a person's
// return through its hook: h5return.Handler{…, OnReturn: tracker.Returned}.
//
// # Exactly once
//
// River runs a job at least once: a worker killed after archiving but
// before recording the job complete runs it again. The archive itself makes
// the evidence land once. A token's folder, "<flow>/<token>/", receives the
// media and result.json first and manifest.json last, created only if
// absent: the manifest is the commit point. A job that finds the manifest
// checks the files it lists and does nothing more. A run that crashed
// before the manifest leaves objects without one; the next run writes the
// same names again and, where an object exists, keeps it when its SHA-256
// is the one it would have written (the result of a finished flow does not
// change), and otherwise clears the folder and starts over.
//
// # Lost
//
// A token is lost when its result could not be fetched before Tencent
// deleted it, three days after the token was created. Retries stop short
// of that deadline (Config.Margin). A lost token is reported loudly: its
// job is cancelled with the reason recorded (Status counts it), an error is
// logged and Config.OnLost is called.
package lifecycle
