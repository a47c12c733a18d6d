package faceid

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	tccommon "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
)

// Known-answer vectors of Tencent's TC3-HMAC-SHA256 documentation.
const (
	vectorSecretID  = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
	vectorSecretKey = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
	vectorABody     = `{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`
	vectorCBody     = `{"BizToken":"CE661F1A-0F1E-45BD-BE13-34C05CEA7681","RuleId":"0","InfoType":"0"}`
)

var vectorTime = time.Unix(1551113065, 0)

func TestSignVectorA(t *testing.T) {
	cred := Credentials{SecretID: vectorSecretID, SecretKey: vectorSecretKey}
	host, ct := "cvm.tencentcloudapi.com", "application/json; charset=utf-8"

	canon := appendCanonicalRequest(nil, host, ct, []byte(vectorABody))
	assert.Equal(t, "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n"+
		"35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064", string(canon))
	canonHash := sha256.Sum256(canon)
	assert.Equal(t, "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031", hex.EncodeToString(canonHash[:]))

	sts := appendStringToSign(nil, vectorTime.Unix(), []byte("2019-02-25"), "cvm", canonHash)
	assert.Equal(t, "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031", string(sts))

	kDate := hmacSHA256([]byte("TC3"+vectorSecretKey), []byte("2019-02-25"))
	assert.Equal(t, "d1308c81fe71cfd4e06437bbc067b2b8a3d2d8c0e375d547f15c41d5214b395a", hex.EncodeToString(kDate))
	kService := hmacSHA256(kDate, []byte("cvm"))
	assert.Equal(t, "3c7cb7c7795393edc14fd2e0e6434a518564b4504b88e94f5d11bf59ba3e7050", hex.EncodeToString(kService))
	assert.Equal(t, "ac658d5dde49e9bfdd14e04e062f66b05d9f637d44b8a8d845327d4a77f666b1",
		hex.EncodeToString(deriveSigningKey(vectorSecretKey, []byte("2019-02-25"), "cvm")))

	got := new(Signer).Authorization(cred, "cvm", host, ct, []byte(vectorABody), vectorTime)
	assert.Equal(t, "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, "+
		"SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168", got)
}

func TestSignVectorB(t *testing.T) {
	cred := Credentials{SecretID: vectorSecretID, SecretKey: "Gu5t9xGARNpq86cd98joQYCN3*******"}
	got := new(Signer).Authorization(cred, "cvm", "cvm.tencentcloudapi.com", "application/json; charset=utf-8", []byte(vectorABody), vectorTime)
	assert.True(t, strings.HasSuffix(got, "Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c"), got)
}

func TestSignVectorC(t *testing.T) {
	canon := appendCanonicalRequest(nil, "faceid.tencentcloudapi.com", "application/json", []byte(vectorCBody))
	assert.True(t, strings.HasSuffix(string(canon), "dd5afe488541e8cf57d616a94187cda533e3843b184a9694f53978a848efd7ab"))
	canonHash := sha256.Sum256(canon)
	assert.Equal(t, "d25f97d59c678bf71002faf877cf90e169ba52c8eb132816b0f626c885f3e5a7", hex.EncodeToString(canonHash[:]))
	assert.Equal(t, "026b14e03df110dc847101188ade39c643a4d15c7e2ac05f1ff38950673ed066",
		hex.EncodeToString(deriveSigningKey(vectorSecretKey, []byte("2019-02-25"), Service)))

	got := new(Signer).Authorization(Credentials{SecretID: vectorSecretID, SecretKey: vectorSecretKey}, Service,
		"faceid.tencentcloudapi.com", "application/json", []byte(vectorCBody), vectorTime)
	assert.Equal(t, "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/faceid/tc3_request, "+
		"SignedHeaders=content-type;host, Signature=27a265fe718edd26e053afb86d2e7c88d8f57ec4463aeefb5b28304a5a0e2690", got)
}

