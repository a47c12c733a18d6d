package main

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
)

// csrfField is the name of the start form's hidden anti-CSRF field.
const csrfField = "csrf"

// Errors of the CSRF defence; each refuses the request.
var (
	errCrossSite = errors.New("the request came from another site")
	errCSRFToken = errors.New("the form is missing its security token or it does not match this browser")
)

// csrfGuard defends the POST that starts a flow against cross-site request
// forgery, in two independent layers; a request must pass both.
//
// The first asks the browser where the request came from, in the order
// http.CrossOriginProtection uses: Sec-Fetch-Site (sent by every browser
// since 2023) must be same-origin or none; without it, an Origin header
// must equal the app's own origin exactly, scheme included (compared with
// the configured origin rather than the Host header, which behind a proxy
// is not the public one). A request with neither header is not from a
// current browser and passes this layer.
//
// The second, which such a request must still pass, is a signed
// double-submit token: the browser holds a random secret in an HttpOnly
// cookie, and the start form carries an HMAC of it in a hidden field.
// Another site can make the browser send the cookie (unless SameSite stops
// it) but can neither read it nor compute the form value, so a forged form
// has no valid token. On HTTPS the cookie has the __Host- prefix, so that a
// sibling subdomain cannot plant a secret of its own.
type csrfGuard struct {
	key    []byte
	origin string // scheme://host[:port] of the app
	cookie string // name of the cookie that holds the secret
	secure bool   // the app is served over HTTPS
}

func newCSRFGuard(origin string, secure bool) (*csrfGuard, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	return &csrfGuard{key: key, origin: origin, cookie: cookieName("faceid_csrf", secure), secure: secure}, nil
}

// cookieName returns name with the __Host- prefix when the app is served
// over HTTPS: the browser then accepts the cookie only from this host,
// Secure and with Path=/.
func cookieName(name string, secure bool) string {
	if secure {
		return "__Host-" + name
	}
	return name
}

// formToken returns the value of the form's hidden field for this browser,
// setting the cookie that holds the secret when the browser has none.
func (g *csrfGuard) formToken(w http.ResponseWriter, r *http.Request) (string, error) {
	secret := g.secret(r)
	if secret == "" {
		raw := make([]byte, 32)
		if _, err := rand.Read(raw); err != nil {
			return "", err
		}
		secret = base64.RawURLEncoding.EncodeToString(raw)
		http.SetCookie(w, &http.Cookie{
			Name: g.cookie, Value: secret, Path: "/",
			HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: g.secure,
		})
	}
	return g.sign(secret), nil
}

// secret returns the browser's secret, or "" when it has none that this app
// could have set.
func (g *csrfGuard) secret(r *http.Request) string {
	c, err := r.Cookie(g.cookie)
	if err != nil || len(c.Value) != secretLen {
		return ""
	}
	return c.Value
}

// secretLen is the length of a secret: 32 random bytes in unpadded base64.
const secretLen = 43

func (g *csrfGuard) sign(secret string) string {
	m := hmac.New(sha256.New, g.key)
	m.Write([]byte("start-form|" + secret))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// check returns an error when r may have been forged by another site. It
// reads the form, so the caller must have limited the body's size.
func (g *csrfGuard) check(r *http.Request) error {
	if err := g.checkOrigin(r); err != nil {
		return err
	}
	secret := g.secret(r)
	token := r.PostFormValue(csrfField)
	if secret == "" || token == "" || !hmac.Equal([]byte(token), []byte(g.sign(secret))) {
		return errCSRFToken
	}
	return nil
}

// checkOrigin is the first layer: what the browser says about the request's
// origin.
func (g *csrfGuard) checkOrigin(r *http.Request) error {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin", "none":
		return nil
	case "":
		// An older browser or not a browser: the Origin header decides.
	default: // same-site, cross-site, or a value this code does not know
		return errCrossSite
	}
	if origin := r.Header.Get("Origin"); origin != "" && origin != g.origin {
		return errCrossSite // "null" included: a sandboxed frame or a privacy redirect
	}
	return nil
}
