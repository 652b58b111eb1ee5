package store

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCompressRoundTrip(t *testing.T) {
	for _, in := range [][]byte{[]byte(`{"a":1}`), []byte(strings.Repeat(`{"requirement":"3.1.1","status":"met"},`, 5000)), {}} {
		z, err := compress(in)
		require.NoError(t, err)
		out, err := decompress(z)
		require.NoError(t, err)
		assert.True(t, bytes.Equal(in, out))
	}
	// Stored uncompressed (as before compression): read as it is.
	out, err := decompress([]byte(`{"ready":true}`))
	require.NoError(t, err)
	assert.Equal(t, `{"ready":true}`, string(out))
	// A corrupt stream is an error, not a verdict.
	_, err = decompress([]byte{0x1f, 0x8b, 0, 1, 2})
	assert.Error(t, err)
}

func BenchmarkCompressVerdict(b *testing.B) {
	in := []byte(strings.Repeat(`{"id":"3.1.1","family":"AC","status":"met","objectives":[{"id":"3.1.1[a]","status":"met","provenance":{"method":"examine","date":"2026-10-01"}}]},`, 1200))
	b.SetBytes(int64(len(in)))
	for range b.N {
		if _, err := compress(in); err != nil {
			b.Fatal(err)
		}
	}
}
