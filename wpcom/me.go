package wpcom

import (
	"context"
	"net/url"
)

// Me returns the member who owns tok.
func (c *Client) Me(ctx context.Context, tok Token) (*Me, error) {
	var w wireMe
	if err := c.get(ctx, "me", url.Values{}, tok, &w); err != nil {
		return nil, err
	}
	if w.ID == 0 {
		return nil, &Error{Kind: ErrMalformed, Endpoint: "me", Message: "answer has no user ID"}
	}
	return w.me(), nil
}
