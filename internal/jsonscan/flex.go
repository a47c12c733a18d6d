package jsonscan

import (
	"bytes"
	"strconv"
)

// Details carried by the *TypeError of the Flex methods.
const (
	detailNotNumber  = "not a number"
	detailNotInteger = "not an integer"
	detailRange      = "out of range"
	detailNotBool    = "not a boolean"
)

// flexText reads a string value for conversion by a Flex method and returns
// it with surrounding whitespace trimmed. The result is valid until the next
// call on the Reader.
func (r *Reader) flexText() ([]byte, error) {
	r.pos++
	b, err := r.appendString(r.scratch[:0], MaxTokenSize, "string")
	r.keepScratch(b)
	return bytes.TrimSpace(b), err
}

// FlexInt reads an integer sent as a number or as a string. A number may
// have a fraction or exponent if its value is a whole number ("3.0", "1e3").
// A string may hold such a number, a leading '+' and leading zeros, with
// whitespace around; an empty string reads as 0. JSON null reads as 0.
// Anything else, and a value outside the int64 range, is consumed and
// reported with a *TypeError.
func (r *Reader) FlexInt() (int64, error) {
	c, err := r.begin()
	if err != nil {
		return 0, err
	}
	off := r.Offset()
	var text []byte
	switch kindOf(c) {
	case KindNumber:
		if text, err = r.number(); err != nil {
			return 0, err
		}
	case KindString:
		if text, err = r.flexText(); err != nil {
			return 0, err
		}
		if len(text) == 0 {
			return 0, nil
		}
	case KindNull:
		return 0, r.literal("null")
	default:
		return 0, r.mismatch(KindNumber, c)
	}
	v, detail := parseInt(text)
	if detail != "" {
		return 0, &TypeError{Offset: off, Want: KindNumber, Got: kindOf(c), Detail: detail}
	}
	return v, nil
}

// FlexString reads a string, or the literal text of a number, or "true" or
// "false" for a boolean. JSON null reads as "". An object or array is
// consumed and reported with a *TypeError.
func (r *Reader) FlexString() (string, error) {
	c, err := r.begin()
	if err != nil {
		return "", err
	}
	switch kindOf(c) {
	case KindString:
		return r.String()
	case KindNumber:
		lit, err := r.number()
		if err != nil {
			return "", err
		}
		return string(lit), nil
	case KindBool:
		b, err := r.Bool()
		if err != nil {
			return "", err
		}
		return strconv.FormatBool(b), nil
	case KindNull:
		return "", r.literal("null")
	}
	return "", r.mismatch(KindString, c)
}

// FlexBool reads a boolean sent as true or false, as the number 0 or 1, or
// as a string holding "true", "false" (in any case), "1" or "0" with
// whitespace around; an empty string reads as false. JSON null reads as
// false. Anything else is consumed and reported with a *TypeError.
func (r *Reader) FlexBool() (bool, error) {
	c, err := r.begin()
	if err != nil {
		return false, err
	}
	off := r.Offset()
	switch kindOf(c) {
	case KindBool, KindNull:
		return r.Bool()
	case KindNumber:
		lit, err := r.number()
		if err != nil {
			return false, err
		}
		if v, detail := parseInt(lit); detail == "" && (v == 0 || v == 1) {
			return v == 1, nil
		}
		return false, &TypeError{Offset: off, Want: KindBool, Got: KindNumber, Detail: detailNotBool}
	case KindString:
		text, err := r.flexText()
		if err != nil {
			return false, err
		}
		switch {
		case len(text) == 0, string(text) == "0", bytes.EqualFold(text, []byte("false")):
			return false, nil
		case string(text) == "1", bytes.EqualFold(text, []byte("true")):
			return true, nil
		}
		return false, &TypeError{Offset: off, Want: KindBool, Got: KindString, Detail: detailNotBool}
	}
	return false, r.mismatch(KindBool, c)
}

// decimal is the parsed form of a lenient decimal literal:
// [+-] digits [. digits] [(e|E) [+-] digits], with at least one mantissa
// digit.
type decimal struct {
	neg       bool
	intDigits []byte
	fracDigit []byte
	exp       int // clamped to ±maxExp
}

// maxExp clamps exponents; beyond it every non-zero value is out of range.
const maxExp = 1 << 20

// parseDecimal parses b as a lenient decimal literal.
func parseDecimal(b []byte) (d decimal, ok bool) {
	i := 0
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		d.neg = b[i] == '-'
		i++
	}
	start := i
	for i < len(b) && isDigit(b[i]) {
		i++
	}
	d.intDigits = b[start:i]
	if i < len(b) && b[i] == '.' {
		i++
		start = i
		for i < len(b) && isDigit(b[i]) {
			i++
		}
		d.fracDigit = b[start:i]
	}
	if len(d.intDigits)+len(d.fracDigit) == 0 {
		return d, false
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		eneg := false
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			eneg = b[i] == '-'
			i++
		}
		start = i
		for i < len(b) && isDigit(b[i]) {
			if d.exp < maxExp {
				d.exp = d.exp*10 + int(b[i]-'0')
			}
			i++
		}
		if start == i {
			return d, false
		}
		d.exp = min(d.exp, maxExp)
		if eneg {
			d.exp = -d.exp
		}
	}
	return d, i == len(b)
}

// parseInt converts a lenient decimal literal with an integral value to an
// int64, exactly. On failure it returns a TypeError detail.
func parseInt(b []byte) (int64, string) {
	d, ok := parseDecimal(b)
	if !ok {
		return 0, detailNotNumber
	}
	// The value is 0.D × 10^point, D being the digits read left to right.
	digit := func(j int) byte {
		if j < len(d.intDigits) {
			return d.intDigits[j] - '0'
		}
		return d.fracDigit[j-len(d.intDigits)] - '0'
	}
	total := len(d.intDigits) + len(d.fracDigit)
	first := 0
	for first < total && digit(first) == 0 {
		first++
	}
	if first == total {
		return 0, "" // all zeros, whatever the exponent
	}
	point := len(d.intDigits) + d.exp
	for j := max(point, first); j < total; j++ {
		if digit(j) != 0 {
			return 0, detailNotInteger
		}
	}
	if point-first > 19 {
		return 0, detailRange
	}
	limit := uint64(1<<63 - 1)
	if d.neg {
		limit = 1 << 63
	}
	var u uint64
	for j := first; j < point; j++ {
		var dj byte
		if j < total {
			dj = digit(j)
		}
		if u > limit/10 {
			return 0, detailRange
		}
		u = u*10 + uint64(dj)
		if u > limit {
			return 0, detailRange
		}
	}
	if d.neg {
		return -int64(u), ""
	}
	return int64(u), ""
}
