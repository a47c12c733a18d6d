package jsonscan

// push enters an object or array, enforcing MaxDepth.
func (r *Reader) push() error {
	r.depth++
	if r.depth > MaxDepth {
		return r.fail(&SyntaxError{Offset: r.Offset(), Msg: "nesting too deep", err: ErrTooDeep})
	}
	return nil
}

// Object reads an object, calling fn for each member in input order with the
// member's key, unescaped. key is valid only until fn returns. fn must
// consume the member's value, with one read method or Skip; if it returns
// without consuming it, Object skips it. A nil fn skips every member.
//
// If fn returns an error, Object calls fn no more, consumes the rest of the
// object and returns that error. A fatal error met while fn ran is returned
// even if fn did not return it.
//
// For JSON null Object returns nil without calling fn. For another kind of
// value it consumes the value and returns a *TypeError.
func (r *Reader) Object(fn func(key []byte) error) error {
	c, err := r.begin()
	if err != nil {
		return err
	}
	switch c {
	case '{':
	case 'n':
		return r.literal("null")
	default:
		return r.mismatch(KindObject, c)
	}
	if err := r.push(); err != nil {
		return err
	}
	r.pos++
	if c, err = r.nonSpace(); err != nil {
		return err
	}
	if c == '}' {
		r.pos++
		r.depth--
		return nil
	}
	var fnErr error
	for {
		if c != '"' {
			return r.syntaxAt(c, "looking for beginning of object key string")
		}
		r.pos++
		start := len(r.keys)
		if r.keys, err = r.appendString(r.keys, MaxTokenSize-start, "object key"); err != nil {
			return err
		}
		if c, err = r.nonSpace(); err != nil {
			return err
		}
		if c != ':' {
			return r.syntaxAt(c, "after object key")
		}
		r.pos++
		if fn == nil || fnErr != nil {
			err = r.Skip()
		} else {
			n := r.values
			fnErr = fn(r.keys[start:len(r.keys):len(r.keys)])
			err = r.settle(n, fnErr)
		}
		if err != nil {
			return err
		}
		r.keys = r.keys[:start]
		if c, err = r.nonSpace(); err != nil {
			return err
		}
		switch c {
		case ',':
			r.pos++
			if c, err = r.nonSpace(); err != nil {
				return err
			}
			continue
		case '}':
			r.pos++
			r.depth--
			return fnErr
		}
		return r.syntaxAt(c, "after object key:value pair")
	}
}

// settle runs after a member callback. values is r.values from before the
// call and fnErr the callback's result. It returns the fatal error met while
// the callback ran (fnErr if the callback returned one), or else skips the
// member if the callback did not consume it.
func (r *Reader) settle(values uint64, fnErr error) error {
	if r.fatal != nil {
		if fnErr != nil {
			return fnErr
		}
		return r.fatal
	}
	if r.values == values {
		return r.Skip()
	}
	return nil
}

// Array reads an array, calling fn for each element with its index. fn must
// consume the element, with one read method or Skip; if it returns without
// consuming it, Array skips it. A nil fn skips every element.
//
// If fn returns an error, Array calls fn no more, consumes the rest of the
// array and returns that error. A fatal error met while fn ran is returned
// even if fn did not return it.
//
// For JSON null Array returns nil without calling fn. For another kind of
// value it consumes the value and returns a *TypeError.
func (r *Reader) Array(fn func(index int) error) error {
	c, err := r.begin()
	if err != nil {
		return err
	}
	switch c {
	case '[':
	case 'n':
		return r.literal("null")
	default:
		return r.mismatch(KindArray, c)
	}
	if err := r.push(); err != nil {
		return err
	}
	r.pos++
	if c, err = r.nonSpace(); err != nil {
		return err
	}
	if c == ']' {
		r.pos++
		r.depth--
		return nil
	}
	var fnErr error
	for i := 0; ; i++ {
		if fn == nil || fnErr != nil {
			err = r.Skip()
		} else {
			n := r.values
			fnErr = fn(i)
			err = r.settle(n, fnErr)
		}
		if err != nil {
			return err
		}
		if c, err = r.nonSpace(); err != nil {
			return err
		}
		switch c {
		case ',':
			r.pos++
			continue
		case ']':
			r.pos++
			r.depth--
			return fnErr
		}
		return r.syntaxAt(c, "after array element")
	}
}

// Skip consumes the next value, whatever its kind, checking its syntax.
func (r *Reader) Skip() error {
	c, err := r.begin()
	if err != nil {
		return err
	}
	return r.skipFrom(c)
}

// skipFrom consumes the value that begins with byte c at r.pos.
func (r *Reader) skipFrom(c byte) error {
	switch c {
	case '"':
		r.pos++
		return r.skipString(false)
	case '{', '[':
		return r.skipContainer(c)
	case 't':
		return r.literal("true")
	case 'f':
		return r.literal("false")
	case 'n':
		return r.literal("null")
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		n, err := r.scanNumber()
		r.pos += n
		return err
	}
	return r.syntaxAt(c, "looking for beginning of value")
}

// skipContainer consumes the object or array that begins with open.
func (r *Reader) skipContainer(open byte) error {
	if err := r.push(); err != nil {
		return err
	}
	closing := byte(']')
	if open == '{' {
		closing = '}'
	}
	r.pos++
	c, err := r.nonSpace()
	if err != nil {
		return err
	}
	if c == closing {
		r.pos++
		r.depth--
		return nil
	}
	for {
		if open == '{' {
			if c != '"' {
				return r.syntaxAt(c, "looking for beginning of object key string")
			}
			r.pos++
			if err := r.skipString(false); err != nil {
				return err
			}
			if c, err = r.nonSpace(); err != nil {
				return err
			}
			if c != ':' {
				return r.syntaxAt(c, "after object key")
			}
			r.pos++
			if c, err = r.nonSpace(); err != nil {
				return err
			}
		}
		if err := r.skipFrom(c); err != nil {
			return err
		}
		if c, err = r.nonSpace(); err != nil {
			return err
		}
		switch c {
		case ',':
			r.pos++
			if c, err = r.nonSpace(); err != nil {
				return err
			}
			continue
		case closing:
			r.pos++
			r.depth--
			return nil
		}
		if open == '{' {
			return r.syntaxAt(c, "after object key:value pair")
		}
		return r.syntaxAt(c, "after array element")
	}
}
