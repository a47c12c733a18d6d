package faceid

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/faceid-go/faceid/internal/jsonscan"
)

// wireDecoder holds what decoding any reply shares: the problems met and
// the destinations already decoded. Its methods decode one member each,
// tolerantly: a value of an unexpected type, malformed base64 or an integer
// beyond 32 bits is recorded as a problem and the member left empty; a
// member decoded twice (a duplicate key, or two spellings of one field), a
// list longer than its limit, malformed JSON or a failing body stops
// decoding with an error.
type wireDecoder struct {
	// problems is where problems are recorded: the Problems field of the
	// value being decoded.
	problems *[]FieldProblem
	// few and many hold the destination of every member decoded so far,
	// so that a member met twice is refused instead of "the last one
	// wins": the first destinations in a short list, the rest in a map.
	few    []any
	fewBuf [8]any
	many   map[any]struct{}
}

// reset forgets the members decoded by a failed attempt.
func (d *wireDecoder) reset() {
	*d.problems = nil
	clear(d.few)
	d.few = d.few[:0]
	clear(d.many)
}

// problem records a problem with a field.
func (d *wireDecoder) problem(p FieldProblem) {
	*d.problems = append(*d.problems, p)
}

// claim records that the member at prefix.key is decoded into dst and
// refuses a second member decoded into the same place.
func (d *wireDecoder) claim(prefix string, key []byte, dst any) error {
	if d.few == nil {
		d.few = d.fewBuf[:0] // a linear scan beats a map this far
	}
	if slices.Contains(d.few, dst) {
		return duplicate(joinPath(prefix, key))
	}
	if len(d.few) < cap(d.few) {
		d.few = append(d.few, dst)
		return nil
	}
	if d.many == nil {
		d.many = make(map[any]struct{}, 64)
	}
	if _, dup := d.many[dst]; dup {
		return duplicate(joinPath(prefix, key))
	}
	d.many[dst] = struct{}{}
	return nil
}

// soft records a non-fatal decoding error against a field and swallows it;
// fatal errors are returned.
func (d *wireDecoder) soft(prefix string, key []byte, err error) error {
	if err == nil {
		return nil // before the error variables, which live on the heap
	}
	var typeErr *jsonscan.TypeError
	var b64Err *jsonscan.Base64Error
	switch {
	case errors.As(err, &typeErr):
		problem := "expected " + typeErr.Want.String() + ", got " + typeErr.Got.String()
		if typeErr.Detail != "" {
			problem += " (" + typeErr.Detail + ")"
		}
		d.problem(FieldProblem{Field: joinPath(prefix, key), Problem: problem})
		return nil
	case errors.As(err, &b64Err):
		d.problem(FieldProblem{Field: joinPath(prefix, key),
			Problem: "not valid base64 (at byte " + strconv.FormatInt(b64Err.Offset, 10) + ")"})
		return nil
	}
	return err
}

func joinPath(prefix string, key []byte) string {
	if prefix == "" {
		return string(key)
	}
	if len(key) > 0 && key[0] == '[' {
		return prefix + string(key)
	}
	return prefix + "." + string(key)
}

// indexKey renders an array index as a path element.
func indexKey(i int) []byte { return []byte("[" + strconv.Itoa(i) + "]") }

func (d *wireDecoder) str(r *jsonscan.Reader, prefix string, key []byte, dst *string) error {
	if err := d.claim(prefix, key, dst); err != nil {
		return err
	}
	s, err := r.FlexString()
	if err != nil {
		return d.soft(prefix, key, err)
	}
	*dst = s
	return nil
}

func (d *wireDecoder) integer(r *jsonscan.Reader, prefix string, key []byte, dst *int) error {
	if err := d.claim(prefix, key, dst); err != nil {
		return err
	}
	n, err := r.FlexInt()
	if err != nil {
		return d.soft(prefix, key, err)
	}
	v, ok := int32Value(n)
	if !ok {
		d.outOfRange(prefix, key)
		return nil
	}
	*dst = v
	return nil
}

// int32Value converts n to an int if it fits in 32 bits, the width of
// every integer FaceID sends, so that a value decodes alike on every
// platform: on a 32-bit one, int(4294967296) would be 0.
func int32Value(n int64) (int, bool) {
	if n < math.MinInt32 || n > math.MaxInt32 {
		return 0, false
	}
	return int(n), true
}

// outOfRange records an integer that does not fit in 32 bits.
func (d *wireDecoder) outOfRange(prefix string, key []byte) {
	d.problem(FieldProblem{Field: joinPath(prefix, key),
		Problem: "integer out of the 32-bit range"})
}

// optInt decodes a code whose absence matters: null, absent or "" leave
// dst nil.
func (d *wireDecoder) optInt(r *jsonscan.Reader, prefix string, key []byte, dst **int) error {
	if err := d.claim(prefix, key, dst); err != nil {
		return err
	}
	kind, err := r.Peek()
	if err != nil {
		return err
	}
	if kind == jsonscan.KindNull {
		return r.Skip()
	}
	if kind == jsonscan.KindString {
		s, err := r.String()
		if err != nil {
			return d.soft(prefix, key, err)
		}
		s = strings.TrimSpace(s)
		if s == "" {
			return nil
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			if errors.Is(err, strconv.ErrRange) {
				d.outOfRange(prefix, key)
			} else {
				d.problem(FieldProblem{Field: joinPath(prefix, key), Problem: "expected an integer, got a non-numeric string"})
			}
			return nil
		}
		return d.setOptInt(prefix, key, dst, n)
	}
	n, err := r.FlexInt()
	if err != nil {
		return d.soft(prefix, key, err)
	}
	return d.setOptInt(prefix, key, dst, n)
}

