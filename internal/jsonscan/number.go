package jsonscan

import "io"

// at returns the byte k bytes past r.pos, reading more input if needed.
// ok is false at end of input (or on a read error).
func (r *Reader) at(k int) (c byte, ok bool) {
	if r.pos+k >= r.end && !r.ensure(k+1) {
		return 0, false
	}
	return r.buf[r.pos+k], true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// scanNumber checks the number literal at r.pos and returns its length,
// without consuming it: the literal is r.buf[r.pos:r.pos+n].
func (r *Reader) scanNumber() (n int, err error) {
	k := 0
	// bad reports the byte at k: unexpected end, read error, or c.
	bad := func(c byte, ok bool, context string) (int, error) {
		if !ok {
			r.pos = r.end
			return 0, r.eofError()
		}
		r.pos += k
		return 0, r.syntaxAt(c, context)
	}
	// digits consumes a run of digits.
	digits := func() (byte, bool, error) {
		for {
			if k > MaxTokenSize {
				return 0, false, r.tooLong("number literal")
			}
			c, ok := r.at(k)
			if !ok || !isDigit(c) {
				return c, ok, nil
			}
			k++
		}
	}
	c, ok := r.at(k)
	if ok && c == '-' {
		k++
		c, ok = r.at(k)
	}
	switch {
	case ok && c == '0':
		k++
		c, ok = r.at(k)
	case ok && '1' <= c && c <= '9':
		k++
		if c, ok, err = digits(); err != nil {
			return 0, err
		}
	default:
		return bad(c, ok, "in numeric literal")
	}
	if ok && c == '.' {
		k++
		if c, ok = r.at(k); !ok || !isDigit(c) {
			return bad(c, ok, "after decimal point in numeric literal")
		}
		if c, ok, err = digits(); err != nil {
			return 0, err
		}
	}
	if ok && (c == 'e' || c == 'E') {
		k++
		if c, ok = r.at(k); ok && (c == '+' || c == '-') {
			k++
			c, ok = r.at(k)
		}
		if !ok || !isDigit(c) {
			return bad(c, ok, "in exponent of numeric literal")
		}
		if _, ok, err = digits(); err != nil {
			return 0, err
		}
	}
	if !ok && r.rerr != io.EOF {
		r.pos = r.end
		return 0, r.eofError()
	}
	return k, nil
}

// Number reads a number and returns its literal text, which is valid until
// the next call on the Reader. JSON null reads as nil. Another kind of value
// is consumed and reported with a *TypeError.
func (r *Reader) Number() ([]byte, error) {
	c, err := r.begin()
	if err != nil {
		return nil, err
	}
	switch kindOf(c) {
	case KindNumber:
		return r.number()
	case KindNull:
		return nil, r.literal("null")
	}
	return nil, r.mismatch(KindNumber, c)
}

// number consumes the number literal at r.pos and returns it.
func (r *Reader) number() ([]byte, error) {
	n, err := r.scanNumber()
	if err != nil {
		return nil, err
	}
	lit := r.buf[r.pos : r.pos+n : r.pos+n]
	r.pos += n
	return lit, nil
}

// Bool reads true or false. JSON null reads as false. Another kind of value
// is consumed and reported with a *TypeError.
func (r *Reader) Bool() (bool, error) {
	c, err := r.begin()
	if err != nil {
		return false, err
	}
	switch c {
	case 't':
		if err := r.literal("true"); err != nil {
			return false, err
		}
		return true, nil
	case 'f':
		return false, r.literal("false")
	case 'n':
		return false, r.literal("null")
	}
	return false, r.mismatch(KindBool, c)
}
