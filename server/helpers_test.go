package server

import (
	"net/http/httptest"

	"github.com/gin-gonic/gin"
)

type recorder struct {
	w   *httptest.ResponseRecorder
	ctx *gin.Context
}

func httptestRecorder() recorder {
	w := httptest.NewRecorder()
	c, _ := gin.CreateTestContext(w)
	return recorder{w: w, ctx: c}
}
