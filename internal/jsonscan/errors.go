package jsonscan

import (
	"errors"
	"fmt"
)

// Errors wrapped by *SyntaxError for the limits a hostile input could hit.
var (
	// ErrTooDeep is wrapped by the *SyntaxError returned when values nest
	// deeper than MaxDepth.
	ErrTooDeep = errors.New("jsonscan: nesting deeper than MaxDepth")
	// ErrTokenTooLong is wrapped by the *SyntaxError returned when a key or
	// a number literal is longer than MaxTokenSize.
	ErrTokenTooLong = errors.New("jsonscan: token longer than MaxTokenSize")
)

// SyntaxError reports malformed or truncated JSON. It is fatal: the Reader
// returns it from every later call.
//
// When the input ends in the middle of a value, the error wraps
// io.ErrUnexpectedEOF, so errors.Is(err, io.ErrUnexpectedEOF) reports
// truncation.
type SyntaxError struct {
	// Offset is the input offset of the offending byte (for truncation, the
	// length of the input).
	Offset int64
	// Msg describes the problem; it never quotes more than one input byte.
	Msg string

	err error
}

// Error implements the error interface.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("jsonscan: syntax error at offset %d: %s", e.Offset, e.Msg)
}

// Unwrap returns the cause, such as io.ErrUnexpectedEOF or ErrTooDeep, or nil.
func (e *SyntaxError) Unwrap() error { return e.err }

// TypeError reports a well-formed value of a kind the caller did not ask
// for, or that a Flex method could not convert. It is not fatal: the value
// has been consumed and the Reader is positioned after it.
type TypeError struct {
	// Offset is the input offset at which the value begins.
	Offset int64
	// Want is the kind the caller asked for.
	Want Kind
	// Got is the kind found.
	Got Kind
	// Detail, if set, says why a value of an acceptable kind was refused,
	// such as "not an integer" or "out of range". It never quotes the value.
	Detail string
}

// Error implements the error interface.
func (e *TypeError) Error() string {
	if e.Want == e.Got && e.Detail != "" {
		// A value of the right kind that does not fit: "number out of range".
		return fmt.Sprintf("jsonscan: type error at offset %d: %v %s", e.Offset, e.Got, e.Detail)
	}
	msg := fmt.Sprintf("jsonscan: type error at offset %d: want %v, got %v", e.Offset, e.Want, e.Got)
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// Base64Error reports a JSON string that is not valid base64. It is not
// fatal: the whole string has been consumed.
type Base64Error struct {
	// Offset is the input offset of the first byte that could not be
	// decoded (for a string that ends too early, its closing quote).
	Offset int64
}

// Error implements the error interface.
func (e *Base64Error) Error() string {
	return fmt.Sprintf("jsonscan: invalid base64 in string at offset %d", e.Offset)
}
