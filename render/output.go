package render

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"sync"
)

// gzipWriters are reused: a best-compression writer costs about a megabyte
// to make, more than compressing a widget.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestCompression)
	return zw
}}

// Output is one rendered response body, prepared once: its bytes, a gzip
// copy, and a strong ETag (a hash of the bytes, so every replica that
// renders the same data names it the same).
type Output struct {
	ContentType string
	Body        []byte
	Gzip        []byte // nil when compressing does not help
	ETag        string // quoted, e.g. "\"q2Lk…\""

	// plain is a compact output's bytes, made again on the first request
	// without gzip and kept: a client that keeps asking costs no more than
	// before Compact.
	plainOnce sync.Once
	plain     []byte
}

// NewOutput prepares a body for serving.
func NewOutput(contentType string, body []byte) *Output {
	sum := sha256.Sum256(body)
	o := &Output{ContentType: contentType, Body: body, ETag: `"` + base64.RawURLEncoding.EncodeToString(sum[:16]) + `"`}
	if len(body) > 256 {
		var buf bytes.Buffer
		buf.Grow(len(body) / 3)
		zw := gzipWriters.Get().(*gzip.Writer)
		zw.Reset(&buf)
		_, _ = zw.Write(body)
		_ = zw.Close()
		gzipWriters.Put(zw)
		if buf.Len() < len(body) {
			// Exactly its size: the buffer was grown for a guess, and a
			// cached widget would keep the difference (most of its heap).
			o.Gzip = bytes.Clone(buf.Bytes())
		}
	}
	return o
}

// Compact drops the plain bytes of an output that has a gzip copy, for
// one kept long (a cached widget's): nearly every client takes gzip, and
// Plain makes the plain bytes again for the rare one that does not (once,
// then keeps them).
func (o *Output) Compact() {
	if o != nil && o.Gzip != nil {
		o.Body = nil
	}
}

// Plain is the output's bytes: its Body, or after Compact its gzip copy
// decompressed.
func (o *Output) Plain() []byte {
	if o.Body != nil || o.Gzip == nil {
		return o.Body
	}
	o.plainOnce.Do(func() {
		zr, err := gzip.NewReader(bytes.NewReader(o.Gzip))
		if err != nil {
			return // our own gzip: cannot happen
		}
		o.plain, _ = io.ReadAll(zr)
	})
	return o.plain
}

// GzipETag is the ETag of the gzip copy: a different representation needs
// its own strong validator.
func (o *Output) GzipETag() string { return o.ETag[:len(o.ETag)-1] + `-gz"` }
