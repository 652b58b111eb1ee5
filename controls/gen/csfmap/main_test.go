package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestControl(t *testing.T) {
	for in, want := range map[string]string{"AC-02(03)": "AC-2(3)", "AC-2": "AC-2", " SC-07 (05)": "SC-7(5)", "IA-2(1)": "IA-2(1)"} {
		got, ok := control(in)
		assert.True(t, ok, in)
		assert.Equal(t, want, got, in)
	}
	for _, in := range []string{"-1 controls from all security control families", "AU Family", "PM"} {
		_, ok := control(in)
		assert.False(t, ok, in)
	}
}

func TestNaturalLess(t *testing.T) {
	assert.True(t, naturalLess("AC-2", "AC-10"))
	assert.True(t, naturalLess("AC-2", "AC-2(1)"))
	assert.True(t, naturalLess("AC-2(2)", "AC-2(10)"))
	assert.False(t, naturalLess("AC-10", "AC-2"))
}
