package faceid

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNewEncryptedPhoneVerification checks the digests against values
// computed independently (md5sum, sha256sum of the UTF-8 text) and that
// the clear values are checked first.
func TestNewEncryptedPhoneVerification(t *testing.T) {
	req, err := NewEncryptedPhoneVerification(PhoneHashMD5(), "110101199003071233", "测试一", "13800000000")
	require.NoError(t, err)
	assert.Equal(t, "1", req.EncryptionMode)
	assert.Equal(t, "2c203dd14eec07923e41b733a49c13ed", req.IDCard) // md5sum

	req, err = NewEncryptedPhoneVerification(PhoneHashSHA256(), "110101199003071233", "测试一", "13800000000")
	require.NoError(t, err)
	assert.Equal(t, "2", req.EncryptionMode)
	assert.Equal(t, "359ea74a80a57accd42a7311ed96eca04f3e631d0ab34ea76808c543240d8a68", req.Phone) // sha256sum
	assert.Len(t, req.Name, 64)

	req, err = NewEncryptedPhoneVerification(PhoneHashPlain(), "110101199003071233", "测试一", "13800000000")
	require.NoError(t, err)
	assert.Equal(t, "110101199003071233", req.IDCard)

	_, err = NewEncryptedPhoneVerification(PhoneHashMD5(), "110101199003071234", "测试一", "13800000000")
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "IdCard", ve.Field)
	assert.NotContains(t, err.Error(), "110101199003071234")
	_, err = NewEncryptedPhoneVerification(PhoneHash{}, "110101199003071233", "测试一", "13800000000")
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "EncryptionMode", ve.Field)
}
