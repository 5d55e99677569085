package render

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"strconv"
	"sync"
	"sync/atomic"
)

// gzipWriters are reused: a best-compression writer costs about a megabyte
// to make, more than compressing a widget.
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestCompression)
	return zw
}}

// Output is one rendered response body, prepared once: its bytes, a gzip
// copy, a strong ETag (a hash of the bytes, so every replica that renders
// the same data names it the same), and the header values of both
// representations, ready for an http.Header.
type Output struct {
	ContentType string
	Body        []byte
	Gzip        []byte // nil when compressing does not help
	ETag        string // quoted, e.g. "\"q2Lk…\""

	// hv are the header values a hit sends, made once (prepare) so that
	// serving one allocates nothing: the content type, then the ETag and
	// Content-Length of the plain bytes, then of the gzip copy. The
	// strings share one allocation; the slices handed out are views of
	// this array, each of capacity one, so a caller's append copies.
	hv [5]string

	// plain is a compact output's bytes, made again on the first request
	// without gzip and kept: a client that keeps asking costs no more than
	// before Compact. (A pointer, not a sync.Once and a slice: every
	// cached output has the field, few ever fill it.)
	plain atomic.Pointer[[]byte]
}

const (
	hvType = iota
	hvETag
	hvLength
	hvGzipETag
	hvGzipLength
)

// NewOutput prepares a body for serving.
func NewOutput(contentType string, body []byte) *Output {
	sum := sha256.Sum256(body)
	o := &Output{ContentType: contentType, Body: body}
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
	o.prepare(base64.RawURLEncoding.EncodeToString(sum[:16]))
	return o
}

// prepare makes the header values from the hash's text (unquoted), in one
// string: "<etag>"<length>"<etag>-gz"<length>.
func (o *Output) prepare(hash string) {
	b := make([]byte, 0, 2*len(hash)+32)
	b = append(b, '"')
	b = append(b, hash...)
	b = append(b, '"')
	etagEnd := len(b)
	b = strconv.AppendInt(b, int64(len(o.Body)), 10)
	lenEnd := len(b)
	gzStart, gzEnd, gzLenEnd := lenEnd, lenEnd, lenEnd
	if o.Gzip != nil {
		b = append(b, '"')
		b = append(b, hash...)
		b = append(b, `-gz"`...)
		gzEnd = len(b)
		b = strconv.AppendInt(b, int64(len(o.Gzip)), 10)
		gzLenEnd = len(b)
	}
	s := string(b)
	o.ETag = s[:etagEnd]
	o.hv = [5]string{o.ContentType, o.ETag, s[etagEnd:lenEnd], s[gzStart:gzEnd], s[gzEnd:gzLenEnd]}
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
	if p := o.plain.Load(); p != nil {
		return *p
	}
	var plain []byte
	if zr, err := gzip.NewReader(bytes.NewReader(o.Gzip)); err == nil { // our own gzip: it reads
		plain, _ = io.ReadAll(zr)
	}
	o.plain.CompareAndSwap(nil, &plain) // two clients at once: the first kept
	return *o.plain.Load()
}

// GzipETag is the ETag of the gzip copy: a different representation needs
// its own strong validator.
func (o *Output) GzipETag() string {
	if o.hv[hvGzipETag] != "" {
		return o.hv[hvGzipETag]
	}
	return o.ETag[:len(o.ETag)-1] + `-gz"`
}

// Representation is what a response sends of the output: the bytes, gzip
// or plain, and the values of its Content-Type, ETag and Content-Length
// headers, as an http.Header holds them. For an output from NewOutput
// they were made once and are shared by every response (never change
// their elements); for one built by hand they are made now.
func (o *Output) Representation(gzip bool) (body []byte, contentType, etag, length []string) {
	if o.hv[hvETag] == "" { // not from NewOutput: an Output{…} literal
		body, e := o.Plain(), o.ETag
		if gzip && o.Gzip != nil {
			body, e = o.Gzip, o.GzipETag()
		}
		return body, []string{o.ContentType}, []string{e}, []string{strconv.Itoa(len(body))}
	}
	if gzip && o.Gzip != nil {
		return o.Gzip, o.hv[hvType : hvType+1 : hvType+1], o.hv[hvGzipETag : hvGzipETag+1 : hvGzipETag+1],
			o.hv[hvGzipLength : hvGzipLength+1 : hvGzipLength+1]
	}
	return o.Plain(), o.hv[hvType : hvType+1 : hvType+1], o.hv[hvETag : hvETag+1 : hvETag+1], o.hv[hvLength : hvLength+1 : hvLength+1]
}
