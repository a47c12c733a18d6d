package faceidtest

// The NFC flows: GetNFCToken issues a Token (600 s) for the WeChat NFC
// SDK and GetWxNFCResult reads what the chip held; ParseNfcData reads it
// for a ReqId of the App NFC SDK, which the sandbox cannot know, so any
// ReqId reads the fictional card. A SelectResult magic NFCToken or ReqId
// selects the outcome without a session.

// Fictional contents of the document chip.
const (
	fictionalEnName     = "CE SHI YI"
	fictionalCheckMRTD  = `{"PassiveAuth":0,"ActiveAuth":0,"ChipAuth":0,"TerminalAuth":0}`
	fictionalIDTypeCard = "01"
)

// getNFCToken starts an NFC session.
func (s *Server) getNFCToken(c *apiCall) (any, *apiError) {
	t := newToken(flowNFC, c.now)
	s.addToken(t)
	return s.shape(c.req.action.response, map[string]any{"Token": t.id}), nil
}

// getWxNFCResult answers for a Token of GetNFCToken that still lives;
// another is FailedOperation.InvalidTokenParameter.
func (s *Server) getWxNFCResult(c *apiCall) (any, *apiError) {
	if _, ok := c.req.magic(SelectResult); !ok {
		s.mu.Lock()
		t, ok := s.tokens[c.req.str("NFCToken")]
		live := ok && t.kind == flowNFC && c.now.Before(t.verifyUntil())
		s.mu.Unlock()
		if !live {
			return nil, s.apiErrorFor("FailedOperation.InvalidTokenParameter", "未知或过期的 NFCToken", "an unknown or expired NFCToken")
		}
	}
	return s.readChip(c)
}

// parseNfcData answers ParseNfcData.
func (s *Server) parseNfcData(c *apiCall) (any, *apiError) { return s.readChip(c) }

// readChip answers the NFC reads: the fictional ID card on success, nulls
// on failure.
func (s *Server) readChip(c *apiCall) (any, *apiError) {
	a := c.req.action
	code, e := c.req.resultCode()
	if e != nil {
		return nil, e
	}
	v := map[string]any{a.resultMember: code}
	if containsMember(a.response, "ResultDescription") {
		v["ResultDescription"] = describe(a.name, code)
	}
	if passed(a.name, code) {
		birth := FictionalIDCard[6:14]
		_, gender, _ := ocrFields(FictionalIDCard)
		m := s.media
		for k, val := range map[string]any{
			"IdNum": FictionalIDCard, "Name": FictionalName, "Picture": m.avatar.b64,
			"IdCardFrontImg": m.ocrFront.b64, "IdCardBackImg": m.ocrBack.b64,
			"BirthDate": birth, "BeginTime": "2016" + birth[4:], "EndTime": "2036" + birth[4:],
			"Address": fictionalAddress, "Nation": fictionalNation, "Sex": gender, "IdType": fictionalIDTypeCard,
			"EnName": fictionalEnName, "SigningOrganization": fictionalAuthority, "OtherIdNum": "",
			"Nationality": "中国", "PersonalNumber": "", "CheckMRTD": fictionalCheckMRTD,
			"ImageA": m.processedFront.b64, "ImageB": m.processedBack.b64,
		} {
			if containsMember(a.response, k) {
				v[k] = val
			}
		}
	}
	return s.shape(a.response, v), nil
}
