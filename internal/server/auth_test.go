package server

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The Bearer scheme's name is case-insensitive (RFC 9110 §11.1).
func TestBearerToken(t *testing.T) {
	tests := []struct {
		header, want string
		ok           bool
	}{
		{"Bearer mamori_abc", "mamori_abc", true},
		{"bearer mamori_abc", "mamori_abc", true},
		{"BEARER mamori_abc", "mamori_abc", true},
		{"bEaReR   mamori_abc  ", "mamori_abc", true},
		{"Basic mamori_abc", "", false},
		{"Bearer", "", false},
		{"Bearer ", "", false},
		{"Bearermamori_abc", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := bearerToken(tt.header)
		assert.Equal(t, tt.ok, ok, "%q", tt.header)
		assert.Equal(t, tt.want, got, "%q", tt.header)
	}
}
