package server

import (
	"context"
	"errors"
	"net/http/httptest"

	"github.com/gin-gonic/gin"

	"github.com/wpcom-widgets/service/wpcom"
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

type fakeOAuth struct{}

func (fakeOAuth) AuthCodeURL(state string) string {
	return "https://wpcom.example/authorize?state=" + state
}
func (fakeOAuth) Exchange(context.Context, string) (*wpcom.Grant, error) {
	return nil, &wpcom.Error{Kind: wpcom.ErrInvalidGrant}
}

type fakeMembers struct{}

func (fakeMembers) Me(context.Context, wpcom.Token) (*wpcom.Me, error) {
	return nil, errors.New("unused")
}
