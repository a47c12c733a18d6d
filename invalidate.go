package faceid

import "crypto/subtle"

// CredentialsInvalidator is implemented by a CredentialsProvider whose
// credentials can be replaced, such as CachedCredentials, and by providers
// that wrap others and pass the call on, such as ChainCredentials.
//
// When the server rejects the session token of a request
// (AuthFailure.TokenFailure), the client calls Invalidate with the
// credentials that request was signed with, then tries the request once
// more with whatever the provider hands out next. Many requests may be
// rejected with the same credentials at once, so Invalidate must drop the
// credentials only while it still holds the rejected ones: if a refresh has
// already replaced them it does nothing, and one refresh serves every
// rejected request. It must be safe for concurrent use and return quickly,
// leaving the refresh to the next Credentials call.
//
// A provider that wraps another — a decorator, an adapter — should
// implement CredentialsInvalidator and pass the call on, so that the
// invalidation reaches the cache inside it.
type CredentialsInvalidator interface {
	// Invalidate reports that the server rejected rejected.
	Invalidate(rejected Credentials)
}

// invalidateCredentials tells p, and every provider p is known to wrap,
// that the server rejected the credentials rejected. It reports whether any
// of them can replace its credentials (implements CredentialsInvalidator):
// only then may a retry be signed with other credentials. A chain of
// providers that cannot reports false, as a single one does.
func invalidateCredentials(p CredentialsProvider, rejected Credentials) bool {
	switch p := p.(type) {
	case chainProvider:
		replaceable := false
		for _, member := range p {
			replaceable = invalidateCredentials(member, rejected) || replaceable
		}
		return replaceable
	case getterProvider:
		inv, ok := p.g.(CredentialsInvalidator)
		if ok {
			inv.Invalidate(rejected)
		}
		return ok
	case CredentialsInvalidator:
		p.Invalidate(rejected)
		return true
	}
	return false
}

// sameCredentials reports whether a and b are the same credentials: the
// same SecretID, which names the key pair, and the same session token. The
// token is a secret and is compared in constant time; the SecretID is sent
// in clear in every request. Credentials without a SecretID match nothing.
func sameCredentials(a, b Credentials) bool {
	return a.SecretID != "" && a.SecretID == b.SecretID && subtle.ConstantTimeCompare([]byte(a.Token), []byte(b.Token)) == 1
}
