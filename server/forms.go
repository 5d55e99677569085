package server

import (
	"errors"
	"mime"
	"net/http"

	"github.com/gin-gonic/gin"
)

// maxFormBytes bounds an owner's form: the largest real one (a widget's
// settings) is well under 1 KiB.
const maxFormBytes = 64 << 10

var (
	errFormTooLarge = &publicError{http.StatusRequestEntityTooLarge, "Form too large",
		"The form sent was larger than 64 KiB, so nothing was saved. Send the form from this site's own pages.", ""}
	errFormType = &publicError{http.StatusUnsupportedMediaType, "Unsupported form",
		"This address takes an ordinary web form (application/x-www-form-urlencoded), so nothing was saved.", ""}
	errFormBad = &publicError{http.StatusBadRequest, "Unreadable form", "The form could not be read, so nothing was saved. Please try again.", ""}
)

// ownerForm reads an owner's POST before any handler does: urlencoded only
// (a multipart upload would be spooled to disk), at most maxFormBytes, and
// refused whole (413, 415 or 400) otherwise, so nothing is half-saved.
func (s *core) ownerForm(c *gin.Context) {
	if c.Request.Method != http.MethodPost {
		c.Next()
		return
	}
	// A body must say it is a form; only an empty one may say nothing.
	hasBody := c.Request.ContentLength != 0 || len(c.Request.TransferEncoding) > 0
	if ct := c.GetHeader("Content-Type"); ct != "" || hasBody {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/x-www-form-urlencoded" {
			s.fail(c, errFormType)
			return
		}
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxFormBytes)
	if err := c.Request.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.fail(c, errFormTooLarge)
			return
		}
		s.fail(c, errFormBad)
		return
	}
	c.Next()
}
