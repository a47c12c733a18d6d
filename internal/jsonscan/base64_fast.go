package jsonscan

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"slices"
)

const (
	// stageSize is the size of the buffer into which text with escapes is
	// unescaped before decoding.
	stageSize = 4 << 10

	// directMin is the shortest escape-free run decoded in place when an
	// escape follows it; shorter ones go through the stage with the text
	// after the escape.
	directMin = 1 << 10

	// fastMax is the most text one call of fast looks at and decodes.
	fastMax = 1 << 20
)

// fast decodes a 4-aligned run of text at r.pos in one call to
// base64.StdEncoding.Decode. Text free of escapes is decoded in place from
// the window; text with escapes (the \/ of some encoders, or escaped line
// breaks) is first unescaped into a stage buffer. It returns how many input
// bytes it consumed, with ok set; or, when Decode refused the text, how many
// input bytes the slow path should take, with ok unset; or 0 when there is
// nothing it can do. With bounded set, it decodes no more than the spare
// capacity of dst; otherwise dst grows as needed.
func (d *b64decoder) fast(bounded bool) (used int, ok bool) {
	r := d.r
	// Look no further than one call decodes: a window holding a whole
	// body (NewBytesReader) would otherwise be searched to its end once
	// per chunk, or once per item.
	win := r.buf[r.pos:min(r.end, r.pos+fastMax)]
	room := len(win) // most text the destination can take, in base64 chars
	if bounded {
		room = (cap(d.dst) - len(d.dst)) / 3 * 4
		win = win[:min(len(win), room)]
	}
	stop := bytes.IndexByte(win, '\\') // escapes first: they may be frequent
	if stop < 0 {
		stop = len(win)
	}
	if q := bytes.IndexByte(win[:stop], '"'); q >= 0 {
		stop = q
	}
	var text []byte
	direct := stop >= directMin || stop == len(win) || win[stop] != '\\'
	if direct {
		text = win[:min(stop, room)&^3]
		used = len(text)
	} else {
		if r.stage == nil {
			r.stage = make([]byte, stageSize)
		}
		var n int
		n, used = unescapeBase64(r.stage[:min(len(r.stage), room)], win)
		text = r.stage[:n]
	}
	if len(text) == 0 {
		return 0, false
	}
	if !bounded {
		d.dst = slices.Grow(d.dst, len(text)/4*3)
	}
	l := len(d.dst)
	m, err := base64.StdEncoding.Decode(d.dst[l:l+len(text)/4*3], text)
	if err != nil {
		if ce, isCorrupt := err.(base64.CorruptInputError); isCorrupt && direct && int(ce) < used {
			used = int(ce) + 1 // the fault's position is known: go slow up to it
		}
		return used, false
	}
	d.dst = d.dst[:l+m]
	d.st.done = endsWithPad(text)
	return used, true
}

// unescapeBase64 copies base64 text from the start of win into stage,
// resolving the escapes \/ (to '/') and \n, \r, \t (dropped as whitespace).
// It stops at a quote, at any other escape, or when stage or win runs out,
// and returns the stage length and the window bytes used, both as of the
// last point where the stage length was a multiple of 4.
func unescapeBase64(stage, win []byte) (n, used int) {
	s, i := 0, 0
	for {
		// Copy eight bytes at a time while they hold no quote or escape.
		for i+8 <= len(win) && s+8 <= len(stage) {
			x := binary.LittleEndian.Uint64(win[i:])
			if hasZero(x^(lsb*'"'))|hasZero(x^(lsb*'\\')) != 0 {
				break
			}
			binary.LittleEndian.PutUint64(stage[s:], x)
			i, s = i+8, s+8
		}
		if s%4 == 0 {
			n, used = s, i
		}
		if i == len(win) || s == len(stage) {
			return n, used
		}
		switch c := win[i]; c {
		case '"':
			return n, used
		case '\\':
			if i+1 == len(win) {
				return n, used
			}
			switch win[i+1] {
			case '/':
				stage[s] = '/'
				s++
			case 'n', 'r', 't':
			default:
				return n, used
			}
			i += 2
		default:
			stage[s] = c
			i, s = i+1, s+1
		}
		if s%4 == 0 {
			n, used = s, i
		}
	}
}
