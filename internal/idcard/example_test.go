package idcard_test

import (
	"fmt"

	"github.com/faceid-go/faceid/internal/idcard"
)

func Example() {
	// A made-up number, typed with a lower-case x and a trailing space.
	input := "31011219870615888x "

	id := idcard.Normalize(input)
	if err := idcard.Validate(id); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("valid:", idcard.Mask(id))
	fmt.Println("name:", idcard.MaskName("王测试"))
	fmt.Println("phone:", idcard.MaskPhone("13800000000"))

	// A typo in one digit is caught by the check character; the error does
	// not repeat the number.
	fmt.Println(idcard.Validate("31011219870615988X"))
	// Output:
	// valid: 3101**********888X
	// name: 王**
	// phone: 138****0000
	// idcard: invalid ID number: check digit does not match
}

func ExampleCheckDigit() {
	c, ok := idcard.CheckDigit("11010119900307123")
	fmt.Printf("%c %v\n", c, ok)
	// Output: 3 true
}

func ExampleFictional() {
	id := idcard.Fictional("440305", "20000229", "456")
	fmt.Println(id, idcard.Validate(id) == nil)
	// Output: 440305200002294564 true
}
