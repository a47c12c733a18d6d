package faceidtest

import (
	"crypto/rand"
	"math/big"
)

// getLiveCode answers GetLiveCode: four random digits to read aloud.
func (s *Server) getLiveCode(c *apiCall) (any, *apiError) {
	n, _ := rand.Int(rand.Reader, big.NewInt(10000)) // never fails (crypto/rand)
	code := n.String()
	for len(code) < 4 {
		code = "0" + code
	}
	return s.shape(c.req.action.response, map[string]any{"LiveCode": code}), nil
}

// getActionSequence answers GetActionSequence: open the mouth and close
// the eyes, in a random order.
func (s *Server) getActionSequence(c *apiCall) (any, *apiError) {
	seq := "1,2"
	if n, _ := rand.Int(rand.Reader, big.NewInt(2)); n.Sign() > 0 {
		seq = "2,1"
	}
	return s.shape(c.req.action.response, map[string]any{"ActionSequence": seq}), nil
}
