package idcard

import "testing"

func TestMask(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"1", "*"},
		{"12345678", "********"},
		{"123456789", "1234*6789"},
		{"11010119900307123X", "1101**********123X"},
		{"110101199003071233", "1101**********1233"},
		{"护照号码一二三四五六七八", "护照号码****五六七八"},
		{"张三李四王五赵六", "********"},
	}
	for _, tt := range tests {
		if got := Mask(tt.in); got != tt.want {
			t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMaskName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"张", "*"},
		{"张三", "张*"},
		{"王测试", "王**"},
		{"欧阳娜娜", "欧***"},
		{"Ann", "A**"},
		{"Li Wei", "L*****"},
	}
	for _, tt := range tests {
		if got := MaskName(tt.in); got != tt.want {
			t.Errorf("MaskName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMaskPhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"1380000", "*******"},
		{"13800005", "138*0005"},
		{"13800005678", "138****5678"},
		{"+8613800005678", "+86*******5678"},
		{"一二三四五六七八九十", "一二三***七八九十"},
	}
	for _, tt := range tests {
		if got := MaskPhone(tt.in); got != tt.want {
			t.Errorf("MaskPhone(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