func TestSignUsesUTCDate(t *testing.T) {
	// 00:30 in UTC+8 is still the previous day in UTC.
	shanghai := time.FixedZone("UTC+8", 8*3600)
	local := time.Date(2019, 2, 26, 0, 30, 0, 0, shanghai)
	got := new(Signer).Authorization(Credentials{SecretID: "id", SecretKey: "key"}, Service, "h", "application/json", nil, local)
	assert.Contains(t, got, "/2019-02-25/faceid/tc3_request")
}

func TestSignerCacheFollowsKeyAndDate(t *testing.T) {
	var s Signer
	day1 := time.Date(2024, 6, 15, 23, 59, 59, 0, time.UTC)
	day2 := day1.Add(2 * time.Second)
	for _, tc := range []struct {
		key string
		at  time.Time
	}{{"k1", day1}, {"k1", day1}, {"k1", day2}, {"k2", day2}, {"k1", day1}} {
		cred := Credentials{SecretID: "id", SecretKey: tc.key}
		assert.Equal(t, new(Signer).Authorization(cred, Service, "h", "application/json", []byte("{}"), tc.at),
			s.Authorization(cred, Service, "h", "application/json", []byte("{}"), tc.at))
	}
}

func TestSignerConcurrent(t *testing.T) {
	var s Signer
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				cred := Credentials{SecretID: "id", SecretKey: "key" + strconv.Itoa((g+i)%3)}
				at := time.Unix(int64(1_700_000_000+86400*(i%2)), 0)
				want := new(Signer).Authorization(cred, Service, "h", "application/json", []byte("{}"), at)
				if got := s.Authorization(cred, Service, "h", "application/json", []byte("{}"), at); got != want {
					t.Errorf("concurrent signature mismatch")
					return
				}
			}
		}()
	}
	wg.Wait()
}

// captureTransport records the official SDK's request and answers with a
// minimal success envelope.
type captureTransport struct {
	req  *http.Request
	body []byte
}

func (c *captureTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	b, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, err
	}
	c.req, c.body = req, b
	return &http.Response{
		StatusCode: 200,
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       io.NopCloser(strings.NewReader(`{"Response":{"RequestId":"r"}}`)),
		Request:    req,
	}, nil
}

// TestSignMatchesOfficialSDK signs the requests the official SDK sends with
// a Signer and compares the Authorization headers.
func TestSignMatchesOfficialSDK(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 25 {
		key := fmt.Sprintf("key-%d-%x", i, rng.Uint64())
		cred := tccommon.NewCredential("AKIDtest"+strconv.Itoa(i), key)
		prof := profile.NewClientProfile()
		if i%2 == 1 {
			prof.HttpProfile.Endpoint = "faceid.ap-shanghai.tencentcloudapi.com"
		}
		capture := &captureTransport{}
		client := tccommon.NewCommonClient(cred, "ap-guangzhou", prof).WithHttpTransport(capture)

		req := tchttp.NewCommonRequest(Service, APIVersion, "GetDetectInfoEnhanced")
		params := map[string]any{
			"BizToken": fmt.Sprintf("%X", rng.Uint64()),
			"RuleId":   strconv.Itoa(rng.IntN(100)),
			"Extra":    strings.Repeat("测<&>", rng.IntN(20)),
		}
		require.NoError(t, req.SetActionParameters(params))
		require.NoError(t, client.Send(req, tchttp.NewCommonResponse()))

		ts, err := strconv.ParseInt(capture.req.Header.Get("X-TC-Timestamp"), 10, 64)
		require.NoError(t, err)
		ours := new(Signer).Authorization(Credentials{SecretID: "AKIDtest" + strconv.Itoa(i), SecretKey: key}, Service,
			capture.req.Host, capture.req.Header.Get("Content-Type"), capture.body, time.Unix(ts, 0))
		require.Equal(t, capture.req.Header.Get("Authorization"), ours, "request %d", i)
	}
}