// setOptInt stores n in *dst if it fits in 32 bits, or records a problem.
func (d *wireDecoder) setOptInt(prefix string, key []byte, dst **int, n int64) error {
	v, ok := int32Value(n)
	if !ok {
		d.outOfRange(prefix, key)
		return nil
	}
	*dst = &v
	return nil
}

func (d *wireDecoder) boolean(r *jsonscan.Reader, prefix string, key []byte, dst *bool) error {
	if err := d.claim(prefix, key, dst); err != nil {
		return err
	}
	b, err := r.FlexBool()
	if err != nil {
		return d.soft(prefix, key, err)
	}
	*dst = b
	return nil
}

func (d *wireDecoder) strings(r *jsonscan.Reader, prefix string, key []byte, limit int, dst *[]string) error {
	return d.list(r, prefix, key, limit, dst, func(path string, i int) error {
		s, err := r.FlexString()
		if err != nil {
			return d.soft(path, indexKey(i), err)
		}
		*dst = append(*dst, s)
		return nil
	})
}

func (d *wireDecoder) integers(r *jsonscan.Reader, prefix string, key []byte, limit int, dst *[]int) error {
	return d.list(r, prefix, key, limit, dst, func(path string, i int) error {
		n, err := r.FlexInt()
		if err != nil {
			return d.soft(path, indexKey(i), err)
		}
		v, ok := int32Value(n)
		if !ok {
			d.outOfRange(path, indexKey(i))
			return nil
		}
		*dst = append(*dst, v)
		return nil
	})
}

// object decodes a nested object into dst with fn, recording a non-object
// value. A nil dst is not claimed.
func (d *wireDecoder) object(r *jsonscan.Reader, prefix string, key []byte, dst any, fn func(path string) func(key []byte) error) error {
	if dst != nil {
		if err := d.claim(prefix, key, dst); err != nil {
			return err
		}
	}
	path := joinPath(prefix, key)
	return d.soft(prefix, key, r.Object(fn(path)))
}

// list decodes an array into dst with one call of item per element,
// refusing more than limit elements.
func (d *wireDecoder) list(r *jsonscan.Reader, prefix string, key []byte, limit int, dst any, item func(path string, i int) error) error {
	if err := d.claim(prefix, key, dst); err != nil {
		return err
	}
	path := joinPath(prefix, key)
	return d.soft(prefix, key, r.Array(func(i int) error {
		if err := checkLength(path, i, limit); err != nil {
			return err
		}
		return item(path, i)
	}))
}

// ignoreTypeError drops a *jsonscan.TypeError, which leaves the reader
// usable, and returns any other error.
func ignoreTypeError(err error) error {
	if err == nil {
		return nil // before typeErr, which lives on the heap
	}
	var typeErr *jsonscan.TypeError
	if errors.As(err, &typeErr) {
		return nil
	}
	return err
}

// float decodes a number (or a number in a string) into dst.
func (d *wireDecoder) float(r *jsonscan.Reader, prefix string, key []byte, dst *float64) error {
	if err := d.claim(prefix, key, dst); err != nil {
		return err
	}
	f, err := r.FlexFloat()
	if err != nil {
		return d.soft(prefix, key, err)
	}
	*dst = f
	return nil
}

// base64 decodes a base64 member into a slice of its own; an empty string
// or null leaves dst nil.
func (d *wireDecoder) base64(r *jsonscan.Reader, prefix string, key []byte, dst *[]byte) error {
	if err := d.claim(prefix, key, dst); err != nil {
		return err
	}
	b, err := r.ReadBase64()
	if err != nil {
		return d.soft(prefix, key, err)
	}
	*dst = b
	return nil
}

// base64List decodes a list of at most limit base64 items; an item that
// fails to decode is recorded and kept as nil so that indexes stay aligned.
func (d *wireDecoder) base64List(r *jsonscan.Reader, prefix string, key []byte, limit int, dst *[][]byte) error {
	return d.list(r, prefix, key, limit, dst, func(path string, i int) error {
		b, err := r.ReadBase64()
		if err != nil {
			if err := d.soft(path, indexKey(i), err); err != nil {
				return err
			}
		}
		*dst = append(*dst, b)
		return nil
	})
}

// int64 decodes an integer of the full 64-bit range, such as a paging
// cursor, into dst.
func (d *wireDecoder) int64(r *jsonscan.Reader, prefix string, key []byte, dst *int64) error {
	if err := d.claim(prefix, key, dst); err != nil {
		return err
	}
	n, err := r.FlexInt()
	if err != nil {
		return d.soft(prefix, key, err)
	}
	*dst = n
	return nil
}
